//! Aerosync's webhook deliveries, over real HTTP on loopback: the router
//! that verifies them, and the commands' client of the webhook API against
//! the fake Aerosync.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aerosync_reconnect_server::{
    sign, webhooks_with, Aerosync, HandlerFailed, Secret, WebhookEvent, WebhookOptions, SIGNATURE_HEADER,
};
use serde_json::{json, Value};
use support::{config, fake};

const SECRET: &str = "whsec-test-0042";

/// What the test handler does with an event.
#[derive(Clone, Copy, PartialEq)]
enum Behaviour {
    Succeed,
    Fail,
    Hang,
    Panic,
}

struct Hooks {
    url: String,
    seen: Arc<Mutex<Vec<WebhookEvent>>>,
    calls: Arc<AtomicUsize>,
    http: reqwest::Client,
}

/// The webhooks router at `/webhooks/aerosync` on loopback, with a handler
/// that records each event and then behaves as told.
async fn start(behaviour: Behaviour) -> Hooks {
    support::capture_logs();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let calls = Arc::new(AtomicUsize::new(0));
    let (record, count) = (Arc::clone(&seen), Arc::clone(&calls));
    let mut options = WebhookOptions::new(Secret::new(SECRET));
    options.handler_deadline = Duration::from_millis(300);
    let hooks = webhooks_with(options, move |event: WebhookEvent| {
        let (record, count) = (Arc::clone(&record), Arc::clone(&count));
        async move {
            count.fetch_add(1, Ordering::SeqCst);
            if let Ok(mut seen) = record.lock() {
                seen.push(event);
            }
            match behaviour {
                Behaviour::Succeed => Ok(()),
                Behaviour::Fail => Err(HandlerFailed),
                Behaviour::Hang => {
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                    Ok(())
                }
                Behaviour::Panic => panic!("the host's handler broke"),
            }
        }
    });
    let app = axum::Router::new()
        .nest("/webhooks/aerosync", hooks)
        .route("/healthz", axum::routing::get(|| async { "ok" }));
    Hooks {
        url: fake::serve(app).await,
        seen,
        calls,
        http: reqwest::Client::new(),
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

fn rfc3339(secs: u64) -> String {
    let at = time::OffsetDateTime::from_unix_timestamp(i64::try_from(secs).unwrap_or_default())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn revocation(timestamp: Value) -> String {
    json!({
        "event": "bank.revocation",
        "timestamp": timestamp,
        "merchant_id": "m-1",
        "data": {
            "client_id": "c-1", "user_id": "user-1", "connection_id": "conn-1",
            "account_id": "acct-1", "status": "revoked", "somethingNew": {"x": 1}
        },
        "added_later": true
    })
    .to_string()
}

impl Hooks {
    /// Delivers `body` with `signature` (none when `None`).
    async fn deliver(&self, body: impl Into<reqwest::Body>, signature: Option<String>) -> u16 {
        let mut request = self
            .http
            .post(format!("{}/webhooks/aerosync", self.url))
            .header("content-type", "application/json")
            .header("user-agent", "Aerosync-Webhooks/1.0")
            .body(body);
        if let Some(signature) = signature {
            request = request.header(SIGNATURE_HEADER, signature);
        }
        match request.send().await {
            Ok(response) => response.status().as_u16(),
            Err(_) => 0,
        }
    }

    async fn deliver_signed(&self, body: &str) -> u16 {
        let signature = sign(&Secret::new(SECRET), body.as_bytes());
        self.deliver(body.to_owned(), Some(signature)).await
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }
}

#[tokio::test]
async fn a_valid_delivery_reaches_the_handler_once_per_delivery_typed() {
    let hooks = start(Behaviour::Succeed).await;
    let at = now_secs();
    let body = revocation(json!(rfc3339(at)));
    assert_eq!(hooks.deliver_signed(&body).await, 204);
    // Aerosync delivers at least once: the same delivery again reaches the
    // handler again (the handler keys on connection and time).
    assert_eq!(hooks.deliver_signed(&body).await, 204);
    assert_eq!(hooks.calls(), 2);
    let seen = hooks.seen.lock().map(|s| s.clone()).unwrap_or_default();
    let want = WebhookEvent::Revoked {
        connection_id: "conn-1".into(),
        account_id: Some("acct-1".into()),
        user_id: Some("user-1".into()),
        at: UNIX_EPOCH + Duration::from_secs(at),
    };
    assert_eq!(seen, vec![want.clone(), want]);

    // The job events, the test event and any other, each typed.
    for (event, data) in [
        ("job.balance", json!({"connection_id": "conn-2"})),
        ("job.transaction", json!({})),
        ("job.identity", json!({"connection_id": "conn-3"})),
        ("test.event", json!({})),
        ("job.statement", json!({"connection_id": "conn-4"})),
    ] {
        let body = json!({"event": event, "timestamp": now_secs(), "merchant_id": "m-1", "data": data}).to_string();
        assert_eq!(hooks.deliver_signed(&body).await, 204, "{event}");
    }
    let seen = hooks.seen.lock().map(|s| s.clone()).unwrap_or_default();
    let names: Vec<&str> = seen.iter().map(WebhookEvent::name).collect();
    assert_eq!(
        names,
        [
            "bank.revocation",
            "bank.revocation",
            "job.balance",
            "job.transaction",
            "job.identity",
            "test.event",
            "job.statement"
        ]
    );
    assert!(matches!(&seen[2], WebhookEvent::Balance { connection_id: Some(id), .. } if id == "conn-2"));
    assert!(matches!(
        &seen[3],
        WebhookEvent::Transaction {
            connection_id: None,
            ..
        }
    ));
    assert!(matches!(&seen[6], WebhookEvent::Other { event, .. } if event == "job.statement"));
    // The log names each event, with no id in full.
    let logs = support::logs();
    assert!(logs.contains("webhook received"), "{logs}");
    assert!(
        !logs.contains("conn-1\"") && !logs.contains("acct-1") && !logs.contains(SECRET),
        "{logs}"
    );
}

#[tokio::test]
async fn a_wrong_missing_or_stale_signature_is_refused_and_never_reaches_the_handler() {
    let hooks = start(Behaviour::Succeed).await;
    let body = revocation(json!(now_secs()));
    assert_eq!(hooks.deliver(body.clone(), None).await, 401, "no signature");
    let wrong = sign(&Secret::new("another-secret"), body.as_bytes());
    assert_eq!(hooks.deliver(body.clone(), Some(wrong)).await, 401, "another secret");
    let of_other_body = sign(&Secret::new(SECRET), b"{}");
    assert_eq!(
        hooks.deliver(body.clone(), Some(of_other_body)).await,
        401,
        "another body"
    );
    assert_eq!(
        hooks.deliver(body.clone(), Some("sha256=zz".into())).await,
        401,
        "not hex"
    );
    // A body changed after signing.
    let signed = sign(&Secret::new(SECRET), body.as_bytes());
    let tampered = body.replace("conn-1", "conn-9");
    assert_eq!(hooks.deliver(tampered, Some(signed)).await, 401, "tampered");
    // Signed, but older than the window (a replay), or far ahead of it.
    let stale = revocation(json!(now_secs() - 6 * 60));
    assert_eq!(hooks.deliver_signed(&stale).await, 401, "stale");
    let ahead = revocation(json!(rfc3339(now_secs() + 6 * 60)));
    assert_eq!(hooks.deliver_signed(&ahead).await, 401, "ahead");
    // Signed but not a delivery.
    for body in [
        "not json",
        r#"{"event":"bank.revocation"}"#,
        r#"{"event":"x","timestamp":"yesterday"}"#,
    ] {
        assert_eq!(hooks.deliver_signed(body).await, 400, "{body}");
    }
    let no_connection =
        json!({"event": "bank.revocation", "timestamp": now_secs(), "data": {"status": "revoked"}}).to_string();
    assert_eq!(hooks.deliver_signed(&no_connection).await, 400);
    assert_eq!(hooks.calls(), 0);
    let logs = support::logs();
    assert!(logs.contains("a webhook delivery was refused"), "{logs}");
}

#[tokio::test]
async fn a_ten_megabyte_body_is_refused() {
    let hooks = start(Behaviour::Succeed).await;
    let huge = format!(
        r#"{{"event":"test.event","timestamp":{},"data":{{"x":"{}"}}}}"#,
        now_secs(),
        "x".repeat(10 * 1024 * 1024)
    );
    let signature = sign(&Secret::new(SECRET), huge.as_bytes());
    let status = hooks.deliver(huge, Some(signature)).await;
    assert_eq!(status, 413);
    assert_eq!(hooks.calls(), 0);
}

#[tokio::test]
async fn a_failing_handler_gets_a_5xx_so_that_aerosync_delivers_again() {
    let hooks = start(Behaviour::Fail).await;
    assert_eq!(hooks.deliver_signed(&revocation(json!(now_secs()))).await, 500);
    assert_eq!(hooks.calls(), 1);
}

#[tokio::test]
async fn a_hanging_or_panicking_handler_gets_a_5xx_and_the_server_goes_on() {
    let hooks = start(Behaviour::Hang).await;
    let started = std::time::Instant::now();
    assert_eq!(hooks.deliver_signed(&revocation(json!(now_secs()))).await, 503);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());

    let hooks = start(Behaviour::Panic).await;
    assert_eq!(hooks.deliver_signed(&revocation(json!(now_secs()))).await, 500);
    let health = reqwest::get(format!("{}/healthz", hooks.url))
        .await
        .map(|r| r.status().as_u16());
    assert_eq!(health.ok(), Some(200));
    assert_eq!(hooks.deliver_signed(&revocation(json!(now_secs()))).await, 500);
    assert_eq!(hooks.calls(), 2);
}

/// The client for the webhook API, against the fake, at a base URL of its own.
async fn webhook_client() -> (fake::Running, Aerosync) {
    support::capture_logs();
    let upstream = fake::start().await;
    let mut config = config(&upstream.url);
    config.webhooks_url = Some(format!("{}/", upstream.url));
    let aerosync = Aerosync::new(config).expect("loopback URLs");
    (upstream, aerosync)
}

#[tokio::test]
async fn each_subscription_call_sends_what_aerosync_documents() {
    let (upstream, aerosync) = webhook_client().await;
    let subscription = aerosync
        .subscribe_webhook("https://example.test/webhooks/aerosync", Some(&Secret::new(SECRET)))
        .await
        .expect("subscribed");
    assert_eq!(subscription.id.as_deref(), Some("wh_1"));
    assert_eq!(subscription.status.as_deref(), Some("active"));
    let list = aerosync.list_webhooks().await.expect("listed");
    assert_eq!(list.len(), 2);
    assert_eq!(list[1].id.as_deref(), Some("wh_2"));
    assert_eq!(list[1].status.as_deref(), Some("paused"));
    aerosync.delete_webhook("wh_1").await.expect("deleted");

    let calls = upstream.fake.webhook_api_calls();
    assert_eq!(fake::methods_and_paths(&calls), fake::SUBSCRIBE_LIST_DELETE);
    for call in &calls {
        assert_eq!(call.authorization, "Bearer api-token-1", "{call:?}");
        assert_eq!(call.api_key, fake::KEY, "{call:?}");
    }
    let body: Value = serde_json::from_str(&calls[0].body).unwrap_or_default();
    assert_eq!(
        body,
        json!({"url": "https://example.test/webhooks/aerosync", "secret_key": SECRET})
    );
    assert_eq!(upstream.fake.token_calls.load(Ordering::SeqCst), 1);
    // No secret of the answers is kept.
    assert!(!format!("{subscription:?}{list:?}").contains("never-printed"));
}

#[tokio::test]
async fn the_webhook_api_must_be_https_or_loopback() {
    let mut settings = config("http://127.0.0.1:9");
    settings.webhooks_url = Some("http://api.sync.aero.inc".into());
    let error = Aerosync::new(settings).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("must be https"), "{error}");
}
