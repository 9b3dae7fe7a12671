//! The demo page: the component on the built-in sandbox, or on a real backend.
//!
//! Page URL settings: `api` (backend base URL; default: the sandbox), `env`
//! (Aerosync environment; default `sandbox`), `connection` (`connectionId`),
//! `user` (`aeroPassUserUuid`), `lang` (`en` or `es`: the component's and the
//! page's language). Without `api`, the demo registers the sandbox
//! service worker, which plays the backend, and waits until it controls the
//! page. The sandbox never enters the library.

use aerosync_reconnect::{DifferentAccount, Environment, ReconnectBank, ReconnectError, ReconnectOptions, Texts};
use gloo_net::http::Request;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// The connection the sandbox knows: Chase Checking ••••1234.
const SANDBOX_CONNECTION: &str = "7b0e6c1a-5d2f-4e8a-9c3b-5a1d0c0e1234";
const SANDBOX_USER: &str = "3f6e1c2a-8b4d-4f0e-a1c2-sandbox00001";
/// How many host callbacks the demo's log shows.
const LOG_LINES: usize = 6;

/// The sandbox's scenarios: value, English and Spanish names.
const SCENARIOS: [(&str, &str, &str); 7] = [
    ("expired", "Expired consent", "Consentimiento caducado"),
    (
        "expires-soon",
        "Consent expires soon",
        "El consentimiento caduca pronto",
    ),
    ("revoked", "Revoked by the user", "Revocada por el usuario"),
    ("healthy", "Healthy", "Conectada"),
    ("unknown", "Unknown status", "Estado desconocido"),
    ("server-error", "Server error", "Error del servidor"),
    ("slow", "Slow backend (3 s)", "Backend lento (3 s)"),
];

#[wasm_bindgen(inline_js = r#"
// The sandbox's registration (public/sandbox/register.js, copied to
// dist/sandbox/) is loaded only when the demo runs on the sandbox: a page on a
// real backend never fetches it.
export async function registerSandbox(url) {
  const sandbox = await import(new URL("sandbox/register.js", document.baseURI).toString());
  return sandbox.registerSandbox(url);
}
export function pageSetting(name) {
  return new URLSearchParams(window.location.search).get(name);
}
export function setPageLang(value) {
  document.documentElement.lang = value;
}
export function reloadWith(name, value) {
  const url = new URL(window.location.href);
  url.searchParams.set(name, value);
  window.location.replace(url);
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
    #[wasm_bindgen(js_name = setPageLang)]
    fn set_page_lang(value: &str);
    #[wasm_bindgen(js_name = reloadWith)]
    fn reload_with(name: &str, value: &str);
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
    lang: Lang,
}

/// The page's language: the component's texts and the demo's own words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Es,
}

impl Lang {
    fn parse(tag: &str) -> Self {
        if Texts::for_lang(tag).lang == "es" {
            Lang::Es
        } else {
            Lang::En
        }
    }

    fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    fn texts(self) -> Texts {
        Texts::for_lang(self.tag())
    }

    /// The demo page's own words (the component's come from its texts).
    fn pick(self, en: &'static str, es: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Es => es,
        }
    }
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
            lang: given("lang").map_or(Lang::En, |l| Lang::parse(&l)),
        }
    }
}

fn main() {
    // Leptos' own spawn panics before anything is mounted; this one does not.
    wasm_bindgen_futures::spawn_local(async {
        let settings = Settings::from_page();
        set_page_lang(settings.lang.tag());
        if settings.sandbox {
            if let Err(error) = register_sandbox(&resolve_url("sandbox-sw.js")).await {
                let reason = error
                    .as_string()
                    .or_else(|| error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())));
                let lang = settings.lang;
                leptos::mount::mount_to_body(
                    move || view! { <SandboxUnavailable reason=reason.unwrap_or_default() lang /> },
                );
                return;
            }
        }
        leptos::mount::mount_to_body(move || view! { <Demo settings /> });
    });
}

