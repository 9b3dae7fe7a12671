//! All JS interop with the Aerosync web SDK (`aerosync-web-sdk`).
//!
//! The SDK is loaded with a dynamic `import('aerosync-web-sdk')`, so the page's
//! import map (or the integrator's bundler) decides where it comes from. A
//! [`WidgetSession`] owns the widget, its callbacks and its overlay: dropping it
//! tears all of them down.

use serde::Serialize;
use thiserror::Error;
use wasm_bindgen::prelude::*;

use crate::verify::reported_connection_id;
use crate::widget_error::WidgetError;

#[wasm_bindgen(module = "/src/widget.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = loadInit)]
    async fn load_init(specifier: Option<String>) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = openSession)]
    fn open_session(init: &JsValue, config: &JsValue, on_event: &js_sys::Function) -> Result<JsValue, JsValue>;

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
    /// Light (default).
    #[default]
    Light,
    /// Dark.
    Dark,
}

/// The widget configuration handed to `initAeroSyncWidget`, without callbacks.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConfig<'a> {
    /// Id of the element the widget may empty and fill.
    pub element_id: &'a str,
    /// Title of the widget's iframe, for assistive technology.
    pub iframe_title: &'a str,
    /// Aerosync environment.
    pub environment: Environment,
    /// A fresh widget token from the backend.
    pub token: &'a str,
    /// The user's `aeroPassUserUuid`.
    pub aero_pass_user_uuid: &'a str,
    /// The connection to reconnect.
    pub connection_id: &'a str,
    /// Colour theme.
    pub theme: Theme,
    /// Stacking order of the overlay.
    pub z_index: &'a str,
}

/// What the widget reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The widget's page loaded.
    Loaded,
    /// The user closed the widget.
    Closed,
    /// The widget reported success, with the payload's `connectionId` if any.
    Succeeded(Option<String>),
    /// The widget reported an error.
    Failed(WidgetError),
    /// Any other event (page loaded, bank clicked).
    Other,
}

/// Why the widget could not be opened. Messages are for the end user.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WidgetLoadError {
    /// The SDK module could not be loaded.
    #[error("We couldn't load the Aerosync widget. Check your internet connection and try again.")]
    ModuleUnavailable,
    /// The module loaded but has no `initAeroSyncWidget`, or it gave no widget.
    #[error("The Aerosync widget is unavailable right now. Please try again later.")]
    NotAnSdk,
    /// `initAeroSyncWidget` or `launch()` threw.
    #[error("The Aerosync widget couldn't be opened. Please try again.")]
    LaunchFailed,
}

/// An open widget. Dropping it closes the widget: the SDK's listener is
/// removed, the overlay and iframe are taken out of the host element, and no
/// callback reaches Rust afterwards.
pub struct WidgetSession {
    session: JsValue,
    // Kept alive for as long as the widget may call back; dropped after the
    // JS side has been told to stop calling it.
    _on_event: Closure<dyn FnMut(String, JsValue)>,
}

impl Drop for WidgetSession {
    fn drop(&mut self) {
        // closeSession catches the SDK's own failures; an error here could only
        // come from a missing bridge module, and there is nothing left to undo.
        let _ = close_session(&self.session);
    }
}

/// Loads the SDK and launches the widget.
///
/// `sdk_module` overrides the module specifier (default `aerosync-web-sdk`).
/// `on_event` receives the widget's events, always after the SDK has finished
/// handling them and never after the session is dropped.
pub async fn open(
    config: &WidgetConfig<'_>,
    sdk_module: Option<&str>,
    mut on_event: impl FnMut(WidgetEvent) + 'static,
) -> Result<WidgetSession, WidgetLoadError> {
    let init = load_init(sdk_module.map(str::to_owned)).await.map_err(|error| {
        if js_error_message(&error).as_deref() == Some("missing-export") {
            WidgetLoadError::NotAnSdk
        } else {
            WidgetLoadError::ModuleUnavailable
        }
    })?;
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let config = config
        .serialize(&serializer)
        .map_err(|_| WidgetLoadError::LaunchFailed)?;
    let on_event = Closure::<dyn FnMut(String, JsValue)>::new(move |kind: String, data: JsValue| {
        on_event(to_event(&kind, data));
    });
    let session = open_session(&init, &config, on_event.as_ref().unchecked_ref()).map_err(|error| {
        if js_error_message(&error).as_deref() == Some("not-a-widget") {
            WidgetLoadError::NotAnSdk
        } else {
            WidgetLoadError::LaunchFailed
        }
    })?;
    Ok(WidgetSession {
        session,
        _on_event: on_event,
    })
}

fn to_event(kind: &str, data: JsValue) -> WidgetEvent {
    match kind {
        "load" => WidgetEvent::Loaded,
        "close" => WidgetEvent::Closed,
        "success" => {
            let payload = data
                .as_string()
                .map(serde_json::Value::String)
                .or_else(|| serde_wasm_bindgen::from_value::<serde_json::Value>(data).ok())
                .unwrap_or(serde_json::Value::Null);
            WidgetEvent::Succeeded(reported_connection_id(&payload))
        }
        "error" => WidgetEvent::Failed(WidgetError::parse(&data.as_string().unwrap_or_default())),
        _ => WidgetEvent::Other,
    }
}

fn js_error_message(error: &JsValue) -> Option<String> {
    error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()))
}
