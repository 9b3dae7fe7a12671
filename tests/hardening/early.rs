//! The status request a page starts before the component loads (README,
//! "Start the status request early"): its answer is taken once, for the same
//! URL, while fresh, and whatever came of it is the component's first attempt
//! (the retry policy counts it and honours its `Retry-After`); a stale one
//! or none, and the component asks itself.
//!
//! A module of the hardening tests, so that it shares their test binary.

use aerosync_reconnect::ReconnectOptions;
use wasm_bindgen_test::*;

use crate::support::*;

fn status_requests() -> usize {
    requests().iter().filter(|r| r["path"] == ACCOUNTS).count()
}

/// With `early` left by the page, the component on a backend that answers
/// "expired" shows that answer, after exactly one request of its own (a
/// retry, or its first attempt).
async fn the_component_asks_itself(options: ReconnectOptions, early: impl FnOnce()) {
    fresh();
    early();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let m = mount_with(options);
    m.wait_for_text("has expired").await;
    assert_eq!(status_requests(), 1);
}

#[wasm_bindgen_test]
async fn an_early_answer_is_shown_without_a_second_request() {
    fresh();
    set_early(ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let m = mount();
    m.wait_for_text("Your connection to Chase Checking ••••1234 has expired.")
        .await;
    assert_eq!(status_requests(), 0);
    assert_eq!(early_left(), 0, "taken");
}

#[wasm_bindgen_test]
async fn an_early_answer_is_taken_once() {
    fresh();
    set_early(ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let mut first = mount();
    first.wait_for_text("has expired").await;
    first.unmount();
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 0);
    let second = mount();
    second.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert_eq!(status_requests(), 1);
}

#[wasm_bindgen_test]
async fn a_stale_early_answer_is_not_used() {
    fresh();
    set_early(ACCOUNTS, 200, &account("EXPIRED", "1234"), 11_000);
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 0);
    let m = mount();
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert_eq!(status_requests(), 1);
}

#[wasm_bindgen_test]
async fn a_failed_early_request_is_the_first_attempt_and_is_retried() {
    the_component_asks_itself(ReconnectOptions::default(), || set_early(ACCOUNTS, EARLY_FAILED, "", 0)).await;
}

#[wasm_bindgen_test]
async fn an_early_503_is_the_first_attempt_and_is_retried() {
    the_component_asks_itself(ReconnectOptions::default(), || set_early(ACCOUNTS, 503, "", 0)).await;
}

#[wasm_bindgen_test]
async fn an_early_answer_that_never_comes_is_given_up_after_the_timeout() {
    let options = ReconnectOptions {
        timeout_ms: 300,
        ..ReconnectOptions::default()
    };
    the_component_asks_itself(options, || set_early(ACCOUNTS, EARLY_NEVER, "", 0)).await;
}

#[wasm_bindgen_test]
async fn an_early_answer_of_another_shape_is_the_first_attempt_and_is_retried() {
    the_component_asks_itself(ReconnectOptions::default(), || {
        set_early(ACCOUNTS, EARLY_OTHER_SHAPE, "", 0)
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_response_the_page_kept_whole_is_taken_too() {
    fresh();
    set_early(ACCOUNTS, EARLY_RESPONSE, &account("REVOKED_BY_USER", "1234"), 0);
    let m = mount();
    m.wait_for_text("You removed this connection at your bank").await;
    assert_eq!(status_requests(), 0);
}

#[wasm_bindgen_test]
async fn an_early_answer_for_another_connection_is_left_alone() {
    the_component_asks_itself(ReconnectOptions::default(), || {
        set_early("/accounts/someone-else", 200, &account("REVOKED_BY_USER", "9999"), 0)
    })
    .await;
    assert_eq!(early_left(), 1);
}

#[wasm_bindgen_test]
async fn an_early_429_is_retried_only_after_its_retry_after() {
    fresh();
    let mounted_at = now();
    set_early_retry_after(ACCOUNTS, 429, "", 0, "1");
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    let m = mount();
    m.wait_for_text("has expired").await;
    let log = requests();
    let asked = log
        .iter()
        .find(|r| r["path"] == ACCOUNTS)
        .and_then(|r| r["at"].as_f64());
    let waited = asked.unwrap_or_default() - mounted_at;
    assert_eq!(status_requests(), 1);
    assert!(
        waited >= 1_000.0,
        "asked {waited} ms after the start, inside Retry-After: 1"
    );
}

#[wasm_bindgen_test]
async fn an_early_404_shows_without_a_request_of_the_components_own() {
    fresh();
    set_early(ACCOUNTS, 404, r#"{"error":{"code":"AC-102","message":"x"}}"#, 0);
    let m = mount();
    m.wait_for_text("We couldn't find this bank connection.").await;
    assert_eq!(status_requests(), 0, "a 404 is not retried");
}

#[wasm_bindgen_test]
async fn an_offline_start_makes_no_more_requests_than_the_retry_policy_allows() {
    fresh();
    set_early(ACCOUNTS, EARLY_FAILED, "", 0);
    respond("GET", ACCOUNTS, 503, "", 0);
    let m = mount();
    m.wait_for_text("Try again").await;
    // The early request and two retries: three attempts in all.
    assert_eq!(status_requests(), 2);
}
