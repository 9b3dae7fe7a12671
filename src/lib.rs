//! # aerosync-reconnect
//!
//! A Leptos component that shows a bank connection's status and lets the end
//! user repair it when its Aerosync consent expired.
//!
//! ```no_run
//! use aerosync_reconnect::{Environment, ReconnectBank};
//! use leptos::prelude::*;
//!
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
//!
//! ## Layout
//!
//! [`status`], [`mod@verify`], [`widget_error`], [`backend`] and [`state`] are pure
//! Rust; [`api`] does HTTP, [`widget`] all JS interop, and [`ReconnectBank`]
//! the view.

pub mod api;
pub mod backend;
mod component;
pub mod retry;
pub mod state;
pub mod status;
pub mod verify;
pub mod widget;
pub mod widget_error;

pub use backend::ApiError;
pub use component::{DifferentAccount, ReconnectBank, ReconnectBankProps, ReconnectOptions};
pub use state::{Machine, Phase};
pub use status::{Account, ConnectionStatus};
pub use verify::{verify, Verdict};
pub use widget::{Environment, Theme};
pub use widget_error::WidgetError;
