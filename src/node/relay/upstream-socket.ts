import type { ClientRequest, IncomingMessage } from "node:http";
import type { WebSocket } from "ws";
import type { WsModule } from "./load-ws.js";
import { VoiceLiveConnectionError } from "../../errors/connection-error.js";
import { isRetryableStatus, parseRetryAfter } from "../../transport/handshake-status.js";

/** How an upstream handshake ended: open, refused with an HTTP status, or failed. */
export type UpstreamOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly retryAfterMs: number | undefined; readonly error: VoiceLiveConnectionError }
  | { readonly ok: false; readonly status: undefined; readonly error: VoiceLiveConnectionError };

/** Socket settings of one upstream connection. */
export interface UpstreamSocketOptions {
  readonly maxPayloadBytes: number;
  readonly handshakeTimeoutMs: number;
}

/** An upstream socket being opened; `opened` never rejects. */
export interface PendingUpstream {
  readonly socket: WebSocket;
  readonly opened: Promise<UpstreamOutcome>;
}

/**
 * Opens the Voice Live socket with the credential in `headers` (never in the URL). The
 * errors it reports name the HTTP status or socket error code only, never the URL.
 */
export function openUpstream(
  ws: WsModule,
  url: URL,
  headers: Readonly<Record<string, string>>,
  options: UpstreamSocketOptions,
): PendingUpstream {
  const socket = new ws.WebSocket(url, {
    headers,
    maxPayload: options.maxPayloadBytes,
    handshakeTimeout: options.handshakeTimeoutMs,
    perMessageDeflate: false,
    followRedirects: false,
  });
  const opened = new Promise<UpstreamOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: UpstreamOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    socket.on("open", () => settle({ ok: true }));
    socket.on("unexpected-response", (request: ClientRequest, response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const retryAfterMs = parseRetryAfter(response.headers["retry-after"]);
      // The body is service text: it is neither read nor passed on.
      response.resume();
      request.destroy();
      const error = new VoiceLiveConnectionError("handshake_rejected", `The service rejected the relay's WebSocket handshake with HTTP ${status}.`, {
        retryable: isRetryableStatus(status),
        status,
        ...(retryAfterMs !== undefined && { retryAfterMs }),
      });
      settle({ ok: false, status, retryAfterMs, error });
    });
    socket.on("error", (error: Error & { code?: string }) => {
      const timedOut = /timed out/i.test(error.message);
      settle({
        ok: false,
        status: undefined,
        error: new VoiceLiveConnectionError(
          timedOut ? "handshake_timeout" : "network_error",
          timedOut ? `The upstream handshake did not finish within ${options.handshakeTimeoutMs} ms.` : `The relay could not reach the service: ${error.code ?? "socket error"}.`,
          { retryable: true },
        ),
      });
    });
    socket.on("close", () =>
      settle({ ok: false, status: undefined, error: new VoiceLiveConnectionError("network_error", "The upstream socket closed during the handshake.", { retryable: true }) }),
    );
  });
  return { socket, opened };
}
