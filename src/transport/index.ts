export type { Frame as TransportFrame, Transport, TransportFactory, TransportHandlers, TransportOpenOptions } from "./transport.js";
export { createWebSocketTransport, parseRetryAfter, isRetryableStatus } from "./web-socket-transport.js";
export { loadWebSocket, type WebSocketConstructor } from "./web-socket-impl.js";
