/**
 * The `ws` half of the WebSocket transport (Node): handshake headers, the handshake's HTTP
 * status and error code, pings and frame-size limits. Browsers never load it:
 * `web-socket-impl.ts` imports it by dynamic import together with `ws`, so after the first
 * connect a socket still opens in the same tick as the call.
 */
import { concatBytes } from "../encoding/bytes.js";
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { HandlerSlot } from "./handler-slot.js";
import { isRetryableStatus, parseRetryAfter } from "./handshake-status.js";
import { SocketTransport } from "./socket-transport.js";
import type { Opening, SocketOptions } from "./opening.js";
import type { Transport } from "./transport.js";
import type { WebSocketConstructor } from "./web-socket-impl.js";

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

function readErrorCode(response: IncomingResponse): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    const finish = () => {
      clearTimeout(timer);
      response.destroy();
      try {
        const body = JSON.parse(new TextDecoder().decode(concatBytes(chunks))) as { error?: { code?: unknown } };
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

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** What the listeners that outlive the handshake share with it. */
interface WsState {
  /** The socket closed for an oversized frame: reported as 1009. */
  oversized: boolean;
  /** The socket closed for a text frame that is not UTF-8: reported as 1007. */
  invalidText: boolean;
  /** Fails the handshake; unset once it has settled, so nothing keeps the handshake's options and callbacks. */
  fail: ((error: unknown) => void) | undefined;
}

/**
 * The listeners for the socket's whole life: they hold only the slot and the state.
 * Returns the pong listener, added once the socket is open (no pong can come before).
 */
function listenWs(socket: WsSocket, slot: HandlerSlot, state: WsState): () => void {
  socket.on("message", ((data: Uint8Array & { toString(): string }, isBinary: boolean) => {
    if (isBinary) return slot.message(data);
    // A connection failed for bad text delivers nothing more.
    if (state.invalidText) return;
    const text = data.toString();
    // ws's own UTF-8 check is off (skipUTF8Validation): a native call per frame that cost
    // more than the rest of reading an audio delta. toString() turns bytes that are not
    // UTF-8 into U+FFFD, so only a frame holding that character needs the strict check,
    // and a frame of one-byte characters (every audio delta) needs none. A frame that
    // fails it fails the connection with 1007, as RFC 6455 and ws's own check do.
    if (text.indexOf("\uFFFD") !== -1 && !isUtf8(data)) {
      state.invalidText = true;
      socket.close(1007, "Invalid UTF-8 in a text frame");
      return;
    }
    slot.message(text);
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
    const closeCode = state.oversized ? 1009 : state.invalidText ? 1007 : code;
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

/** Starts a `ws` handshake; cancelling the opening drops the socket. */
export function startWs(ctor: WebSocketConstructor, options: SocketOptions): Opening {
  let handshake: WsHandshake | undefined;
  const socket = new ctor(options.url, {
    headers: options.headers,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
    skipUTF8Validation: true,
    // ws's hook for the handshake request, called inside the constructor: it sends the
    // request itself, and 'finish' says it has been written to the socket (for wss://,
    // after the TLS handshake).
    finishRequest: (request: WsRequest) => {
      request.on("finish", () => handshake?.sent());
      request.end();
    },
  }) as unknown as WsSocket;
  const slot = new HandlerSlot();
  const state: WsState = { oversized: false, invalidText: false, fail: undefined };
  return (handshake = new WsHandshake(socket, slot, state, listenWs(socket, slot, state)));
}

/** The handshake request, as `ws`'s `finishRequest` gets it. */
interface WsRequest {
  on(event: "finish", listener: () => void): void;
  end(): void;
}

/**
 * One `ws` handshake, from the socket's creation until it opens, is rejected, fails or is
 * cancelled. Its methods are on the prototype, so a handshake costs two bound listeners,
 * the request's `finish` listener and its promise; once it settles nothing reachable from
 * the open socket refers to it.
 */
class WsHandshake implements Opening {
  readonly promise: Promise<Transport>;
  readonly #socket: WsSocket;
  readonly #slot: HandlerSlot;
  readonly #state: WsState;
  readonly #onPong: () => void;
  #resolve!: (transport: Transport) => void;
  #reject!: (error: unknown) => void;
  /** The open and unexpected-response listeners, kept to be removed on open. */
  readonly #onOpen: () => void;
  readonly #onResponse: (request: unknown, response: IncomingResponse) => void;
  #afterSend: (() => void) | undefined;
  #isSent = false;

  constructor(socket: WsSocket, slot: HandlerSlot, state: WsState, onPong: () => void) {
    this.#socket = socket;
    this.#slot = slot;
    this.#state = state;
    this.#onPong = onPong;
    this.promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#onOpen = this.#open.bind(this);
    this.#onResponse = this.#response.bind(this);
    state.fail = this.#fail.bind(this);
    socket.on("unexpected-response", this.#onResponse as never);
    socket.on("open", this.#onOpen as never);
  }

  afterSend(run: () => void): void {
    if (this.#isSent) return run();
    this.#afterSend = run;
  }

  /** @internal The request went out, or the handshake settled: runs the `afterSend` work, once. */
  sent(): void {
    if (this.#isSent) return;
    this.#isSent = true;
    const run = this.#afterSend;
    this.#afterSend = undefined;
    run?.();
  }

  cancel(reason: unknown): void {
    if (this.#state.fail === undefined) return;
    // ws reports the dropped handshake on a later tick; the opening has failed with `reason` by then.
    this.#socket.terminate();
    this.#fail(reason);
  }

  #fail(error: unknown): void {
    this.#state.fail = undefined;
    this.#reject(error);
    this.sent();
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
    this.#state.fail = undefined;
    // Handshake-only listeners go: an open socket keeps nothing of its handshake. The
    // pong listener comes after them, so the socket's listener table never holds six
    // events at once (six would double its size for the socket's whole life).
    socket.removeListener("open", this.#onOpen as never);
    socket.removeListener("unexpected-response", this.#onResponse as never);
    socket.on("pong", this.#onPong as never);
    this.#resolve(new SocketTransport(socket, this.#slot, socket));
    this.sent();
  }
}
