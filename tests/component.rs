//! The component mounted in headless Chromium against a fake backend and a
//! fake SDK (tests/support/fakes.js): every state a user can reach, the host
//! callbacks, and that nothing is left behind.
#![cfg(target_arch = "wasm32")]

mod support;

use aerosync_reconnect::ReconnectOptions;
use gloo_timers::future::TimeoutFuture;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn loading_shows_a_busy_message() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 400);
    let m = mount();
    m.wait_for_text("Checking your bank connection…").await;
    let section = m.root.query_selector("section").ok().flatten().expect("section");
    assert_eq!(section.get_attribute("aria-busy").as_deref(), Some("true"));
    m.wait_for_text("is connected").await;
}

#[wasm_bindgen_test]
async fn a_healthy_connection_says_it_is_connected() {
    let m = mount_on("ACTIVE", "1234");
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert!(m.button().is_none());
    for secret in [fixture_field("accountNumber"), fixture_field("routingNumber")] {
        assert!(!secret.is_empty() && !m.text().contains(&secret), "{secret}");
    }
    // The id went into the path percent-encoded.
    assert_eq!(requests()[0]["path"], ACCOUNTS);
}

#[wasm_bindgen_test]
async fn an_expired_connection_offers_reconnect_and_keeps_the_account() {
    let m = mount_on("EXPIRED", "1234");
    m.wait_for_text("Your connection to Chase Checking ••••1234 has expired.")
        .await;
    assert!(m.text().contains("stays linked here"));
    assert_eq!(m.button_label().as_deref(), Some("Reconnect your bank"));
    // Expired connections are not polled.
    TimeoutFuture::new(1_500).await;
    assert_eq!(requests().len(), 1);
}

#[wasm_bindgen_test]
async fn a_revoked_connection_gets_a_message_no_button_and_no_more_requests() {
    let m = mount_on("REVOKED_BY_USER", "1234");
    m.wait_for_text("You removed this connection at your bank, so we can't access this account anymore.")
        .await;
    assert!(m.button().is_none());
    TimeoutFuture::new(300).await;
    assert_eq!(requests().len(), 1);
    assert_eq!(widget_count(), 0);
}

#[wasm_bindgen_test]
async fn an_unknown_status_is_shown_as_such() {
    let m = mount_on("SOMETHING_NEW", "1234");
    m.wait_for_text("We can't show the status of Chase Checking ••••1234 right now.")
        .await;
    assert!(m.button().is_none());
}

#[wasm_bindgen_test]
async fn a_failed_status_request_offers_try_again() {
    fresh();
    for _ in 0..3 {
        respond("GET", ACCOUNTS, 500, r#"{"error":{"code":"X","message":"boom"}}"#, 0);
    }
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let m = mount();
    m.wait_for_text("We couldn't check your bank connection.").await;
    assert_eq!(requests().len(), 3, "the first attempt and two automatic retries");
    assert!(m.root.query_selector("[role=alert] p").ok().flatten().is_some());
    m.click("Try again");
    m.wait_for_text("has expired").await;
}

#[wasm_bindgen_test]
async fn the_button_is_busy_while_the_token_loads_and_one_widget_opens() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    respond("POST", "/widget-token", 200, r#"{"token":"wt-secret-1"}"#, 300);
    let m = mount();
    m.wait_for_text("has expired").await;
    let button = m.button().expect("button");
    button.click();
    button.click();
    m.wait_until("the button is disabled", || m.button().is_some_and(|b| b.disabled()))
        .await;
    let button = m.button().expect("button");
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    button.click();
    m.wait_until("the widget opens", overlay_present).await;
    TimeoutFuture::new(100).await;
    assert_eq!(widget_count(), 1);
    let token_requests: Vec<_> = requests()
        .into_iter()
        .filter(|r| r["path"] == "/widget-token")
        .collect();
    assert_eq!(token_requests.len(), 1);
    assert_eq!(token_requests[0]["method"], "POST");
    assert_eq!(token_requests[0]["accept"], "application/json");
    assert_eq!(token_requests[0]["contentType"], "application/json");
    let status_requests: Vec<_> = requests().into_iter().filter(|r| r["path"] == ACCOUNTS).collect();
    assert!(status_requests
        .iter()
        .all(|r| r["method"] == "GET" && r["accept"] == "application/json" && r["body"].is_null()));
    let body: serde_json::Value = serde_json::from_str(token_requests[0]["body"].as_str().unwrap_or("")).unwrap();
    assert_eq!(body, serde_json::json!({"aeroPassUserUuid": USER, "connectionId": ID}));
}

#[wasm_bindgen_test]
async fn the_widget_is_launched_for_this_connection_and_user() {
    let m = open_widget().await;
    let config: serde_json::Value = serde_json::from_str(&last_config()).unwrap();
    assert_eq!(config["connectionId"], ID);
    assert_eq!(config["aeroPassUserUuid"], USER);
    assert_eq!(config["token"], "wt-secret-1");
    assert_eq!(config["environment"], "sandbox");
    // The widget lives in the component's own host element.
    let host = config["elementId"].as_str().unwrap_or_default().to_owned();
    assert!(m
        .root
        .query_selector(&format!("#{host} #aerosync-widget"))
        .ok()
        .flatten()
        .is_some());
    assert!(!m.text().contains("wt-secret-1"));
}

#[wasm_bindgen_test]
async fn success_with_the_same_account_reconnects() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 300);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({"connectionId": ID})).unwrap());
    m.wait_for_text("Checking that Chase Checking ••••1234 is reconnected…")
        .await;
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert!(m.root.query_selector("[role=status] p").ok().flatten().is_some());
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
    assert_eq!(
        requests().iter().filter(|r| r["path"] == ACCOUNTS).count(),
        2,
        "the load and one check"
    );
    assert!(!overlay_present());
    assert_eq!(active_listeners(), 0);
}

