//! All JS interop with the Aerosync web SDK (`aerosync-web-sdk`).
//!
//! The SDK is loaded with a dynamic `import('aerosync-web-sdk')`, so the page's
//! import map (or the integrator's bundler) decides where it comes from. A
//! [`WidgetSession`] owns the widget, its callbacks and its overlay: dropping it
//! tears all of them down.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::error::WidgetLoadError;
use crate::state::Event;
use crate::verify::reported_connection_id;
use crate::widget_error::WidgetError;
use crate::wire::{Scalar, SuccessPayload};

#[wasm_bindgen(module = "/src/widget.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = openSession)]
    fn open_session(host: &web_sys::Element, config: JsValue, on_event: &js_sys::Function) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = closeSession)]
    fn close_session(session: &JsValue) -> Result<(), JsValue>;
}

/// The Aerosync environment the widget runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    /// Aerosync's QA environment.
    Qa,
    /// Aerosync's staging environment.
    Staging,
    /// Aerosync's sandbox: test banks, no real money.
    Sandbox,
    /// Production (the SDK's own default).
    #[default]
    Production,
}

impl Environment {
    /// The SDK's name of this environment.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qa => "qa",
            Self::Staging => "staging",
            Self::Sandbox => "sandbox",
            Self::Production => "production",
        }
    }

    /// Parses `qa`, `staging`, `sandbox` or `production` (any case); `None`
    /// for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "qa" => Some(Self::Qa),
            "staging" => Some(Self::Staging),
            "sandbox" => Some(Self::Sandbox),
            "production" => Some(Self::Production),
            _ => None,
        }
    }
}

/// The widget's colour theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Theme {
    /// The scheme the page's visitor prefers (`prefers-color-scheme`), read
    /// when the widget opens (default).
    #[default]
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl Theme {
    /// The name of this theme (`auto`, `light`, `dark`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// Parses `auto`, `light` or `dark` (any case); `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(Self::Auto),
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            _ => None,
        }
    }
}

/// What the bridge is given: where the SDK comes from, and the widget's
/// configuration without callbacks. The bridge adds the host element's id
/// (giving the element one, in the browser only, when it has none) and reads
/// [`Theme::Auto`] as the page's scheme.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WidgetConfig<'a> {
    /// Where to import the SDK from instead of `aerosync-web-sdk`.
    pub(crate) sdk_module: Option<&'a str>,
    /// Title of the widget's iframe, for assistive technology.
    pub(crate) iframe_title: &'a str,
    /// Aerosync environment.
    pub(crate) environment: Environment,
    /// A fresh widget token from the backend.
    pub(crate) token: &'a str,
    /// The user's `aeroPassUserUuid`.
    pub(crate) aero_pass_user_uuid: &'a str,
    /// The connection to reconnect.
    pub(crate) connection_id: &'a str,
    /// Colour theme.
    pub(crate) theme: Theme,
    /// Stacking order of the overlay.
    pub(crate) z_index: &'a str,
}

/// What the bridge tells (`onEvent({kind, message, payload})` in
/// `widget.js`).
#[derive(Deserialize)]
struct BridgeEvent {
    kind: Kind,
    /// The widget's error string, or what a failed load or launch said.
    #[serde(default)]
    message: Scalar,
    /// The widget's success payload, as the SDK gave it: an object or JSON
    /// text, read in a second step so that a payload of another shape still
    /// counts as a success (with no hint).
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    payload: JsValue,
}

/// The bridge's kinds of event.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum Kind {
    /// The widget is open.
    Launched,
    /// The user closed it, or a newer session replaced it.
    Closed,
    /// The widget reported success.
    Succeeded,
    /// The widget reported an error.
    Failed,
    /// The SDK's module could not be loaded.
    LoadFailed,
    /// The SDK threw while launching.
    LaunchFailed,
    /// The module loaded is not the SDK.
    NotAnSdk,
}

/// An open widget. Dropping it closes the widget: the SDK's listener is
/// removed, the overlay and iframe are taken out of the host element, and no
/// callback reaches Rust afterwards.
pub(crate) struct WidgetSession {
    session: JsValue,
    // Kept alive for as long as the widget may call back; dropped after the
    // JS side has been told to stop calling it.
    _on_event: Closure<dyn FnMut(JsValue)>,
}

impl Drop for WidgetSession {
    fn drop(&mut self) {
        // closeSession catches the SDK's own failures; an error here could only
        // come from a missing bridge module, and there is nothing left to undo.
        let _ = close_session(&self.session);
    }
}

/// Loads the SDK and launches the widget in `host`; the session is open at
/// once, and dropping it stops whatever is still under way.
///
/// `on_event` hears whether the widget launched, then the widget's events,
/// always after the SDK has finished handling them and never after the
/// session is dropped.
pub(crate) fn open(
    host: &web_sys::Element,
    config: &WidgetConfig,
    mut on_event: impl FnMut(Event) + 'static,
) -> Result<WidgetSession, WidgetLoadError> {
    let original_id = config.connection_id.to_owned();
    let on_event = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        if let Some(event) = to_event(event, &original_id) {
            on_event(event);
        }
    });
    let config = serde_wasm_bindgen::to_value(config).map_err(|error| WidgetLoadError::LaunchFailed {
        detail: error.to_string(),
    })?;
    let session = open_session(host, config, on_event.as_ref().unchecked_ref()).map_err(|error| {
        WidgetLoadError::LaunchFailed {
            detail: crate::page::js_error_message(&error),
        }
    })?;
    Ok(WidgetSession {
        session,
        _on_event: on_event,
    })
}

/// An event of the bridge, for the widget opened for `original_id`; `None`
/// for one it never sends.
fn to_event(event: JsValue, original_id: &str) -> Option<Event> {
    let event: BridgeEvent = serde_wasm_bindgen::from_value(event).ok()?;
    let message = || event.message.string().unwrap_or_default().to_owned();
    Some(match event.kind {
        Kind::Launched => Event::WidgetLaunched,
        Kind::Closed => Event::WidgetClosed,
        Kind::Succeeded => Event::WidgetSucceeded(reported_connection_id(&payload(event.payload), original_id)),
        Kind::Failed => Event::WidgetErrored(WidgetError::parse(&message())),
        Kind::LoadFailed => Event::WidgetLaunchFailed(WidgetLoadError::ModuleUnavailable { detail: message() }),
        Kind::LaunchFailed => Event::WidgetLaunchFailed(WidgetLoadError::LaunchFailed { detail: message() }),
        Kind::NotAnSdk => Event::WidgetLaunchFailed(WidgetLoadError::NotAnSdk),
    })
}

/// A success payload, given as an object or as JSON text; one of another
/// shape reads as empty.
fn payload(value: JsValue) -> SuccessPayload {
    let value = match value.as_string() {
        Some(text) => js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL),
        None => value,
    };
    serde_wasm_bindgen::from_value(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bridge_sends_each_environment_and_theme_by_its_documented_name() {
        let name = |value: serde_json::Value| value.as_str().unwrap_or_default().to_owned();
        for env in [
            Environment::Qa,
            Environment::Staging,
            Environment::Sandbox,
            Environment::Production,
        ] {
            assert_eq!(name(serde_json::to_value(env).unwrap_or_default()), env.as_str());
            assert_eq!(Environment::parse(env.as_str()), Some(env));
        }
        for theme in [Theme::Auto, Theme::Light, Theme::Dark] {
            assert_eq!(name(serde_json::to_value(theme).unwrap_or_default()), theme.as_str());
            assert_eq!(Theme::parse(theme.as_str()), Some(theme));
        }
    }
}
