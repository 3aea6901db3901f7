import type { WebSocket, WebSocketServer } from "ws";
import { VoiceLiveConnectionError } from "../../errors/connection-error.js";

/** The parts of the `ws` package the relay uses. */
export interface WsModule {
  readonly WebSocket: typeof WebSocket;
  readonly WebSocketServer: typeof WebSocketServer;
}

let cached: Promise<WsModule> | undefined;

const unavailable = (cause: unknown): VoiceLiveConnectionError =>
  new VoiceLiveConnectionError("websocket_unavailable", 'createVoiceLiveRelay needs the "ws" package: run `npm install ws`.', {
    retryable: false,
    cause,
  });

/**
 * Loads `ws` on first use: it is an optional peer dependency, so importing
 * `voicelive-client/node` for its audio adapters must work without it.
 * Rejects with `VoiceLiveConnectionError` (`websocket_unavailable`) when it is missing.
 */
export function loadWs(): Promise<WsModule> {
  cached ??= import("ws").then(
    (module) => {
      // Named exports under ESM; a CommonJS interop may only fill `default`.
      const m = module as Partial<WsModule> & { default?: Partial<WsModule> };
      const WebSocket = m.WebSocket ?? m.default?.WebSocket;
      const WebSocketServer = m.WebSocketServer ?? m.default?.WebSocketServer;
      if (WebSocket === undefined || WebSocketServer === undefined) throw unavailable(undefined);
      return { WebSocket, WebSocketServer };
    },
    (cause: unknown) => {
      throw unavailable(cause);
    },
  );
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
