//! A UI of the host's own, built on `use_reconnect` alone: its own markup and
//! button go through the whole happy path in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod support;

use aerosync_reconnect::{use_reconnect, Environment, ReconnectError, UseReconnectOptions};
use leptos::prelude::*;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn custom_ui(calls: Calls) -> impl IntoView {
    let (on_ok, on_error) = (calls.clone(), calls);
    let flow = use_reconnect(
        "/fake-api",
        ID,
        USER,
        Environment::Sandbox,
        UseReconnectOptions::default()
            .on_reconnected(move |id: String| on_ok.push(format!("reconnected {id}")))
            .on_error(move |e: ReconnectError| on_error.push(format!("error {}", e.kind()))),
    );
    let screen = flow.screen;
    view! {
        <article class="my-bank">
            <h3 class="my-bank__title">{move || flow.account_label.get().unwrap_or_else(|| "…".into())}</h3>
            <p class="my-bank__state">{move || screen.get().headline.to_string()}</p>
            <p class="my-bank__busy">{move || if flow.busy.get() { "working" } else { "idle" }}</p>
            {move || {
                screen
                    .get()
                    .action
                    .map(|action| {
                        view! {
                            <button
                                class="my-bank__fix"
                                node_ref=flow.action_button
                                disabled=action.busy
                                on:click=move |_| flow.act.run(())
                            >
                                {action.label}
                            </button>
                        }
                    })
            }}
            <div node_ref=flow.widget_host></div>
        </article>
    }
}

fn text_of(m: &Mounted, selector: &str) -> String {
    m.root
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_custom_ui_reconnects_with_the_hook_alone() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED_CONSENT", "1234"), 200);
    token_ok();
    let m = mount_view(custom_ui);
    assert_eq!(text_of(&m, ".my-bank__busy"), "working");
    m.wait_for_text("Your connection to Chase Checking ••••1234 has expired.")
        .await;
    assert_eq!(text_of(&m, ".my-bank__title"), "Chase Checking ••••1234");
    assert_eq!(text_of(&m, ".my-bank__busy"), "idle");
    assert!(
        m.root.query_selector("section").ok().flatten().is_none(),
        "none of the component's markup"
    );

    m.click("Reconnect your bank");
    m.wait_until("the widget opens in the custom UI's host", overlay_present)
        .await;
    let host_has_widget = m
        .root
        .query_selector("#aerosync-widget-container")
        .ok()
        .flatten()
        .is_some();
    assert!(host_has_widget, "the widget is inside the custom UI's host element");
    let config: serde_json::Value = serde_json::from_str(&last_config()).unwrap_or_default();
    assert_eq!(config["connectionId"], ID);
    assert_eq!(config["aeroPassUserUuid"], USER);

    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert!(m.button().is_none());
    assert!(!overlay_present());
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
}

#[wasm_bindgen_test]
async fn the_hook_reports_typed_failures_and_its_retry_works() {
    fresh();
    respond("GET", ACCOUNTS, 404, r#"{"error":{"code":"AC-102"}}"#, 0);
    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 0);
    let m = mount_view(custom_ui);
    m.wait_for_text("We couldn't check your bank connection.").await;
    assert_eq!(m.calls.all(), vec!["error status".to_owned()]);
    m.click("Try again");
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
}
