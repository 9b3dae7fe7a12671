//! Every state the user can reach, rendered with the Spanish texts in headless
//! Chromium: no English sentence of the default texts is left on screen, in
//! the accessible names, or in the widget's iframe title.
#![cfg(target_arch = "wasm32")]

mod support;

use aerosync_reconnect::{ReconnectOptions, Texts};
use gloo_timers::future::TimeoutFuture;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn spanish() -> ReconnectOptions {
    ReconnectOptions {
        texts: Texts::spanish(),
        ..ReconnectOptions::default()
    }
}

/// The English a Spanish screen must not show: every run of three words (or
/// a whole two-word piece) of the default texts, cut at their placeholders.
fn english_pieces() -> Vec<String> {
    let english = Texts::english();
    let mut pieces = Vec::new();
    for (_, text) in english.fields() {
        let mut rest = text;
        while !rest.is_empty() {
            let (piece, after) = match rest.find('{') {
                Some(open) => {
                    let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                    (&rest[..open], &rest[close..])
                }
                None => (rest, ""),
            };
            let words: Vec<&str> = piece.split_whitespace().collect();
            let wordy = |w: &[&str]| w.iter().filter(|w| w.chars().any(char::is_alphabetic)).count() >= 2;
            if words.len() == 2 && wordy(&words) {
                pieces.push(words.join(" "));
            }
            for window in words.windows(3).filter(|w| wordy(w)) {
                pieces.push(window.join(" "));
            }
            rest = after;
        }
    }
    assert!(pieces.len() > 200, "{pieces:?}");
    pieces
}

/// What a user (or a screen reader) gets from the page: the text, the
/// accessible names and titles.
fn everything_shown(m: &Mounted) -> String {
    let mut all = m.text();
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let elements = document.get_elements_by_tag_name("*");
    for i in 0..elements.length() {
        if let Some(element) = elements.item(i) {
            for name in ["aria-label", "title"] {
                if let Some(value) = element.get_attribute(name) {
                    all.push('\n');
                    all.push_str(&value);
                }
            }
        }
    }
    all
}

fn assert_spanish(m: &Mounted, state: &str) {
    let shown = everything_shown(m).split_whitespace().collect::<Vec<_>>().join(" ");
    let left: Vec<String> = english_pieces()
        .into_iter()
        .filter(|p| shown.contains(p.as_str()))
        .collect();
    assert!(left.is_empty(), "{state}: English left {left:?} in {shown:?}");
    let section = m.root.query_selector("section").ok().flatten().expect("the component");
    assert_eq!(section.get_attribute("lang").as_deref(), Some("es"), "{state}");
    assert_eq!(
        section.get_attribute("aria-label").as_deref(),
        Some("Conexión bancaria"),
        "{state}"
    );
}

async fn expired_in_spanish() -> Mounted {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    token_ok();
    let m = mount_with(spanish());
    m.wait_for_text("Tu conexión con Chase Checking ••••1234 ha caducado.")
        .await;
    m
}

async fn widget_open_in_spanish() -> Mounted {
    let m = expired_in_spanish().await;
    m.click("Vuelve a conectar tu banco");
    m.wait_until("the widget opens", overlay_present).await;
    m
}

#[wasm_bindgen_test]
async fn the_statuses_speak_spanish() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 300);
    let m = mount_with(spanish());
    m.wait_for_text("Comprobando tu conexión bancaria…").await;
    assert_spanish(&m, "loading");
    m.wait_for_text("Chase Checking ••••1234 está conectada").await;
    assert_spanish(&m, "healthy");
    drop(m);

    let m = expired_in_spanish().await;
    assert!(m.text().contains("sigue vinculada aquí"));
    assert_spanish(&m, "expired");
    drop(m);

    let m = mount_on_spanish("REVOKED_BY_USER").await;
    m.wait_for_text("Eliminaste esta conexión en tu banco").await;
    assert_spanish(&m, "revoked");
    drop(m);

    let m = mount_on_spanish("PAUSED").await;
    m.wait_for_text("No podemos mostrar el estado de Chase Checking ••••1234")
        .await;
    assert_spanish(&m, "unknown");
    drop(m);

    fresh();
    let m = mount_component("", spanish());
    m.wait_for_text("No podemos comprobar esta conexión bancaria.").await;
    assert_spanish(&m, "invalid");
}

async fn mount_on_spanish(status: &str) -> Mounted {
    fresh();
    respond("GET", ACCOUNTS, 200, &account(status, "1234"), 0);
    mount_with(spanish())
}

#[wasm_bindgen_test]
async fn failures_to_load_speak_spanish() {
    fresh();
    respond(
        "GET",
        ACCOUNTS,
        404,
        r#"{"error":{"code":"AC-102","message":"Not found"}}"#,
        0,
    );
    let m = mount_with(spanish());
    m.wait_for_text("No encontramos esta conexión bancaria.").await;
    assert_eq!(m.button_label().as_deref(), Some("Intentar de nuevo"));
    assert_spanish(&m, "load failed");
    drop(m);

    fresh();
    respond("GET", ACCOUNTS, 200, "<html>", 0);
    let m = mount_with(spanish());
    m.wait_for_text("No pudimos comprobar tu conexión bancaria.").await;
    assert_spanish(&m, "malformed");
}

