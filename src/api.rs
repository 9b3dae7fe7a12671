//! HTTP to the integrator's backend, over gloo-net.
//!
//! The shapes and errors of the contract live in [`crate::backend`], the retry
//! policy in [`crate::retry`]; this module only moves bytes: it sends a
//! request, abandons an attempt after its timeout, retries transient failures,
//! stops when its [`Abort`] is dropped, and hands status, `Retry-After` and
//! body to the pure decoders. The first attempt at the status is the request
//! the page started early, when there is one (README, "Start the status
//! request early").

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_net::http::{Request, Response};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit};

use crate::backend::{ApiError, Call, Reply};
use crate::page;
use crate::retry::retry_delay;
use crate::wire::Answer;

/// How long one attempt may take before it is abandoned, by default.
pub(crate) const DEFAULT_TIMEOUT_MS: u32 = 10_000;

/// A request's abort switch. The owner made by [`Abort::new`] aborts the
/// request (and its retries) when dropped; a [`link`](Abort::link) only lets
/// the request listen.
pub(crate) struct Abort {
    state: Rc<AbortState>,
    owner: bool,
}

#[derive(Default)]
struct AbortState {
    aborted: Cell<bool>,
    attempt: RefCell<Option<AbortController>>,
}

impl Abort {
    /// A fresh switch.
    pub(crate) fn new() -> Self {
        Self {
            state: Rc::default(),
            owner: true,
        }
    }

    /// A copy for the request itself: dropping it aborts nothing.
    pub(crate) fn link(&self) -> Self {
        Self {
            state: Rc::clone(&self.state),
            owner: false,
        }
    }

    /// Whether the owner was dropped.
    pub(crate) fn is_aborted(&self) -> bool {
        self.state.aborted.get()
    }

    /// A controller for one attempt, or an error once aborted. In a browser
    /// with no `AbortController` the attempt runs unabortable (`Ok(None)`).
    fn attempt(&self) -> Result<Option<AbortController>, ApiError> {
        if self.is_aborted() {
            return Err(ApiError::Aborted);
        }
        let controller = AbortController::new().ok();
        self.state.attempt.replace(controller.clone());
        Ok(controller)
    }
}

impl Default for Abort {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if self.owner {
            self.state.aborted.set(true);
            if let Some(controller) = self.state.attempt.take() {
                controller.abort();
            }
        }
    }
}

/// Sends `call`, retried while the failure is transient, until `abort` is
/// dropped.
pub(crate) async fn send(call: Call, abort: &Abort, timeout_ms: u32) -> Result<Reply, ApiError> {
    let started = js_sys::Date::now();
    let mut retries = 0;
    loop {
        let error = match exchange(&call, retries == 0, abort, timeout_ms).await {
            Ok((status, retry_after, body)) => match call.decode(status, retry_after.as_deref(), read_answer(&body)) {
                Ok(reply) => return Ok(reply),
                Err(error) => error,
            },
            Err(error) => error,
        };
        // f64 to u64 saturates; a clock that went backwards counts as 0.
        let elapsed = (js_sys::Date::now() - started).max(0.0) as u64;
        if abort.is_aborted() {
            return Err(ApiError::Aborted);
        }
        match retry_delay(retries, elapsed, timeout_ms, &error, js_sys::Math::random()) {
            Some(delay) => TimeoutFuture::new(delay).await,
            None => return Err(error),
        }
        if abort.is_aborted() {
            return Err(ApiError::Aborted);
        }
        retries += 1;
    }
}

/// Where an attempt's answer comes from.
enum Source {
    /// The request the page started early: a promise of its `Response`, or
    /// of an object with the three members read here (`status`, `headers`,
    /// `text()`), see `takeEarly` in `page.js`.
    Early(js_sys::Promise),
    /// A request of the component's own.
    Fetch(Request),
}