#[wasm_bindgen_test]
async fn a_different_account_is_rejected_and_try_again_relaunches_for_the_same_connection() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({"connectionId": "conn-9876"})).unwrap());
    m.wait_for_text(
        "That's a different account. Please reconnect Chase Checking ••••1234, the account you originally linked.",
    )
    .await;
    assert_eq!(m.calls.all(), vec![format!("different {ID} stray Some(\"conn-9876\")")]);
    m.click("Try again");
    m.wait_until("a second widget", || widget_count() == 2 && overlay_present())
        .await;
    let config: serde_json::Value = serde_json::from_str(&last_config()).unwrap();
    assert_eq!(config["connectionId"], ID);
    assert_eq!(active_listeners(), 1);
}

#[wasm_bindgen_test]
async fn a_multi_account_success_naming_another_connection_is_a_different_account() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let payload = serde_json::json!({
        "accounts": [{"connectionId": "conn-5555", "accountType": "SAVINGS", "accountNumberDisplay": "5555"}],
        "clientName": "Chase",
        "aeroPassUserUuid": USER,
    });
    // A plain object, as the SDK hands it over.
    widget_succeed(js_sys::JSON::parse(&payload.to_string()).unwrap());
    m.wait_for_text(
        "That's a different account. Please reconnect Chase Checking ••••1234, the account you originally linked.",
    )
    .await;
    assert_eq!(m.calls.all(), vec![format!("different {ID} stray Some(\"conn-5555\")")]);
}

#[wasm_bindgen_test]
async fn a_multi_account_success_that_names_this_connection_is_checked_with_the_backend() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 0);
    let payload = serde_json::json!({
        "accounts": [
            {"connectionId": "conn-5555", "accountType": "SAVINGS", "accountNumberDisplay": "5555"},
            {"connectionId": ID, "accountType": "CHECKING", "accountNumberDisplay": "1234"},
        ],
    });
    widget_succeed(js_sys::JSON::parse(&payload.to_string()).unwrap());
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
}

#[wasm_bindgen_test]
async fn a_success_payload_given_as_json_text_is_read_as_the_object() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 0);
    widget_succeed(wasm_bindgen::JsValue::from_str(
        r#"{"connectionId":"conn-7777","clientName":"Chase"}"#,
    ));
    m.wait_for_text(
        "That's a different account. Please reconnect Chase Checking ••••1234, the account you originally linked.",
    )
    .await;
    assert_eq!(m.calls.all(), vec![format!("different {ID} stray Some(\"conn-7777\")")]);
}

#[wasm_bindgen_test]
async fn a_success_payload_of_another_shape_is_no_hint_and_the_backend_decides() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 0);
    let payload = serde_json::json!({"accounts": "not a list", "connectionId": 42});
    widget_succeed(js_sys::JSON::parse(&payload.to_string()).unwrap());
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
}

#[wasm_bindgen_test]
async fn closing_the_widget_early_returns_to_expired() {
    let m = open_widget().await;
    widget_close();
    m.wait_for_text("still disconnected").await;
    assert!(m.text().contains("has expired"));
    assert_eq!(m.button_label().as_deref(), Some("Reconnect your bank"));
    assert_eq!(m.calls.all(), vec!["closed".to_owned()]);
    assert!(!overlay_present());
    assert_eq!(active_listeners(), 0);
    assert!(!global_widget_set());
    // Keyboard users land on the button again, not on the page's body.
    wait_for_focus_on(&m, "Reconnect your bank").await;
}

#[wasm_bindgen_test]
async fn a_widget_error_shows_its_message_not_the_raw_string() {
    let m = open_widget().await;
    widget_error("POLLING_TIMEOUT | Code: AR-100 | Message: No response received from the user within the expected time frame. Please try again later.");
    m.wait_for_text("No response received from the user within the expected time frame. Please try again later.")
        .await;
    assert!(!m.text().contains("POLLING_TIMEOUT"));
    assert!(m.text().contains("AR-100"));
    // The screen names the account.
    assert!(m.text().contains("Chase Checking ••••1234 is still disconnected."));
    assert_eq!(m.button_label().as_deref(), Some("Try again"));
    assert!(!overlay_present());
    assert_eq!(active_listeners(), 0);
}

