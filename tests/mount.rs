//! The component mounted without Leptos (`aerosync_reconnect::mount`, what
//! the custom element uses) in headless Chromium, against the same fakes as
//! the Leptos component: the same markup on every screen, the same flow and
//! events, and nothing left behind once it is dropped.
#![cfg(target_arch = "wasm32")]

mod support;

use aerosync_reconnect::{ReconnectOptions, Texts};
use gloo_timers::future::TimeoutFuture;
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn plain() -> Mounted {
    mount_plain(ID, ReconnectOptions::default())
}

/// An element's tree as text: each element's tag, its attributes sorted by
/// name, then its children, text included. Attribute order, comments and
/// empty text nodes are nothing a user or a stylesheet can tell apart.
fn shape(node: &web_sys::Node) -> String {
    let Some(element) = node.dyn_ref::<web_sys::Element>() else {
        return format!("{:?}", node.text_content().unwrap_or_default());
    };
    let names = element.get_attribute_names();
    let mut attributes: Vec<String> = (0..names.length())
        .filter_map(|i| names.get(i).as_string())
        .map(|name| format!("{name}={:?}", element.get_attribute(&name).unwrap_or_default()))
        .collect();
    attributes.sort();
    let mut inner = Vec::new();
    let mut child = node.first_child();
    while let Some(c) = child {
        let element = c.node_type() == web_sys::Node::ELEMENT_NODE;
        if element || (c.node_type() == web_sys::Node::TEXT_NODE && !c.text_content().unwrap_or_default().is_empty()) {
            inner.push(shape(&c));
        }
        child = c.next_sibling();
    }
    format!(
        "<{} {}>[{}]",
        element.tag_name(),
        attributes.join(" "),
        inner.join(", ")
    )
}

fn section_shape(m: &Mounted) -> String {
    let section = m.root.query_selector("section").ok().flatten().expect("a section");
    shape(&section)
}

#[wasm_bindgen_test]
async fn the_markup_is_the_components_while_loading_and_once_expired() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 300);
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 300);
    let component = mount();
    let plain = plain();
    component.wait_for_text("Checking your bank connection…").await;
    plain.wait_for_text("Checking your bank connection…").await;
    assert_eq!(section_shape(&plain), section_shape(&component));
    component.wait_for_text("has expired").await;
    plain.wait_for_text("has expired").await;
    assert_eq!(section_shape(&plain), section_shape(&component));
    assert_eq!(plain.button_label().as_deref(), Some("Reconnect your bank"));
}

#[wasm_bindgen_test]
async fn the_markup_is_the_components_in_spanish_and_for_an_error() {
    fresh();
    for _ in 0..6 {
        respond(
            "GET",
            ACCOUNTS,
            404,
            r#"{"error":{"code":"AC-404","message":"gone"}}"#,
            0,
        );
    }
    let spanish = || ReconnectOptions {
        texts: Texts::spanish(),
        ..ReconnectOptions::default()
    };
    let component = mount_with(spanish());
    let plain = mount_plain(ID, spanish());
    component.wait_for_text("No encontramos esta conexión bancaria.").await;
    plain.wait_for_text("No encontramos esta conexión bancaria.").await;
    assert_eq!(section_shape(&plain), section_shape(&component));
    assert_eq!(plain.calls.all(), vec!["error status AC-404".to_owned()]);
}

#[wasm_bindgen_test]
async fn the_same_account_reconnects_and_the_host_hears_of_it() {
    let m = open_widget_in(plain).await;
    let config: serde_json::Value = serde_json::from_str(&last_config()).unwrap();
    assert_eq!(config["connectionId"], ID);
    assert_eq!(config["aeroPassUserUuid"], USER);
    respond("GET", ACCOUNTS, 200, &account("CONNECTED", "1234"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({"connectionId": ID})).unwrap());
    m.wait_for_text("Chase Checking ••••1234 is connected").await;
    assert_eq!(m.calls.all(), vec![format!("reconnected {ID}")]);
    assert!(!overlay_present());
    assert_eq!(active_listeners(), 0);
}

#[wasm_bindgen_test]
async fn a_different_account_is_rejected_and_closing_brings_the_focus_back() {
    let m = open_widget_in(plain).await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({"connectionId": "conn-9876"})).unwrap());
    m.wait_for_text("That's a different account.").await;
    assert_eq!(m.calls.all(), vec![format!("different {ID} stray Some(\"conn-9876\")")]);
    token_ok();
    m.click("Try again");
    m.wait_until("a second widget", || widget_count() == 2 && overlay_present())
        .await;
    widget_close();
    m.wait_for_text("still disconnected").await;
    assert_eq!(m.calls.all().last().map(String::as_str), Some("closed"));
    wait_for_focus_on(&m, "Reconnect your bank").await;
}

#[wasm_bindgen_test]
async fn no_connection_id_gives_the_invalid_screen_and_no_request() {
    fresh();
    let m = mount_plain("  ", ReconnectOptions::default());
    m.wait_for_text("We can't check this bank connection.").await;
    assert!(m.button().is_none());
    TimeoutFuture::new(100).await;
    assert!(requests().is_empty());
}

#[wasm_bindgen_test]
async fn dropping_it_with_the_widget_open_leaves_nothing_behind() {
    let mut m = open_widget_in(plain).await;
    assert_eq!(active_listeners(), 1);
    let host = m.root.clone();
    m.unmount();
    assert!(!overlay_present());
    assert_eq!(active_listeners(), 0);
    assert!(!global_widget_set());
    assert_eq!(host.child_element_count(), 0, "the markup is removed");
    assert!(m.calls.all().is_empty());
}

#[wasm_bindgen_test]
async fn dropping_it_during_the_status_request_aborts_it() {
    unmount_during_the_status_request(plain).await;
}
