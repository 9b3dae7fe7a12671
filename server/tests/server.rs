//! The router over real HTTP on loopback, against a fake of Aerosync's API
//! (also a real HTTP server on loopback).

mod support;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use aerosync_reconnect_server::{router, Aerosync, AllowList, DenyAll};
use axum::http::request::Parts;
use serde_json::json;
use support::{config, fake, json, start, start_with, CONNECTION, USER};

#[tokio::test]
async fn the_account_reaches_the_browser_with_the_safe_fields_only() {
    let server = start().await;
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 200, "{body}");
    let account = &json(&body)["account"];
    assert_eq!(account["accountNickname"], "Chase Checking");
    assert_eq!(account["accountNumberDisplay"], "1234");
    assert_eq!(account["connectionStatus"], "EXPIRED_CONSENT");
    assert_eq!(account["connectionExpiry"], "2099-01-02T15:47:48Z");
    for gone in [
        "00100000987651234",
        "000000111",
        "aFieldAddedLater",
        "do-not-leak-7788",
        "canFetchBalance",
    ] {
        assert!(!body.contains(gone), "{gone} in {body}");
    }
    assert_eq!(server.calls(), (1, 1, 0));
}

#[tokio::test]
async fn aerosyncs_errors_reach_the_browser_by_the_table_with_our_own_sentence() {
    let server = start().await;
    // (Aerosync's status and code, what the browser gets)
    for ((status, code), (want_status, want_code)) in [
        ((400, "AC-100"), (400, "AC-100")),
        ((400, "AC-104"), (400, "AC-104")),
        ((400, "AC-103"), (400, "AC-103")),
        ((404, "AC-102"), (404, "AC-102")),
        ((401, "AC-101"), (502, "AC-101")),
        ((403, "AC-001"), (502, "AC-001")),
        ((422, "AC-103"), (502, "AC-103")),
        ((429, "AC-100"), (502, "AC-100")),
        ((500, "AR-500"), (502, "AR-500")),
        ((503, "not a code 00100000987651234"), (502, "UPSTREAM_ERROR")),
    ] {
        server
            .fake
            .errors
            .lock()
            .map(|mut e| e.insert(CONNECTION.into(), (status, code.into())))
            .ok();
        let (got, body) = server.get("/api/accounts/conn-1").await;
        assert_eq!(got, want_status, "{code}: {body}");
        let error = &json(&body)["error"];
        assert_eq!(error["code"], want_code, "{body}");
        assert_eq!(
            error["message"].as_str(),
            Some(aerosync_reconnect_server::sentence(want_code)),
            "{body}"
        );
        for secret in [
            fake::KEY,
            fake::SECRET,
            fake::ACCOUNT_NUMBER,
            fake::ROUTING_NUMBER,
            fake::UPSTREAM_WORDS,
        ] {
            assert!(!body.contains(secret), "{secret} in {body}");
        }
    }
}

#[tokio::test]
async fn the_api_token_is_cached() {
    // When it is fetched again near its end is tested in `tokens.rs`, on a
    // clock of its own.
    let server = start().await;
    server.get("/api/accounts/conn-1").await;
    server.get("/api/accounts/conn-1").await;
    assert_eq!(server.calls().0, 1, "one API token for both");
}

#[tokio::test]
async fn a_401_refreshes_the_api_token_once() {
    let server = start().await;
    if let Ok(mut refuse) = server.fake.refuse_first_token.lock() {
        *refuse = Some((401, "AC-101".into()));
    }
    let (status, body) = server.get("/api/accounts/conn-1").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(server.calls(), (2, 2, 0));
}

#[tokio::test]
async fn a_slow_aerosync_gives_the_browser_an_error_in_time() {
    let server = start().await;
    server.fake.account_delay_ms.store(5_000, Ordering::SeqCst);
    server
        .get_error_within(
            "/api/accounts/conn-1",
            504,
            "UPSTREAM_TIMEOUT",
            Duration::from_millis(1_600),
        )
        .await;
}

