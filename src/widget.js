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

let current = null;

export async function loadInit(specifier) {
  const sdk = specifier ? await import(specifier) : await import("aerosync-web-sdk");
  const init = sdk && (sdk.initAeroSyncWidget || sdk.initWidget);
  if (typeof init !== "function") {
    throw new Error("missing-export");
  }
  return init;
}

export function openSession(init, config, onEvent) {
  if (current) {
    const replaced = current;
    detach(replaced);
    // Its owner still holds the callback until it drops the session (then
    // `dropped` is set): only then may the callback be called.
    queueMicrotask(() => {
      if (!replaced.dropped) replaced.onEvent("close", null);
    });
  }
  const session = { alive: true, dropped: false, widget: null, hostId: config.elementId, onEvent };
  const emit = (kind) => (data) => {
    queueMicrotask(() => {
      if (session.alive) {
        onEvent(kind, data === undefined ? null : data);
      }
    });
  };
  const full = Object.assign({}, config, {
    onLoad: emit("load"),
    onClose: emit("close"),
    onSuccess: emit("success"),
    onError: emit("error"),
    onEvent: emit("event"),
  });
  try {
    const widget = init(full);
    if (!widget || typeof widget.launch !== "function") {
      throw new Error("not-a-widget");
    }
    session.widget = widget;
    current = session;
    widget.launch();
  } catch (error) {
    closeSession(session);
    throw error;
  }
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
export function prefersDark() {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

// A date (ms since the epoch) written for a language, e.g. "January 2, 2027".
export function formatDate(lang, ms) {
  return new Intl.DateTimeFormat(lang || undefined, { dateStyle: "long" }).format(new Date(ms));
}

// Moves the focus into the widget's iframe, once it is in the host element.
export function focusWidget(host) {
  const iframe = host && host.querySelector("iframe");
  if (iframe) iframe.focus();
}
