//! # aerosync-reconnect-server
//!
//! The server half of aerosync-reconnect: an axum [`Router`] that answers the
//! component's backend contract by calling Aerosync's API.
//!
//! - `GET /accounts/{connectionId}`: Aerosync's `GET /v2/accounts/{id}`, with
//!   only the safe fields ([`SafeAccount`]): account and routing numbers never
//!   reach the browser.
//! - `POST /widget-token` with `{"connectionId"}`: Aerosync's
//!   `POST /v2/token_widget` for the signed-in user's `aeroPassUserUuid`, as
//!   your [`Authorizer`] says, never the one the browser sends.
//!
//! The API key and secret stay on the server; the API token is cached (one
//! fetch for all the requests waiting for it) and refreshed once on a 401.
//! Aerosync's error status and `{"error": {code, message}}` pass through; a
//! slow or dead Aerosync gives the browser an error within the deadline.
//!
//! ```no_run
//! use std::sync::Arc;
//! use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AerosyncEnv, Secret};
//! use axum::http::request::Parts;
//!
//! # async fn run() -> std::io::Result<()> {
//! let aerosync = Arc::new(Aerosync::new(AerosyncConfig::new(
//!     AerosyncEnv::Sandbox.api_url(),
//!     Secret::new(std::env::var("AEROSYNC_API_KEY").unwrap_or_default()),
//!     Secret::new(std::env::var("AEROSYNC_API_SECRET").unwrap_or_default()),
//! )));
//! // Your check: which user is signed in, and is this connection theirs?
//! let authorize = |request: &Parts, connection_id: &str| {
//!     let session = request.headers.get("cookie").and_then(|c| c.to_str().ok()).map(str::to_owned);
//!     let connection_id = connection_id.to_owned();
//!     async move {
//!         let user = my_sessions::user_of(session?).await?;
//!         user.owns_connection(&connection_id).then(|| user.aero_pass_user_uuid)
//!     }
//! };
//! let app = axum::Router::new().nest("/api/aerosync", router(aerosync, authorize));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await
//! # }
//! # mod my_sessions {
//! #     pub struct User { pub aero_pass_user_uuid: String }
//! #     impl User { pub fn owns_connection(&self, _: &str) -> bool { true } }
//! #     pub async fn user_of(_: String) -> Option<User> { None }
//! # }
//! ```

mod safe;
mod upstream;

use std::future::Future;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

pub use safe::SafeAccount;
pub use upstream::{Aerosync, AerosyncConfig, AerosyncEnv, ErrorBody, Secret, UpstreamError};

/// Decides who may see what. From the incoming request (its session cookie,
/// its headers) and a `connectionId`, it answers the signed-in user's
/// `aeroPassUserUuid` if this connection is theirs, or `None` to refuse.
///
/// Any `Fn(&Parts, &str) -> impl Future<Output = Option<String>>` is one; the
/// future may not borrow its arguments (copy what it needs first).
pub trait Authorizer: Send + Sync + 'static {
    /// `Some(aeroPassUserUuid)` to allow, `None` to refuse.
    fn authorize(&self, request: &Parts, connection_id: &str) -> impl Future<Output = Option<String>> + Send;
}

impl<F, Fut> Authorizer for F
where
    F: Fn(&Parts, &str) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Option<String>> + Send,
{
    fn authorize(&self, request: &Parts, connection_id: &str) -> impl Future<Output = Option<String>> + Send {
        self(request, connection_id)
    }
}

/// Refuses everything: the default until you write your check.
#[derive(Debug, Clone, Copy, Default)]
pub struct DenyAll;

impl Authorizer for DenyAll {
    async fn authorize(&self, _: &Parts, _: &str) -> Option<String> {
        None
    }
}

/// A fixed list of `connectionId = aeroPassUserUuid`: for demos and tests,
/// where whoever asks is that user.
#[derive(Debug, Clone, Default)]
pub struct AllowList(Vec<(String, String)>);

