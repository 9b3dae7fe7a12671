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
//! The API key and secret stay on the server and go to the configured
//! `https` API URL only (no redirect is followed). The API token is cached
//! (one fetch for all the requests waiting for it, no lock held across the
//! network) and refreshed once on a 401 or a 403 `AC-001`. Nothing of
//! Aerosync's answers reaches the browser unchosen: the account's safe fields
//! (texts without runs of five or more digits), and errors as
//! `{"error": {code, message}}` with this server's own sentence (the table
//! below). Every request is answered within the deadline,
//! the authoriser included; every read is bounded in size and time.
//!
//! # Errors
//!
//! | what happened | status | code |
//! | --- | --- | --- |
//! | Aerosync answered the account call 400 or 404 | the same | Aerosync's, else `UPSTREAM_ERROR` |
//! | Aerosync answered the account call 401 or 403 (after one token refresh), another 4xx, a 3xx or a 5xx, or a 2xx carrying an error | 502 | Aerosync's, else `UPSTREAM_ERROR` |
//! | the token or widget-token call answered anything but a token | 502 | `UPSTREAM_ERROR` |
//! | Aerosync's answer was unreadable, not in the documented shape, or over 256 KiB | 502 | `UPSTREAM_MALFORMED` |
//! | Aerosync could not be reached | 502 | `UPSTREAM_UNREACHABLE` |
//! | the deadline passed (Aerosync or the authoriser too slow) | 504 | `UPSTREAM_TIMEOUT` |
//! | a connection id outside the grammar ([`ConnectionId`]) | 400 | `INVALID_CONNECTION_ID` |
//! | `POST /widget-token` without `Content-Type: application/json` | 415 | `UNSUPPORTED_MEDIA_TYPE` |
//! | `POST /widget-token` whose body is not `{"connectionId"}` | 400 | `BAD_REQUEST` |
//! | a request body over 16 KiB | 413 | `PAYLOAD_TOO_LARGE` |
//! | the authoriser said no | 403 | `FORBIDDEN` |
//! | more than 1,024 requests at once | 503 (`Retry-After: 1`) | `BUSY` |
//!
//! ```no_run
//! use std::sync::Arc;
//! use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AerosyncEnv, Secret};
//! use axum::http::request::Parts;
//!
//! # async fn run() -> std::io::Result<()> {
//! let aerosync = Aerosync::new(AerosyncConfig::new(
//!     AerosyncEnv::Sandbox.api_url(),
//!     Secret::new(std::env::var("AEROSYNC_API_KEY").unwrap_or_default()),
//!     Secret::new(std::env::var("AEROSYNC_API_SECRET").unwrap_or_default()),
//! ))
//! .map_err(std::io::Error::other)?;
//! // Your check: which user is signed in, and is this connection theirs?
//! let authorize = |request: &Parts, connection_id: &str| {
//!     let session = request.headers.get("cookie").and_then(|c| c.to_str().ok()).map(str::to_owned);
//!     let connection_id = connection_id.to_owned();
//!     async move {
//!         let user = my_sessions::user_of(session?).await?;
//!         user.owns_connection(&connection_id).then(|| user.aero_pass_user_uuid)
//!     }
//! };
//! let app = axum::Router::new().nest("/api/aerosync", router(Arc::new(aerosync), authorize));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! axum::serve(listener, app).await
//! # }
//! # mod my_sessions {
//! #     pub struct User { pub aero_pass_user_uuid: String }
//! #     impl User { pub fn owns_connection(&self, _: &str) -> bool { true } }
//! #     pub async fn user_of(_: String) -> Option<User> { None }
//! # }
//! ```

mod id;
mod refusal;
mod safe;
mod serve;
mod sweep;
mod tokens;
mod upstream;
mod webhooks;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::error_handling::HandleErrorLayer;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{MatchedPath, Path, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use id::ConnectionId;
pub use refusal::sentence;
pub use safe::{scrub, SafeAccount, MASK, MAX_TEXT};
pub use serve::{serve, ServeOptions};
pub use sweep::{Checked, CheckedLine, Health, SweepError, SWEEP_CONCURRENCY};
pub use upstream::{
    Aerosync, AerosyncCode, AerosyncConfig, AerosyncEnv, ConfigError, Endpoint, Secret, Subscription, UpstreamError,
    MAX_BODY,
};
pub use webhooks::{
    sign, signature_matches, webhooks, webhooks_with, HandlerFailed, WebhookEvent, WebhookHandler, WebhookOptions,
    SIGNATURE_HEADER,
};

use refusal::Refusal;

/// The largest request body the router reads.
pub const MAX_REQUEST_BODY: usize = 16 * 1024;
/// The longest a request body may take to arrive.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// The most requests the router works on at once; more get a 503 `BUSY`.
pub const MAX_IN_FLIGHT: usize = 1_024;

/// Decides who may see what. From the incoming request (its session cookie,
/// its headers) and a `connectionId`, it answers the signed-in user's
/// `aeroPassUserUuid` if this connection is theirs, or `None` to refuse. It
/// runs inside the request's deadline: one that hangs gets a 504.
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
#[derive(Clone, Default)]
pub struct AllowList(Vec<(String, String)>);

/// The ids shortened and the users left out.
impl std::fmt::Debug for AllowList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AllowList({} entries)", self.0.len())
    }
}

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

    /// Whether the list allows anything at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
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
///
/// The router holds its own limits: request bodies up to
/// [`MAX_REQUEST_BODY`] arriving within [`BODY_TIMEOUT`], at most
/// [`MAX_IN_FLIGHT`] requests at once, every answer within the configured
/// deadline. Each request gets an `x-request-id` (kept when it comes with
/// one) and a `tracing` span with it; the path is not logged, as it holds the
/// connection id.
pub fn router<A: Authorizer>(aerosync: Arc<Aerosync>, authorizer: A) -> Router {
    let shared = Arc::new(Shared { aerosync, authorizer });
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<_>| {
            let route = request
                .extensions()
                .get::<MatchedPath>()
                .map(|path| path.as_str().to_owned())
                .unwrap_or_default();
            let id = request
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), route, request_id = id)
        })
        .on_response(DefaultOnResponse::new().level(Level::INFO));
    Router::new()
        .route("/accounts/{connection_id}", get(account::<A>))
        .route("/widget-token", post(widget_token::<A>))
        .with_state(shared)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(trace)
                .layer(axum::middleware::map_response(own_shape))
                .layer(HandleErrorLayer::new(|_: tower::BoxError| async {
                    refused(Refusal::own(StatusCode::SERVICE_UNAVAILABLE, "BUSY"), None)
                }))
                .layer(tower::load_shed::LoadShedLayer::new())
                .layer(tower::limit::GlobalConcurrencyLimitLayer::new(MAX_IN_FLIGHT))
                .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(BODY_TIMEOUT))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(MAX_REQUEST_BODY)),
        )
}