/// Sends the request and reads the whole answer, or gives up after `timeout_ms`.
async fn exchange(
    call: &Call,
    first: bool,
    abort: &Abort,
    timeout_ms: u32,
) -> Result<(u16, Option<String>, String), ApiError> {
    let controller = abort.attempt()?;
    // The first attempt at a GET may be the request the page started early:
    // whatever came of it is this attempt's outcome (within the same timeout),
    // so the retry policy counts it and honours its `Retry-After`.
    let early = (first && call.body().is_none())
        .then(|| page::early_answer(call.url(), controller.as_ref().map(AbortController::signal)))
        .flatten();
    let source = match early {
        Some(early) => Source::Early(early),
        None => Source::Fetch(build(call, controller.as_ref()).map_err(|error| network_js(abort, &error))?),
    };
    // The timeout aborts the attempt; its flag tells a timeout from a failure.
    let timed_out = Rc::new(Cell::new(false));
    let timer = controller.map(|controller| {
        let timed_out = Rc::clone(&timed_out);
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            controller.abort();
        })
    });
    let answer = async {
        let response = match source {
            Source::Early(early) => JsFuture::from(early)
                .await
                // Unchecked: web-sys calls `status`, `headers` and `text` by
                // name (structurally), which both forms answer.
                .map(|raw| Response::from(raw.unchecked_into::<web_sys::Response>()))
                .map_err(|e| network_js(abort, &e))?,
            Source::Fetch(request) => request.send().await.map_err(|e| network(abort, e))?,
        };
        let retry_after = response.headers().get("retry-after");
        let body = response.text().await.map_err(|e| network(abort, e))?;
        Ok((response.status(), retry_after, body))
    }
    .await;
    drop(timer);
    match answer {
        Err(_) if timed_out.get() => Err(ApiError::Timeout { timeout_ms }),
        answer => answer,
    }
}

/// The request for one attempt at `call`, with the attempt's abort signal:
/// a `GET`, or a `POST` of the call's JSON body.
fn build(call: &Call, controller: Option<&AbortController>) -> Result<Request, JsValue> {
    let init = RequestInit::new();
    let headers = Headers::new()?;
    headers.set("Accept", "application/json")?;
    match call.body() {
        Some(body) => {
            init.set_method("POST");
            headers.set("Content-Type", "application/json")?;
            let body = serde_wasm_bindgen::to_value(body).map_err(JsValue::from)?;
            init.set_body(&js_sys::JSON::stringify(&body)?.into());
        }
        None => init.set_method("GET"),
    }
    init.set_headers(&headers);
    if let Some(controller) = controller {
        init.set_signal(Some(&controller.signal()));
    }
    Ok(web_sys::Request::new_with_str_and_init(call.url(), &init)?.into())
}

/// A body read as an [`Answer`]: the browser's `JSON.parse`, then the
/// answer's shape; `None` for anything else.
fn read_answer(body: &str) -> Option<Answer> {
    let value = js_sys::JSON::parse(body).ok()?;
    serde_wasm_bindgen::from_value(value).ok()
}

/// A request that could not even be built (a URL the browser rejects): the
/// browser's words kept for developers, as for a network failure.
fn network_js(abort: &Abort, error: &JsValue) -> ApiError {
    if abort.is_aborted() {
        return ApiError::Aborted;
    }
    ApiError::Network {
        detail: crate::page::js_error_message(error),
    }
}

/// The one conversion of gloo-net's errors: a failure because the owner
/// aborted is a cancellation, anything else the network's fault, with the
/// browser's words kept for developers.
fn network(abort: &Abort, error: gloo_net::Error) -> ApiError {
    if abort.is_aborted() {
        return ApiError::Aborted;
    }
    let detail = match error {
        gloo_net::Error::JsError(e) => e.message,
        gloo_net::Error::GlooError(e) => e,
        // Only with gloo-net's `json` feature, which this crate leaves off.
        #[allow(unreachable_patterns)]
        _ => String::new(),
    };
    ApiError::Network { detail }
}