impl AllowList {
    /// Reads `connectionId=aeroPassUserUuid,…`; `None` if an entry is not of
    /// that form.
    ///
    /// ```
    /// use aerosync_reconnect_server::AllowList;
    /// assert!(AllowList::parse("conn-1=user-1, conn-2=user-2").is_some());
    /// assert!(AllowList::parse("conn-1").is_none());
    /// ```
    pub fn parse(raw: &str) -> Option<Self> {
        let mut pairs = Vec::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (connection, user) = entry.split_once('=')?;
            let (connection, user) = (connection.trim(), user.trim());
            if connection.is_empty() || user.is_empty() {
                return None;
            }
            pairs.push((connection.to_owned(), user.to_owned()));
        }
        Some(Self(pairs))
    }
}

impl Authorizer for AllowList {
    async fn authorize(&self, _: &Parts, connection_id: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(connection, _)| connection == connection_id)
            .map(|(_, user)| user.clone())
    }
}

struct Shared<A> {
    aerosync: Arc<Aerosync>,
    authorizer: A,
}

/// The contract's two routes; nest it under any prefix of your app.
pub fn router<A: Authorizer>(aerosync: Arc<Aerosync>, authorizer: A) -> Router {
    let shared = Arc::new(Shared { aerosync, authorizer });
    Router::new()
        .route("/accounts/{connection_id}", get(account::<A>))
        .route("/widget-token", post(widget_token::<A>))
        .with_state(shared)
}

async fn account<A: Authorizer>(
    State(shared): State<Arc<Shared<A>>>,
    Path(connection_id): Path<String>,
    request: Parts,
) -> Response {
    let Some(_user) = shared.authorizer.authorize(&request, &connection_id).await else {
        return denied();
    };
    let work = shared.aerosync.account(&connection_id);
    within_deadline(
        &shared.aerosync,
        work,
        |account| serde_json::json!({ "account": account }),
    )
    .await
}

/// Runs `work` against Aerosync within the browser request's deadline: its
/// answer as `body`, or the failure in the contract's shape.
async fn within_deadline<T>(
    aerosync: &Aerosync,
    work: impl std::future::Future<Output = Result<T, UpstreamError>>,
    body: impl FnOnce(T) -> serde_json::Value,
) -> Response {
    match tokio::time::timeout(aerosync.deadline(), work).await {
        Ok(Ok(value)) => answer(StatusCode::OK, body(value)),
        Ok(Err(error)) => upstream_failure(&error),
        Err(_) => upstream_failure(&UpstreamError::Timeout),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WidgetTokenRequest {
    connection_id: String,
}

async fn widget_token<A: Authorizer>(State(shared): State<Arc<Shared<A>>>, request: Parts, body: Bytes) -> Response {
    // The browser's `aeroPassUserUuid` is not read: the authorizer's answer is.
    let Ok(WidgetTokenRequest { connection_id }) = serde_json::from_slice(&body) else {
        return error(StatusCode::BAD_REQUEST, "AC-100", "The request needs a connectionId.");
    };
    let Some(user) = shared.authorizer.authorize(&request, &connection_id).await else {
        return denied();
    };
    let work = shared.aerosync.widget_token(&user);
    within_deadline(&shared.aerosync, work, |token| serde_json::json!({ "token": token })).await
}

fn answer(status: StatusCode, body: serde_json::Value) -> Response {
    let mut response = (status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    answer(
        status,
        serde_json::json!({ "error": { "code": code, "message": message } }),
    )
}

fn denied() -> Response {
    error(
        StatusCode::FORBIDDEN,
        "FORBIDDEN",
        "This connection does not belong to the signed-in user.",
    )
}

/// Aerosync's own status and error pass through; our failures get a 502 or 504.
fn upstream_failure(failure: &UpstreamError) -> Response {
    match failure {
        UpstreamError::Status { status, error: body } => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY);
            let body = body.clone().unwrap_or(ErrorBody {
                code: None,
                message: Some("Aerosync answered with an error.".to_owned()),
            });
            answer(status, serde_json::json!({ "error": body }))
        }
        UpstreamError::Timeout => error(
            StatusCode::GATEWAY_TIMEOUT,
            "UPSTREAM_TIMEOUT",
            "Aerosync did not answer in time.",
        ),
        UpstreamError::Unreachable(_) => error(
            StatusCode::BAD_GATEWAY,
            "UPSTREAM_UNREACHABLE",
            "Aerosync could not be reached.",
        ),
        UpstreamError::Malformed => error(
            StatusCode::BAD_GATEWAY,
            "UPSTREAM_MALFORMED",
            "Aerosync's answer could not be read.",
        ),
    }
}
