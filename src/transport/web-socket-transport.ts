/**
 * The WebSocket transport: browsers' WHATWG socket here, the `ws` half (Node) in
 * `ws-open.ts`, loaded by dynamic import only where `ws` is used.
 */
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { HandlerSlot } from "./handler-slot.js";
import { SocketTransport } from "./socket-transport.js";
import type { Transport, TransportFactory, TransportOpenOptions } from "./transport.js";
import { loadedWebSocket, loadedWsOpen, loadWebSocket, loadWsOpen, type WebSocketConstructor } from "./web-socket-impl.js";

function openWhatwg(ctor: WebSocketConstructor, options: TransportOpenOptions): Promise<Transport> {
  const socket = new ctor(options.url);
  socket.binaryType = "arraybuffer";
  return new Promise((resolve, reject) => {
    let settled = false;
    const slot = new HandlerSlot();
    // Browsers can neither ping nor drop a socket without a close handshake.
    const transport = new SocketTransport(socket, slot);
    const onAbort = () => {
      socket.close();
      if (!settled) {
        settled = true;
        reject(options.signal.reason);
      }
    };
    options.signal.addEventListener("abort", onAbort, { once: true });
    socket.onopen = () => {
      settled = true;
      options.signal.removeEventListener("abort", onAbort);
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
        options.signal.removeEventListener("abort", onAbort);
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
}

/**
 * Returns a transport factory over a WebSocket implementation: the given constructor,
 * or `ws` on Node and the global `WebSocket` elsewhere.
 */
export function createWebSocketTransport(WebSocketImpl?: WebSocketConstructor): TransportFactory {
  // The default factory is shared: every session keeps its factory for reconnects.
  if (WebSocketImpl === undefined) return (defaultFactory ??= webSocketTransport(undefined));
  return webSocketTransport(WebSocketImpl);
}

let defaultFactory: TransportFactory | undefined;

function webSocketTransport(WebSocketImpl: WebSocketConstructor | undefined): TransportFactory {
  const given = WebSocketImpl && { ctor: WebSocketImpl, isWs: typeof (WebSocketImpl.prototype as { on?: unknown }).on === "function" };
  // An injected `ws` needs the `ws` half of the transport: start loading it now, before the first connect.
  if (given?.isWs) loadWsOpen().catch(() => undefined);
  return (options) => {
    const impl = given ?? loadedWebSocket();
    // Only the first connect waits for the import; after that the socket is created in this
    // same tick, with no microtask hops between connect() and the handshake.
    if (impl === undefined) return loadWebSocket().then((found) => openWith(found.ctor, found.isWs, options));
    try {
      return openWith(impl.ctor, impl.isWs, options);
    } catch (error) {
      // A factory reports every failure as a rejection, as the async version did.
      return Promise.reject(error);
    }
  };
}

function openWith(ctor: WebSocketConstructor, isWs: boolean, options: TransportOpenOptions): Promise<Transport> {
  options.signal.throwIfAborted();
  if (!isWs) return openWhatwg(ctor, options);
  // The `ws` half is loaded with `ws` itself; only an injected `ws` constructor's first connect waits for it.
  const openWs = loadedWsOpen();
  if (openWs !== undefined) return openWs(ctor, options);
  return loadWsOpen().then((open) => {
    options.signal.throwIfAborted();
    return open(ctor, options);
  });
}
