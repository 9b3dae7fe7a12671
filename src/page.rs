//! The component's interop with the page that is not the SDK's bridge
//! (`widget.rs`): dates written by the browser in the page's language, the
//! head start a page leaves for the status request (README, "Start the status
//! request early"), and what a thrown JS value says.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/page.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = formatDate)]
    fn format_date_js(lang: &str, ms: f64) -> Result<String, JsValue>;

    #[wasm_bindgen(catch, js_name = takeEarly)]
    fn take_early(url: &str, signal: Option<web_sys::AbortSignal>) -> Result<Option<js_sys::Promise>, JsValue>;
}

/// The answer to `GET url` that the page started before the component
/// loaded, if it did (see `takeEarly` in `page.js`): a promise of the
/// `Response`, which rejects when the page's request failed, when its answer
/// has another shape, and when `signal` aborts.
pub(crate) fn early_answer(url: &str, signal: Option<web_sys::AbortSignal>) -> Option<js_sys::Promise> {
    take_early(url, signal).ok().flatten()
}

/// A moment written for `lang` by the browser's `Intl.DateTimeFormat` (long
/// style); the ISO date where that fails (the bridge falls back itself), and
/// outside a browser.
pub(crate) fn format_date(lang: &str, ms: i64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        // i64 to f64 is exact for every date a backend sends (|ms| < 2^53).
        format_date_js(lang, ms as f64).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = lang;
        crate::expiry::iso_date(ms)
    }
}

/// What a thrown JS value says, for developers.
pub(crate) fn js_error_message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_default()
}
