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
// reads the attributes too); this file only connects the element's life to it.
import init, { mount } from "./aerosync_reconnect_element.js";

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
function load() {
  ready ??= init({ module_or_path: new URL("./aerosync_reconnect_element_bg.wasm", import.meta.url) });
  return ready;
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
    await load();
    // Removed, or started again, while the wasm loaded.
    if (generation !== this.#generation || !this.isConnected) return;
    const emit = (type, detail) =>
      this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    this.#mounted = mount(this, emit);
  }

  #stop() {
    this.#generation += 1;
    // Unmounting aborts the request in flight, closes the widget and removes
    // the component's markup and listeners.
    this.#mounted?.free();
    this.#mounted = null;
  }
}

if (!customElements.get("aerosync-reconnect")) {
  customElements.define("aerosync-reconnect", AerosyncReconnectElement);
}