#[component]
fn SandboxUnavailable(reason: String, lang: Lang) -> impl IntoView {
    view! {
        <main class="demo">
            <h1>{lang.pick("Reconnect your bank", "Vuelve a conectar tu banco")}</h1>
            <p role="alert">
                {lang.pick("The built-in sandbox could not start. ", "El entorno de pruebas integrado no pudo iniciarse. ")}
                {reason}
            </p>
            <p>
                {lang.pick("Open this page with ", "Abre esta página con ")}
                <code>"?api=https://your-backend.example/aerosync"</code>
                {lang.pick(" to use a real backend.", " para usar un backend real.")}
            </p>
        </main>
    }
}

#[component]
fn Demo(settings: Settings) -> impl IntoView {
    let run = RwSignal::new(0u32);
    // The newest line (its parts joined) first, and the newest few only: the
    // log stays the same size however long the demo runs. Written straight
    // into the list.
    let note = move |parts: &[&str]| {
        let Some(list) = document().get_element_by_id("demo-log") else {
            return;
        };
        if let Ok(item) = document().create_element("li") {
            item.set_text_content(Some(&parts.concat()));
            let _ = list.prepend_with_node_1(&item);
        }
        while list.child_element_count() as usize > LOG_LINES {
            match list.last_element_child() {
                Some(last) => last.remove(),
                None => break,
            }
        }
    };
    let Settings {
        api,
        sandbox,
        environment,
        connection,
        user,
        lang,
    } = settings;
    // The language is fixed for the page's life: switching reloads the page.
    let pick = move |en, es| lang.pick(en, es);
    view! {
        <main class="demo">
            <header class="demo__header">
                <h1>{pick("Reconnect your bank", "Vuelve a conectar tu banco")}</h1>
                <p class="demo__lead">
                    {if sandbox {
                        pick(
                            "Running on the built-in sandbox: no Aerosync account, no network.",
                            "Funciona con el entorno de pruebas integrado: sin cuenta de Aerosync y sin red.",
                        )
                    } else {
                        pick(
                            "Running against the backend given in the page URL.",
                            "Funciona con el backend indicado en la URL de la página.",
                        )
                    }}
                </p>
                <LanguageSwitch lang />
            </header>
            {sandbox.then(|| view! { <SandboxControls api=api.clone() lang on_change=move || run.update(|r| *r += 1) /> })}
            <div class="demo__component">
                <ReconnectBank
                    // A new sandbox scenario restarts the check, as a change of
                    // any of these props does.
                    api_base=Signal::derive(move || {
                        run.track();
                        api.clone()
                    })
                    connection_id=connection
                    aero_pass_user_uuid=user
                    environment=environment
                    options=ReconnectOptions {
                        texts: lang.texts(),
                        ..ReconnectOptions::default()
                    }
                    on_reconnected=move |id: String| note(&["on_reconnected: ", &id])
                    on_different_account=move |d: DifferentAccount| {
                        note(&[
                            "on_different_account: kept ",
                            &d.connection_id,
                            ", discard ",
                            d.stray_connection_id.as_deref().unwrap_or("nothing"),
                        ])
                    }
                    on_closed=move |()| note(&["on_closed"])
                    on_error=move |error: ReconnectError| {
                        note(&["on_error: ", error.kind(), " (", error.code().unwrap_or("no code"), ")"])
                    }
                />
            </div>
            <section class="demo__log" aria-label=pick("Host callbacks", "Llamadas al host")>
                <h2>{pick("Host callbacks", "Llamadas al host")}</h2>
                <ul id="demo-log"></ul>
            </section>
        </main>
    }
}

/// English or Spanish: kept in the page URL (`?lang=`); choosing one reloads
/// the page in it.
#[component]
fn LanguageSwitch(lang: Lang) -> impl IntoView {
    listen(
        "demo-lang",
        "change",
        Box::new(|ev| reload_with("lang", Lang::parse(&event_target_value(&ev)).tag())),
    );
    view! {
        <p class="demo__lang">
            <label for="demo-lang">{lang.pick("Language", "Idioma")}</label>
            <select id="demo-lang">
                <option value="en" lang="en" selected=lang == Lang::En>"English"</option>
                <option value="es" lang="es" selected=lang == Lang::Es>"Español"</option>
            </select>
        </p>
    }
}

/// A listener for `kind` events on an element; dropping it removes it.
struct Listener {
    target: web_sys::EventTarget,
    kind: &'static str,
    handler: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.kind, self.handler.as_ref().unchecked_ref());
    }
}

