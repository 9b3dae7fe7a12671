//! The demo page: the component on the built-in sandbox, or on a real backend.
//!
//! Page URL settings: `api` (backend base URL; default: the sandbox), `env`
//! (Aerosync environment; default `sandbox`), `connection` (`connectionId`),
//! `user` (`aeroPassUserUuid`). Without `api`, the demo registers the sandbox
//! service worker, which plays the backend, and waits until it controls the
//! page. The sandbox never enters the library.

use aerosync_reconnect::{DifferentAccount, Environment, ReconnectBank};
use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The connection the sandbox knows: Chase Checking ••••1234.
const SANDBOX_CONNECTION: &str = "7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234";
const SANDBOX_USER: &str = "3f6e1c2a-8b4d-4f0e-a1c2-sandbox00001";
const SCENARIOS: [(&str, &str); 6] = [
    ("expired", "Expired consent"),
    ("revoked", "Revoked by the user"),
    ("healthy", "Healthy"),
    ("unknown", "Unknown status"),
    ("server-error", "Server error"),
    ("slow", "Slow backend (3 s)"),
];

#[wasm_bindgen(inline_js = r#"
export async function registerSandbox(url) {
  if (!("serviceWorker" in navigator)) {
    throw new Error("This browser has no service workers, which the sandbox needs.");
  }
  await navigator.serviceWorker.register(url, { scope: "./" });
  const registration = await navigator.serviceWorker.ready;
  if (navigator.serviceWorker.controller) {
    return;
  }
  const controlled = new Promise((resolve) =>
    navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
  // After a hard reload the worker is active but does not control the page: ask it to claim.
  registration.active.postMessage("claim");
  await controlled;
}
export function pageSetting(name) {
  return new URLSearchParams(window.location.search).get(name);
}
export function resolveUrl(relative) {
  return new URL(relative, document.baseURI).toString();
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = registerSandbox)]
    async fn register_sandbox(url: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(js_name = pageSetting)]
    fn page_setting(name: &str) -> Option<String>;
    #[wasm_bindgen(js_name = resolveUrl)]
    fn resolve_url(relative: &str) -> String;
}

#[derive(Clone)]
struct Settings {
    api: String,
    sandbox: bool,
    environment: Environment,
    connection: String,
    user: String,
}

impl Settings {
    fn from_page() -> Self {
        let given = |name| {
            page_setting(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let api = given("api");
        Self {
            sandbox: api.is_none(),
            api: api.unwrap_or_else(|| resolve_url("sandbox-api")),
            environment: given("env")
                .and_then(|e| Environment::parse(&e))
                .unwrap_or(Environment::Sandbox),
            connection: given("connection").unwrap_or_else(|| SANDBOX_CONNECTION.to_owned()),
            user: given("user").unwrap_or_else(|| SANDBOX_USER.to_owned()),
        }
    }
}

fn main() {
    // Leptos' own spawn panics before anything is mounted; this one does not.
    wasm_bindgen_futures::spawn_local(async {
        let settings = Settings::from_page();
        if settings.sandbox {
            if let Err(error) = register_sandbox(&resolve_url("sandbox-sw.js")).await {
                let reason = error
                    .as_string()
                    .or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())));
                leptos::mount::mount_to_body(
                    move || view! { <SandboxUnavailable reason=reason.unwrap_or_default() /> },
                );
                return;
            }
        }
        leptos::mount::mount_to_body(move || view! { <Demo settings /> });
    });
}

#[component]
fn SandboxUnavailable(reason: String) -> impl IntoView {
    view! {
        <main class="demo">
            <h1>"Reconnect your bank"</h1>
            <p role="alert">"The built-in sandbox could not start. " {reason}</p>
            <p>"Open this page with " <code>"?api=https://your-backend.example/aerosync"</code> " to use a real backend."</p>
        </main>
    }
}

