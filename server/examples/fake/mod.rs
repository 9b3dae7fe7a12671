//! A fake of Aerosync's API on loopback, for the server's tests and its load
//! benchmark: `POST /v2/token`, `POST /v2/token_widget`,
//! `GET /v2/accounts/{id}`, the webhook API (`POST /webhooks/subscribe`,
//! `POST /webhooks/list`, `DELETE /webhooks/{id}`), with switches for the failures to test, the
//! hostile ones included (error messages quoting account numbers, redirects,
//! huge or endless bodies, absurd token lifetimes, slow answers).
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

/// The API key and secret. Each holds a run of digits, so that even where a
/// hostile Aerosync echoes one into a text the browser may see (a nickname),
/// the digits are masked.
pub const KEY: &str = "test-api-key-12345678";
pub const SECRET: &str = "test-api-secret-87654321";
/// The account's full number and routing number: never to reach a browser.
pub const ACCOUNT_NUMBER: &str = "00100000987651234";
pub const ROUTING_NUMBER: &str = "000000111";
/// Words that only Aerosync's error messages hold.
pub const UPSTREAM_WORDS: &str = "upstream-says";

/// What the fake does and what it saw.
#[derive(Default)]
pub struct Fake {
    pub token_calls: AtomicUsize,
    pub widget_calls: AtomicUsize,
    pub account_calls: AtomicUsize,
    /// Seconds the next API tokens say they live (`expires_in`).
    pub token_ttl: AtomicU64,
    /// The first API token handed out is refused on accounts with this
    /// status and code (e.g. 401 `AC-101`, 403 `AC-001`).
    pub refuse_first_token: Mutex<Option<(u16, String)>>,
    /// Milliseconds every account answer waits.
    pub account_delay_ms: AtomicU64,
    /// Milliseconds every API-token answer waits.
    pub token_delay_ms: AtomicU64,
    /// Error answers by connection id: (status, code).
    pub errors: Mutex<HashMap<String, (u16, String)>>,
    /// The message of every error answer (by default one that quotes the
    /// account and routing numbers, the API key and upstream words).
    pub error_message: Mutex<String>,
    /// The token endpoint answers this instead: (status, body).
    pub token_answer: Mutex<Option<(u16, Value)>>,
    /// The widget-token endpoint answers this instead: (status, body).
    pub widget_answer: Mutex<Option<(u16, Value)>>,
    /// The token endpoint redirects (307) here.
    pub token_redirect: Mutex<Option<String>>,
    /// The account endpoint answers with a body of this many bytes (an
    /// endless-looking JSON string) when non-zero.
    pub account_body_bytes: AtomicU64,
    /// How many bytes of that body were produced (read by the client).
    pub streamed: AtomicU64,
    /// Status of every account (default `EXPIRED_CONSENT`).
    pub status: Mutex<String>,
    /// Nickname of every account (default "Chase Checking").
    pub nickname: Mutex<String>,
    /// The `aeroPassUserUuid`s the widget-token calls carried.
    pub widget_users: Mutex<Vec<String>>,
    /// Status and expiry of single accounts, by connection id (the others
    /// have `status` and an expiry in 2099).
    pub accounts: Mutex<HashMap<String, (String, String)>>,
    /// Milliseconds the accounts of these connections wait.
    pub slow: Mutex<HashMap<String, u64>>,
    /// Account calls under way now, and the most seen at once.
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
    /// Every call to the webhook API: method, path, `authorization`,
    /// `x-api-key` and body.
    pub webhook_calls: Mutex<Vec<WebhookCall>>,
    next_token: AtomicUsize,
}

impl Fake {
    /// Every call to the webhook API so far, in order.
    pub fn webhook_api_calls(&self) -> Vec<WebhookCall> {
        read(&self.webhook_calls)
    }
}

/// Method and path of each call in `calls`.
pub fn methods_and_paths(calls: &[WebhookCall]) -> Vec<(&str, &str)> {
    calls.iter().map(|c| (c.method.as_str(), c.path.as_str())).collect()
}

