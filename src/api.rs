//! HTTP to the integrator's backend, over gloo-net.
//!
//! The shapes and errors of the contract live in [`crate::backend`]; this
//! module only moves bytes: it sends the request, abandons it after a timeout
//! or when its [`Abort`] is dropped, and hands status, `Retry-After` and body
//! to the pure decoders.

use futures::future::{select, Either};
use gloo_net::http::{Request, RequestBuilder};
use gloo_timers::future::TimeoutFuture;
use web_sys::AbortController;

use crate::backend::{self, ApiError};
use crate::state::WidgetToken;
use crate::status::Account;

/// How long a request may take before it is abandoned, by default.
pub const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// A request's abort switch. The owner made by [`Abort::new`] aborts the
/// request when dropped; a [`link`](Abort::link) only lets a request listen.
pub struct Abort {
    controller: Option<AbortController>,
    owner: bool,
}

impl Abort {
    /// A fresh switch. In the odd browser with no `AbortController`, requests
    /// still work, they just cannot be aborted.
    pub fn new() -> Self {
        Self {
            controller: AbortController::new().ok(),
            owner: true,
        }
    }

    /// A copy for the request itself: dropping it aborts nothing.
    pub fn link(&self) -> Self {
        Self {
            controller: self.controller.clone(),
            owner: false,
        }
    }

    fn controller(&self) -> Option<AbortController> {
        self.controller.clone()
    }
}

impl Default for Abort {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if let (true, Some(controller)) = (self.owner, &self.controller) {
            controller.abort();
        }
    }
}

/// `GET {base}/accounts/{connectionId}`.
pub async fn fetch_account(
    base: &str,
    connection_id: &str,
    abort: &Abort,
    timeout_ms: u32,
) -> Result<Account, ApiError> {
    let url = backend::accounts_url(base, connection_id);
    let builder = Request::get(&url).header("Accept", "application/json");
    let (status, retry_after, body) = exchange(builder, None, abort.controller(), timeout_ms).await?;
    backend::decode_account(status, retry_after.as_deref(), &body)
}

/// `POST {base}/widget-token` with `{"aeroPassUserUuid", "connectionId"}`.
pub async fn fetch_widget_token(
    base: &str,
    aero_pass_user_uuid: &str,
    connection_id: &str,
    abort: &Abort,
    timeout_ms: u32,
) -> Result<WidgetToken, ApiError> {
    let url = backend::widget_token_url(base);
    let builder = Request::post(&url)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json");
    let body = backend::widget_token_body(aero_pass_user_uuid, connection_id);
    let (status, retry_after, body) = exchange(builder, Some(body), abort.controller(), timeout_ms).await?;
    backend::decode_token(status, retry_after.as_deref(), &body).map(WidgetToken)
}

/// Sends the request and reads the whole answer, or gives up after `timeout_ms`.
async fn exchange(
    builder: RequestBuilder,
    body: Option<String>,
    controller: Option<AbortController>,
    timeout_ms: u32,
) -> Result<(u16, Option<String>, String), ApiError> {
    let signal = controller.as_ref().map(AbortController::signal);
    let builder = builder.abort_signal(signal.as_ref());
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let answer = Box::pin(async move {
        let response = request.send().await.map_err(|_| ApiError::Network)?;
        let retry_after = response.headers().get("retry-after");
        let body = response.text().await.map_err(|_| ApiError::Network)?;
        Ok((response.status(), retry_after, body))
    });
    match select(answer, TimeoutFuture::new(timeout_ms)).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => {
            if let Some(controller) = controller {
                controller.abort();
            }
            Err(ApiError::Timeout)
        }
    }
}
