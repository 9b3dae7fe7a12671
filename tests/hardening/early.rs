//! The status request a page starts before the component loads (README,
//! "Start the status request early"): its answer is taken once, for the same
//! URL, while fresh; anything else falls back to the component's own request.
//!
//! A module of the hardening tests, so that it shares their test binary.

use aerosync_reconnect::ReconnectOptions;
use wasm_bindgen_test::*;

use crate::support::*;

fn status_requests() -> usize {
    requests().iter().filter(|r| r["path"] == ACCOUNTS).count()
}

/// With `early` left by the page, the component on a backend that answers
/// "expired" shows that answer, after exactly one request of its own.
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
async fn a_failed_early_request_is_retried_by_the_component() {
    the_component_asks_itself(ReconnectOptions::default(), || set_early(ACCOUNTS, EARLY_FAILED, "", 0)).await;
}

#[wasm_bindgen_test]
async fn after_an_early_error_answer_the_component_asks_at_once() {
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
async fn an_early_answer_of_another_shape_is_retried_by_the_component() {
    // A page that stored the fetch's Response itself instead of its parts.
    the_component_asks_itself(ReconnectOptions::default(), || {
        set_early(ACCOUNTS, EARLY_WRONG_SHAPE, &account("REVOKED_BY_USER", "1234"), 0)
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_early_answer_for_another_connection_is_left_alone() {
    the_component_asks_itself(ReconnectOptions::default(), || {
        set_early("/accounts/someone-else", 200, &account("REVOKED_BY_USER", "9999"), 0)
    })
    .await;
    assert_eq!(early_left(), 1);
}
