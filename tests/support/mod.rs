//! Shared helpers for the browser tests: the fakes' controls, mounting the
//! component into a fresh element, and waiting for what the user would see.
// Each test file uses a different part of these helpers.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use aerosync_reconnect::{
    DifferentAccount, Environment, MountProps, ReconnectBank, ReconnectError, ReconnectEvent, ReconnectOptions,
};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

// The sandbox's stand-in SDK, which fakes.js builds on: declared here so that
// wasm-bindgen serves it next to fakes.js.
#[wasm_bindgen(module = "/public/sandbox/aerosync-web-sdk.js")]
extern "C" {
    #[wasm_bindgen(js_name = initAeroSyncWidget)]
    pub fn sandbox_init_widget(config: &JsValue) -> JsValue;
}

#[wasm_bindgen(module = "/tests/support/fakes.js")]
extern "C" {
    pub fn install();
    pub fn reset();
    pub fn respond(method: &str, path: &str, status: u16, body: &str, delay_ms: u32);
    #[wasm_bindgen(js_name = respondWithHeaders)]
    pub fn respond_with_headers(method: &str, path: &str, status: u16, body: &str, headers_json: &str);
    #[wasm_bindgen(js_name = respondNetworkError)]
    pub fn respond_network_error(method: &str, path: &str);
    #[wasm_bindgen(js_name = moduleWithoutInit)]
    pub fn module_without_init() -> String;
    pub fn alerted() -> bool;
    #[wasm_bindgen(js_name = requestLog)]
    pub fn request_log() -> String;
    #[wasm_bindgen(js_name = abortedCount)]
    pub fn aborted_count() -> u32;
    #[wasm_bindgen(js_name = setSdkMode)]
    pub fn set_sdk_mode(mode: &str);
    #[wasm_bindgen(js_name = widgetCount)]
    pub fn widget_count() -> u32;
    #[wasm_bindgen(js_name = lastConfig)]
    pub fn last_config() -> String;
    #[wasm_bindgen(js_name = activeListeners)]
    pub fn active_listeners() -> i32;
    #[wasm_bindgen(js_name = globalWidgetSet)]
    pub fn global_widget_set() -> bool;
    #[wasm_bindgen(js_name = overlayPresent)]
    pub fn overlay_present() -> bool;
    #[wasm_bindgen(js_name = widgetSucceed)]
    pub fn widget_succeed(payload: JsValue);
    #[wasm_bindgen(js_name = widgetClose)]
    pub fn widget_close();
    #[wasm_bindgen(js_name = widgetError)]
    pub fn widget_error(message: &str);
    /// `status` is an HTTP status, or one of the `EARLY_*` cases.
    #[wasm_bindgen(js_name = setEarly)]
    pub fn set_early(path: &str, status: u16, body: &str, age_ms: u32);
    /// [`set_early`] with a `Retry-After`.
    #[wasm_bindgen(js_name = setEarly)]
    pub fn set_early_retry_after(path: &str, status: u16, body: &str, age_ms: u32, retry_after: &str);
    /// The page's clock (`performance.now()`), as the request log's `at`.
    pub fn now() -> f64;
    #[wasm_bindgen(js_name = earlyLeft)]
    pub fn early_left() -> u32;
}

/// `set_early` cases other than an answer's parts: the page's request failed,
/// it kept the `Response` itself, it never answers, or it answers something
/// of another shape.
pub const EARLY_FAILED: u16 = 0;
pub const EARLY_RESPONSE: u16 = 1;
pub const EARLY_NEVER: u16 = 2;
pub const EARLY_OTHER_SHAPE: u16 = 3;

pub const ID: &str = "conn/1 a";
pub const ACCOUNTS: &str = "/accounts/conn%2F1%20a";
pub const USER: &str = "user-42";

/// The fixture account shared with the sandbox and the end-to-end tests.
pub const FIXTURE: &str = include_str!("../../public/sandbox/account.json");

/// The fixture's answer with `connectionStatus` and `accountNumberDisplay` set.
pub fn account(status: &str, last4: &str) -> String {
    let mut answer: serde_json::Value = serde_json::from_str(FIXTURE).unwrap_or_default();
    answer["account"]["connectionStatus"] = status.into();
    answer["account"]["accountNumberDisplay"] = last4.into();
    answer.to_string()
}

