export type { Frame as TransportFrame, Transport, TransportFactory, TransportHandlers, TransportOpenOptions } from "./transport.js";
export { createWebSocketTransport } from "./web-socket-transport.js";
export { parseRetryAfter, isRetryableStatus } from "./handshake-status.js";
export { loadWebSocket, type WebSocketConstructor } from "./web-socket-impl.js";
