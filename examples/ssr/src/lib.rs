//! A server-rendered Leptos app with `<ReconnectBank>`: axum and leptos_axum
//! render the page (feature `ssr`), the browser hydrates it (feature
//! `hydrate`). The backend contract is answered by the demo's sandbox service
//! worker (`public/sandbox-sw.js`), started before hydration.

use aerosync_reconnect::{DifferentAccount, Environment, ReconnectBank, ReconnectError};
use leptos::prelude::*;

/// The connection the sandbox knows: Chase Checking ••••1234.
pub const CONNECTION: &str = "7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234";
/// The sandbox's user.
pub const USER: &str = "3f6e1c2a-8b4d-4f0e-a1c2-sandbox00001";

/// The HTML document around the app.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>"Bank settings · server-rendered example"</title>
                <link rel="stylesheet" href="/style/aerosync-reconnect.css" />
                <script type="importmap">
                    r#"{ "imports": { "aerosync-web-sdk": "/sandbox/aerosync-web-sdk.js" } }"#
                </script>
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page: a settings screen with one bank connection and a log of what
/// the component told the host.
#[component]
pub fn App() -> impl IntoView {
    let log = RwSignal::new(Vec::<String>::new());
    let note = move |line: String| log.update(|l| l.push(line));
    view! {
        <main class="settings">
            <h1>"Bank settings"</h1>
            <p>"Rendered on the server, hydrated in the browser."</p>
            <ReconnectBank
                api_base="/sandbox-api"
                connection_id=CONNECTION
                aero_pass_user_uuid=USER
                environment=Environment::Sandbox
                on_reconnected=move |id: String| note(format!("reconnected {id}"))
                on_different_account=move |d: DifferentAccount| {
                    note(format!("different account; discard {}", d.stray_connection_id.unwrap_or_default()))
                }
                on_error=move |e: ReconnectError| note(format!("error {}", e.kind()))
            />
            <section aria-label="Host log">
                <ul>{move || log.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </section>
        </main>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(module = "/../../public/sandbox/register.js")]
    extern "C" {
        #[wasm_bindgen(catch, js_name = registerSandbox)]
        async fn register_sandbox(url: &str) -> Result<(), JsValue>;
    }

    /// Called by leptos_axum's hydration script: starts the sandbox backend,
    /// then takes over the server's HTML.
    #[wasm_bindgen]
    pub fn hydrate() {
        wasm_bindgen_futures::spawn_local(async {
            if let Err(error) = register_sandbox("/sandbox-sw.js").await {
                leptos::logging::warn!("the sandbox could not start: {error:?}");
            }
            leptos::mount::hydrate_body(super::App);
        });
    }
}