/// The fixture's answer with `connectionExpiry` set (`None` removes it).
pub fn account_expiring(status: &str, last4: &str, expiry: Option<&str>) -> String {
    let mut answer: serde_json::Value = serde_json::from_str(&account(status, last4)).unwrap_or_default();
    if let Some(account) = answer["account"].as_object_mut() {
        match expiry {
            Some(expiry) => account.insert("connectionExpiry".into(), expiry.into()),
            None => account.remove("connectionExpiry"),
        };
    }
    answer.to_string()
}

/// A field of the fixture's account, e.g. its full `accountNumber`.
pub fn fixture_field(name: &str) -> String {
    let answer: serde_json::Value = serde_json::from_str(FIXTURE).unwrap_or_default();
    answer["account"][name].as_str().unwrap_or_default().to_owned()
}

pub fn token_ok() {
    respond("POST", "/widget-token", 200, r#"{"token":"wt-secret-1"}"#, 0);
}

/// What the host callbacks received.
#[derive(Clone, Default)]
pub struct Calls(Arc<Mutex<Vec<String>>>);

impl Calls {
    pub fn push(&self, line: String) {
        if let Ok(mut lines) = self.0.lock() {
            lines.push(line);
        }
    }
    pub fn all(&self) -> Vec<String> {
        self.0.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

pub struct Mounted {
    pub root: HtmlElement,
    pub calls: Calls,
    unmount: Option<Box<dyn FnOnce()>>,
}

impl Mounted {
    pub fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    pub fn button(&self) -> Option<web_sys::HtmlButtonElement> {
        self.root
            // The visible button: the component hides it on screens without
            // an action.
            .query_selector("button:not([hidden])")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into().ok())
    }

    pub fn button_label(&self) -> Option<String> {
        self.button().and_then(|b| b.text_content())
    }

    /// Clicks the component's button, checking its label.
    pub fn click(&self, label: &str) {
        let button = self
            .button()
            .unwrap_or_else(|| panic!("no button; text: {}", self.text()));
        assert_eq!(button.text_content().as_deref(), Some(label));
        button.click();
    }

    pub async fn wait_for_text(&self, needle: &str) {
        self.wait_for_text_within(needle, 5_000).await;
    }

    pub async fn wait_for_text_within(&self, needle: &str, limit_ms: u32) {
        for _ in 0..limit_ms / 20 {
            if self.text().contains(needle) {
                return;
            }
            TimeoutFuture::new(20).await;
        }
        panic!("never saw {needle:?} within {limit_ms} ms; text: {:?}", self.text());
    }

    pub async fn wait_until(&self, what: &str, check: impl Fn() -> bool) {
        for _ in 0..250 {
            if check() {
                return;
            }
            TimeoutFuture::new(20).await;
        }
        panic!("never: {what}; text: {:?}", self.text());
    }

    pub fn unmount(&mut self) {
        if let Some(unmount) = self.unmount.take() {
            unmount();
        }
        self.root.remove();
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// A fresh element at the end of the page's body, the fakes installed.
fn fresh_root() -> HtmlElement {
    install();
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let root: HtmlElement = document.create_element("div").expect("a div").unchecked_into();
    document.body().expect("a body").append_child(&root).expect("appended");
    root
}

/// Mounts whatever `view` builds into a fresh element; `view` receives the
/// record of host callbacks.
pub fn mount_view<V: IntoView + 'static>(view: impl FnOnce(Calls) -> V + 'static) -> Mounted {
    let root = fresh_root();
    let calls = Calls::default();
    let record = calls.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || view(record));
    Mounted {
        root,
        calls,
        unmount: Some(Box::new(move || drop(handle))),
    }
}

/// The component for `connection_id`, with every callback recorded.
pub fn mount_component(connection_id: &'static str, options: ReconnectOptions) -> Mounted {
    mount_view(move |calls| {
        let (c1, c2, c3, c4) = (calls.clone(), calls.clone(), calls.clone(), calls);
        view! {
            <ReconnectBank
                api_base="/fake-api"
                connection_id=connection_id
                aero_pass_user_uuid=USER
                environment=Environment::Sandbox
                options=options
                on_reconnected=move |id: String| c1.push(format!("reconnected {id}"))
                on_different_account=move |d: DifferentAccount| {
                    c2.push(format!("different {} stray {:?}", d.connection_id, d.stray_connection_id))
                }
                on_closed=move |()| c3.push("closed".into())
                on_error=move |e: ReconnectError| c4.push(format!("error {} {}", e.kind(), e.code().unwrap_or("-")))
            />
        }
    })
}

/// The component mounted without Leptos ([`aerosync_reconnect::mount`]) for
/// `connection_id`, every event recorded as the component's callbacks are.
pub fn mount_plain(connection_id: &str, options: ReconnectOptions) -> Mounted {
    let root = fresh_root();
    let calls = Calls::default();
    let record = calls.clone();
    let props = MountProps {
        api_base: "/fake-api".into(),
        connection_id: connection_id.into(),
        aero_pass_user_uuid: USER.into(),
        environment: Environment::Sandbox,
        options,
    };
    let mounted = aerosync_reconnect::mount(&root, props, move |event| {
        record.push(match event {
            ReconnectEvent::Reconnected(id) => format!("reconnected {id}"),
            ReconnectEvent::DifferentAccount(d) => {
                format!("different {} stray {:?}", d.connection_id, d.stray_connection_id)
            }
            ReconnectEvent::Closed => "closed".into(),
            ReconnectEvent::Error(e) => format!("error {} {}", e.kind(), e.code().unwrap_or("-")),
            other => format!("unexpected {other:?}"),
        })
    });
    Mounted {
        root,
        calls,
        unmount: Some(Box::new(move || drop(mounted))),
    }
}

pub fn mount_with(options: ReconnectOptions) -> Mounted {
    mount_component(ID, options)
}

pub fn mount() -> Mounted {
    mount_with(ReconnectOptions::default())
}

pub fn requests() -> Vec<serde_json::Value> {
    serde_json::from_str(&request_log()).unwrap_or_default()
}

pub fn fresh() {
    install();
    reset();
}

/// Fresh fakes whose backend reports `status` for an account ending in
/// `last4`, and the component mounted on them.
pub fn mount_on(status: &str, last4: &str) -> Mounted {
    fresh();
    respond("GET", ACCOUNTS, 200, &account(status, last4), 0);
    mount()
}

/// Mounts on an expired connection whose token request will succeed, with
/// `sdk_mode` set on the fake SDK, and clicks "Reconnect your bank".
pub async fn reconnect_with(options: ReconnectOptions, sdk_mode: &str) -> Mounted {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 0);
    token_ok();
    set_sdk_mode(sdk_mode);
    let m = mount_with(options);
    m.wait_for_text("has expired").await;
    m.click("Reconnect your bank");
    m
}

/// Mounts the component on an expired connection and opens the widget.
pub async fn open_widget() -> Mounted {
    open_widget_in(mount).await
}

/// Mounts with `mount` on an expired connection and opens the widget.
pub async fn open_widget_in(mount: impl FnOnce() -> Mounted) -> Mounted {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED_CONSENT", "1234"), 0);
    token_ok();
    let m = mount();
    m.wait_for_text("has expired").await;
    m.click("Reconnect your bank");
    m.wait_until("the widget opens", overlay_present).await;
    m
}

/// Mounts with `mount` while the status answer is slow, unmounts once the
/// request is sent, and checks that the request was aborted.
pub async fn unmount_during_the_status_request(mount: impl FnOnce() -> Mounted) {
    fresh();
    respond("GET", ACCOUNTS, 200, &account("EXPIRED", "1234"), 2_000);
    let mut m = mount();
    m.wait_until("the request is sent", || !requests().is_empty()).await;
    m.unmount();
    TimeoutFuture::new(50).await;
    assert_eq!(aborted_count(), 1);
}

/// Waits until the page's focus is on the button labelled `label`.
pub async fn wait_for_focus_on(m: &Mounted, label: &str) {
    m.wait_until("the button has the focus", || {
        let active = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element());
        active.is_some_and(|a| a.text_content().as_deref() == Some(label))
    })
    .await;
}
