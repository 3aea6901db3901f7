import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { loadChunk } from "./load-chunk.js";
import type { startWs } from "./ws-open.js";

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
 * Loads the `ws` half of the transport (`ws-open.ts`) by dynamic import, so that browser
 * bundles hold it only in a chunk they never fetch.
 */
export const loadWsOpen = loadChunk("ws transport", () => import("./ws-open.js").then((module) => module.startWs));

/** The `ws` half of the transport once loaded; undefined before. */
export const loadedWsOpen = (): typeof startWs | undefined => loadWsOpen.loaded;

/**
 * Finds the WebSocket implementation: `ws` on Node (headers, pings, handshake status),
 * the global `WebSocket` elsewhere. `ws` is an optional peer dependency, loaded only
 * when a Node app first connects, so browser bundles never include it.
 * Rejects with `VoiceLiveConnectionError` (`websocket_unavailable`) when neither exists.
 */
export function loadWebSocket(): Promise<{ ctor: WebSocketConstructor; isWs: boolean }> {
  cached ??= (async () => {
    if (isNode()) {
      // The `ws` half of the transport loads alongside `ws`: once both are here, no connect waits.
      const half = loadWsOpen();
      half.catch(() => undefined);
      let ctor: WebSocketConstructor;
      try {
        const module = (await import("isomorphic-ws")) as unknown as { default?: WebSocketConstructor };
        ctor = (module.default ?? module) as WebSocketConstructor;
      } catch (cause) {
        cached = undefined;
        throw new VoiceLiveConnectionError(
          "websocket_unavailable",
          'voicelive-client needs the "ws" package on Node: run `npm install ws`.',
          { retryable: false, cause },
        );
      }
      try {
        await half;
      } catch (error) {
        cached = undefined;
        throw error;
      }
      return (loaded = { ctor, isWs: true });
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
