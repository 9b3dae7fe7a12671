// Types of <aerosync-reconnect>, for TypeScript and JSX users. Written by
// hand: the element is defined in plain JS over a wasm component, so no tool
// derives them. Importing the module defines the element (a side effect).

/** Where the widget runs. */
export type AerosyncEnvironment = "qa" | "staging" | "sandbox" | "production";

/** The element's attributes; each change restarts the status check. */
export interface AerosyncReconnectAttributes {
  /** Base URL under which your backend answers the contract, e.g. "/api/aerosync". */
  "api-base": string;
  /** The connection to check and repair; it is never replaced by another. */
  "connection-id": string;
  /** The user's aeroPassUserUuid, handed to the widget. */
  "aero-pass-user-uuid": string;
  /** Aerosync environment (default "production"). */
  environment?: AerosyncEnvironment;
  /** Language of the texts (default "en"). */
  lang?: "en" | "es";
  /** The widget's theme (default "auto": the visitor's preference). */
  theme?: "auto" | "light" | "dark";
  /** Days before a healthy connection's expiry to warn (default 7; 0: never). */
  "expiry-warning-days"?: number | string;
  /** Where to import aerosync-web-sdk from, when the page cannot resolve it. */
  "sdk-module"?: string;
}

/** `aerosync-reconnected`: the same account is connected again. */
export interface AerosyncReconnectedDetail {
  connectionId: string;
}

/** `aerosync-different-account`: the user linked another account. */
export interface AerosyncDifferentAccountDetail {
  /** The original connection, which stays as it was. */
  connectionId: string;
  /** The connection the widget reported, when it differs: discard it. */
  strayConnectionId: string | null;
}

/** `aerosync-error`: a failure the user sees. */
export interface AerosyncErrorDetail {
  kind: "status" | "token" | "widget-unavailable" | "widget" | "verify" | "still-expired";
  /** Aerosync's code (AC-104…) or the widget's (AR-100…), when there was one. */
  code: string | null;
  /** The backend's HTTP status, when it answered with an error status. */
  status: number | null;
  /** The widget's own message for a widget error, else the sentence shown. */
  message: string;
  /** The failure and its cause, for logs. */
  developerMessage: string;
}

/** The element's four events (bubbling, composed). */
export interface AerosyncReconnectEventMap {
  "aerosync-reconnected": CustomEvent<AerosyncReconnectedDetail>;
  "aerosync-different-account": CustomEvent<AerosyncDifferentAccountDetail>;
  /** The user closed the widget without finishing (`detail` is null). */
  "aerosync-closed": CustomEvent<null>;
  "aerosync-error": CustomEvent<AerosyncErrorDetail>;
}

/** `<aerosync-reconnect>`. */
export declare class AerosyncReconnectElement extends HTMLElement {
  static readonly observedAttributes: string[];
  addEventListener<K extends keyof AerosyncReconnectEventMap>(
    type: K,
    listener: (this: AerosyncReconnectElement, event: AerosyncReconnectEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof AerosyncReconnectEventMap>(
    type: K,
    listener: (this: AerosyncReconnectElement, event: AerosyncReconnectEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "aerosync-reconnect": AerosyncReconnectElement;
  }
  interface HTMLElementEventMap extends AerosyncReconnectEventMap {}
}
