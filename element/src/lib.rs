//! The `<aerosync-reconnect>` custom element's Rust half: reads the element's
//! attributes, mounts the component into it with [`aerosync_reconnect::mount`]
//! and turns what the component tells its host into DOM events. The element
//! itself (`js/aerosync-reconnect.js`) follows the element's life and calls
//! [`mount`]; everything else is the library's.

use aerosync_reconnect::{
    Environment, MountProps, ReconnectError, ReconnectEvent, ReconnectOptions, Texts, Theme, WidgetError,
};
use wasm_bindgen::prelude::*;

/// The component mounted in one element; dropping it (`free()` in JS)
/// unmounts it: the request in flight is aborted, the widget closed.
#[wasm_bindgen]
pub struct Mounted {
    _mounted: aerosync_reconnect::Mounted,
}

/// Mounts the component into `host`, with the props its attributes give;
/// `emit(type, detail)` dispatches the element's events.
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, emit: js_sys::Function) -> Mounted {
    // An attribute's value, unless missing or blank.
    let attribute = |name| {
        let value = host.get_attribute(name)?;
        let value = value.trim();
        (!value.is_empty()).then(|| value.to_owned())
    };
    let defaults = ReconnectOptions::default();
    let options = ReconnectOptions {
        texts: attribute("lang").map_or_else(Texts::default, |lang| Texts::for_lang(&lang)),
        theme: attribute("theme").and_then(|t| Theme::parse(&t)).unwrap_or_default(),
        expiry_warning_days: attribute("expiry-warning-days")
            .and_then(|days| days.parse().ok())
            .unwrap_or(defaults.expiry_warning_days),
        sdk_module: attribute("sdk-module"),
        ..defaults
    };
    // What the element shows for a failure is what its event says.
    let texts = options.texts.clone();
    let props = MountProps {
        api_base: attribute("api-base").unwrap_or_default(),
        connection_id: attribute("connection-id").unwrap_or_default(),
        aero_pass_user_uuid: attribute("aero-pass-user-uuid").unwrap_or_default(),
        environment: attribute("environment")
            .and_then(|e| Environment::parse(&e))
            .unwrap_or_default(),
        options,
    };
    let mounted = aerosync_reconnect::mount(&host, props, move |event| match event {
        ReconnectEvent::Reconnected(id) => send(&emit, "aerosync-reconnected", &[("connectionId", text(Some(id)))]),
        ReconnectEvent::DifferentAccount(d) => send(
            &emit,
            "aerosync-different-account",
            &[
                ("connectionId", text(Some(d.connection_id))),
                ("strayConnectionId", text(d.stray_connection_id)),
            ],
        ),
        ReconnectEvent::Closed => send(&emit, "aerosync-closed", &[]),
        ReconnectEvent::Error(error) => send(&emit, "aerosync-error", &error_detail(&error, &texts)),
        _ => {}
    });
    Mounted { _mounted: mounted }
}

/// `{kind, code, status, message, developerMessage}` of a failure:
/// `message` is the widget's own message for a widget error that has one,
/// else the sentence the element shows; `developerMessage` is the failure and
/// its cause, for logs.
fn error_detail(error: &ReconnectError, texts: &Texts) -> [(&'static str, JsValue); 5] {
    let message = match error {
        ReconnectError::Widget(WidgetError {
            message: Some(message), ..
        }) => message.clone(),
        _ => error.user_message(texts),
    };
    [
        ("kind", JsValue::from_str(error.kind())),
        ("code", error.code().map_or(JsValue::NULL, JsValue::from_str)),
        ("status", error.http_status().map_or(JsValue::NULL, JsValue::from)),
        ("message", JsValue::from(message)),
        ("developerMessage", JsValue::from(error.developer_message())),
    ]
}

/// A text, or `null`.
fn text(value: Option<String>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from)
}

/// Calls `emit` with `kind` and a plain-object `detail` (`null` itself for no
/// fields).
fn send(emit: &js_sys::Function, kind: &str, fields: &[(&str, JsValue)]) {
    let detail = js_sys::Object::new();
    for (name, value) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(name), value);
    }
    let detail = if fields.is_empty() {
        JsValue::NULL
    } else {
        detail.into()
    };
    // A listener that throws is the host's problem, not the component's.
    let _ = emit.call2(&JsValue::NULL, &JsValue::from_str(kind), &detail);
}