#[wasm_bindgen_test]
async fn the_widget_flow_speaks_spanish() {
    let m = widget_open_in_spanish().await;
    assert!(m
        .text()
        .contains("Termina de volver a conectarla en la ventana de Aerosync."));
    assert_spanish(&m, "widget open");
    let config: serde_json::Value = serde_json::from_str(&last_config()).unwrap_or_default();
    assert_eq!(config["iframeTitle"], "Vuelve a conectar tu banco con Aerosync");

    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "1234"), 300);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text("Comprobando que Chase Checking ••••1234 vuelva a estar conectada…")
        .await;
    assert_spanish(&m, "verifying");
    m.wait_for_text("Tu conexión bancaria vuelve a funcionar.").await;
    assert_spanish(&m, "reconnected");
}

#[wasm_bindgen_test]
async fn a_different_account_speaks_spanish() {
    let m = widget_open_in_spanish().await;
    respond("GET", ACCOUNTS, 200, &account("ACTIVE", "9876"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text("Esa es otra cuenta. Vuelve a conectar Chase Checking ••••1234")
        .await;
    assert_spanish(&m, "different account");
}

#[wasm_bindgen_test]
async fn closing_and_widget_errors_speak_spanish() {
    let m = widget_open_in_spanish().await;
    widget_close();
    m.wait_for_text("Se cerró la ventana de reconexión").await;
    assert_spanish(&m, "closed early");
    drop(m);

    let m = widget_open_in_spanish().await;
    widget_error("POLLING_TIMEOUT | Code: AR-100 | Message: No response received from the user within the expected time frame. Please try again later.");
    m.wait_for_text("La ventana de conexión bancaria informó de un problema.")
        .await;
    assert!(m.text().contains("Código de error: AR-100"));
    assert!(!m.text().contains("No response received"));
    assert_spanish(&m, "widget error");
}

#[wasm_bindgen_test]
async fn token_and_sdk_failures_speak_spanish() {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    respond("POST", "/widget-token", 200, r#"{"token":""}"#, 0);
    let m = mount_with(spanish());
    m.wait_for_text("ha caducado").await;
    m.click("Vuelve a conectar tu banco");
    m.wait_for_text("el servidor no entregó el token").await;
    assert_spanish(&m, "no token");
    drop(m);

    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    token_ok();
    let m = mount_with(ReconnectOptions {
        sdk_module: Some("/no-such-sdk.js".into()),
        ..spanish()
    });
    m.wait_for_text("ha caducado").await;
    m.click("Vuelve a conectar tu banco");
    m.wait_for_text("No pudimos cargar la ventana de Aerosync.").await;
    assert_spanish(&m, "sdk unavailable");
}

#[wasm_bindgen_test]
async fn still_expired_and_a_failed_check_speak_spanish() {
    let m = widget_open_in_spanish().await;
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text_within("Tu conexión con Chase Checking ••••1234 sigue caducada.", 8_000)
        .await;
    assert_spanish(&m, "still expired");
    drop(m);

    let m = widget_open_in_spanish().await;
    respond("GET", ACCOUNTS, 503, "", 0);
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text_within("No pudimos comprobar Chase Checking ••••1234 después", 8_000)
        .await;
    TimeoutFuture::new(0).await;
    assert_spanish(&m, "verify failed");
}

#[wasm_bindgen_test]
async fn the_expiry_warning_and_its_renewal_speak_spanish() {
    fresh();
    respond(
        "GET",
        ACCOUNTS,
        200,
        &account_expiring("ACTIVE", "1234", Some("2027-01-02T15:47:48Z")),
        0,
    );
    token_ok();
    let m = mount_with(ReconnectOptions {
        clock: aerosync_reconnect::Clock::fixed(1_798_645_668_000.0),
        ..spanish()
    });
    m.wait_for_text("El acceso a tu banco termina el 2 de enero de 2027.")
        .await;
    assert_spanish(&m, "expires soon");
    m.click("Volver a conectar ahora");
    m.wait_until("the widget opens", overlay_present).await;
    widget_error("SERVER_ERROR | Code: AR-500 | Message: Something went wrong.");
    m.wait_for_text("Chase Checking ••••1234 sigue conectada por ahora.")
        .await;
    assert_spanish(&m, "renewal failed");
    respond(
        "GET",
        ACCOUNTS,
        200,
        &account_expiring("ACTIVE", "1234", Some("2027-04-02T15:47:48Z")),
        0,
    );
    m.click("Intentar de nuevo");
    m.wait_until("the widget opens again", || widget_count() == 2).await;
    widget_succeed(serde_wasm_bindgen::to_value(&serde_json::json!({ "connectionId": ID })).unwrap_or_default());
    m.wait_for_text("El acceso a tu banco ahora dura hasta el 2 de abril de 2027.")
        .await;
    assert_spanish(&m, "renewed");
}
