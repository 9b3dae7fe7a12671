//! A property test: an upstream that answers anything at all (any status,
//! lying or missing headers, truncated, huge, deeply nested or ill-typed
//! bodies, redirects, 1xx) on any one of Aerosync's three endpoints, at the
//! byte level over loopback. Whatever it sends, the router answers the
//! browser within its deadline, in the contract's shape, with none of the
//! upstream's secrets, tokens, account numbers or words; no worker panics,
//! memory stays bounded, and no log line holds a secret.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aerosync_reconnect_server::{router, Aerosync, AerosyncConfig, AllowList, Secret};
use axum::body::Body as AxumBody;
use axum::http::Request;
use proptest::prelude::*;
use support::{assert_clean, capture_logs, fake, logs};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Target {
    Token,
    Account,
    Widget,
}

#[derive(Debug, Clone)]
enum Payload {
    /// Exactly these bytes, with a true `Content-Length`.
    Bytes(Vec<u8>),
    /// This many bytes, with no `Content-Length` (until the connection ends).
    Huge(usize),
    /// `Content-Length` says `declared`, `actual` is sent, then nothing.
    Lying { declared: u64, actual: Vec<u8> },
}

#[derive(Debug, Clone)]
struct Answer {
    target: Target,
    status: u16,
    headers: Vec<(String, String)>,
    payload: Payload,
}

const ACCOUNT: &str = r#"{"account":{"accountNickname":"Chase Checking","accountNumber":"00100000987651234","routingNumber":"000000111","accountNumberDisplay":"1234","connectionStatus":"CONNECTED"}}"#;

/// Reads one request: its path.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<String> {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 || seen.len() > 64 * 1024 {
            return None;
        }
        seen.extend_from_slice(buffer.get(..n)?);
        if let Some(at) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(seen.get(..head_end)?).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().to_owned())
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut have = seen.len().saturating_sub(head_end);
    while have < length.min(64 * 1024) {
        let n = stream.read(&mut buffer).await.ok()?;
        if n == 0 {
            break;
        }
        have += n;
    }
    head.split_whitespace().nth(1).map(str::to_owned)
}

async fn write_answer(stream: &mut tokio::net::TcpStream, answer: &Answer) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match &answer.payload {
        Payload::Bytes(bytes) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(bytes).await?;
        }
        Payload::Huge(size) => {
            head.push_str("\r\n");
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b'['; 64 * 1024];
            let mut sent = 0;
            while sent < *size {
                stream.write_all(&chunk).await?;
                sent += chunk.len();
            }
        }
        Payload::Lying { declared, actual } => {
            head.push_str(&format!("Content-Length: {declared}\r\n\r\n"));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(actual).await?;
            // Then silence, until the client gives up.
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }
    stream.flush().await
}

/// The upstream: `answer` on its target endpoint, sane answers elsewhere.
async fn upstream(answer: Arc<Mutex<Option<Answer>>>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let answer = answer.lock().ok().and_then(|a| a.clone());
            tokio::spawn(async move {
                let Some(path) = read_request(&mut stream).await else {
                    return;
                };
                let target = if path.starts_with("/v2/token_widget") {
                    Target::Widget
                } else if path.starts_with("/v2/token") {
                    Target::Token
                } else {
                    Target::Account
                };
                let hostile = answer.filter(|a| a.target == target);
                let sane = |body: &str| Answer {
                    target,
                    status: 200,
                    headers: vec![("Content-Type".into(), "application/json".into())],
                    payload: Payload::Bytes(body.as_bytes().to_vec()),
                };
                let answer = hostile.unwrap_or_else(|| match target {
                    Target::Token => sane(r#"{"token":"api-token-1","expires_in":1800}"#),
                    Target::Widget => sane(r#"{"token":"widget-token-1"}"#),
                    Target::Account => sane(ACCOUNT),
                });
                let _ = write_answer(&mut stream, &answer).await;
            });
        }
    });
    url
}

/// Texts a hostile upstream puts anywhere, allow-listed fields included: the
/// fake's secrets (each with a run of digits that the server masks in a text
/// it passes on) and any printable text.
fn secrets_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(fake::ACCOUNT_NUMBER.to_owned()),
        Just(fake::ROUTING_NUMBER.to_owned()),
        Just(fake::KEY.to_owned()),
        Just(fake::SECRET.to_owned()),
        "[ -~]{0,40}",
    ]
}

fn any_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        Just(Value::from(u64::MAX)),
        secrets_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("token".to_owned()),
                    Just("expires_in".to_owned()),
                    Just("account".to_owned()),
                    Just("error".to_owned()),
                    Just("code".to_owned()),
                    Just("message".to_owned()),
                    Just("accountNickname".to_owned()),
                    Just("connectionExpiry".to_owned()),
                    "[a-zA-Z]{1,12}",
                ],
                inner,
                0..5
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

