// The component's page helpers that are not the SDK's bridge (see page.rs):
// dates written in the page's language, and the head start a page leaves.

// A date (ms since the epoch) written for a language, e.g. "January 2, 2027".
// Where that fails (a language tag the browser rejects), the ISO date.
export function formatDate(lang, ms) {
  const date = new Date(ms);
  try {
    return new Intl.DateTimeFormat(lang || undefined, { dateStyle: "long" }).format(date);
  } catch (_) {
    return date.toISOString().slice(0, 10);
  }
}

// A status request the page started before the component loaded (README,
// "Start the status request early"): the page keeps
// `globalThis.aerosyncReconnectEarly[absoluteUrl] = { at: performance.now(),
// answer }`, where `answer` is a promise of `{ status, body, retryAfter }`
// (the body read as text, `retryAfter` the header or null) or of the
// `Response` itself. It is taken once, for the same URL, and only within 10 s
// of its start (older answers may be stale). Taken, it is the component's
// first attempt, whatever came of it: the promise given back resolves to a
// `Response` (or an object with what the component reads of one), and
// rejects when the page's request failed, when its answer has another shape,
// or when `signal` aborts (the attempt's timeout included).
export function takeEarly(url, signal) {
  const early = globalThis.aerosyncReconnectEarly;
  if (!early || typeof early !== "object") return undefined;
  const key = new URL(url, document.baseURI).href;
  const entry = early[key];
  if (!entry) return undefined;
  delete early[key];
  if (!(performance.now() - entry.at < 10000) || typeof entry.answer?.then !== "function") return undefined;
  return new Promise((resolve, reject) => {
    signal?.addEventListener("abort", () => reject(signal.reason), { once: true });
    entry.answer.then((a) => {
      if (a instanceof Response) return resolve(a);
      if (!a || typeof a.body !== "string" || !Number.isInteger(a.status) || a.status < 200 || a.status > 599) {
        throw new TypeError("the page's early answer has another shape");
      }
      // What the component reads of a Response (status, headers, text()),
      // with the body at hand: a constructed Response's body is read in a
      // task of its own, which a page busy starting the wasm delays by tens
      // of milliseconds.
      const headers = new Headers(typeof a.retryAfter === "string" ? { "retry-after": a.retryAfter } : {});
      resolve({ status: a.status, headers, text: () => Promise.resolve(a.body) });
    }).catch(reject);
  });
}