#[tokio::test]
async fn a_dead_aerosync_gives_the_browser_an_error() {
    // A port that was free a moment ago: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let dead = format!("http://{}", listener.local_addr().expect("its address"));
    drop(listener);
    let aerosync = Arc::new(Aerosync::new(config(&dead)).expect("a loopback URL"));
    let url = fake::serve(axum::Router::new().nest(
        "/api",
        router(aerosync, AllowList::parse("conn-1=user-1").unwrap_or_default()),
    ))
    .await;
    let response = reqwest::get(format!("{url}/api/accounts/conn-1"))
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 502);
    let body = response.text().await.unwrap_or_default();
    assert_eq!(json(&body)["error"]["code"], "UPSTREAM_UNREACHABLE");
    assert!(!body.contains(fake::KEY) && !body.contains(fake::SECRET));
}

#[tokio::test]
async fn another_users_connection_is_refused_and_aerosync_never_called() {
    let server = start().await;
    let (status, body) = server.get("/api/accounts/conn-2").await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(json(&body)["error"]["code"], "FORBIDDEN");
    let (status, _) = server
        .post(
            "/api/widget-token",
            json!({ "connectionId": "conn-2", "aeroPassUserUuid": USER }),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(server.calls(), (0, 0, 0));
}

#[tokio::test]
async fn the_default_denies_everything() {
    let server = start_with(DenyAll).await;
    assert_eq!(server.get("/api/accounts/conn-1").await.0, 403);
    assert_eq!(server.calls(), (0, 0, 0));
}

#[tokio::test]
async fn the_widget_token_is_for_the_servers_user_not_the_browsers() {
    let server = start().await;
    let (status, body) = server
        .post(
            "/api/widget-token",
            json!({ "connectionId": CONNECTION, "aeroPassUserUuid": "someone-else" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(json(&body)["token"], "widget-token-for-user-1");
    let users = server.fake.widget_users.lock().map(|u| u.clone()).unwrap_or_default();
    assert_eq!(users, vec![USER.to_owned()]);
    let (status, _) = server.post("/api/widget-token", json!({ "nothing": 1 })).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn an_authorizer_reads_the_request() {
    // A real check: the signed-in user comes from the session header.
    let authorize = |request: &Parts, connection_id: &str| {
        let user = request
            .headers
            .get("x-session-user")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let mine = connection_id == CONNECTION;
        async move { user.filter(|u| mine && u == USER) }
    };
    let server = start_with(authorize).await;
    assert_eq!(server.get("/api/accounts/conn-1").await.0, 403);
    let response = server
        .http
        .get(format!("{}/api/accounts/conn-1", server.url))
        .header("x-session-user", USER)
        .send()
        .await
        .expect("an answer");
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_without_a_token_wait_for_one_token_call() {
    let server = Arc::new(start().await);
    let statuses = server.concurrently(50, "/api/accounts/conn-1").await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(server.calls().0, 1);
    assert_eq!(server.calls().1, 50);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_requests_at_once_than_the_limit_get_a_503_busy() {
    use aerosync_reconnect_server::MAX_IN_FLIGHT;
    use axum::body::Body;
    use tower::ServiceExt;
    // Every allowed request waits in the authoriser until the deadline.
    let hangs = |_: &Parts, _: &str| std::future::pending::<Option<String>>();
    let upstream = fake::start().await;
    let aerosync = Arc::new(Aerosync::new(config(&upstream.url)).expect("a loopback URL"));
    let app = router(aerosync, hangs);
    let request = || axum::http::Request::get("/accounts/conn-1").body(Body::empty());
    let waiting: Vec<_> = (0..MAX_IN_FLIGHT)
        .map(|_| {
            let app = app.clone();
            let request = request();
            tokio::spawn(async move {
                let request = request.expect("a request");
                app.oneshot(request)
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or_default()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let response = app.clone().oneshot(request().expect("a request")).await;
    let response = response.unwrap_or_else(|never| match never {});
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(
        response.headers().get("retry-after").and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let body = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap_or_default();
    assert_eq!(json(&String::from_utf8_lossy(&body))["error"]["code"], "BUSY");
    for request in waiting {
        assert_eq!(
            request.await.unwrap_or_default(),
            504,
            "the ones let in end at the deadline"
        );
    }
    // Once they are done, requests are let in again.
    let response = app.oneshot(request().expect("a request")).await;
    assert_eq!(response.map(|r| r.status().as_u16()).unwrap_or_default(), 504);
}
