// <aerosync-reconnect>: the aerosync-reconnect component as a standard custom
// element, for any web page. Import this module once; then use the tag:
//
//   <aerosync-reconnect api-base="/api/aerosync" connection-id="…"
//     aero-pass-user-uuid="…" environment="production"></aerosync-reconnect>
//
// It finds its wasm and stylesheet next to itself (import.meta.url), needs no
// inline script or style, and fires bubbling, composed events:
// aerosync-reconnected, aerosync-different-account, aerosync-closed,
// aerosync-error. Everything it shows and does is the Rust component's (which
// reads the attributes too); this file only connects the element's life to it,
// and starts the status request while the wasm loads.

const ATTRIBUTES = [
  "api-base",
  "connection-id",
  "aero-pass-user-uuid",
  "environment",
  "lang",
  "theme",
  "expiry-warning-days",
  "sdk-module",
];

let ready = null;
let loaded = false;
// The component (wasm-bindgen's module, with `mount`), once loaded. Its glue
// and its wasm are fetched side by side, not one after the other: the glue
// is imported here, when the first element connects, rather than statically.
let component = null;
function load() {
  ready ??= Promise.all([
    import("./aerosync_reconnect_element.js"),
    fetch(new URL("./aerosync_reconnect_element_bg.wasm", import.meta.url)),
  ]).then(async ([glue, wasm]) => {
    await glue.default({ module_or_path: wasm });
    component = glue;
    loaded = true;
  });
  return ready;
}

// The component's status URL for these attributes, exactly as the component
// builds it: api-base without a trailing "/", then "/accounts/" and the id
// with every byte but A–Z a–z 0–9 - _ ~ . percent-encoded (and "." too in an
// id of dots only). Blank attributes count as missing, as in Rust.
function statusUrl(element) {
  const attribute = (name) => (element.getAttribute(name) || "").trim();
  const id = attribute("connection-id");
  if (!id) return null;
  const dots = /^\.+$/.test(id);
  const segment = Array.from(new TextEncoder().encode(id), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9_~-]/.test(c) || (c === "." && !dots) ? c : "%" + b.toString(16).toUpperCase().padStart(2, "0");
  }).join("");
  return new URL(`${attribute("api-base").replace(/\/+$/, "")}/accounts/${segment}`, element.ownerDocument.baseURI).href;
}

// The head start (the project's README, "Start the status request early"):
// while the wasm loads, the status request is already under way; the
// component takes whatever came of it as its first attempt. Its handle
// cancels it when the element goes before the component took it.
function startEarly(element) {
  const url = statusUrl(element);
  const early = (globalThis.aerosyncReconnectEarly ||= {});
  if (!url || early[url]) return null;
  const controller = new AbortController();
  const answer = fetch(url, { headers: { Accept: "application/json" }, signal: controller.signal }).then(async (r) => ({
    status: r.status,
    body: await r.text(),
    retryAfter: r.headers.get("retry-after"),
  }));
  answer.catch(() => {}); // a failure is the component's to show and retry
  const entry = { at: performance.now(), answer };
  early[url] = entry;
  return {
    cancel() {
      if (early[url] === entry) {
        delete early[url];
        controller.abort();
      }
    },
  };
}

// The component's stylesheet, once per document (a <link>, which a strict
// style-src 'self' allows).
function addStylesheet(document) {
  const href = new URL("./aerosync-reconnect.css", import.meta.url).href;
  if (document.querySelector(`link[data-aerosync-reconnect]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  link.dataset.aerosyncReconnect = "";
  document.head.appendChild(link);
}

export class AerosyncReconnectElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  #mounted = null;
  #generation = 0;
  #early = null;

  connectedCallback() {
    addStylesheet(this.ownerDocument);
    this.#start();
  }

  disconnectedCallback() {
    this.#stop();
  }

  attributeChangedCallback(_name, before, after) {
    // A change restarts the check, as a changed prop does.
    if (before !== after && this.isConnected) {
      this.#stop();
      this.#start();
    }
  }

  async #start() {
    const generation = ++this.#generation;
    if (!loaded) this.#early = startEarly(this);
    await load();
    // Removed, or started again, while the wasm loaded.
    if (generation !== this.#generation || !this.isConnected) return;
    const emit = (type, detail) =>
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    this.#mounted = component.mount(this, emit);
    this.#early = null;
  }

  #stop() {
    this.#generation += 1;
    // Gone before the component took its head start: nobody will.
    this.#early?.cancel();
    this.#early = null;
    // Unmounting aborts the request in flight, closes the widget and removes
    // the component's markup and listeners.
    this.#mounted?.free();
    this.#mounted = null;
  }
}

if (!customElements.get("aerosync-reconnect")) {
  customElements.define("aerosync-reconnect", AerosyncReconnectElement);
}