/// What subscribing, listing and deleting `wh_1` send, as Aerosync documents.
pub const SUBSCRIBE_LIST_DELETE: [(&str, &str); 3] = [
    ("POST", "/webhooks/subscribe"),
    ("POST", "/webhooks/list"),
    ("DELETE", "/webhooks/wh_1"),
];

/// A call to the fake's webhook API, as it arrived.
#[derive(Debug, Clone)]
pub struct WebhookCall {
    pub method: String,
    pub path: String,
    pub authorization: String,
    pub api_key: String,
    pub body: String,
}

pub struct Running {
    pub fake: Arc<Fake>,
    pub url: String,
}

/// Starts the fake on a free loopback port.
pub async fn start() -> Running {
    let fake = Arc::new(Fake {
        token_ttl: AtomicU64::new(1_800),
        status: Mutex::new("EXPIRED_CONSENT".to_owned()),
        nickname: Mutex::new("Chase Checking".to_owned()),
        error_message: Mutex::new(format!(
            "{UPSTREAM_WORDS}: account {ACCOUNT_NUMBER} routing {ROUTING_NUMBER} key {KEY}"
        )),
        ..Fake::default()
    });
    let app = Router::new()
        .route("/v2/token", post(token))
        .route("/v2/token_widget", post(token_widget))
        .route("/v2/accounts/{id}", get(account))
        .route("/webhooks/subscribe", post(webhook_api))
        .route("/webhooks/list", post(webhook_api))
        .route("/webhooks/{id}", delete(webhook_api))
        .with_state(Arc::clone(&fake));
    Running {
        fake,
        url: serve(app).await,
    }
}

/// Serves `app` on a free loopback port; its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let addr: SocketAddr = listener.local_addr().expect("its address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

fn has_credentials(body: &Value) -> bool {
    body["apiKey"] == KEY && body["apiSecret"] == SECRET
}

fn read<T: Clone>(slot: &Mutex<T>) -> T {
    match slot.lock() {
        Ok(value) => value.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

fn error(fake: &Fake, status: u16, code: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = read(&fake.error_message);
    (status, Json(json!({ "error": { "code": code, "message": message } }))).into_response()
}

fn answer(status: u16, body: Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(body)).into_response()
}

async fn token(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.token_calls.fetch_add(1, Ordering::SeqCst);
    let delay = fake.token_delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    if let Some(to) = read(&fake.token_redirect) {
        return (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, to)]).into_response();
    }
    if let Some((status, body)) = read(&fake.token_answer) {
        return answer(status, body);
    }
    if !has_credentials(&body) {
        return error(&fake, 401, "AC-101");
    }
    let n = fake.next_token.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({ "token": format!("api-token-{n}"), "expires_in": fake.token_ttl.load(Ordering::SeqCst) }))
        .into_response()
}

async fn token_widget(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.widget_calls.fetch_add(1, Ordering::SeqCst);
    if let Some((status, body)) = read(&fake.widget_answer) {
        return answer(status, body);
    }
    if !has_credentials(&body) {
        return error(&fake, 401, "AC-101");
    }
    let user = body["aeroPassUserUuid"].as_str().unwrap_or_default().to_owned();
    if let Ok(mut users) = fake.widget_users.lock() {
        users.push(user.clone());
    }
    Json(json!({ "token": format!("widget-token-for-{user}") })).into_response()
}

/// A body of `size` bytes, produced as the client reads it (counted in
/// `fake.streamed`), so that a client that stops reading stops the fake.
fn endless(fake: Arc<Fake>, size: u64) -> Response {
    const CHUNK: usize = 64 * 1024;
    let stream = futures_util::stream::unfold(0u64, move |sent| {
        let fake = Arc::clone(&fake);
        async move {
            if sent >= size {
                return None;
            }
            let chunk = if sent == 0 {
                let mut first = b"{\"account\":{\"accountNickname\":\"".to_vec();
                first.resize(CHUNK, b'x');
                first
            } else {
                vec![b'x'; CHUNK]
            };
            fake.streamed.fetch_add(CHUNK as u64, Ordering::SeqCst);
            Some((Ok::<_, std::io::Error>(chunk), sent + CHUNK as u64))
        }
    });
    ([(header::CONTENT_TYPE, "application/json")], Body::from_stream(stream)).into_response()
}

