//! What the server's tests share: the router on loopback against a fresh
//! fake Aerosync, a client for it, and the logs of the whole test binary.
#![allow(dead_code)]

#[path = "../../examples/fake/mod.rs"]
pub mod fake;

use std::io::Write;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AllowList, Authorizer, Secret};
use serde_json::Value;

pub const CONNECTION: &str = "conn-1";
pub const USER: &str = "user-1";

pub struct Server {
    pub url: String,
    pub fake: Arc<fake::Fake>,
    pub http: reqwest::Client,
}

pub fn config(api_url: &str) -> AerosyncConfig {
    let mut config = AerosyncConfig::new(api_url, Secret::new(fake::KEY), Secret::new(fake::SECRET));
    config.call_timeout = Duration::from_millis(500);
    config.deadline = Duration::from_millis(1_500);
    config
}

/// The router under `/api`, against a fresh fake.
pub async fn start_with<A: Authorizer>(authorizer: A) -> Server {
    capture_logs();
    let upstream = fake::start().await;
    let aerosync = Arc::new(Aerosync::new(config(&upstream.url)).expect("a loopback URL"));
    let url = fake::serve(axum::Router::new().nest("/api", router(aerosync, authorizer))).await;
    Server {
        url,
        fake: upstream.fake,
        http: reqwest::Client::new(),
    }
}

/// The router, allowing `conn-1` for `user-1`.
pub async fn start() -> Server {
    start_with(AllowList::parse("conn-1=user-1").unwrap_or_default()).await
}

impl Server {
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("an answer");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// `GET path`: asserts that the browser got `status` with the error
    /// `code`, within `within` of asking.
    pub async fn get_error_within(&self, path: &str, status: u16, code: &str, within: Duration) {
        let started = std::time::Instant::now();
        let (got, body) = self.get(path).await;
        assert_eq!(got, status, "{body}");
        assert_eq!(json(&body)["error"]["code"], code);
        assert!(started.elapsed() < within, "{:?}", started.elapsed());
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, String) {
        let response = self
            .http
            .post(format!("{}{path}", self.url))
            .json(&body)
            .send()
            .await
            .expect("an answer");
        let status = response.status().as_u16();
        (status, response.text().await.unwrap_or_default())
    }

    /// `n` requests for `path` at once: their statuses.
    pub async fn concurrently(self: &Arc<Self>, n: usize, path: &'static str) -> Vec<u16> {
        let requests: Vec<_> = (0..n)
            .map(|_| {
                let server = Arc::clone(self);
                tokio::spawn(async move { server.get(path).await.0 })
            })
            .collect();
        let mut statuses = Vec::new();
        for request in requests {
            statuses.push(request.await.unwrap_or_default());
        }
        statuses
    }

    /// (API-token, account, widget-token) calls the fake saw.
    pub fn calls(&self) -> (usize, usize, usize) {
        (
            self.fake.token_calls.load(Ordering::SeqCst),
            self.fake.account_calls.load(Ordering::SeqCst),
            self.fake.widget_calls.load(Ordering::SeqCst),
        )
    }
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// What must never reach a browser or a log line.
pub const NEVER: [&str; 6] = [
    fake::KEY,
    fake::SECRET,
    fake::ACCOUNT_NUMBER,
    fake::ROUTING_NUMBER,
    fake::UPSTREAM_WORDS,
    "api-token-",
];

/// Panics if `text` holds any of [`NEVER`].
pub fn assert_clean(text: &str) {
    for secret in NEVER {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

static LOGS: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut logs) = self.0.lock() {
            logs.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of this test binary goes to one buffer (the server's own
/// at every level, the libraries' from `debug`).
pub fn capture_logs() {
    let buffer = LOGS.get_or_init(|| {
        let buffer = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&buffer);
        let _ = tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::new(
                "debug,aerosync_reconnect_server=trace,hyper=debug,hyper_util=debug",
            ))
            .with_ansi(false)
            .with_writer(move || Sink(Arc::clone(&sink)))
            .try_init();
        buffer
    });
    let _ = buffer;
}

/// The log so far.
pub fn logs() -> String {
    LOGS.get()
        .and_then(|logs| logs.lock().ok().map(|l| String::from_utf8_lossy(&l).into_owned()))
        .unwrap_or_default()
}
