//! Aerosync's webhooks, verified: [`webhooks`] gives a router that a team
//! mounts at the URL it subscribed with. It checks each delivery's
//! signature and age, reads its body up to a cap, and hands the team's
//! handler a typed [`WebhookEvent`]; the handler's result decides the answer,
//! so that Aerosync retries what failed.
//!
//! Aerosync delivers at least once, `POST` with JSON `{event, timestamp,
//! merchant_id, data}` and `X-Webhook-Signature: sha256=<hex>`: HMAC-SHA256
//! with the subscription's secret. Aerosync does not document what the
//! signature covers; [`signature_matches`] takes the raw body, the usual
//! convention, and is the one place to change if that turns out otherwise.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::id::short;
use crate::upstream::Secret;

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "x-webhook-signature";

/// A delivery as Aerosync sends it; unknown members are ignored.
#[derive(Deserialize)]
struct Delivery {
    event: String,
    timestamp: serde_json::Value,
    #[serde(default)]
    data: DeliveryData,
}

/// The members of `data` that the typed events carry.
#[derive(Default, Deserialize)]
struct DeliveryData {
    #[serde(default)]
    connection_id: Option<String>,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    user_id: Option<String>,
}

/// One of Aerosync's webhook events, typed.
///
/// Aerosync delivers at least once, and retries a delivery that got no 2xx:
/// the same event may come more than once. A handler is idempotent when it
/// keys what it does on the connection id and the event's time (`at`), e.g. a
/// unique row `(connection_id, at)` before it sends a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookEvent {
    /// `bank.revocation`: the user revoked access at the bank (only some
    /// banks send it). Tell the user to reconnect, as their own decision.
    Revoked {
        /// The connection that was revoked.
        connection_id: String,
        /// The account, when Aerosync named one.
        account_id: Option<String>,
        /// The user (`user_id`), when Aerosync named one.
        user_id: Option<String>,
        /// When Aerosync sent it.
        at: SystemTime,
    },
    /// `job.balance`: a balance job finished.
    Balance {
        /// The connection, when Aerosync named one.
        connection_id: Option<String>,
        /// When Aerosync sent it.
        at: SystemTime,
    },
    /// `job.transaction`: a transactions job finished.
    Transaction {
        /// The connection, when Aerosync named one.
        connection_id: Option<String>,
        /// When Aerosync sent it.
        at: SystemTime,
    },
    /// `job.identity`: an identity job finished.
    Identity {
        /// The connection, when Aerosync named one.
        connection_id: Option<String>,
        /// When Aerosync sent it.
        at: SystemTime,
    },
    /// `test.event`: sent from Aerosync's dashboard to try a subscription.
    Test {
        /// When Aerosync sent it.
        at: SystemTime,
    },
    /// Any other event, by its name.
    Other {
        /// The event's name, e.g. `job.statement`.
        event: String,
        /// When Aerosync sent it.
        at: SystemTime,
    },
}

impl WebhookEvent {
    /// The event's name, as Aerosync writes it.
    pub fn name(&self) -> &str {
        match self {
            Self::Revoked { .. } => "bank.revocation",
            Self::Balance { .. } => "job.balance",
            Self::Transaction { .. } => "job.transaction",
            Self::Identity { .. } => "job.identity",
            Self::Test { .. } => "test.event",
            Self::Other { event, .. } => event,
        }
    }

    /// The connection it concerns, when it names one.
    pub fn connection_id(&self) -> Option<&str> {
        match self {
            Self::Revoked { connection_id, .. } => Some(connection_id),
            Self::Balance { connection_id, .. }
            | Self::Transaction { connection_id, .. }
            | Self::Identity { connection_id, .. } => connection_id.as_deref(),
            Self::Test { .. } | Self::Other { .. } => None,
        }
    }
}

/// What a handler gets wrong: Aerosync is answered 500 and retries the
/// delivery (up to 3 times). The text is the host's, and is not logged.
#[derive(Debug)]
pub struct HandlerFailed;

/// A webhook handler: called once per verified delivery. `Ok` answers 204;
/// an error, a panic or no answer within the deadline answers 5xx, so that
/// Aerosync delivers again.
pub trait WebhookHandler: Send + Sync + 'static {
    /// Handles one event.
    fn handle(&self, event: WebhookEvent) -> impl Future<Output = Result<(), HandlerFailed>> + Send;
}

impl<F, Fut> WebhookHandler for F
where
    F: Fn(WebhookEvent) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), HandlerFailed>> + Send,
{
    fn handle(&self, event: WebhookEvent) -> impl Future<Output = Result<(), HandlerFailed>> + Send {
        self(event)
    }
}

