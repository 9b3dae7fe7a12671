//! The `<aerosync-reconnect>` custom element's Rust half: mounts
//! `<ReconnectBank>` into the element and turns its callbacks into DOM
//! events. The element itself (`js/aerosync-reconnect.js`) reads the
//! attributes and calls [`mount`]; everything else is the library's.

use std::any::Any;

use aerosync_reconnect::{
    DifferentAccount, Environment, ReconnectBank, ReconnectError, ReconnectOptions, Texts, Theme,
};
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;

/// The component mounted in one element; dropping it (`free()` in JS)
/// unmounts it: the request in flight is aborted, the widget closed.
#[wasm_bindgen]
pub struct Mounted {
    _handle: Box<dyn Any>,
}

/// The element's attributes, as the element read them (`None`: missing).
#[wasm_bindgen]
#[derive(Default)]
pub struct Attributes {
    api_base: Option<String>,
    connection_id: Option<String>,
    aero_pass_user_uuid: Option<String>,
    environment: Option<String>,
    lang: Option<String>,
    theme: Option<String>,
    expiry_warning_days: Option<String>,
    sdk_module: Option<String>,
}

#[wasm_bindgen]
impl Attributes {
    /// No attribute set.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets one attribute by its name; unknown names are ignored.
    pub fn set(&mut self, name: &str, value: Option<String>) {
        let slot = match name {
            "api-base" => &mut self.api_base,
            "connection-id" => &mut self.connection_id,
            "aero-pass-user-uuid" => &mut self.aero_pass_user_uuid,
            "environment" => &mut self.environment,
            "lang" => &mut self.lang,
            "theme" => &mut self.theme,
            "expiry-warning-days" => &mut self.expiry_warning_days,
            "sdk-module" => &mut self.sdk_module,
            _ => return,
        };
        *slot = value;
    }
}

/// Mounts the component into `host` with `attributes`; `emit(type, detail)`
/// dispatches the element's events.
#[wasm_bindgen]
pub fn mount(host: web_sys::HtmlElement, attributes: &Attributes, emit: js_sys::Function) -> Mounted {
    let defaults = ReconnectOptions::default();
    let options = ReconnectOptions {
        texts: given(&attributes.lang).map_or_else(Texts::default, Texts::for_lang),
        theme: given(&attributes.theme).and_then(Theme::parse).unwrap_or_default(),
        expiry_warning_days: given(&attributes.expiry_warning_days)
            .and_then(|days| days.parse().ok())
            .unwrap_or(defaults.expiry_warning_days),
        sdk_module: given(&attributes.sdk_module).map(str::to_owned),
        ..defaults
    };
    let api_base = given(&attributes.api_base).unwrap_or_default().to_owned();
    let connection_id = given(&attributes.connection_id).unwrap_or_default().to_owned();
    let user = given(&attributes.aero_pass_user_uuid).unwrap_or_default().to_owned();
    let environment = given(&attributes.environment)
        .and_then(Environment::parse)
        .unwrap_or_default();
    let emit = Emit(SendWrapper::new(emit));
    let handle = leptos::mount::mount_to(host, move || {
        let (e1, e2, e3, e4) = (emit.clone(), emit.clone(), emit.clone(), emit);
        view! {
            <ReconnectBank
                api_base=api_base
                connection_id=connection_id
                aero_pass_user_uuid=user
                environment=environment
                options=options
                on_reconnected=move |id: String| e1.send("aerosync-reconnected", &[("connectionId", Some(id))])
                on_different_account=move |d: DifferentAccount| {
                    e2.send(
                        "aerosync-different-account",
                        &[("connectionId", Some(d.connection_id)), ("strayConnectionId", d.stray_connection_id)],
                    )
                }
                on_closed=move |()| e3.send("aerosync-closed", &[])
                on_error=move |error: ReconnectError| e4.send("aerosync-error", &error_detail(&error))
            />
        }
    });
    Mounted {
        _handle: Box::new(handle),
    }
}

/// `{kind, code, message}` of a failure: `message` is for developers (the
/// failure and its cause), never shown to the user.
fn error_detail(error: &ReconnectError) -> [(&'static str, Option<String>); 3] {
    [
        ("kind", Some(error.kind().to_owned())),
        ("code", error.code().map(str::to_owned)),
        ("message", Some(error.developer_message())),
    ]
}

/// An attribute's value, unless missing or blank.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The element's `emit(type, detail)` function. Leptos' callbacks ask for
/// `Send` and `Sync`; the page has one thread, which `SendWrapper` checks.
#[derive(Clone)]
struct Emit(SendWrapper<js_sys::Function>);

impl Emit {
    /// Dispatches `kind` with a plain-object `detail` (`null` values for `None`).
    fn send(&self, kind: &str, fields: &[(&str, Option<String>)]) {
        let detail = js_sys::Object::new();
        for (name, value) in fields {
            let value = value.as_deref().map_or(JsValue::NULL, JsValue::from_str);
            // Setting a property on a fresh plain object cannot fail.
            let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(name), &value);
        }
        let detail = if fields.is_empty() {
            JsValue::NULL
        } else {
            detail.into()
        };
        // A listener that throws is the host's problem, not the component's.
        let _ = self.0.call2(&JsValue::NULL, &JsValue::from_str(kind), &detail);
    }
}
