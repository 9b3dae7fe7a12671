// <aerosync-reconnect> in React 19's JSX, typed: `import type {} from
// "aerosync-reconnect-element/react";` once in your app. Written by hand, as
// the element's own types are (aerosync-reconnect.d.ts).
import type { AerosyncReconnectAttributes } from "./aerosync-reconnect.js";

type AerosyncReconnectJsx = Partial<AerosyncReconnectAttributes> & {
  class?: string;
  className?: string;
  id?: string;
  key?: string | number;
  ref?: unknown;
  children?: never;
  /** React 19 passes `on<event>` props of custom elements as listeners. */
  "onaerosync-reconnected"?: (event: CustomEvent) => void;
  "onaerosync-different-account"?: (event: CustomEvent) => void;
  "onaerosync-closed"?: (event: CustomEvent) => void;
  "onaerosync-error"?: (event: CustomEvent) => void;
};

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "aerosync-reconnect": AerosyncReconnectJsx;
    }
  }
}