#[component]
fn Demo(settings: Settings) -> impl IntoView {
    let run = RwSignal::new(0u32);
    let log = RwSignal::new(Vec::<String>::new());
    let note = move |line: String| log.update(|l| l.insert(0, line));
    let Settings {
        api,
        sandbox,
        environment,
        connection,
        user,
    } = settings;
    view! {
        <main class="demo">
            <header class="demo__header">
                <h1>"Reconnect your bank"</h1>
                <p class="demo__lead">
                    {if sandbox {
                        "Running on the built-in sandbox: no Aerosync account, no network."
                    } else {
                        "Running against the backend given in the page URL."
                    }}
                </p>
            </header>
            {sandbox.then(|| view! { <SandboxControls api=api.clone() on_change=move || run.update(|r| *r += 1) /> })}
            <div class="demo__component">
                {move || {
                    run.track();
                    view! {
                        <ReconnectBank
                            api_base=api.clone()
                            connection_id=connection.clone()
                            aero_pass_user_uuid=user.clone()
                            environment=environment
                            on_reconnected=Callback::new(move |id: String| note(format!("on_reconnected: {id}")))
                            on_different_account=Callback::new(move |d: DifferentAccount| {
                                note(format!(
                                    "on_different_account: kept {}, discard {}",
                                    d.connection_id,
                                    d.stray_connection_id.as_deref().unwrap_or("nothing"),
                                ))
                            })
                            on_closed=Callback::new(move |()| note("on_closed".to_owned()))
                            on_error=Callback::new(move |message: String| note(format!("on_error: {message}")))
                        />
                    }
                }}
            </div>
            <section class="demo__log" aria-label="Host callbacks">
                <h2>"Host callbacks"</h2>
                <ul>
                    <For each=move || log.get().into_iter().enumerate() key=|(i, l)| (*i, l.clone()) let:((_, line))>
                        <li>{line}</li>
                    </For>
                </ul>
            </section>
        </main>
    }
}

/// The scenario switcher: tells the sandbox backend what to answer.
#[component]
fn SandboxControls(api: String, on_change: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    let scenario = RwSignal::new(String::from("expired"));
    let failure = RwSignal::new(None::<String>);
    let control = StoredValue::new(format!("{}/__sandbox", api.trim_end_matches('/')));
    // Show the scenario the sandbox kept from before a reload.
    leptos::task::spawn_local(async move {
        let url = format!("{}/state", control.get_value());
        if let Ok(response) = Request::get(&url).send().await {
            if let Ok(state) = response.json::<serde_json::Value>().await {
                if let Some(current) = state.get("scenario").and_then(|s| s.as_str()) {
                    scenario.set(current.to_owned());
                }
            }
        }
    });
    let send = move |path: &'static str, body: String| {
        let on_change = on_change.clone();
        leptos::task::spawn_local(async move {
            let url = format!("{}/{path}", control.get_value());
            let sent = match Request::post(&url)
                .header("Content-Type", "application/json")
                .body(body)
            {
                Ok(request) => request.send().await.ok().filter(|r| r.ok()),
                Err(_) => None,
            };
            failure.set(sent.is_none().then(|| "The sandbox did not answer.".to_owned()));
            on_change();
        });
    };
    let send_reset = send.clone();
    view! {
        <form class="demo__controls" aria-label="Sandbox" on:submit=|ev| ev.prevent_default()>
            <label for="demo-scenario">"Scenario"</label>
            <select
                id="demo-scenario"
                prop:value=move || scenario.get()
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    scenario.set(value.clone());
                    send("scenario", serde_json::json!({ "scenario": value }).to_string());
                }
            >
                {SCENARIOS
                    .iter()
                    .map(|(value, label)| view! { <option value=*value>{*label}</option> })
                    .collect_view()}
            </select>
            <button
                type="button"
                on:click=move |_| {
                    scenario.set("expired".to_owned());
                    send_reset("reset", String::new());
                }
            >
                "Reset sandbox"
            </button>
            {move || failure.get().map(|f| view! { <p role="alert">{f}</p> })}
        </form>
    }
}
