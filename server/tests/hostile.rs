//! The server as an attacker and a hostile or broken Aerosync would try it:
//! each test is one row of the security review's table, over loopback
//! against the fake Aerosync in a hostile mode. Every test also checks that
//! nothing secret reached the browser, and the last one reads the whole test
//! binary's log.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use aerosync_reconnect_server::{router, sentence, serve, Aerosync, AllowList, ServeOptions};
use axum::http::request::Parts;
use serde_json::json;
use support::{assert_clean, config, fake, json, logs, start, start_with, CONNECTION};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn set<T>(slot: &std::sync::Mutex<T>, value: T) {
    if let Ok(mut slot) = slot.lock() {
        *slot = value;
    }
}

#[tokio::test]
async fn an_error_quoting_the_account_and_routing_numbers_never_reaches_the_browser() {
    let server = start().await;
    set(
        &server.fake.errors,
        [(CONNECTION.to_owned(), (400, "AC-100".to_owned()))].into(),
    );
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(json(&body)["error"]["code"], "AC-100");
    assert_eq!(json(&body)["error"]["message"].as_str(), Some(sentence("AC-100")));
    assert_clean(&body);
}

#[tokio::test]
async fn a_token_error_that_echoes_the_api_key_never_reaches_the_browser() {
    let server = start().await;
    let echo = json!({ "error": { "code": "AC-101", "message": format!("bad key {}", fake::KEY) } });
    set(&server.fake.token_answer, Some((401, echo)));
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(json(&body)["error"]["code"], "UPSTREAM_ERROR");
    assert_clean(&body);
    // The widget-token endpoint's errors are never passed on either.
    let echo =
        json!({ "error": { "code": "AC-100", "message": format!("{} {}", fake::SECRET, fake::UPSTREAM_WORDS) } });
    set(&server.fake.widget_answer, Some((400, echo)));
    let (status, body) = server
        .post("/api/widget-token", json!({ "connectionId": CONNECTION }))
        .await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(json(&body)["error"]["code"], "UPSTREAM_ERROR");
    assert_clean(&body);
}

#[tokio::test]
async fn a_redirect_is_never_followed_with_the_secrets() {
    let server = start().await;
    // Another host, which would log whatever reached it.
    let stolen = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&stolen);
    let elsewhere = fake::serve(axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { axum::Json(json!({ "token": "a-token-from-elsewhere", "expires_in": 1800 })) }
    }))
    .await;
    set(&server.fake.token_redirect, Some(format!("{elsewhere}/v2/token")));
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(stolen.load(Ordering::SeqCst), 0, "nothing was sent to the other host");
    assert_eq!(server.calls().1, 0, "no account call with a token from elsewhere");
    assert_clean(&body);
}

#[tokio::test]
async fn a_300_mb_answer_is_refused_without_being_read() {
    let server = start().await;
    server
        .fake
        .account_body_bytes
        .store(300 * 1024 * 1024, Ordering::SeqCst);
    let before = fake::resident_bytes();
    server
        .get_error_within(
            "/api/accounts/conn-1",
            502,
            "UPSTREAM_MALFORMED",
            Duration::from_millis(3_000),
        )
        .await;
    let streamed = server.fake.streamed.load(Ordering::SeqCst);
    assert!(streamed < 16 * 1024 * 1024, "{streamed} bytes were produced");
    let grown = fake::resident_bytes().saturating_sub(before);
    assert!(grown < 64 * 1024 * 1024, "memory grew by {grown} bytes");
}

#[tokio::test]
async fn a_5_mb_error_message_is_not_passed_on() {
    let server = start().await;
    set(
        &server.fake.errors,
        [(CONNECTION.to_owned(), (400, "AC-104".to_owned()))].into(),
    );
    set(&server.fake.error_message, "x".repeat(5 * 1024 * 1024));
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 502, "over the cap: unreadable");
    assert!(body.len() < 512, "{} bytes to the browser", body.len());
    // Under the cap, the code passes and the message is ours.
    set(
        &server.fake.error_message,
        format!("{} {}", fake::UPSTREAM_WORDS, "y".repeat(100_000)),
    );
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 400);
    assert_eq!(
        json(&body)["error"]["code"],
        "AC-104",
        "shown as expired by the component"
    );
    assert!(body.len() < 512, "{} bytes to the browser", body.len());
    assert_clean(&body);
}

