//! A fake of Aerosync's API on loopback, for the server's tests and its load
//! benchmark: `POST /v2/token`, `POST /v2/token_widget`,
//! `GET /v2/accounts/{id}`, with switches for the failures to test.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

pub const KEY: &str = "test-api-key-123";
pub const SECRET: &str = "test-api-secret-456";

/// What the fake does and what it saw.
#[derive(Default)]
pub struct Fake {
    pub token_calls: AtomicUsize,
    pub widget_calls: AtomicUsize,
    pub account_calls: AtomicUsize,
    /// Seconds the next API tokens say they live (`expires_in`).
    pub token_ttl: AtomicU64,
    /// Reject the first API token handed out with a 401 on accounts.
    pub reject_first_token: AtomicBool,
    /// Milliseconds every account answer waits.
    pub account_delay_ms: AtomicU64,
    /// Error answers by connection id: (status, code).
    pub errors: Mutex<HashMap<String, (u16, String)>>,
    /// Status of every account (default `EXPIRED_CONSENT`).
    pub status: Mutex<String>,
    /// The `aeroPassUserUuid`s the widget-token calls carried.
    pub widget_users: Mutex<Vec<String>>,
    next_token: AtomicUsize,
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
        ..Fake::default()
    });
    let app = Router::new()
        .route("/v2/token", post(token))
        .route("/v2/token_widget", post(token_widget))
        .route("/v2/accounts/{id}", get(account))
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

fn error(status: u16, code: &str, message: &str) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(json!({ "error": { "code": code, "message": message } }))).into_response()
}

async fn token(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.token_calls.fetch_add(1, Ordering::SeqCst);
    if !has_credentials(&body) {
        return error(401, "AC-001", "Invalid API credentials.");
    }
    let n = fake.next_token.fetch_add(1, Ordering::SeqCst) + 1;
    Json(json!({ "token": format!("api-token-{n}"), "expires_in": fake.token_ttl.load(Ordering::SeqCst) }))
        .into_response()
}

async fn token_widget(State(fake): State<Arc<Fake>>, Json(body): Json<Value>) -> Response {
    fake.widget_calls.fetch_add(1, Ordering::SeqCst);
    if !has_credentials(&body) {
        return error(401, "AC-001", "Invalid API credentials.");
    }
    let user = body["aeroPassUserUuid"].as_str().unwrap_or_default().to_owned();
    if let Ok(mut users) = fake.widget_users.lock() {
        users.push(user.clone());
    }
    Json(json!({ "token": format!("widget-token-for-{user}") })).into_response()
}

async fn account(State(fake): State<Arc<Fake>>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    fake.account_calls.fetch_add(1, Ordering::SeqCst);
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
    let rejected = fake.reject_first_token.load(Ordering::SeqCst) && bearer == "api-token-1";
    if !bearer.starts_with("api-token-") || rejected {
        return error(401, "AC-101", "The token expired.");
    }
    if let Some((status, code)) = fake.errors.lock().ok().and_then(|e| e.get(&id).cloned()) {
        return error(status, &code, "An error the test asked for.");
    }
    let status = fake.status.lock().map(|s| s.clone()).unwrap_or_default();
    Json(json!({
        "status": "success",
        "statusCode": 200,
        "account": {
            "accountNickname": "Chase Checking",
            "accountNumber": "00100000987651234",
            "routingNumber": "000000111",
            "accountNumberDisplay": "1234",
            "accountNumberType": "Tokenized",
            "accountType": "CHECKING",
            "bankName": "Chase",
            "institutionName": "Chase",
            "institutionUuid": "253018d1-578b-4c79-bb85-48b666bbd6e0",
            "canFetchBalance": true,
            "connectionMethod": 6,
            "connectionStatus": status,
            "connectionExpiry": "2099-01-02T15:47:48Z",
            "aFieldAddedLater": { "internalId": "do-not-leak-7788" },
        }
    }))
    .into_response()
}