#[wasm_bindgen_test]
async fn still_expired_after_success_is_rechecked_then_reported() {
    let m = open_widget().await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({"connectionId": ID})).unwrap());
    m.wait_for_text("Checking that Chase Checking ••••1234 is reconnected…")
        .await;
    for _ in 0..400 {
        if m.text().contains("is still expired") {
            break;
        }
        TimeoutFuture::new(20).await;
    }
    assert!(
        m.text()
            .contains("Your connection to Chase Checking ••••1234 is still expired."),
        "{}",
        m.text()
    );
    let checks = requests().iter().filter(|r| r["path"] == ACCOUNTS).count();
    assert_eq!(checks, 5, "the first load, the check after success and three rechecks");
}

#[wasm_bindgen_test]
async fn a_token_failure_is_shown_with_try_again() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    respond("POST", "/widget-token", 200, r#"{"token":""}"#, 0);
    let m = mount();
    m.wait_for_text("has expired").await;
    m.click("Reconnect your bank");
    m.wait_for_text("the server gave no widget token").await;
    assert_eq!(m.button_label().as_deref(), Some("Try again"));
    assert_eq!(widget_count(), 0);
}

#[wasm_bindgen_test]
async fn an_sdk_that_cannot_load_is_a_clear_error() {
    let options = ReconnectOptions {
        sdk_module: Some("/no-such-sdk.js".into()),
        ..ReconnectOptions::default()
    };
    let m = reconnect_with(options, "ok").await;
    m.wait_for_text("We couldn't load the Aerosync widget.").await;
    assert!(m.text().contains("Chase Checking ••••1234 is still disconnected."));
    assert_eq!(m.button_label().as_deref(), Some("Try again"));
}

#[wasm_bindgen_test]
async fn an_sdk_whose_launch_throws_is_a_clear_error() {
    let m = reconnect_with(ReconnectOptions::default(), "launch-throws").await;
    m.wait_for_text("The Aerosync widget couldn't be opened.").await;
    assert_eq!(active_listeners(), 0);
}

#[wasm_bindgen_test]
async fn unmounting_with_the_widget_open_leaves_nothing_behind() {
    let mut m = open_widget().await;
    assert_eq!(active_listeners(), 1);
    m.unmount();
    assert!(!overlay_present());
    assert_eq!(active_listeners(), 0);
    assert!(!global_widget_set());
}

#[wasm_bindgen_test]
async fn unmounting_during_the_status_request_aborts_it() {
    unmount_during_the_status_request(mount).await;
}

#[wasm_bindgen_test]
async fn a_second_component_opening_its_widget_closes_the_first_ones() {
    let first = open_widget().await;
    // The second component reuses the same fake routes.
    let second = mount();
    second.wait_for_text("has expired").await;
    second.click("Reconnect your bank");
    second
        .wait_until("the second widget opens", || widget_count() == 2)
        .await;
    first.wait_for_text("still disconnected").await;
    assert_eq!(first.button_label().as_deref(), Some("Reconnect your bank"));
    assert_eq!(first.calls.all(), vec!["closed".to_owned()]);
    assert_eq!(active_listeners(), 1, "only the second widget listens");
    assert!(second.text().contains("Finish reconnecting in the Aerosync window."));
}

#[wasm_bindgen_test]
async fn the_focus_moves_into_the_widget_when_it_opens() {
    let m = open_widget().await;
    m.wait_until("the widget's iframe has the focus", || {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|e| e.tag_name().eq_ignore_ascii_case("iframe"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_account_label_is_isolated_from_the_sentence_around_it() {
    let m = mount_on("EXPIRED", "1234");
    m.wait_for_text("has expired").await;
    let isolated = m
        .root
        .query_selector(".aerosync-reconnect__headline bdi")
        .ok()
        .flatten()
        .and_then(|b| b.text_content());
    assert_eq!(isolated.as_deref(), Some("Chase Checking ••••1234"));
}

#[wasm_bindgen_test]
async fn the_hosts_classes_follow_its_signal_and_the_components_own_stay() {
    use aerosync_reconnect::{Environment, ReconnectBank};
    use leptos::prelude::*;
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let class = RwSignal::new("bank-row".to_owned());
    let m = mount_view(move |_| {
        view! {
            <ReconnectBank
                api_base="/fake-api"
                connection_id=ID
                aero_pass_user_uuid=USER
                environment=Environment::Sandbox
                class=class
            />
        }
    });
    m.wait_for_text("has expired").await;
    let section = m.root.query_selector("section").ok().flatten().expect("section");
    assert_eq!(
        section.get_attribute("class").as_deref(),
        Some("aerosync-reconnect bank-row")
    );
    class.set("  bank-row wide ".to_owned());
    m.wait_until("the classes change", || {
        section.get_attribute("class").as_deref() == Some("aerosync-reconnect bank-row wide")
    })
    .await;
    class.set(String::new());
    m.wait_until("the host's classes go", || {
        section.get_attribute("class").as_deref() == Some("aerosync-reconnect")
    })
    .await;
    // The screen did not change with them.
    assert_eq!(m.button_label().as_deref(), Some("Reconnect your bank"));
}
