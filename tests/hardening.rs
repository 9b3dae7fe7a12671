//! Bad inputs in a real browser: what the backend, the SDK and the user can
//! throw at the component, and the defined state each one leads to
//! (docs/hardening.md lists them).
#![cfg(target_arch = "wasm32")]

#[path = "hardening/early.rs"]
mod early;
mod support;

use aerosync_reconnect::{Environment, ReconnectBank, ReconnectOptions};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use support::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const UNREADABLE: &str = "The server sent an answer we couldn't read. Please try again later.";

fn payload(value: serde_json::Value) -> JsValue {
    serde_wasm_bindgen::to_value(&value).unwrap_or(JsValue::NULL)
}

fn paths() -> Vec<String> {
    requests()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap_or(""),
                r["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

async fn status_error_shows(status: u16, body: &str, message: &str, attempts: usize) {
    fresh();
    respond("GET", ACCOUNTS, status, body, 0);
    let m = mount();
    m.wait_for_text(message).await;
    assert_eq!(requests().len(), attempts, "{status}: attempts");
    assert_eq!(m.button_label().as_deref(), Some("Try again"), "{status}");
}

#[wasm_bindgen_test]
async fn client_errors_show_at_once_without_retrying() {
    let cases = [
        (400, "The server couldn't handle this request."),
        (
            401,
            "The server refused to show this bank connection. Please sign in again.",
        ),
        (
            403,
            "The server refused to show this bank connection. Please sign in again.",
        ),
        (404, "We couldn't find this bank connection."),
    ];
    for (status, message) in cases {
        status_error_shows(status, r#"{"error":{"code":"AC-100","message":"x"}}"#, message, 1).await;
    }
}

#[wasm_bindgen_test]
async fn server_errors_are_retried_twice_then_shown() {
    for status in [500, 502, 503] {
        status_error_shows(
            status,
            "<html><body>Bad gateway</body></html>",
            "The server had a problem checking your bank connection. Please try again.",
            3,
        )
        .await;
    }
}

#[wasm_bindgen_test]
async fn too_many_requests_waits_as_long_as_retry_after_says() {
    fresh();
    respond_with_headers("GET", ACCOUNTS, 429, "", r#"{"Retry-After": "1"}"#);
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let m = mount();
    m.wait_for_text("has expired").await;
    let log = requests();
    assert_eq!(log.len(), 2);
    let waited = log[1]["at"].as_f64().unwrap_or(0.0) - log[0]["at"].as_f64().unwrap_or(0.0);
    assert!(waited >= 950.0, "retried after {waited} ms");
}

#[wasm_bindgen_test]
async fn a_long_retry_after_is_not_waited_for() {
    fresh();
    respond_with_headers("GET", ACCOUNTS, 429, "", r#"{"Retry-After": "120"}"#);
    let m = mount();
    m.wait_for_text("Too many requests right now. Please wait a moment and try again.")
        .await;
    assert_eq!(requests().len(), 1);
}

#[wasm_bindgen_test]
async fn ac_104_means_reconnect() {
    fresh();
    respond(
        "GET",
        ACCOUNTS,
        400,
        r#"{"error":{"code":"AC-104","message":"We are having issues connecting to your bank."}}"#,
        0,
    );
    let m = mount();
    m.wait_for_text("Your connection to your bank account has expired.")
        .await;
    assert_eq!(m.button_label().as_deref(), Some("Reconnect your bank"));
}

#[wasm_bindgen_test]
async fn unreadable_answers_are_not_retried_and_say_so() {
    for body in [
        "",
        "<!doctype html><h1>Oops</h1>",
        "{\"account\":",
        "[1,2]",
        r#"{"status":"success"}"#,
        r#"{"account":null}"#,
    ] {
        fresh();
        respond("GET", ACCOUNTS, 200, body, 0);
        let m = mount();
        m.wait_for_text(UNREADABLE).await;
        assert_eq!(requests().len(), 1, "{body:?}");
    }
}

#[wasm_bindgen_test]
async fn missing_and_null_fields_still_give_a_screen() {
    fresh();
    respond(
        "GET",
        ACCOUNTS,
        200,
        r#"{"account":{"accountNickname":null,"accountType":"checking","connectionStatus":" expired "}}"#,
        0,
    );
    let m = mount();
    m.wait_for_text("Your connection to Checking account has expired.")
        .await;
}

#[wasm_bindgen_test]
async fn a_one_megabyte_answer_is_handled() {
    fresh();
    let padding = "x".repeat(1 << 20);
    let body = serde_json::json!({
        "padding": padding,
        "account": {"accountNickname": "Chase Checking", "accountNumberDisplay": "1234", "connectionStatus": "EXPIRED"}
    })
    .to_string();
    respond("GET", ACCOUNTS, 200, &body, 0);
    let m = mount();
    m.wait_for_text("Your connection to Chase Checking ••••1234 has expired.")
        .await;
    assert!(m.text().len() < 1_000);

    fresh();
    respond("GET", ACCOUNTS, 200, &"{".repeat(1 << 20), 0);
    let m = mount();
    m.wait_for_text(UNREADABLE).await;
}

#[wasm_bindgen_test]
async fn an_answer_that_never_arrives_is_abandoned_retried_then_shown() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 60_000);
    let m = mount_with(ReconnectOptions {
        timeout_ms: 300,
        ..ReconnectOptions::default()
    });
    m.wait_for_text("The server took too long to answer. Please try again.")
        .await;
    assert_eq!(requests().len(), 3);
    assert_eq!(aborted_count(), 3, "every abandoned attempt was aborted");
}

#[wasm_bindgen_test]
async fn with_the_default_timeout_a_silent_backend_shows_an_error_within_thirty_seconds() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 120_000);
    let m = mount();
    m.wait_for_text_within("The server took too long to answer. Please try again.", 30_000)
        .await;
    assert!(requests().len() >= 2, "the abandoned attempt was retried");
    assert_eq!(aborted_count() as usize, requests().len());
}

#[wasm_bindgen_test]
async fn the_network_going_away_is_retried_then_shown() {
    fresh();
    respond_network_error("GET", ACCOUNTS);
    let m = mount();
    m.wait_for_text("We couldn't reach the server. Check your internet connection and try again.")
        .await;
    assert_eq!(requests().len(), 3);
    // The network comes back.
    reset_to_expired_answer();
    m.click("Try again");
    m.wait_for_text("has expired").await;
}

#[wasm_bindgen_test]
async fn a_backend_url_the_browser_rejects_is_a_network_error() {
    fresh();
    // Credentials in a request URL make the browser refuse to build it.
    let m = mount_view(|_| {
        view! {
            <ReconnectBank
                api_base="https://user:secret@example.invalid/api"
                connection_id=ID
                aero_pass_user_uuid=USER
                environment=Environment::Sandbox
            />
        }
    });
    m.wait_for_text("We couldn't reach the server. Check your internet connection and try again.")
        .await;
    assert!(requests().is_empty(), "nothing was sent");
    assert!(!m.text().contains("secret"));
}

/// Replaces the network error route with a good answer.
fn reset_to_expired_answer() {
    reset();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
}

#[wasm_bindgen_test]
async fn a_failing_token_request_is_shown_with_try_again() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    respond("POST", "/widget-token", 503, "", 0);
    let m = mount();
    m.wait_for_text("has expired").await;
    m.click("Reconnect your bank");
    m.wait_for_text("The server had a problem").await;
    assert_eq!(paths().iter().filter(|p| p.as_str() == "POST /widget-token").count(), 3);
    assert_eq!(widget_count(), 0);
    assert_eq!(m.button_label().as_deref(), Some("Try again"));
}

