//! The expiry warning in headless Chromium, with the clock fixed: a healthy
//! connection whose access ends within the window shows the date and a
//! "Reconnect now" button that runs the widget flow and the account check.
#![cfg(target_arch = "wasm32")]

mod support;

use aerosync_reconnect::{Clock, ReconnectOptions, Texts};
use gloo_timers::future::TimeoutFuture;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const EXPIRY: &str = "2027-01-02T15:47:48Z";
/// 2026-12-30T15:47:48Z: three days before the expiry.
const THREE_DAYS_BEFORE: f64 = 1_798_645_668_000.0;
/// 2027-01-05T15:47:48Z: three days after it.
const THREE_DAYS_AFTER: f64 = 1_799_164_068_000.0;

fn at(now: f64) -> ReconnectOptions {
    ReconnectOptions {
        clock: Clock::fixed(now),
        ..ReconnectOptions::default()
    }
}

async fn warned(options: ReconnectOptions) -> Mounted {
    fresh();
    respond(
        "GET",
        ACCOUNTS,
        200,
        &account_expiring("ACTIVE", "1234", Some(EXPIRY)),
        0,
    );
    token_ok();
    let m = mount_with(options);
    m.wait_until("the status shows", || !m.text().contains("…")).await;
    m
}

#[wasm_bindgen_test]
async fn access_ending_within_the_window_shows_its_date_and_reconnect_now() {
    let m = warned(at(THREE_DAYS_BEFORE)).await;
    m.wait_for_text("Access to your bank ends on January 2, 2027. Reconnect now to keep it working.")
        .await;
    assert_eq!(m.button_label().as_deref(), Some("Reconnect now"));
    assert!(!m.text().contains("expired"));
}

#[wasm_bindgen_test]
async fn reconnect_now_runs_the_widget_flow_and_shows_the_new_expiry() {
    let m = warned(at(THREE_DAYS_BEFORE)).await;
    m.click("Reconnect now");
    m.wait_until("the widget opens", overlay_present).await;
    let config: serde_json::Value = serde_json::from_str(&last_config()).unwrap_or_default();
    assert_eq!(config["connectionId"], ID);
    assert!(
        m.text().contains("is connected"),
        "still connected while the widget is open"
    );
    respond(
        "GET",
        ACCOUNTS,
        200,
        &account_expiring("ACTIVE", "1234", Some("2027-04-02T15:47:48Z")),
        0,
    );
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text("Access to your bank now runs until April 2, 2027.")
        .await;
    assert!(m.button().is_none());
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
}

#[wasm_bindgen_test]
async fn reconnect_now_still_checks_the_account() {
    let m = warned(at(THREE_DAYS_BEFORE)).await;
    m.click("Reconnect now");
    m.wait_until("the widget opens", overlay_present).await;
    respond(
        "GET",
        ACCOUNTS,
        200,
        &account_expiring("ACTIVE", "9876", Some(EXPIRY)),
        0,
    );
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text("That's a different account. Please reconnect Chase Checking ••••1234")
        .await;
}

#[wasm_bindgen_test]
async fn closing_the_widget_early_returns_to_the_warning() {
    let m = warned(at(THREE_DAYS_BEFORE)).await;
    m.click("Reconnect now");
    m.wait_until("the widget opens", overlay_present).await;
    widget_close();
    m.wait_for_text("Access to your bank ends on January 2, 2027.").await;
    assert!(!overlay_present());
    assert_eq!(m.button_label().as_deref(), Some("Reconnect now"));
    assert!(m.button().is_some_and(|b| !b.disabled()));
    assert!(!m.text().contains("expired"));
    assert_eq!(m.calls.all(), vec!["closed".to_owned()]);
}

#[wasm_bindgen_test]
async fn a_failed_renewal_says_the_account_is_still_connected() {
    let m = warned(at(THREE_DAYS_BEFORE)).await;
    m.click("Reconnect now");
    m.wait_until("the widget opens", overlay_present).await;
    widget_error("SERVER_ERROR | Code: AR-500 | Message: Something went wrong.");
    m.wait_for_text("Chase Checking ••••1234 is still connected for now.")
        .await;
    assert_eq!(m.button_label().as_deref(), Some("Try again"));
}

#[wasm_bindgen_test]
async fn an_expiry_already_past_is_a_warning_while_the_backend_says_connected() {
    let m = warned(at(THREE_DAYS_AFTER)).await;
    m.wait_for_text("Access to your bank ended on January 2, 2027. Reconnect now to keep it working.")
        .await;
    assert_eq!(m.button_label().as_deref(), Some("Reconnect now"));
    assert!(!m.text().contains("has expired"));
}

#[wasm_bindgen_test]
async fn no_warning_outside_the_window_when_turned_off_or_without_a_readable_expiry() {
    let far = 1_767_368_868_000.0; // a year before the expiry
    let m = warned(at(far)).await;
    TimeoutFuture::new(100).await;
    assert!(m.button().is_none() && !m.text().contains("Access"), "{}", m.text());
    drop(m);

    let m = warned(ReconnectOptions {
        expiry_warning_days: 0,
        ..at(THREE_DAYS_BEFORE)
    })
    .await;
    TimeoutFuture::new(100).await;
    assert!(m.button().is_none(), "{}", m.text());
    drop(m);

    for expiry in [None, Some("soon"), Some("2027-13-45T00:00:00Z"), Some("")] {
        fresh();
        respond("GET", ACCOUNTS, 200, &account_expiring("ACTIVE", "1234", expiry), 0);
        let m = mount_with(at(THREE_DAYS_BEFORE));
        m.wait_for_text("Chase Checking ••••1234 is connected").await;
        TimeoutFuture::new(100).await;
        assert!(m.button().is_none(), "{expiry:?}: {}", m.text());
        assert!(m.root.query_selector("[role=alert] p").ok().flatten().is_none());
    }
}

#[wasm_bindgen_test]
async fn the_date_is_written_for_the_texts_language() {
    let m = warned(ReconnectOptions {
        texts: Texts::spanish(),
        ..at(THREE_DAYS_BEFORE)
    })
    .await;
    m.wait_for_text("El acceso a tu banco termina el 2 de enero de 2027.")
        .await;
    assert_eq!(m.button_label().as_deref(), Some("Volver a conectar ahora"));
}

#[wasm_bindgen_test]
async fn a_language_the_browser_rejects_still_gets_the_date() {
    let mut options = at(THREE_DAYS_BEFORE);
    options.texts.lang = "not a language tag".into();
    let m = warned(options).await;
    m.wait_for_text("Access to your bank ends on 2027-01-02. Reconnect now to keep it working.")
        .await;
}