fn payload() -> impl Strategy<Value = Payload> {
    prop_oneof![
        // Documented shapes with hostile values.
        (secrets_text(), secrets_text()).prop_map(|(code, message)| Payload::Bytes(
            serde_json::json!({ "error": { "code": code, "message": message } })
                .to_string()
                .into_bytes()
        )),
        any_json().prop_map(|v| Payload::Bytes(serde_json::json!({ "account": v }).to_string().into_bytes())),
        any_json().prop_map(|v| Payload::Bytes(
            serde_json::json!({ "token": v, "expires_in": v })
                .to_string()
                .into_bytes()
        )),
        any_json().prop_map(|v| Payload::Bytes(v.to_string().into_bytes())),
        Just(Payload::Bytes(ACCOUNT.as_bytes().to_vec())),
        // Truncated, binary, deeply nested.
        (0usize..ACCOUNT.len()).prop_map(|n| Payload::Bytes(ACCOUNT.as_bytes().get(..n).unwrap_or_default().to_vec())),
        prop::collection::vec(any::<u8>(), 0..2_048).prop_map(Payload::Bytes),
        (1usize..200_000)
            .prop_map(|depth| Payload::Bytes(format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes())),
        // Over the cap, and lying about the length.
        (300_000usize..3_000_000).prop_map(Payload::Huge),
        (
            prop_oneof![any::<u64>(), 100u64..200_000],
            prop::collection::vec(any::<u8>(), 0..64)
        )
            .prop_map(|(declared, actual)| Payload::Lying {
                declared: declared.max(100),
                actual
            }),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    let target = prop_oneof![Just(Target::Token), Just(Target::Account), Just(Target::Widget)];
    let status = prop_oneof![
        100u16..=599,
        Just(200u16),
        Just(301),
        Just(307),
        Just(401),
        Just(403),
        Just(404)
    ];
    let header = prop_oneof![
        Just(("Content-Type".to_owned(), "application/json".to_owned())),
        Just(("Content-Type".to_owned(), "text/html".to_owned())),
        Just(("Location".to_owned(), "http://127.0.0.1:9/steal".to_owned())),
        Just(("Retry-After".to_owned(), "99999999999999999999".to_owned())),
        secrets_text().prop_map(|v| ("X-Aerosync-Debug".to_owned(), v)),
    ];
    (target, status, prop::collection::vec(header, 0..3), payload()).prop_map(|(target, status, headers, payload)| {
        Answer {
            target,
            status,
            headers,
            payload,
        }
    })
}

#[test]
fn whatever_the_upstream_sends_the_browser_gets_a_bounded_clean_answer_in_time() {
    capture_logs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let slot = Arc::new(Mutex::new(None));
    let url = runtime.block_on(upstream(Arc::clone(&slot)));
    let before = fake::resident_bytes();
    let deadline = Duration::from_millis(800);
    let config = ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(answer in answer())| {
        if let Ok(mut slot) = slot.lock() {
            *slot = Some(answer.clone());
        }
        let mut settings = AerosyncConfig::new(url.clone(), Secret::new(fake::KEY), Secret::new(fake::SECRET));
        settings.call_timeout = Duration::from_millis(400);
        settings.deadline = deadline;
        let aerosync = Arc::new(Aerosync::new(settings).map_err(|e| TestCaseError::fail(e.to_string()))?);
        let app = router(aerosync, AllowList::parse("conn-1=user-1").unwrap_or_default());
        // The widget-token route for the widget-token endpoint; the account
        // route, which needs the API token, for the other two.
        let request = if answer.target == Target::Widget {
            Request::post("/widget-token")
                .header("content-type", "application/json")
                .body(AxumBody::from(r#"{"connectionId":"conn-1"}"#))
        } else {
            Request::get("/accounts/conn-1").body(AxumBody::empty())
        }
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let started = Instant::now();
        let (status, body) = runtime.block_on(async {
            let response = match app.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            let status = response.status().as_u16();
            let body = axum::body::to_bytes(response.into_body(), 1024 * 1024).await.unwrap_or_default();
            Ok::<_, TestCaseError>((status, String::from_utf8_lossy(&body).into_owned()))
        })?;
        let took = started.elapsed();
        prop_assert!(took < deadline + Duration::from_millis(1_000), "{took:?} for {answer:?}");
        prop_assert!(matches!(status, 200 | 400 | 404 | 502 | 504), "{status} for {answer:?}");
        let value: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        if status == 200 {
            prop_assert!(value.get("account").is_some() || value.get("token").is_some(), "{body}");
        } else {
            prop_assert!(value["error"]["code"].is_string() && value["error"]["message"].is_string(), "{body}");
        }
        prop_assert!(body.len() < 8 * 1024, "{} bytes", body.len());
        assert_clean(&body);
    });
    let grown = fake::resident_bytes().saturating_sub(before);
    assert!(grown < 128 * 1024 * 1024, "memory grew by {grown} bytes");
    assert_clean(&logs());
}
