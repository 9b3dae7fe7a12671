// The one bridge between aerosync-reconnect and the Aerosync web SDK.
//
// It works around the SDK's known hazards:
// - the SDK keeps one global instance (window.AerosyncWidget) and every
//   instance registers the same prototype function as its "message" listener,
//   so an older instance's destroy() would remove a newer one's listener: only
//   the session that is current may call destroy(), and it does so before a
//   new session is created;
// - destroy() leaves the overlay and iframe behind: closing a session also
//   empties the host element it was given;
// - the SDK calls onSuccess before it removes its iframe: callbacks reach Rust
//   in a microtask, once the SDK has finished, and never after close;
// - one widget at a time on the page: a session replaced by a newer one (from
//   another component) is closed and told so, as if its user had closed it.
// - the SDK loads while the session is already open: closed before the SDK
//   arrives, it never launches a widget.

let current = null;

// `specifier`: where to import the SDK from instead of the bare name. A path
// ("./x.js", "../x.js", "/x.js") is the page's, resolved against its base URL
// (an import() here would resolve it against this file).
async function loadInit(specifier) {
  const target = specifier && /^\.{0,2}\//.test(specifier) ? new URL(specifier, document.baseURI).href : specifier;
  const sdk = target ? await import(target) : await import("aerosync-web-sdk");
  const init = sdk && (sdk.initAeroSyncWidget || sdk.initWidget);
  if (typeof init !== "function") {
    throw NOT_AN_SDK;
  }
  return init;
}

let hosts = 0;

// Thrown when the module is not the SDK (no init, or init gave no widget).
const NOT_AN_SDK = new Error("not the Aerosync SDK");

// Loads the SDK (from `config.sdkModule`, or the page's "aerosync-web-sdk")
// and opens the widget in `host` with the rest of `config`, which the Rust
// side serialises (`WidgetConfig` in widget.rs). Returns the session at once;
// `onEvent({kind, message, payload})` then hears that the widget launched
// ("launched"), or that the SDK failed to load or launch ("loadFailed",
// "launchFailed", "notAnSdk", with the error's message), then the widget's
// "closed", "succeeded" (with its payload) and "failed" (with its error
// string), until the session is closed. The host keeps its id, or gets a
// fresh one (in the browser only, so server and browser markup never
// differ); theme "auto" becomes the page's scheme.
export function openSession(host, config, onEvent) {
  const { sdkModule, theme, ...widgetConfig } = config;
  if (!host.id) host.id = "aerosync-reconnect-widget-" + ++hosts;
  const session = { alive: true, dropped: false, widget: null, hostId: host.id, onEvent };
  // `field`: where the SDK's argument goes in the event, if anywhere.
  const emit = (kind, field) => (data) => {
    const event = { kind };
    if (field === "payload") {
      // A Map (as some bridges build objects) reads as the object it stands for.
      event.payload = data instanceof Map ? Object.fromEntries(data) : data;
    } else if (field === "message") {
      event.message = data;
    }
    queueMicrotask(() => {
      if (session.alive) {
        onEvent(event);
      }
    });
  };
  // A failure closes the session, and its owner hears of it unless it
  // dropped the session first.
  const fail = (kind) => (error) => {
    if (!session.alive) return;
    detach(session);
    const message = error instanceof Error ? error.message : typeof error === "string" ? error : "";
    queueMicrotask(() => {
      if (!session.dropped) onEvent(error === NOT_AN_SDK ? { kind: "notAnSdk" } : { kind, message });
    });
  };
  loadInit(sdkModule).then((init) => {
    if (!session.alive) return;
    if (current) {
      const replaced = current;
      detach(replaced);
      // Its owner still holds the callback until it drops the session (then
      // `dropped` is set): only then may the callback be called.
      queueMicrotask(() => {
        if (!replaced.dropped) replaced.onEvent({ kind: "closed" });
      });
    }
    try {
      const widget = init({
        ...widgetConfig,
        elementId: host.id,
        theme: theme === "auto" ? (prefersDark() ? "dark" : "light") : theme,
        onLoad() {},
        onClose: emit("closed"),
        onSuccess: emit("succeeded", "payload"),
        onError: emit("failed", "message"),
        onEvent() {},
      });
      if (!widget || typeof widget.launch !== "function") {
        throw NOT_AN_SDK;
      }
      session.widget = widget;
      current = session;
      widget.launch();
    } catch (error) {
      fail("launchFailed")(error);
      return;
    }
    emit("launched")();
    // Keyboard and screen-reader users land in the widget.
    requestAnimationFrame(() => {
      const iframe = session.alive && host.querySelector("iframe");
      if (iframe) iframe.focus();
    });
  }, fail("loadFailed"));
  return session;
}

// Called when the Rust side drops the session: its callback goes with it.
export function closeSession(session) {
  if (session) {
    session.dropped = true;
    detach(session);
  }
}

// Tears a session down: no more events, the SDK's listener and global
// removed (only if it is the current one), the host element emptied.
function detach(session) {
  if (!session.alive) {
    return;
  }
  session.alive = false;
  const widget = session.widget;
  if (current === session) {
    current = null;
    try {
      if (widget && typeof widget.destroy === "function") {
        widget.destroy();
      }
    } catch (_) {
      // A broken SDK must not stop the clean-up below.
    }
    if (widget && window.AerosyncWidget === widget) {
      window.AerosyncWidget = undefined;
    }
  }
  const host = document.getElementById(session.hostId);
  if (host) {
    host.replaceChildren();
  }
}

// Whether the page's visitor prefers a dark colour scheme.
function prefersDark() {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}
