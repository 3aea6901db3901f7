import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { HandlerSlot } from "./handler-slot.js";

/** WebSocket `readyState` OPEN, in both `ws` and browsers. */
const OPEN = 1;
import type { Transport, TransportFactory, TransportHandlers, TransportOpenOptions } from "./transport.js";
import { loadedWebSocket, loadWebSocket, type WebSocketConstructor } from "./web-socket-impl.js";

/** The `ws` socket API this file uses beyond the WHATWG one. */
interface WsSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  on(event: string, listener: (...args: never[]) => void): void;
  removeListener(event: string, listener: (...args: never[]) => void): void;
  send(data: string): void;
  ping(): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}
interface IncomingResponse {
  readonly statusCode?: number;
  readonly headers: Record<string, string | string[] | undefined>;
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end" | "error", listener: () => void): void;
  destroy(): void;
}


/** The parts of a socket both implementations share. */
interface SocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/**
 * An open socket as a `Transport`. The methods live on the prototype, so each open socket
 * costs one small object rather than a closure per method.
 */
class SocketTransport implements Transport {
  readonly #socket: SocketLike;
  readonly #slot: HandlerSlot;
  /** Set for `ws`, which can ping and drop a socket; browsers can do neither. */
  readonly #ws: WsSocket | undefined;

  constructor(socket: SocketLike, slot: HandlerSlot, ws?: WsSocket) {
    this.#socket = socket;
    this.#slot = slot;
    this.#ws = ws;
  }

  get bufferedAmount(): number {
    return this.#socket.bufferedAmount;
  }

  get canPing(): boolean {
    return this.#ws !== undefined;
  }

  get handlers(): TransportHandlers {
    return this.#slot;
  }

  set handlers(handlers: TransportHandlers) {
    this.#slot.attach(handlers);
  }

  send(text: string): boolean {
    if (this.#socket.readyState !== OPEN) return false;
    this.#socket.send(text);
    return true;
  }

  ping(): void {
    this.#ws?.ping();
  }

  close(code: number, reason: string): void {
    this.#socket.close(code, reason);
  }

  terminate(): void {
    if (this.#ws !== undefined) this.#ws.terminate();
    else this.#socket.close(4000, "terminated");
  }
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Statuses worth another attempt: timeouts, throttling and server errors other than 501. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);

function readErrorCode(response: IncomingResponse): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const finish = () => {
      clearTimeout(timer);
      response.destroy();
      try {
        const body = JSON.parse(new TextDecoder().decode(concat(chunks))) as { error?: { code?: unknown } };
        const code = body.error?.code;
        // Only a short identifier is kept: a body is server text, and must not widen what errors show.
        resolve(typeof code === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(code) ? code : undefined);
      } catch {
        resolve(undefined);
      }
    };
    const timer = setTimeout(finish, 300);
    response.on("data", (chunk) => {
      size += chunk.byteLength;
      if (size <= 4096) chunks.push(chunk);
    });
    response.on("end", finish);
    response.on("error", finish);
  });
}

const concat = (chunks: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
};

/** What the listeners that outlive the handshake share with it. */
interface WsState {
  /** The socket closed for an oversized frame: reported as 1009. */
  oversized: boolean;
  /** Fails the handshake; unset once it has settled, so nothing keeps the handshake's options and callbacks. */
  fail: ((error: unknown) => void) | undefined;
}

/**
 * The listeners for the socket's whole life: they hold only the slot and the state.
 * Returns the pong listener, added once the socket is open (no pong can come before).
 */