#[wasm_bindgen_test]
async fn an_sdk_without_init_is_a_clear_error() {
    let options = ReconnectOptions {
        sdk_module: Some(module_without_init()),
        ..ReconnectOptions::default()
    };
    let m = reconnect_with(options, "ok").await;
    m.wait_for_text("The Aerosync widget is unavailable right now. Please try again later.")
        .await;
}

#[wasm_bindgen_test]
async fn an_init_that_throws_is_a_clear_error() {
    let m = reconnect_with(ReconnectOptions::default(), "init-throws").await;
    m.wait_for_text("The Aerosync widget couldn't be opened. Please try again.")
        .await;
    assert!(!overlay_present());
}

#[wasm_bindgen_test]
async fn a_success_without_a_usable_id_is_decided_by_the_backend() {
    for sent in [
        serde_json::json!({}),
        serde_json::json!({"connectionId": ""}),
        serde_json::json!(42),
        serde_json::json!("nonsense"),
    ] {
        let m = open_widget().await;
        respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 0);
        widget_succeed(payload(sent.clone()));
        m.wait_for_text("Chase Checking ••••1234 is connected").await;
        assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")], "{sent}");
    }
}

#[wasm_bindgen_test]
async fn a_success_without_an_id_and_a_still_expired_backend_is_not_accepted() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    widget_succeed(JsValue::NULL);
    m.wait_for_text("Checking that Chase Checking ••••1234 is reconnected…")
        .await;
    TimeoutFuture::new(300).await;
    assert!(!m.text().contains("is connected"));
    assert!(m.calls.all().is_empty());
}

