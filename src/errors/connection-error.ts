import { VoiceLiveError, type VoiceLiveErrorOptions } from "./voice-live-error.js";

/** Why a connection failed or ended. */
export type ConnectionErrorCode =
  /** The handshake was answered with an HTTP status (see `status`). */
  | "handshake_rejected"
  /** The handshake did not finish within `connectTimeoutMs`. */
  | "handshake_timeout"
  /** The TCP/TLS connection could not be made (refused port, DNS, TLS). */
  | "network_error"
  /** The socket closed after it was open (see `closeCode`). */
  | "connection_closed"
  /** The peer stopped answering pings. */
  | "heartbeat_timeout"
  /** No WebSocket implementation could be loaded (install `ws` on Node). */
  | "websocket_unavailable"
  /** The session's deferred code (a bundler chunk) could not be loaded, e.g. a browser fetch failed. */
  | "module_unavailable"
  /** `sendAudio()` or another send found its queue full. */
  | "send_queue_full"
  /** The session was closed by the app while the call was pending. */
  | "session_closed";

/**
 * The connection could not be made or was lost. `retryable` says whether trying again
 * can help; the handshake status, close code and reason say what happened.
 */
export class VoiceLiveConnectionError extends VoiceLiveError {
  override name = "VoiceLiveConnectionError" as const;
  declare readonly code: ConnectionErrorCode;
  readonly retryable: boolean;
  /** HTTP status of a rejected handshake. */
  readonly status: number | undefined;
  /** WebSocket close code, when the socket closed. */
  readonly closeCode: number | undefined;
  readonly closeReason: string | undefined;
  /** The server's `Retry-After`, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    code: ConnectionErrorCode,
    message: string,
    details: {
      retryable: boolean;
      status?: number;
      closeCode?: number;
      closeReason?: string;
      retryAfterMs?: number;
    } & VoiceLiveErrorOptions,
  ) {
    super(code, message, details);
    this.retryable = details.retryable;
    this.status = details.status;
    this.closeCode = details.closeCode;
    this.closeReason = details.closeReason;
    this.retryAfterMs = details.retryAfterMs;
  }

  protected override safeFields(): Record<string, unknown> {
    return {
      retryable: this.retryable,
      status: this.status,
      closeCode: this.closeCode,
      closeReason: this.closeReason,
      retryAfterMs: this.retryAfterMs,
    };
  }
}