/// Settings of [`webhooks_with`].
#[derive(Debug, Clone)]
pub struct WebhookOptions {
    /// The subscription's secret (`secret_key`).
    pub secret: Secret,
    /// How old a delivery's `timestamp` may be (and how far ahead of this
    /// server's clock); older ones are refused as replays. Default: 5 minutes.
    pub replay_window: Duration,
    /// The largest body read, in bytes; a larger one gets 413. Default: 64 KiB.
    pub max_body: usize,
    /// How long the handler may take before Aerosync is answered 503.
    /// Default: 10 s.
    pub handler_deadline: Duration,
}

impl WebhookOptions {
    /// The defaults, with `secret`.
    pub fn new(secret: Secret) -> Self {
        Self {
            secret,
            replay_window: Duration::from_secs(300),
            max_body: 64 * 1024,
            handler_deadline: Duration::from_secs(10),
        }
    }
}

/// The router for Aerosync's deliveries, with the default settings (see
/// [`WebhookOptions`]). It answers `POST /` of wherever it is nested.
///
/// ```no_run
/// use aerosync_reconnect_server::{webhooks, HandlerFailed, Secret, WebhookEvent};
///
/// let hooks = webhooks(Secret::new("the subscription's secret"), |event: WebhookEvent| async move {
///     if let WebhookEvent::Revoked { connection_id, at, .. } = event {
///         // Record (connection_id, at) once, then ask the user to reconnect.
///         let _ = (connection_id, at);
///     }
///     Ok::<(), HandlerFailed>(())
/// });
/// let app: axum::Router = axum::Router::new().nest("/webhooks/aerosync", hooks);
/// ```
pub fn webhooks(secret: Secret, handler: impl WebhookHandler) -> Router {
    webhooks_with(WebhookOptions::new(secret), handler)
}

/// [`webhooks`] with settings of your own.
pub fn webhooks_with(options: WebhookOptions, handler: impl WebhookHandler) -> Router {
    let max_body = options.max_body;
    let state = Arc::new(Hooks { options, handler });
    Router::new()
        .route("/", post(receive))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(RequestBodyTimeoutLayer::new(Duration::from_secs(10)))
        // A handler's panic answers 500 (Aerosync retries) and the server goes on.
        .layer(CatchPanicLayer::new())
}

struct Hooks<H> {
    options: WebhookOptions,
    handler: H,
}

/// Whether `header` (`sha256=<hex>`) is the HMAC-SHA256 of `body` with
/// `secret`, compared in constant time. Aerosync does not document what the
/// signature covers: this takes the raw body, and is the one place to change.
pub fn signature_matches(secret: &Secret, body: &[u8], header: &str) -> bool {
    let Some(hex) = header.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Ok(expected) = hex::decode(hex) else {
        return false;
    };
    mac(secret, body).is_some_and(|mac| mac.verify_slice(&expected).is_ok())
}

/// `sha256=<hex>` for `body`: what Aerosync sends (for tests and tools).
pub fn sign(secret: &Secret, body: &[u8]) -> String {
    mac(secret, body).map_or_else(String::new, |mac| {
        format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
    })
}

/// HMAC-SHA256 of `body` with `secret` (`None` never happens: HMAC takes a
/// key of any length).
fn mac(secret: &Secret, body: &[u8]) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()).ok()?;
    mac.update(body);
    Some(mac)
}

/// A delivery's `timestamp`: RFC 3339 text, or a number of seconds (of
/// milliseconds when it is too large to be seconds) since the Unix epoch.
fn parse_timestamp(value: &serde_json::Value) -> Option<SystemTime> {
    let at = match value {
        serde_json::Value::String(text) => OffsetDateTime::parse(text.trim(), &Rfc3339).ok()?,
        serde_json::Value::Number(number) => {
            let raw = number.as_i64()?;
            let seconds = if raw.checked_abs()? >= 100_000_000_000 {
                raw / 1000
            } else {
                raw
            };
            OffsetDateTime::from_unix_timestamp(seconds).ok()?
        }
        _ => return None,
    };
    let seconds = u64::try_from(at.unix_timestamp()).ok()?;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// An event's name as the log and [`WebhookEvent::Other`] keep it: letters,
/// digits, `.`, `_` and `-`, at most 64.
fn event_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(64)
        .collect()
}

