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
// `Response`, and rejects when the page's request failed, when its answer has
// another shape, or when `signal` aborts (the attempt's timeout included).
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
      if (!a || typeof a.body !== "string") throw new TypeError("the page's early answer has another shape");
      const headers = typeof a.retryAfter === "string" ? { "retry-after": a.retryAfter } : {};
      // Throws for a status no answer can have.
      resolve(new Response(a.body, { status: a.status, headers }));
    }).catch(reject);
  });
}