/// The body limit's own 413 (sent before any handler runs when
/// `Content-Length` is over the limit) in the contract's shape.
async fn own_shape(response: Response) -> Response {
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE && !json {
        return refused(Refusal::own(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE"), None);
    }
    response
}

async fn account<A: Authorizer>(
    State(shared): State<Arc<Shared<A>>>,
    path: Result<Path<String>, PathRejection>,
    request: Parts,
) -> Response {
    let Some(id) = path.ok().and_then(|Path(raw)| ConnectionId::parse(&raw)) else {
        return refused(Refusal::own(StatusCode::BAD_REQUEST, "INVALID_CONNECTION_ID"), None);
    };
    let (aerosync, id_ref) = (&shared.aerosync, &id);
    within_deadline(&shared, &request, &id, move |_user| async move {
        let account = aerosync.account(id_ref).await?;
        Ok(serde_json::json!({ "account": account }))
    })
    .await
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WidgetTokenRequest {
    connection_id: String,
}

async fn widget_token<A: Authorizer>(
    State(shared): State<Arc<Shared<A>>>,
    request: Parts,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    if !is_json(&request.headers) {
        return refused(
            Refusal::own(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE"),
            None,
        );
    }
    let body = match body {
        Ok(body) => body,
        Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return refused(Refusal::own(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE"), None);
        }
        Err(_) => return refused(Refusal::own(StatusCode::BAD_REQUEST, "BAD_REQUEST"), None),
    };
    // The browser's `aeroPassUserUuid` is not read: the authorizer's answer is.
    let Ok(WidgetTokenRequest { connection_id }) = serde_json::from_slice(&body) else {
        return refused(Refusal::own(StatusCode::BAD_REQUEST, "BAD_REQUEST"), None);
    };
    let Some(id) = ConnectionId::parse(&connection_id) else {
        return refused(Refusal::own(StatusCode::BAD_REQUEST, "INVALID_CONNECTION_ID"), None);
    };
    let aerosync = &shared.aerosync;
    within_deadline(&shared, &request, &id, move |user| async move {
        let token = aerosync.widget_token(&user).await?;
        Ok(serde_json::json!({ "token": token }))
    })
    .await
}

/// `Content-Type: application/json`, with or without parameters: a request a
/// cross-site form cannot send without a preflight.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
}

/// Asks the authoriser, then runs `work` for the user it names, both within
/// the deadline: the answer as the body, or the refusal in the contract's
/// shape.
async fn within_deadline<A, F, Fut>(shared: &Shared<A>, request: &Parts, id: &ConnectionId, work: F) -> Response
where
    A: Authorizer,
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<serde_json::Value, UpstreamError>>,
{
    let steps = async {
        let Some(user) = shared.authorizer.authorize(request, id.as_str()).await else {
            return Err(Refusal::own(StatusCode::FORBIDDEN, "FORBIDDEN"));
        };
        work(user).await.map_err(|error| Refusal::upstream(&error))
    };
    match tokio::time::timeout(shared.aerosync.deadline(), steps).await {
        Ok(Ok(body)) => answer(body),
        Ok(Err(refusal)) => refused(refusal, Some(id)),
        Err(_) => {
            tracing::warn!(connection = %id.short(), "the deadline passed (Aerosync or the authoriser too slow)");
            refused(Refusal::own(StatusCode::GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT"), Some(id))
        }
    }
}

fn answer(body: serde_json::Value) -> Response {
    let mut response = (StatusCode::OK, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Every refusal, logged once: its status and code, the id shortened.
fn refused(refusal: Refusal, id: Option<&ConnectionId>) -> Response {
    let connection = id.map(ConnectionId::short).unwrap_or_default();
    tracing::warn!(
        status = refusal.status.as_u16(),
        code = %refusal.code,
        connection,
        "refused"
    );
    refusal.into_response()
}
