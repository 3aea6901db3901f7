import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import { isTokenCredential } from "../../auth/credential.js";
import type { WebSocket, WebSocketServer } from "ws";
import { resolveHandshakeAuth } from "../../auth/handshake-auth.js";
import { TokenCache } from "../../auth/token-cache.js";
import { checkForcedSession, resolveGrant, type RelayTarget } from "./relay-grant.js";
import { loadWs } from "./load-ws.js";
import { relayLogger } from "./relay-logger.js";
import { RelayPair } from "./relay-pair.js";
import { resolveRelayOptions, type RelayAuthorization, type RelayErrorInfo, type VoiceLiveRelayOptions } from "./relay-options.js";
import { refuseUpgrade } from "./refuse-upgrade.js";

/** Where `attach` listens. */
export interface RelayAttachOptions {
  /** The request path browsers connect to; other paths are left to other handlers. @default "/voice" */
  readonly path?: string | undefined;
}

/** A relay between browsers and Voice Live; see `createVoiceLiveRelay`. */
export interface VoiceLiveRelay {
  /**
   * Handles `upgrade` requests for `path` on `server` and leaves every other path alone.
   * Returns a function that detaches this listener only.
   * @throws TypeError for a bad server or path; Error after `close()`.
   */
  attach(server: HttpServer | HttpsServer, options?: RelayAttachOptions): () => void;
  /**
   * Takes over one upgrade request routed by the app or framework: checks the origin, runs
   * `authorize`, then accepts the WebSocket or answers 401/403/500/503. Never rejects.
   */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Open browser connections. */
  readonly connections: number;
  /** Detaches from every server, refuses new upgrades (503) and closes every pair with 1001. */
  close(): Promise<void>;
}

type HookName = "onConnection" | "onClose" | "onError";

function assertPath(path: unknown): string {
  if (typeof path !== "string" || !path.startsWith("/") || /[?#\s]/.test(path)) {
    throw new TypeError('path must be a URL path starting with "/" and without a query, such as "/voice".');
  }
  return path;
}

/**
 * Creates a relay that lets browsers use Voice Live through the app's own server: the
 * browser connects with no Azure credential, the app's `authorize` decides who may and what
 * they may use, and the relay opens the upstream socket with the credential in headers.
 * @throws TypeError / RangeError naming the option, before any socket exists.
 * @example
 * const relay = createVoiceLiveRelay({ endpoint, credential, model: "gpt-realtime", authorize: (req) => isSignedIn(req) });
 * relay.attach(server, { path: "/voice" });
 */
export function createVoiceLiveRelay(options: VoiceLiveRelayOptions): VoiceLiveRelay {
  const settings = resolveRelayOptions(options);
  // Fail at start-up, not per browser, when the relay's own target or forced session is wrong.
  if (options.model !== undefined || options.agent !== undefined) resolveGrant(true, settings);
  else if (settings.session !== undefined) checkForcedSession(settings.session, undefined, { profile: options.profile }, settings);
  const { credential } = options;
  const tokenCache = isTokenCredential(credential) ? new TokenCache(credential) : undefined;
  let server: Promise<WebSocketServer> | undefined;
  const browserServer = (): Promise<WebSocketServer> =>
    (server ??= loadWs().then(
      (ws) =>
        new ws.WebSocketServer({ noServer: true, clientTracking: false, maxPayload: settings.maxBrowserMessageBytes, perMessageDeflate: false }),
      (error: unknown) => {
        server = undefined;
        throw error;
      },
    ));
  const pairs = new Set<RelayPair>();
  const detachers = new Set<() => void>();
  let closing: Promise<void> | undefined;

  const call = <K extends HookName>(name: K, info: Parameters<NonNullable<VoiceLiveRelayOptions[K]>>[0]): void => {
    const hook = options[name] as ((arg: typeof info) => void) | undefined;
    try {
      hook?.(info);
    } catch (error) {
      if (name !== "onError") report({ stage: "hook", error });
    }
  };
  const report = (info: RelayErrorInfo): void => call("onError", info);

  const accept = (request: IncomingMessage, browser: WebSocket, target: RelayTarget): void => {
    const id = randomUUID();
    const pair = new RelayPair({
      id,
      browser,
      target,
      settings,
      authenticate: (forceRefresh) => resolveHandshakeAuth(credential, { runtime: "node", tokenCache, forceRefresh }),
      refreshOnUnauthorized: tokenCache !== undefined,
      report,
      closed: (info) => {
        pairs.delete(pair);
        call("onClose", info);
      },
    });
    pairs.add(pair);
    relayLogger.info(`relay ${id}: browser accepted`);
    call("onConnection", { id, request });
    pair.start();
  };

  const handleUpgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on("error", () => socket.destroy());
    if (closing !== undefined) return refuseUpgrade(socket, 503);
    const origin = request.headers.origin;
    if (settings.allowedOrigins !== undefined && (origin === undefined || !settings.allowedOrigins.has(origin))) {
      relayLogger.info("relay: upgrade refused, origin not allowed");
      return refuseUpgrade(socket, 403);
    }
    let verdict: RelayAuthorization;
    try {
      verdict = await options.authorize(request);
    } catch (error) {
      report({ stage: "authorize", error });
      return refuseUpgrade(socket, 401);
    }
    if (verdict === false) {
      relayLogger.info("relay: upgrade refused by authorize");
      return refuseUpgrade(socket, 403);
    }
    let target: RelayTarget;
    try {
      target = resolveGrant(verdict, settings);
    } catch (error) {
      report({ stage: "grant", error });
      return refuseUpgrade(socket, 500);
    }
    let wss: WebSocketServer;
    try {
      wss = await browserServer();
    } catch (error) {
      report({ stage: "browser", error });
      return refuseUpgrade(socket, 500);
    }
    if (closing !== undefined) return refuseUpgrade(socket, 503);
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (browser) => accept(request, browser, target));
  };

  return {
    attach(server, attachOptions = {}) {
      if (closing !== undefined) throw new Error("attach: the relay is closed.");
      if (typeof server !== "object" || server === null || typeof (server as HttpServer).on !== "function") {
        throw new TypeError("server must be a Node http or https server.");
      }
      const path = assertPath(attachOptions.path ?? "/voice");
      const listener = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
        const pathname = new URL(request.url ?? "/", "http://relay").pathname;
        if (pathname === path) void handleUpgrade(request, socket, head);
      };
      server.on("upgrade", listener);
      const detach = (): void => {
        server.off("upgrade", listener);
        detachers.delete(detach);
      };
      detachers.add(detach);
      return detach;
    },
    handleUpgrade,
    get connections() {
      return pairs.size;
    },
    close() {
      closing ??= (async () => {
        for (const detach of [...detachers]) detach();
        await Promise.all([...pairs].map((pair) => pair.shutdown()));
        const wss = await server?.catch(() => undefined);
        if (wss !== undefined) await new Promise<void>((resolve) => wss.close(() => resolve()));
      })();
      return closing;
    },
  };
}
