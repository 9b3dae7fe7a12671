//! Server rendering: the component rendered to HTML on a server (feature
//! `ssr`) shows the loading screen, touches no browser API and never panics.
//! Run with `cargo test --features ssr --test ssr`.
#![cfg(all(feature = "ssr", not(target_arch = "wasm32")))]

use aerosync_reconnect::{use_reconnect, Environment, ReconnectBank, ReconnectOptions, Texts, UseReconnectOptions};
use leptos::prelude::*;

fn render(view: impl FnOnce() -> AnyView) -> String {
    let owner = Owner::new();
    owner.with(|| view().to_html())
}

#[test]
fn the_component_renders_its_loading_screen_on_the_server() {
    let html = render(|| {
        view! {
            <ReconnectBank
                api_base="/api/aerosync"
                connection_id="conn-1"
                aero_pass_user_uuid="user-1"
                environment=Environment::Sandbox
                class="bank-row"
            />
        }
        .into_any()
    });
    assert!(html.contains("Checking your bank connection…"), "{html}");
    assert!(html.contains(r#"aria-label="Bank connection""#), "{html}");
    assert!(html.contains(r#"aria-busy="true""#), "{html}");
    assert!(html.contains(r#"class="aerosync-reconnect bank-row""#), "{html}");
    assert!(html.contains(r#"lang="en""#), "{html}");
    // No visible button until the status is known, and no element id that
    // the browser's markup could disagree with.
    let button = html
        .split("<button")
        .nth(1)
        .and_then(|b| b.split('>').next())
        .unwrap_or_default();
    assert!(button.contains(" hidden"), "{html}");
    assert!(!html.contains(" id="), "{html}");
    // The same first markup as every view writes (src/render.rs), in the
    // element that holds it.
    assert!(
        html.contains(concat!(
            r#"<div class="aerosync-reconnect-host">"#,
            r#"<section class="aerosync-reconnect bank-row" lang="en" aria-label="Bank connection" data-tone="busy" aria-busy="true">"#,
            r#"<span class="aerosync-reconnect__spinner" aria-hidden="true"></span>"#,
            r#"<div class="aerosync-reconnect__message" role="status"><p class="aerosync-reconnect__headline">Checking your bank connection…</p></div>"#,
            r#"<div class="aerosync-reconnect__message" role="alert"></div>"#,
            r#"<button type="button" class="aerosync-reconnect__button" hidden aria-busy="false"></button>"#,
            r#"<div class="aerosync-reconnect__widget-host"></div></section></div>"#,
        )),
        "{html}"
    );
}

#[test]
fn two_renders_give_the_same_markup() {
    let one = || {
        render(|| {
            view! {
                <ReconnectBank
                    api_base="/api"
                    connection_id="conn-1"
                    aero_pass_user_uuid="user-1"
                    environment=Environment::Production
                />
            }
            .into_any()
        })
    };
    assert_eq!(one(), one());
}

#[test]
fn the_spanish_texts_render_on_the_server() {
    let html = render(|| {
        let options = ReconnectOptions {
            texts: Texts::spanish(),
            ..ReconnectOptions::default()
        };
        view! {
            <ReconnectBank
                api_base="/api"
                connection_id="conn-1"
                aero_pass_user_uuid="user-1"
                environment=Environment::Sandbox
                options=options
            />
        }
        .into_any()
    });
    assert!(html.contains("Comprobando tu conexión bancaria…"), "{html}");
    assert!(html.contains(r#"lang="es""#), "{html}");
}

#[test]
fn an_empty_connection_id_renders_without_panicking() {
    let html = render(|| {
        view! {
            <ReconnectBank api_base="" connection_id="" aero_pass_user_uuid="" environment=Environment::Sandbox />
        }
        .into_any()
    });
    assert!(html.contains("aerosync-reconnect"), "{html}");
}

#[test]
fn the_hook_gives_the_loading_screen_on_the_server() {
    let owner = Owner::new();
    owner.with(|| {
        let flow = use_reconnect(
            "/api",
            "conn-1",
            "user-1",
            Environment::Sandbox,
            UseReconnectOptions::default(),
        );
        let screen = flow.screen.get_untracked();
        assert_eq!(screen.headline, "Checking your bank connection…");
        assert!(screen.action.is_none());
        assert!(flow.busy.get_untracked());
        assert_eq!(flow.account_label.get_untracked(), None);
        // Actions on the server do nothing (there is nothing to act on).
        flow.act.run(());
        assert_eq!(flow.screen.get_untracked().headline, "Checking your bank connection…");
    });
}