function listenWs(socket: WsSocket, slot: HandlerSlot, state: WsState): () => void {
  socket.on("message", ((data: Uint8Array & { toString(): string }, isBinary: boolean) => {
    slot.message(isBinary ? data : data.toString());
  }) as never);
  socket.on("error", ((error: Error & { code?: string }) => {
    if (error.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH") state.oversized = true;
    state.fail?.(
      new VoiceLiveConnectionError("network_error", `Could not connect: ${error.code ?? error.message}.`, {
        retryable: true,
        cause: error,
      }),
    );
  }) as never);
  socket.on("close", ((code: number, reason: Uint8Array) => {
    const closeCode = state.oversized ? 1009 : code;
    const text = new TextDecoder().decode(reason);
    if (state.fail !== undefined) {
      state.fail(
        new VoiceLiveConnectionError("network_error", `The connection closed during the handshake (code ${closeCode}).`, {
          retryable: true,
          closeCode,
        }),
      );
      return;
    }
    slot.close(closeCode, text, closeCode !== 1006);
  }) as never);
  return () => slot.pong();
}

function openWs(ctor: WebSocketConstructor, options: TransportOpenOptions): Promise<Transport> {
  const socket = new ctor(options.url, {
    headers: options.headers,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
  }) as unknown as WsSocket;
  const slot = new HandlerSlot();
  const state: WsState = { oversized: false, fail: undefined };
  const onPong = listenWs(socket, slot, state);
  return new Promise((resolve, reject) => new WsHandshake(socket, slot, state, onPong, options.signal, resolve, reject).start());
}

/**
 * One `ws` handshake, from the socket's creation until it opens, is rejected, fails or is
 * aborted. Its methods are on the prototype and it is the abort signal's listener object,
 * so a handshake costs no closures; once it settles nothing reachable from the socket
 * refers to it.
 */
class WsHandshake {
  readonly #socket: WsSocket;
  readonly #slot: HandlerSlot;
  readonly #state: WsState;
  readonly #onPong: () => void;
  readonly #signal: AbortSignal;
  readonly #resolve: (transport: Transport) => void;
  readonly #reject: (error: unknown) => void;
  /** The open and unexpected-response listeners, kept to be removed on open. */
  readonly #onOpen: () => void;
  readonly #onResponse: (request: unknown, response: IncomingResponse) => void;

  constructor(
    socket: WsSocket,
    slot: HandlerSlot,
    state: WsState,
    onPong: () => void,
    signal: AbortSignal,
    resolve: (transport: Transport) => void,
    reject: (error: unknown) => void,
  ) {
    this.#socket = socket;
    this.#slot = slot;
    this.#state = state;
    this.#onPong = onPong;
    this.#signal = signal;
    this.#resolve = resolve;
    this.#reject = reject;
    this.#onOpen = this.#open.bind(this);
    this.#onResponse = this.#response.bind(this);
  }

  /** Listens for the handshake's outcome and for an abort. */
  start(): void {
    this.#state.fail = this.#fail.bind(this);
    this.#signal.addEventListener("abort", this, { once: true });
    this.#socket.on("unexpected-response", this.#onResponse as never);
    this.#socket.on("open", this.#onOpen as never);
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.#socket.terminate();
    this.#state.fail?.(this.#signal.reason);
  }

  #settle(): void {
    this.#state.fail = undefined;
    this.#signal.removeEventListener("abort", this);
  }

  #fail(error: unknown): void {
    this.#settle();
    this.#reject(error);
  }

  #response(_request: unknown, response: IncomingResponse): void {
    const status = response.statusCode ?? 0;
    const retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
    void readErrorCode(response).then((serviceCode) => {
      this.#socket.terminate();
      this.#state.fail?.(
        new VoiceLiveConnectionError(
          "handshake_rejected",
          `The service rejected the WebSocket handshake with HTTP ${status}${serviceCode ? ` (${serviceCode})` : ""}.`,
          { retryable: isRetryableStatus(status), status, ...(retryAfterMs !== undefined && { retryAfterMs }) },
        ),
      );
    });
  }

  #open(): void {
    const socket = this.#socket;
    if (this.#state.fail === undefined) return socket.terminate();
    this.#settle();
    // Handshake-only listeners go: an open socket keeps nothing of its handshake. The
    // pong listener comes after them, so the socket's listener table never holds six
    // events at once (six would double its size for the socket's whole life).
    socket.removeListener("open", this.#onOpen as never);
    socket.removeListener("unexpected-response", this.#onResponse as never);
    socket.on("pong", this.#onPong as never);
    this.#resolve(new SocketTransport(socket, this.#slot, socket));
  }
}

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
  return (options) => {
    const impl = WebSocketImpl
      ? { ctor: WebSocketImpl, isWs: typeof (WebSocketImpl.prototype as { on?: unknown }).on === "function" }
      : loadedWebSocket();
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
  return isWs ? openWs(ctor, options) : openWhatwg(ctor, options);
}
