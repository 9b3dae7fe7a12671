//! # aerosync-reconnect
//!
//! A Leptos component that shows a bank connection's status and lets the end
//! user repair it when its Aerosync consent expired.
//!
//! ```no_run
//! use aerosync_reconnect::{Environment, ReconnectBank};
//! use leptos::prelude::*;
//!
//! # #[cfg(feature = "csr")]
//! leptos::mount::mount_to_body(|| view! {
//!     <ReconnectBank
//!         api_base="/api/aerosync"
//!         connection_id="7b0e6c1a-5d2f-4e8a-9c3b-0001"
//!         aero_pass_user_uuid="3f6e1c2a-user"
//!         environment=Environment::Sandbox
//!     />
//! });
//! ```
//!
//! ## Modes
//!
//! The features `csr`, `hydrate` and `ssr` forward to Leptos' features of the
//! same name; none is on by default, so the host app's mode is used. Rendered
//! on a server, the component shows its loading screen and touches no browser
//! API; the browser takes over when it hydrates.
//!
//! ## Parts
//!
//! - [`ReconnectBank`]: the component.
//! - [`use_reconnect`]: the same flow for a UI of your own.
//! - [`mount`]: the component without Leptos, for any page (the
//!   `<aerosync-reconnect>` custom element is a shell over it).
//! - [`Texts`]: every word, replaceable (English and Spanish built in).
//! - [`ReconnectError`]: the failures `on_error` receives.
//!
//! ## The backend contract
//!
//! The component never talks to Aerosync's API; your backend holds the API key
//! and secret and answers, under `api_base`:
//!
//! - `GET {api_base}/accounts/{connectionId}` (the id percent-encoded) in the
//!   shape of Aerosync's `GET /v2/accounts/{connectionId}`;
//! - `POST {api_base}/widget-token` with `{"aeroPassUserUuid", "connectionId"}`,
//!   answered `{"token": "..."}`: a fresh widget token for each launch.
//!
//! Errors are an HTTP status with, ideally, `{"error": {"code", "message"}}`.
//!
//! ## The SDK
//!
//! The widget is loaded with `import('aerosync-web-sdk')`: map that name in
//! your page's import map, or let your bundler resolve it.

mod api;
mod backend;
mod component;
mod error;
mod expiry;
mod flow;
mod hook;
mod markup;
mod page;
mod render;
mod retry;
mod state;
mod status;
mod texts;
mod verify;
mod widget;
mod widget_error;
mod wire;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod properties;

pub use backend::ApiError;
pub use component::{ReconnectBank, ReconnectBankProps};
pub use error::{ReconnectError, WidgetLoadError};
pub use flow::{Clock, DifferentAccount, ReconnectEvent, ReconnectOptions};
pub use hook::{use_reconnect, UseReconnectOptions, UseReconnectReturn};
pub use markup::{mount, MountProps, Mounted};
pub use state::{Action, Screen, ScreenAction, Tone};
pub use status::{Account, ConnectionStatus};
pub use texts::{Line, Part, Text, Texts};
pub use widget::{Environment, Theme};
pub use widget_error::WidgetError;

/// The component's stylesheet (`style/aerosync-reconnect.css`), for apps that
/// write it out at build time: a build script of your app (with this crate as
/// a build-dependency) writes it next to your own styles, so no copy of this
/// repository is needed. Override its `--arc-*` custom properties to match
/// your design. The README's "Embedding" shows the recipes for trunk and
/// cargo-leptos.
///
/// ```
/// let css = aerosync_reconnect::STYLESHEET;
/// assert!(css.contains(".aerosync-reconnect {"));
/// assert!(css.contains("--arc-accent"));
/// // In build.rs: std::fs::write("style/aerosync-reconnect.css", css)?;
/// ```
pub const STYLESHEET: &str = include_str!("../style/aerosync-reconnect.css");

/// The README's Rust examples, compiled as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeExamples;