#[wasm_bindgen_test]
async fn error_strings_in_other_forms_get_a_generic_message() {
    let m = open_widget().await;
    widget_error("something broke: token=wt-secret-1");
    m.wait_for_text("The bank connection window ran into a problem. Your account is still disconnected.")
        .await;
    assert!(!m.text().contains("wt-secret-1"));
    assert!(m.calls.all().iter().all(|c| !c.contains("wt-secret-1")));
}

#[wasm_bindgen_test]
async fn close_after_success_and_doubled_callbacks_count_once() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 100);
    let sent = payload(serde_json::json!({ "connectionId": ID }));
    widget_succeed(sent.clone());
    widget_succeed(sent);
    widget_close();
    widget_error("X | Code: A-1 | Message: late");
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    TimeoutFuture::new(200).await;
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
    assert_eq!(
        paths().iter().filter(|p| p.starts_with("GET")).count(),
        2,
        "one load, one check: {:?}",
        requests()
    );
    assert!(!m.text().contains("late"));
}

#[wasm_bindgen_test]
async fn try_again_clicked_repeatedly_sends_one_request() {
    fresh();
    respond("GET", ACCOUNTS, 404, "", 0);
    let m = mount();
    m.wait_for_text("We couldn't find this bank connection.").await;
    let button = m.button().expect("Try again");
    button.click();
    button.click();
    button.click();
    TimeoutFuture::new(200).await;
    assert_eq!(requests().len(), 2);
}

#[wasm_bindgen_test]
async fn unmounting_during_the_token_request_aborts_it_and_opens_nothing() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    respond("POST", "/widget-token", 200, r#"{"token":"wt-secret-1"}"#, 2_000);
    let mut m = mount();
    m.wait_for_text("has expired").await;
    m.click("Reconnect your bank");
    m.wait_until("the token request is sent", || requests().len() == 2)
        .await;
    m.unmount();
    TimeoutFuture::new(50).await;
    assert_eq!(aborted_count(), 1);
    assert_eq!(widget_count(), 0);
}

#[wasm_bindgen_test]
async fn outside_text_is_rendered_as_text() {
    fresh();
    let body = serde_json::json!({"account": {
        "accountNickname": "<img src=x onerror=alert(1)>", "accountNumberDisplay": "1234", "connectionStatus": "EXPIRED"
    }})
    .to_string();
    respond("GET", ACCOUNTS, 200, &body, 0);
    token_ok();
    let m = mount();
    m.wait_for_text("Your connection to <img src=x onerror=alert(1)> ••••1234 has expired.")
        .await;
    m.click("Reconnect your bank");
    m.wait_until("the widget opens", overlay_present).await;
    widget_error("X | Code: A-1 | Message: <b onmouseover=alert(2)>bold</b>");
    m.wait_for_text("<b onmouseover=alert(2)>bold</b>").await;
    TimeoutFuture::new(200).await;
    assert!(m.root.query_selector("img, b").ok().flatten().is_none());
    assert!(!alerted());
}

#[wasm_bindgen_test]
async fn sensitive_fields_never_reach_the_page_or_the_host() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "9876"), 0);
    widget_succeed(payload(serde_json::json!({ "connectionId": "conn-9876" })));
    m.wait_for_text("That's a different account.").await;
    let html = m.root.outer_html();
    let secrets = [
        fixture_field("accountNumber"),
        fixture_field("routingNumber"),
        "wt-secret-1".into(),
    ];
    for secret in &secrets {
        assert!(secret.len() >= 9, "the fixture has its sensitive fields");
        assert!(!html.contains(secret.as_str()), "{secret} in the DOM");
        assert!(
            m.calls.all().iter().all(|c| !c.contains(secret.as_str())),
            "{secret} in a callback"
        );
    }
    // Every later request is still about the original connection.
    m.click("Try again");
    m.wait_until("a second widget", || widget_count() == 2).await;
    for request in requests() {
        match request["path"].as_str() {
            Some("/widget-token") => assert!(request["body"]
                .as_str()
                .unwrap_or("")
                .contains("\"connectionId\":\"conn/1 a\"")),
            path => assert_eq!(path, Some(ACCOUNTS)),
        }
    }
}