async fn receive<H: WebhookHandler>(State(hooks): State<Arc<Hooks<H>>>, headers: HeaderMap, body: Bytes) -> Response {
    let refuse = |status: StatusCode, reason: &'static str| {
        tracing::warn!(status = status.as_u16(), reason, "a webhook delivery was refused");
        status.into_response()
    };
    let signature = headers.get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
    let Some(signature) = signature else {
        return refuse(StatusCode::UNAUTHORIZED, "no signature");
    };
    if !signature_matches(&hooks.options.secret, &body, signature) {
        return refuse(StatusCode::UNAUTHORIZED, "wrong signature");
    }
    let Ok(delivery) = serde_json::from_slice::<Delivery>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "not a delivery");
    };
    let Some(at) = parse_timestamp(&delivery.timestamp) else {
        return refuse(StatusCode::BAD_REQUEST, "no readable timestamp");
    };
    let now = SystemTime::now();
    let age = now.duration_since(at).unwrap_or_else(|ahead| ahead.duration());
    if age > hooks.options.replay_window {
        return refuse(StatusCode::UNAUTHORIZED, "timestamp outside the replay window");
    }
    let DeliveryData {
        connection_id,
        account_id,
        user_id,
    } = delivery.data;
    let event = match delivery.event.as_str() {
        "bank.revocation" => match connection_id {
            Some(connection_id) if !connection_id.trim().is_empty() => WebhookEvent::Revoked {
                connection_id,
                account_id,
                user_id,
                at,
            },
            _ => return refuse(StatusCode::BAD_REQUEST, "a revocation without a connection"),
        },
        "job.balance" => WebhookEvent::Balance { connection_id, at },
        "job.transaction" => WebhookEvent::Transaction { connection_id, at },
        "job.identity" => WebhookEvent::Identity { connection_id, at },
        "test.event" => WebhookEvent::Test { at },
        _ => WebhookEvent::Other {
            event: event_name(&delivery.event),
            at,
        },
    };
    let name = event.name().to_owned();
    let connection = event.connection_id().map(short).unwrap_or_default();
    tracing::info!(event = %name, connection, "webhook received");
    match tokio::time::timeout(hooks.options.handler_deadline, hooks.handler.handle(event)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(HandlerFailed)) => {
            tracing::warn!(event = %name, connection, "the webhook handler failed: Aerosync will deliver again");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(_) => {
            tracing::warn!(event = %name, connection, "the webhook handler did not finish in time: Aerosync will deliver again");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_is_the_hmac_of_the_raw_body() {
        let secret = Secret::new("whsec");
        let body = br#"{"event":"test.event"}"#;
        let header = sign(&secret, body);
        assert!(header.starts_with("sha256=") && header.len() == 7 + 64, "{header}");
        assert!(signature_matches(&secret, body, &header));
        assert!(signature_matches(
            &secret,
            body,
            &format!(" {} ", header.to_uppercase().replace("SHA256=", "sha256="))
        ));
        assert!(!signature_matches(&Secret::new("other"), body, &header));
        assert!(!signature_matches(&secret, b"{}", &header));
        for bad in ["", "sha256=", "sha256=zz", "md5=00", &header[..header.len() - 1]] {
            assert!(!signature_matches(&secret, body, bad), "{bad:?}");
        }
    }

    #[test]
    fn what_reaches_the_log_is_short_and_printable() {
        assert_eq!(short("conn-1234-5678"), "conn…");
        assert_eq!(short("a\nb\u{1b}c de"), "abcd…");
        assert_eq!(event_name("job.statement\nFAKE LOG LINE"), "job.statementFAKELOGLINE");
        assert_eq!(event_name(&"x".repeat(100)).len(), 64);
    }

    #[test]
    fn timestamps_are_read_as_text_or_seconds_or_milliseconds() {
        let at = |v: serde_json::Value| parse_timestamp(&v).and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok());
        let secs = Duration::from_secs(1_767_368_868);
        assert_eq!(at(serde_json::json!("2026-01-02T15:47:48Z")), Some(secs));
        assert_eq!(at(serde_json::json!("2026-01-02T16:47:48+01:00")), Some(secs));
        assert_eq!(at(serde_json::json!(1_767_368_868)), Some(secs));
        assert_eq!(at(serde_json::json!(1_767_368_868_000_i64)), Some(secs));
        for bad in [
            serde_json::json!("yesterday"),
            serde_json::json!(null),
            serde_json::json!(-5),
            serde_json::json!(1.5),
        ] {
            assert_eq!(at(bad.clone()), None, "{bad}");
        }
    }
}
