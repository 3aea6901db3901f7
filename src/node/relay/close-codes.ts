/** Close codes a WebSocket endpoint may put in a close frame (RFC 6455 §7.4, as `ws` checks them). */
export function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999));
}

/** A close code and reason, ready to send. */
export interface CloseFrame {
  readonly code: number;
  readonly reason: string;
}

const MAX_REASON_BYTES = 123;

/** Cuts a reason to the 123 bytes a close frame holds, at a character boundary. */
export function fitReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_REASON_BYTES) return reason;
  let cut = reason.slice(0, MAX_REASON_BYTES);
  while (Buffer.byteLength(cut) > MAX_REASON_BYTES) cut = cut.slice(0, -1);
  return cut;
}

/**
 * The close the browser gets when the upstream socket closed with `code`: the same code and
 * reason when it can be sent, 1000 for "no code", and 1011 for a drop (1006) or TLS failure
 * (1015), which exist only as local observations.
 */
export function browserCloseFor(code: number, reason: string): CloseFrame {
  if (code === 1005) return { code: 1000, reason: "" };
  if (code === 1006 || code === 1015) return { code: 1011, reason: "upstream connection lost" };
  if (!isSendableCloseCode(code)) return { code: 1011, reason: "upstream closed" };
  return { code, reason: fitReason(reason) };
}

/**
 * The close the upstream gets when the browser closed with `code`: the same code and reason
 * when it can be sent, 1000 for "no code", 1001 (going away) for a vanished browser.
 */
export function upstreamCloseFor(code: number, reason: string): CloseFrame {
  if (code === 1005) return { code: 1000, reason: "" };
  if (!isSendableCloseCode(code)) return { code: 1001, reason: "browser went away" };
  return { code, reason: fitReason(reason) };
}

/**
 * The close the browser gets when the upstream handshake is refused with an HTTP status:
 * 1013 (try again later) for 429 and 503, 1011 otherwise. The reason holds the status and
 * the retry delay only, never the URL or a body.
 */
export function handshakeRefusalClose(status: number, retryAfterMs: number | undefined): CloseFrame {
  if (status === 429 || status === 503) {
    const retry = retryAfterMs === undefined ? "" : `, retry after ${Math.ceil(retryAfterMs / 1000)} s`;
    return { code: 1013, reason: `try again later (upstream HTTP ${status}${retry})` };
  }
  return { code: 1011, reason: `upstream refused the connection (HTTP ${status})` };
}
