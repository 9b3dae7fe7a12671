// A stand-in for the npm package aerosync-web-sdk, with the same contract, for
// the offline demo: initAeroSyncWidget(config) returns a widget whose launch()
// fills config.elementId with a full-screen overlay and an iframe (the sandbox
// widget page), which talks back by postMessage with JSON {type, payload}
// strings, accepted only from the widget page's origin and window.
//
// The browser tests use the same widget (SandboxWidget), driving its callbacks
// directly instead of through a widget page (tests/support/fakes.js).

const WIDGET_PAGE = new URL("./widget.html", import.meta.url);
const CONTAINER_ID = "aerosync-widget-container";
const IFRAME_ID = "aerosync-widget";

export class SandboxWidget {
  constructor(config) {
    const noop = () => {};
    this.config = Object.assign({}, config, {
      onLoad: config.onLoad || noop,
      onClose: config.onClose || noop,
      onSuccess: config.onSuccess || noop,
      onEvent: config.onEvent || noop,
      onError: config.onError || noop,
    });
    this.iframe = null;
    this.listener = (event) => this.handleMessage(event);
    window.addEventListener("message", this.listener);
  }

  launch() {
    const host = document.getElementById(this.config.elementId);
    if (!host) {
      throw new Error("aerosync-web-sdk: no element with id " + this.config.elementId);
    }
    const url = new URL(this.widgetPage());
    const params = {
      token: this.config.token,
      aeroPassUserUuid: this.config.aeroPassUserUuid,
      connectionId: this.config.connectionId,
      defaultTheme: this.config.theme || "light",
    };
    for (const [key, value] of Object.entries(params)) {
      if (value) url.searchParams.append(key, String(value));
    }
    const box = document.createElement("div");
    box.id = CONTAINER_ID;
    Object.assign(box.style, {
      display: "flex", position: "fixed", inset: "0", width: "100%", height: "100%",
      justifyContent: "center", alignItems: "center", backgroundColor: "#000000b2",
      zIndex: String(this.config.zIndex || 1),
    });
    const iframe = document.createElement("iframe");
    iframe.id = IFRAME_ID;
    iframe.title = this.config.iframeTitle || "Aerosync";
    iframe.src = url.toString();
    Object.assign(iframe.style, { width: "375px", maxWidth: "100%", height: "560px", maxHeight: "95%", border: "0", borderRadius: "12px", backgroundColor: "#fff" });
    iframe.addEventListener("load", () => this.config.onLoad());
    box.appendChild(iframe);
    host.replaceChildren(box);
    this.iframe = iframe;
  }

  // The page the iframe shows.
  widgetPage() {
    return WIDGET_PAGE;
  }

  handleMessage(event) {
    if (event.origin !== WIDGET_PAGE.origin || !this.iframe || event.source !== this.iframe.contentWindow) {
      return;
    }
    let message;
    try {
      message = JSON.parse(event.data);
    } catch (_) {
      return;
    }
    switch (message && message.type) {
      case "pageSuccess":
        this.config.onSuccess(message.payload);
        this.removeElements();
        break;
      case "widgetClose":
        this.exit();
        break;
      case "widgetError":
        this.config.onError(message.payload);
        break;
      case "widgetPageLoaded":
        this.config.onEvent(message);
        break;
    }
  }

  removeElements() {
    const box = document.getElementById(CONTAINER_ID);
    if (box) box.remove();
    this.iframe = null;
  }

  exit() {
    this.removeElements();
    this.config.onClose();
  }

  destroy() {
    window.removeEventListener("message", this.listener);
  }
}

export function initAeroSyncWidget(config) {
  const widget = new SandboxWidget(config);
  window.AerosyncWidget = widget;
  return widget;
}

export const initWidget = initAeroSyncWidget;