/// Counts an account call in flight for as long as it lives.
struct InFlight(Arc<Fake>);

impl InFlight {
    fn new(fake: &Arc<Fake>) -> Self {
        let now = fake.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        fake.max_in_flight.fetch_max(now, Ordering::SeqCst);
        Self(Arc::clone(fake))
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The webhook API: records the call; answers a subscription, the list of
/// those made, or nothing (a delete).
async fn webhook_api(
    State(fake): State<Arc<Fake>>,
    method: axum::http::Method,
    uri: axum::http::Uri,
    headers: HeaderMap,
    body: String,
) -> Response {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let call = WebhookCall {
        method: method.to_string(),
        path: uri.path().to_owned(),
        authorization: header("authorization"),
        api_key: header("x-api-key"),
        body: body.clone(),
    };
    if let Ok(mut calls) = fake.webhook_calls.lock() {
        calls.push(call.clone());
    }
    if !call.authorization.starts_with("Bearer api-token-") || call.api_key != KEY {
        return error(&fake, 401, "AC-101");
    }
    match (method.as_str(), uri.path()) {
        ("POST", "/webhooks/subscribe") => {
            let url = serde_json::from_str::<Value>(&body).unwrap_or_default()["url"].clone();
            Json(json!({ "id": "wh_1", "url": url, "status": "active", "secret_key": "never-printed" })).into_response()
        }
        ("POST", "/webhooks/list") => Json(json!({ "webhooks": [
            { "id": "wh_1", "url": "https://example.test/webhooks/aerosync", "status": "active", "secret_key": "never-printed" },
            { "_id": "wh_2", "url": "https://example.test/other", "paused": true },
        ] }))
        .into_response(),
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn account(State(fake): State<Arc<Fake>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    fake.account_calls.fetch_add(1, Ordering::SeqCst);
    let _in_flight = InFlight::new(&fake);
    if let Some(ms) = read(&fake.slow).get(&id).copied() {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
    let delay = fake.account_delay_ms.load(Ordering::SeqCst);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_owned();
    if !bearer.starts_with("api-token-") {
        return error(&fake, 401, "AC-101");
    }
    if bearer == "api-token-1" {
        if let Some((status, code)) = read(&fake.refuse_first_token) {
            return error(&fake, status, &code);
        }
    }
    if let Some((status, code)) = read(&fake.errors).get(&id).cloned() {
        return error(&fake, status, &code);
    }
    let size = fake.account_body_bytes.load(Ordering::SeqCst);
    if size > 0 {
        return endless(Arc::clone(&fake), size);
    }
    let (status, expiry) = read(&fake.accounts)
        .get(&id)
        .cloned()
        .unwrap_or_else(|| (read(&fake.status), "2099-01-02T15:47:48Z".to_owned()));
    Json(json!({
        "status": "success",
        "statusCode": 200,
        "account": {
            "accountNickname": read(&fake.nickname),
            "accountNumber": ACCOUNT_NUMBER,
            "routingNumber": ROUTING_NUMBER,
            "accountNumberDisplay": "1234",
            "accountNumberType": "Tokenized",
            "accountType": "CHECKING",
            "bankName": "Chase",
            "institutionName": "Chase",
            "institutionUuid": "253018d1-578b-4c79-bb85-48b666bbd6e0",
            "canFetchBalance": true,
            "connectionMethod": 6,
            "connectionStatus": status,
            "connectionExpiry": expiry,
            "aFieldAddedLater": { "internalId": "do-not-leak-7788" },
        }
    }))
    .into_response()
}

/// The process's resident memory, in bytes (Linux's `/proc/self/status`; 0
/// elsewhere).
pub fn resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}
