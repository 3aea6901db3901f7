import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";

/**
 * Answers an upgrade request with a bare HTTP error and closes the socket. The body is the
 * status text only: nothing about why, so nothing the app's `authorize` saw can leak.
 */
export function refuseUpgrade(socket: Duplex, status: 401 | 403 | 500 | 503): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