#[tokio::test]
async fn an_endless_token_life_neither_panics_nor_breaks_later_requests() {
    let server = start().await;
    server.fake.token_ttl.store(u64::MAX, Ordering::SeqCst);
    for _ in 0..3 {
        assert_eq!(server.get("/api/accounts/conn-1").await.0, 200);
    }
    assert_eq!(server.calls().0, 1);
}

#[tokio::test]
async fn a_zero_token_life_does_not_cost_a_token_per_request() {
    let server = start().await;
    server.fake.token_ttl.store(0, Ordering::SeqCst);
    for _ in 0..5 {
        assert_eq!(server.get("/api/accounts/conn-1").await.0, 200);
    }
    assert_eq!(server.calls().0, 1, "the life is taken as at least 60 s");
}

#[tokio::test]
async fn ids_outside_the_grammar_are_refused_before_anything_else() {
    let server = start_with(AllowList::parse("conn-1=user-1").unwrap_or_default()).await;
    let long = "x".repeat(129);
    for path in [
        ".%09.",
        "conn-1%0A",
        "conn-1%0D%0A",
        "conn-1%20",
        "a%2Fb",
        "a%25",
        "%FF",
        "%C3%BC",
        "...",
        long.as_str(),
    ] {
        let (status, body) = server.get(&format!("/api/accounts/{path}")).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(json(&body)["error"]["code"], "INVALID_CONNECTION_ID", "{path}");
    }
    let (status, _) = server
        .post("/api/widget-token", json!({ "connectionId": "conn-1\n" }))
        .await;
    assert_eq!(status, 400);
    assert_eq!(server.calls(), (0, 0, 0), "Aerosync was never called");
    // Ids of the grammar pass the check (and are then the authoriser's).
    for id in ["a", "A_b.c-9", "..a", &"x".repeat(128)] {
        assert_eq!(server.get(&format!("/api/accounts/{id}")).await.0, 403, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_token_endpoint_is_called_once_for_all_who_wait() {
    // (A token near its end keeps serving while the next is fetched:
    // `tokens.rs`, on a clock of its own.)
    let server = Arc::new(start().await);
    server.fake.token_delay_ms.store(300, Ordering::SeqCst);
    let started = Instant::now();
    let statuses = server.concurrently(20, "/api/accounts/conn-1").await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(server.calls().0, 1);
    assert!(
        started.elapsed() < Duration::from_millis(1_000),
        "{:?}",
        started.elapsed()
    );
    // With the token cached, a slow token endpoint costs nothing.
    server.fake.token_delay_ms.store(5_000, Ordering::SeqCst);
    let started = Instant::now();
    assert_eq!(server.get("/api/accounts/conn-1").await.0, 200);
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

/// The router under [`serve`] with a 300 ms header timeout; its address.
async fn served() -> std::net::SocketAddr {
    let upstream = fake::start().await;
    let aerosync = Arc::new(Aerosync::new(config(&upstream.url)).expect("a loopback URL"));
    let app = axum::Router::new().nest(
        "/api",
        router(aerosync, AllowList::parse("conn-1=user-1").unwrap_or_default()),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("its address");
    let options = ServeOptions {
        header_read_timeout: Duration::from_millis(300),
        ..ServeOptions::default()
    };
    tokio::spawn(serve(listener, app, options, std::future::pending()));
    addr
}

/// Sends `bytes`, then reads until the server closes; what it sent and when
/// it closed, or `None` if it still had not after `wait`.
async fn until_closed(addr: std::net::SocketAddr, bytes: &[u8], wait: Duration) -> Option<(String, Duration)> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("a connection");
    let started = Instant::now();
    stream.write_all(bytes).await.ok()?;
    let mut got = Vec::new();
    let read = tokio::time::timeout(wait, stream.read_to_end(&mut got)).await;
    read.ok()
        .map(|_| (String::from_utf8_lossy(&got).into_owned(), started.elapsed()))
}

#[tokio::test]
async fn idle_and_half_sent_requests_are_closed() {
    let addr = served().await;
    let wait = Duration::from_secs(3);
    assert!(until_closed(addr, b"", wait).await.is_some(), "a silent connection");
    assert!(
        until_closed(addr, b"GET /api/accounts/conn-1 HTTP/1.1\r\nHost: x\r\n", wait)
            .await
            .is_some(),
        "half-sent headers"
    );
    let kept_alive = until_closed(addr, b"GET /api/accounts/conn-1 HTTP/1.1\r\nHost: x\r\n\r\n", wait).await;
    let (answer, _) = kept_alive.expect("an idle kept-alive connection is closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn a_request_body_that_never_comes_is_answered_within_the_body_timeout() {
    let addr = served().await;
    let request =
        b"POST /api/widget-token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{";
    let wait = aerosync_reconnect_server::BODY_TIMEOUT + Duration::from_secs(3);
    let (answer, after) = until_closed(addr, request, wait).await.expect("answered and closed");
    assert!(answer.starts_with("HTTP/1.1 4"), "{answer}");
    assert!(after >= aerosync_reconnect_server::BODY_TIMEOUT - Duration::from_millis(500));
    // A body over the limit is refused in the contract's shape.
    let big = format!("{{\"connectionId\":\"{}\"}}", "x".repeat(20_000));
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/api/widget-token"))
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 413);
    let body = response.text().await.unwrap_or_default();
    assert_eq!(json(&body)["error"]["code"], "PAYLOAD_TOO_LARGE", "{body}");
}

#[tokio::test]
async fn a_widget_token_needs_a_json_request() {
    let server = start().await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let response = server
            .http
            .post(format!("{}/api/widget-token", server.url))
            .header("content-type", content_type)
            .body(r#"{"connectionId":"conn-1"}"#)
            .send()
            .await
            .expect("an answer");
        assert_eq!(response.status().as_u16(), 415, "{content_type}");
    }
    assert_eq!(server.calls().2, 0, "no widget token was minted");
    let response = server
        .http
        .post(format!("{}/api/widget-token", server.url))
        .header("content-type", "application/json; charset=utf-8")
        .body(r#"{"connectionId":"conn-1"}"#)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn a_hanging_authoriser_gets_a_504_within_the_deadline() {
    let hangs = |_: &Parts, _: &str| std::future::pending::<Option<String>>();
    let server = start_with(hangs).await;
    server
        .get_error_within(
            "/api/accounts/conn-1",
            504,
            "UPSTREAM_TIMEOUT",
            Duration::from_millis(3_000),
        )
        .await;
}

#[tokio::test]
async fn an_account_number_in_a_nickname_is_masked() {
    let server = start().await;
    set(&server.fake.nickname, format!("Joint {}", fake::ACCOUNT_NUMBER));
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 200);
    assert_eq!(json(&body)["account"]["accountNickname"], "Joint ••••");
    assert_clean(&body);
}

#[tokio::test]
async fn a_403_ac_001_refreshes_the_token_and_retries_once() {
    let server = start().await;
    set(&server.fake.refuse_first_token, Some((403, "AC-001".to_owned())));
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.calls(), (2, 2, 0));
    // Refused again after the refresh: no third try.
    let server = start().await;
    set(
        &server.fake.errors,
        [(CONNECTION.to_owned(), (403, "AC-001".to_owned()))].into(),
    );
    let (status, _) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 502);
    assert_eq!(server.calls(), (2, 2, 0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_refresh_serves_every_request_that_held_the_refused_token() {
    let server = Arc::new(start().await);
    set(&server.fake.refuse_first_token, Some((401, "AC-101".to_owned())));
    let statuses = server.concurrently(20, "/api/accounts/conn-1").await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(server.calls().0, 2, "the first token, and one refresh");
}

#[tokio::test]
async fn upstream_failures_are_logged_with_status_code_latency_and_request_id_but_no_secret() {
    let server = start().await;
    set(
        &server.fake.errors,
        [(CONNECTION.to_owned(), (500, "AR-500".to_owned()))].into(),
    );
    let response = server
        .http
        .get(format!("{}/api/accounts/conn-1", server.url))
        .send()
        .await
        .expect("an answer");
    let request_id = response
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(response.status().as_u16(), 502);
    assert!(!request_id.is_empty(), "every answer names its request");
    let logs = logs();
    let failure = logs
        .lines()
        .find(|line| line.contains(&request_id) && line.contains("Aerosync call failed"))
        .unwrap_or_default();
    for part in ["status=500", "code=\"AR-500\"", "latency_ms=", "connection=\"conn…\""] {
        assert!(failure.contains(part), "{part} missing from {failure:?}");
    }
    assert!(
        logs.lines()
            .any(|l| l.contains(&request_id) && l.contains("refused") && l.contains("status=502")),
        "the refusal is logged"
    );
    assert_clean(&logs);
    assert!(!logs.contains("/conn-1"), "no id in full");
}
