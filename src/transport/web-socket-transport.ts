/**
 * The WebSocket transport: browsers' WHATWG socket here, the `ws` half (Node) in
 * `ws-open.ts`, loaded by dynamic import only where `ws` is used.
 */
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { HandlerSlot } from "./handler-slot.js";
import { withSignal, type Opening, type SocketOptions, type Starting } from "./opening.js";
import { SocketTransport } from "./socket-transport.js";
import type { Transport, TransportFactory } from "./transport.js";
import { loadedWebSocket, loadedWsOpen, loadWebSocket, loadWsOpen, type WebSocketConstructor } from "./web-socket-impl.js";

/** A browser's (WHATWG) socket opening; cancelling closes it. */
function startWhatwg(ctor: WebSocketConstructor, options: SocketOptions): Opening {
  const socket = new ctor(options.url);
  socket.binaryType = "arraybuffer";
  let settled = false;
  let fail!: (reason: unknown) => void;
  const promise = new Promise<Transport>((resolve, reject) => {
    fail = reject;
    const slot = new HandlerSlot();
    // Browsers can neither ping nor drop a socket without a close handshake.
    const transport = new SocketTransport(socket, slot);
    socket.onopen = () => {
      settled = true;
      resolve(transport);
    };
    socket.onmessage = (event) => {
      const data = event.data as string | ArrayBuffer;
      if (typeof data === "string" && data.length > options.maxMessageBytes) {
        socket.close(1009, "message too big");
        return;
      }
      slot.message(data);
    };
    socket.onclose = (event) => {
      if (!settled) {
        settled = true;
        // Browsers hide the handshake status; a failed handshake looks like a 1006 close.
        reject(
          new VoiceLiveConnectionError("network_error", `The connection failed during the handshake (code ${event.code}).`, {
            retryable: true,
            closeCode: event.code,
          }),
        );
        return;
      }
      slot.close(event.code, event.reason, event.wasClean);
    };
  });
  return {
    promise,
    cancel(reason) {
      if (settled) return;
      settled = true;
      socket.close();
      fail(reason);
    },
  };
}

/**
 * Returns a transport factory over a WebSocket implementation: the given constructor,
 * or `ws` on Node and the global `WebSocket` elsewhere.
 */
export function createWebSocketTransport(WebSocketImpl?: WebSocketConstructor): TransportFactory {
  // The default factory is shared: every session keeps its factory for reconnects.
  return WebSocketImpl === undefined ? (defaultFactory ??= webSocketTransport(undefined)) : webSocketTransport(WebSocketImpl);
}

let defaultFactory: TransportFactory | undefined;

function webSocketTransport(WebSocketImpl: WebSocketConstructor | undefined): TransportFactory {
  const given = WebSocketImpl && { ctor: WebSocketImpl, isWs: typeof (WebSocketImpl.prototype as { on?: unknown }).on === "function" };
  // An injected `ws` needs the `ws` half of the transport: start loading it now, before the first connect.
  if (given?.isWs) loadWsOpen().catch(() => undefined);
  return withSignal((options) => {
    const impl = given ?? loadedWebSocket();
    // Only the first connect waits for the import; after that the socket is created in this
    // same tick, with no microtask hops between connect() and the handshake.
    return impl !== undefined ? startWith(impl.ctor, impl.isWs, options) : loadWebSocket().then((found) => startWith(found.ctor, found.isWs, options));
  });
}

function startWith(ctor: WebSocketConstructor, isWs: boolean, options: SocketOptions): Starting {
  // The `ws` half is loaded with `ws` itself; only an injected `ws` constructor's first connect waits for it.
  const startWs = isWs ? loadedWsOpen() : undefined;
  return startWs !== undefined ? startWs(ctor, options) : startWithout(ctor, isWs, options);
}

/** A browser's socket, or an injected `ws` constructor's first connect. */
function startWithout(ctor: WebSocketConstructor, isWs: boolean, options: SocketOptions): Starting {
  return isWs ? loadWsOpen().then((start) => start(ctor, options)) : startWhatwg(ctor, options);
}
