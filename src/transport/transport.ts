/** A received frame: text, or binary bytes. */
export type Frame = string | ArrayBuffer | ArrayBufferView;

/** What a transport reports to its owner. */
export interface TransportHandlers {
  /** A frame arrived: text as a string, binary as bytes. */
  message(frame: Frame): void;
  /** The socket closed; fires once. `wasClean` is false for drops (code 1006). */
  close(code: number, reason: string, wasClean: boolean): void;
  /** A pong answered our ping. */
  pong(): void;
}

/** An open WebSocket, reduced to what a session needs; swap it for a fake in tests. */
export interface Transport {
  /** Bytes queued in the socket but not yet sent. */
  readonly bufferedAmount: number;
  /** True when `ping()` sends a real ping frame (Node's `ws`); browsers cannot. */
  readonly canPing: boolean;
  /** Set once by the owner right after the transport opens. */
  handlers: TransportHandlers;
  /**
   * Hands a frame to the socket. Returns false, sending nothing, once the socket is no
   * longer open (a closing socket would drop it silently), so the caller can keep it.
   */
  send(text: string): boolean;
  ping(): void;
  /** Starts a clean close. */
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a close handshake. */
  terminate(): void;
}

/** What a transport factory needs to open a socket. */
export interface TransportOpenOptions {
  readonly url: string;
  /** Handshake headers (Node only; browsers cannot send them). */
  readonly headers: Readonly<Record<string, string>>;
  /** Frames larger than this close the socket with 1009. */
  readonly maxMessageBytes: number;
  /**
   * Aborts the handshake: with the caller's abort reason, or with the `handshake_timeout`
   * error when the attempt's `connectTimeoutMs` runs out. A transport that still resolves
   * afterwards is terminated, unused.
   */
  readonly signal: AbortSignal;
}

/**
 * Opens a transport. Resolves once the socket is open; rejects with a
 * `VoiceLiveConnectionError` that carries the handshake status when there is one.
 */
export type TransportFactory = (options: TransportOpenOptions) => Promise<Transport>;
