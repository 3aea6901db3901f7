import { VoiceLiveConnectionError } from "../errors/connection-error.js";

/** The constructor shape this SDK needs: the WHATWG one, optionally with `ws`'s options object. */
export type WebSocketConstructor = new (
  url: string,
  protocolsOrOptions?: string | string[] | Record<string, unknown>,
  options?: Record<string, unknown>,
) => WebSocket;

const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

let cached: Promise<{ ctor: WebSocketConstructor; isWs: boolean }> | undefined;
let loaded: { ctor: WebSocketConstructor; isWs: boolean } | undefined;

/** What `loadWebSocket` found, once it has resolved; undefined before. */
export const loadedWebSocket = (): { ctor: WebSocketConstructor; isWs: boolean } | undefined => loaded;

/**
 * Finds the WebSocket implementation: `ws` on Node (headers, pings, handshake status),
 * the global `WebSocket` elsewhere. `ws` is an optional peer dependency, loaded only
 * when a Node app first connects, so browser bundles never include it.
 * Rejects with `VoiceLiveConnectionError` (`websocket_unavailable`) when neither exists.
 */
export function loadWebSocket(): Promise<{ ctor: WebSocketConstructor; isWs: boolean }> {
  cached ??= (async () => {
    if (isNode()) {
      try {
        const module = (await import("isomorphic-ws")) as unknown as { default?: WebSocketConstructor };
        const ctor = (module.default ?? module) as WebSocketConstructor;
        return (loaded = { ctor, isWs: true });
      } catch (cause) {
        cached = undefined;
        throw new VoiceLiveConnectionError(
          "websocket_unavailable",
          'voicelive-client needs the "ws" package on Node: run `npm install ws`.',
          { retryable: false, cause },
        );
      }
    }
    const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (global === undefined) {
      cached = undefined;
      throw new VoiceLiveConnectionError(
        "websocket_unavailable",
        "No WebSocket implementation found: pass the `WebSocket` option.",
        { retryable: false },
      );
    }
    return (loaded = { ctor: global, isWs: false });
  })();
  return cached;
}
