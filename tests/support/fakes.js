// Fakes for the browser tests: a backend behind window.fetch for URLs under
// /fake-api/, and an aerosync-web-sdk module mapped by an import map added at
// run time, whose widget is the sandbox's. The tests drive the widget and read
// what the component sent.

import { SandboxWidget } from "../../public/sandbox/aerosync-web-sdk.js";

const state = {
  routes: new Map(),
  requests: [],
  widgets: [],
  listeners: 0,
  sdkMode: "ok",
};

function sdkSource() {
  return `
    export function initAeroSyncWidget(config) {
      return window.__fakeSdk.init(config);
    }`;
}

// The sandbox's stand-in widget, with what the tests count and break.
class FakeWidget extends SandboxWidget {
  constructor(config) {
    if (state.sdkMode === "init-throws") throw new Error("init failed");
    super(config);
    this.destroyed = false;
    state.listeners += 1;
    state.widgets.push(this);
  }

  // No widget page: the tests call the callbacks themselves.
  widgetPage() {
    return "about:blank";
  }

  launch() {
    if (state.sdkMode === "launch-throws") throw new Error("launch failed");
    super.launch();
  }

  destroy() {
    if (!this.destroyed) {
      super.destroy();
      state.listeners -= 1;
      this.destroyed = true;
    }
  }
}

export function install() {
  if (window.__fakeSdk) return;
  window.__fakeSdk = {
    init: (config) => {
      const widget = new FakeWidget(config);
      window.AerosyncWidget = widget;
      return widget;
    },
  };
  const url = URL.createObjectURL(new Blob([sdkSource()], { type: "text/javascript" }));
  const map = document.createElement("script");
  map.type = "importmap";
  map.textContent = JSON.stringify({ imports: { "aerosync-web-sdk": url } });
  document.head.appendChild(map);

  const realFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const at = url.pathname.indexOf("/fake-api/");
    if (at < 0) return realFetch(input, init);
    const path = url.pathname.slice(at + "/fake-api".length);
    const body = request.method === "GET" ? null : await request.text();
    state.requests.push({
      method: request.method,
      path,
      body,
      accept: request.headers.get("accept"),
      contentType: request.headers.get("content-type"),
      at: performance.now(),
    });
    const queue = state.routes.get(request.method + " " + path) || [];
    // Answers are used in order; the last one repeats until a newer one is added.
    while (queue.length > 1 && queue[0].used) queue.shift();
    const answer = queue[0];
    if (answer) answer.used = true;
    if (queue.length > 1) queue.shift();
    if (!answer) return new Response("no fake route", { status: 599 });
    if (answer.network) throw new TypeError("Failed to fetch");
    await new Promise((resolve, reject) => {
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        resolve();
      }, answer.delay);
      request.signal.addEventListener("abort", () => {
        if (answered) return; // aborting an answered request changes nothing
        clearTimeout(timer);
        state.aborted = (state.aborted || 0) + 1;
        reject(new DOMException("aborted", "AbortError"));
      });
    });
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

// Any markup rendered from outside text would call this.
window.alert = () => {
  window.__alerted = true;
};

export function reset() {
  window.__alerted = false;
  state.routes.clear();
  state.requests = [];
  state.widgets = [];
  state.sdkMode = "ok";
  state.aborted = 0;
  globalThis.aerosyncReconnectEarly = {};
}

// A status answer the page started early (README, "Start the status request
// early"), `ageMs` ago, with `retryAfter` (a header's text, or undefined): a
// failure when `status` is 0, the fetch's `Response` kept whole when it is 1,
// one that never comes when it is 2, an answer of another shape when it is 3.
export function setEarly(path, status, body, ageMs, retryAfter) {
  const url = new URL("/fake-api" + path, document.baseURI).href;
  const answer =
    status === 0
      ? Promise.reject(new TypeError("Failed to fetch"))
      : status === 2
        ? new Promise(() => {})
        : status === 3
          ? Promise.resolve("not an answer")
          : Promise.resolve(status === 1 ? new Response(body) : { status, body, retryAfter: retryAfter ?? null });
  answer.catch(() => {});
  (globalThis.aerosyncReconnectEarly ||= {})[url] = { at: performance.now() - ageMs, answer };
}

// The page's clock, as the request log's `at`.
export function now() {
  return performance.now();
}

// How many early answers are still waiting to be taken.
export function earlyLeft() {
  return Object.keys(globalThis.aerosyncReconnectEarly || {}).length;
}

// Adds an answer for METHOD PATH; answers are used in order, and the last one
// repeats until a newer one is added.
export function respond(method, path, status, body, delayMs) {
  const key = method + " " + path;
  const queue = state.routes.get(key) || [];
  queue.push({ status, body, delay: delayMs, headers: { "Content-Type": "application/json" } });
  state.routes.set(key, queue);
}

// Adds an answer with extra headers (a JSON object as text).
export function respondWithHeaders(method, path, status, body, headersJson) {
  respond(method, path, status, body, 0);
  const queue = state.routes.get(method + " " + path);
  Object.assign(queue[queue.length - 1].headers, JSON.parse(headersJson));
}

// Adds a "network is gone" answer: fetch rejects.
export function respondNetworkError(method, path) {
  const key = method + " " + path;
  const queue = state.routes.get(key) || [];
  queue.push({ network: true });
  state.routes.set(key, queue);
}

// A module URL for an "SDK" that exports no initAeroSyncWidget.
export function moduleWithoutInit() {
  return URL.createObjectURL(new Blob(["export const something = 1;"], { type: "text/javascript" }));
}

export function alerted() {
  return window.__alerted === true;
}

export function requestLog() {
  return JSON.stringify(state.requests);
}

export function abortedCount() {
  return state.aborted || 0;
}

export function setSdkMode(mode) {
  state.sdkMode = mode;
}

export function widgetCount() {
  return state.widgets.length;
}

// The last widget's config, callbacks left out, as JSON.
export function lastConfig() {
  const widget = state.widgets[state.widgets.length - 1];
  if (!widget) return "null";
  const plain = {};
  for (const [key, value] of Object.entries(widget.config)) {
    if (typeof value !== "function") plain[key] = value;
  }
  return JSON.stringify(plain);
}

export function activeListeners() {
  return state.listeners;
}

export function globalWidgetSet() {
  return window.AerosyncWidget !== undefined;
}

export function overlayPresent() {
  return document.getElementById("aerosync-widget-container") !== null;
}

function current() {
  return state.widgets[state.widgets.length - 1];
}

// Like the SDK on pageSuccess: onSuccess first, then the iframe goes.
export function widgetSucceed(payload) {
  const widget = current();
  widget.config.onSuccess(payload);
  widget.removeElements();
}

export function widgetClose() {
  current().exit();
}

export function widgetError(message) {
  current().config.onError(message);
}
