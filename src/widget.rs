//! All JS interop with the Aerosync web SDK (`aerosync-web-sdk`).
//!
//! The SDK is loaded with a dynamic `import('aerosync-web-sdk')`, so the page's
//! import map (or the integrator's bundler) decides where it comes from. A
//! [`WidgetSession`] owns the widget, its callbacks and its overlay: dropping it
//! tears all of them down.

use wasm_bindgen::prelude::*;

use crate::error::WidgetLoadError;
use crate::json::Json;
use crate::state::Event;
use crate::verify::reported_connection_id;
use crate::widget_error::WidgetError;

#[wasm_bindgen(module = "/src/widget.js")]
extern "C" {
    #[allow(clippy::too_many_arguments)]
    #[wasm_bindgen(catch, js_name = openSession)]
    fn open_session(
        specifier: Option<&str>,
        host: &web_sys::Element,
        iframe_title: &str,
        environment: &str,
        token: &str,
        aero_pass_user_uuid: &str,
        connection_id: &str,
        theme: &str,
        z_index: &str,
        on_event: &js_sys::Function,
    ) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(catch, js_name = closeSession)]
    fn close_session(session: &JsValue) -> Result<(), JsValue>;
}

/// The Aerosync environment the widget runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// The widget's configuration, without callbacks. The bridge adds the host
/// element's id (giving the element one, in the browser only, when it has
/// none) and reads an [`Theme::Auto`] as the page's scheme.
pub(crate) struct WidgetConfig<'a> {
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

/// An open widget. Dropping it closes the widget: the SDK's listener is
/// removed, the overlay and iframe are taken out of the host element, and no
/// callback reaches Rust afterwards.
pub(crate) struct WidgetSession {
    session: JsValue,
    // Kept alive for as long as the widget may call back; dropped after the
    // JS side has been told to stop calling it.
    _on_event: Closure<dyn FnMut(u32, JsValue)>,
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
/// `sdk_module` overrides the module specifier (default `aerosync-web-sdk`).
/// `on_event` hears whether the widget launched, then the widget's events,
/// always after the SDK has finished handling them and never after the
/// session is dropped.
pub(crate) fn open(
    host: &web_sys::Element,
    config: &WidgetConfig,
    sdk_module: Option<&str>,
    mut on_event: impl FnMut(Event) + 'static,
) -> Result<WidgetSession, WidgetLoadError> {
    let original_id = config.connection_id.to_owned();
    let on_event = Closure::<dyn FnMut(u32, JsValue)>::new(move |kind: u32, data: JsValue| {
        if let Some(event) = to_event(kind, data, &original_id) {
            on_event(event);
        }
    });
    let session = open_session(
        sdk_module,
        host,
        config.iframe_title,
        config.environment.as_str(),
        config.token,
        config.aero_pass_user_uuid,
        config.connection_id,
        config.theme.as_str(),
        config.z_index,
        on_event.as_ref().unchecked_ref(),
    )
    .map_err(|error| WidgetLoadError::LaunchFailed {
        detail: crate::page::js_error_message(&error),
    })?;
    Ok(WidgetSession {
        session,
        _on_event: on_event,
    })
}

/// An event of the bridge (`onEvent(kind, data)` in `widget.js`, which
/// numbers the kinds), for the widget opened for `original_id`; `None` for a
/// kind it never sends.
fn to_event(kind: u32, data: JsValue, original_id: &str) -> Option<Event> {
    let text = || data.as_string().unwrap_or_default();
    Some(match kind {
        0 => Event::WidgetLaunched,
        1 => Event::WidgetClosed,
        // The bridge hands the success payload over as JSON text.
        2 => Event::WidgetSucceeded(reported_connection_id(
            &Json::parse(&text()).unwrap_or(Json::Null),
            original_id,
        )),
        3 => Event::WidgetErrored(WidgetError::parse(&text())),
        4 => Event::WidgetLaunchFailed(WidgetLoadError::ModuleUnavailable { detail: text() }),
        5 => Event::WidgetLaunchFailed(WidgetLoadError::LaunchFailed { detail: text() }),
        6 => Event::WidgetLaunchFailed(WidgetLoadError::NotAnSdk),
        _ => return None,
    })
}