/// Listens to `kind` events on the page's element `id` once the page is
/// mounted (right after this render), for as long as the current owner
/// lives: the page's own controls, without Leptos' event delegation and its
/// hash set, or a node ref and an effect per control.
fn listen(id: &'static str, kind: &'static str, handler: Box<dyn FnMut(web_sys::Event)>) {
    let held = StoredValue::new_local(None::<Listener>);
    queue_microtask(move || {
        let Some(target) = document().get_element_by_id(id) else {
            return;
        };
        let handler = Closure::wrap(handler);
        if target
            .add_event_listener_with_callback(kind, handler.as_ref().unchecked_ref())
            .is_ok()
        {
            held.set_value(Some(Listener {
                target: target.into(),
                kind,
                handler,
            }));
        }
    });
}

/// A request to the sandbox's control: a `GET`, or a `POST` of `body` as
/// JSON. gloo-net sends the browser's own request (its builder would weigh
/// more than the demo needs).
fn sandbox_request(url: &str, body: Option<&str>) -> Option<Request> {
    let init = web_sys::RequestInit::new();
    if let Some(body) = body {
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Content-Type", "application/json").ok()?;
        init.set_method("POST");
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    web_sys::Request::new_with_str_and_init(url, &init)
        .ok()
        .map(Request::from)
}

/// The scenario switcher: tells the sandbox backend what to answer.
#[component]
fn SandboxControls(api: String, lang: Lang, on_change: impl Fn() + Clone + Send + Sync + 'static) -> impl IntoView {
    // The select and the failure line are written straight into the page.
    let show_scenario = move |value: &str| {
        if let Some(select) = document()
            .get_element_by_id("demo-scenario")
            .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
        {
            select.set_value(value);
        }
    };
    let control = StoredValue::new([api.trim_end_matches('/'), "/__sandbox/"].concat());
    let pick = move |en, es| lang.pick(en, es);
    // Show the scenario the sandbox kept from before a reload.
    leptos::task::spawn_local(async move {
        let url = control.get_value() + "state";
        let Some(request) = sandbox_request(&url, None) else {
            return;
        };
        if let Ok(response) = request.send().await {
            if let Ok(text) = response.text().await {
                // The browser's own JSON parser: the demo needs one field.
                let current = js_sys::JSON::parse(&text)
                    .ok()
                    .and_then(|state| js_sys::Reflect::get(&state, &JsValue::from_str("scenario")).ok())
                    .and_then(|value| value.as_string());
                if let Some(current) = current {
                    show_scenario(&current);
                }
            }
        }
    });
    let send = move |path: &'static str, body: String| {
        let on_change = on_change.clone();
        leptos::task::spawn_local(async move {
            let url = control.get_value() + path;
            let sent = match sandbox_request(&url, Some(&body)) {
                Some(request) => request.send().await.ok().filter(|r| r.ok()),
                None => None,
            };
            if let Some(failure) = document().get_element_by_id("demo-failure") {
                let text = pick("The sandbox did not answer.", "El entorno de pruebas no respondió.");
                failure.set_text_content(sent.is_none().then_some(text));
            }
            on_change();
        });
    };
    let send_reset = send.clone();
    listen(
        "demo-scenario",
        "change",
        Box::new(move |ev| {
            let value = event_target_value(&ev);
            let body = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&body, &JsValue::from_str("scenario"), &JsValue::from_str(&value));
            let body = js_sys::JSON::stringify(&body).map(String::from).unwrap_or_default();
            send("scenario", body);
        }),
    );
    listen(
        "demo-reset",
        "click",
        Box::new(move |_| {
            show_scenario("expired");
            send_reset("reset", String::new());
        }),
    );
    view! {
        // No text field and no submit button: nothing submits this form.
        <form class="demo__controls" aria-label=pick("Sandbox", "Entorno de pruebas")>
            <label for="demo-scenario">{pick("Scenario", "Escenario")}</label>
            <select id="demo-scenario">
                {SCENARIOS
                    .iter()
                    .map(|(value, en, es)| view! { <option value=*value>{pick(en, es)}</option> })
                    .collect_view()}
            </select>
            <button type="button" id="demo-reset">
                {pick("Reset sandbox", "Restablecer el entorno de pruebas")}
            </button>
            <p role="alert" id="demo-failure"></p>
        </form>
    }
}
