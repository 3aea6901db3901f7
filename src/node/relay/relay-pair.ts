import type { RawData, WebSocket } from "ws";
import type { HandshakeAuth } from "../../auth/credential.js";
import { redactUrl } from "../../url/redact-url.js";
import { forcedSessionUpdate, inspectClientFrame } from "./client-frame.js";
import { browserCloseFor, handshakeRefusalClose, upstreamCloseFor, type CloseFrame } from "./close-codes.js";
import { keepAlive } from "./keep-alive.js";
import type { RelayTarget } from "./relay-grant.js";
import { relayLogger } from "./relay-logger.js";
import type { RelayCloseInfo, RelayErrorInfo, ResolvedRelayOptions } from "./relay-options.js";
import { loadWs } from "./load-ws.js";
import { openUpstream } from "./upstream-socket.js";

/** What one pair needs from its relay. */
export interface RelayPairContext {
  readonly id: string;
  readonly browser: WebSocket;
  readonly target: RelayTarget;
  readonly settings: ResolvedRelayOptions;
  /** Handshake headers; `forceRefresh` after a 401 with a token credential. */
  readonly authenticate: (forceRefresh: boolean) => Promise<HandshakeAuth>;
  /** True when a 401 may be retried once with a fresh token. */
  readonly refreshOnUnauthorized: boolean;
  readonly report: (info: RelayErrorInfo) => void;
  readonly closed: (info: RelayCloseInfo) => void;
}

// Above this many unsent bytes on one side, the other side stops being read.
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
const LOW_WATER_BYTES = 1024 * 1024;
const OVERSIZED = "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
// WebSocket ready states, as numbers so this module needs no value import of `ws`.
const OPEN = 1;
const CLOSED = 3;

const toBuffer = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data;
const byteLength = (data: Buffer | string): number => (typeof data === "string" ? Buffer.byteLength(data) : data.length);

/**
 * One browser socket and its Voice Live socket: frames piped both ways in order, browser
 * frames filtered by the allow-list and held (bounded) until the upstream opens, close
 * codes carried across, both peers pinged.
 */
export class RelayPair {
  readonly id: string;
  /** Resolves once both sockets are closed and `onClose` has run. */
  readonly done: Promise<void>;
  readonly #ctx: RelayPairContext;
  readonly #browser: WebSocket;
  #upstream: WebSocket | undefined;
  #upstreamOpen = false;
  #pending: (Buffer | string)[] = [];
  #pendingBytes = 0;
  #browserClose: CloseFrame | undefined;
  #browserClosed = false;
  #upstreamOversized = false;
  #upstreamDead = false;
  #bytesIn = 0;
  #bytesOut = 0;
  #finished = false;
  #resolveDone!: () => void;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #stops: (() => void)[] = [];

  constructor(ctx: RelayPairContext) {
    this.#ctx = ctx;
    this.id = ctx.id;
    this.#browser = ctx.browser;
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
  }

  /** Starts reading the browser and opens the upstream socket. */
  start(): void {
    const browser = this.#browser;
    browser.on("message", (data, isBinary) => this.#fromBrowser(toBuffer(data), isBinary));
    browser.on("close", (code, reason) => this.#browserGone(code, reason.toString()));
    browser.on("error", (error: Error & { code?: string }) => {
      // ws has already sent 1009 to the browser; remember it for onClose and upstream.
      if (error.code === OVERSIZED) this.#browserClose ??= { code: 1009, reason: "" };
      this.#ctx.report({ id: this.id, stage: "browser", error });
    });
    this.#stops.push(
      keepAlive(browser, this.#ctx.settings.pingIntervalMs, () => !browser.isPaused, () => {
        relayLogger.info(`relay ${this.id}: browser stopped answering pings; terminating`);
        browser.terminate();
      }),
    );
    void this.#connect();
  }

  /** Closes both sides with 1001 and terminates whatever has not closed after `closeTimeoutMs`. */
  shutdown(): Promise<void> {
    const frame = { code: 1001, reason: "relay shutting down" };
    this.#closeBrowser(frame);
    const upstream = this.#upstream;
    if (upstream !== undefined) {
      if (this.#upstreamOpen) this.#closeSocket(upstream, frame);
      else upstream.terminate();
    }
    return this.done;
  }

  async #connect(): Promise<void> {
    const { settings, target } = this.#ctx;
    for (let attempt = 0; ; attempt++) {
      let auth: HandshakeAuth;
      try {
        auth = await this.#ctx.authenticate(attempt > 0);
      } catch (error) {
        this.#ctx.report({ id: this.id, stage: "upstream", error });
        this.#closeBrowser({ code: 1011, reason: "upstream authentication failed" });
        return;
      }
      if (this.#browserClosed) return this.#maybeDone();
      const headers = { ...auth.headers, "x-ms-client-request-id": this.id };
      const pending = openUpstream(await loadWs(), target.url, headers, {
        maxPayloadBytes: settings.maxUpstreamMessageBytes,
        handshakeTimeoutMs: settings.connectTimeoutMs,
      });
      this.#upstream = pending.socket;
      pending.socket.on("close", () => this.#maybeDone());
      // Listening from the start: the first event can arrive in the same read as the 101.
      pending.socket.on("message", (data, isBinary) => this.#fromUpstream(toBuffer(data), isBinary));
      const outcome = await pending.opened;
      if (outcome.ok) break;
      if (this.#browserClosed) return this.#maybeDone();
      if (outcome.status === 401 && attempt === 0 && this.#ctx.refreshOnUnauthorized) continue;
      relayLogger.warning(`relay ${this.id}: upstream handshake failed (${outcome.status === undefined ? outcome.error.code : `HTTP ${outcome.status}`})`);
      this.#ctx.report({ id: this.id, stage: "upstream", error: outcome.error });
      this.#closeBrowser(
        outcome.status !== undefined
          ? handshakeRefusalClose(outcome.status, outcome.retryAfterMs)
          : { code: 1011, reason: outcome.error.code === "handshake_timeout" ? "upstream handshake timed out" : "upstream unreachable" },
      );
      return;
    }
    this.#wireUpstream(this.#upstream!);
  }

  #wireUpstream(upstream: WebSocket): void {
    relayLogger.info(`relay ${this.id}: upstream open ${redactUrl(this.#ctx.target.url)}`);
    this.#upstreamOpen = true;
    upstream.on("close", (code, reason) => this.#upstreamGone(code, reason.toString()));
    upstream.on("error", (error: Error & { code?: string }) => {
      if (error.code === OVERSIZED) this.#upstreamOversized = true;
      this.#ctx.report({ id: this.id, stage: "upstream", error });
    });
    this.#stops.push(
      keepAlive(upstream, this.#ctx.settings.pingIntervalMs, () => !upstream.isPaused, () => {
        this.#upstreamDead = true;
        upstream.terminate();
      }),
    );
    if (this.#browserClosed) {
      this.#closeSocket(upstream, upstreamCloseFor(this.#browserClose?.code ?? 1006, this.#browserClose?.reason ?? ""));
      return;
    }
    const session = this.#ctx.target.session;
    if (session !== undefined) this.#sendUpstream(forcedSessionUpdate(session));
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    for (const data of pending) this.#sendUpstream(data);
  }

  #fromBrowser(data: Buffer, isBinary: boolean): void {
    this.#bytesIn += data.length;
    // Frames that arrive after the relay started closing the browser go nowhere.
    if (this.#browser.readyState !== OPEN) return;
    const { allowedEventTypes, session } = this.#ctx.target;
    const verdict = inspectClientFrame(data, isBinary, allowedEventTypes, session);
    if (!verdict.forward) {
      this.#reply(verdict.reply);
      return;
    }
    if (this.#upstreamOpen) {
      this.#sendUpstream(verdict.data);
      return;
    }
    this.#pendingBytes += byteLength(verdict.data);
    if (this.#pendingBytes > this.#ctx.settings.maxPendingBytes) {
      this.#pending = [];
      this.#closeBrowser({ code: 1013, reason: "relay buffer full; try again later" });
      return;
    }
    this.#pending.push(verdict.data);
  }

  #fromUpstream(data: Buffer, isBinary: boolean): void {
    this.#sendBrowser(data, isBinary);
  }

  #sendUpstream(data: Buffer | string): void {
    const upstream = this.#upstream;
    if (upstream === undefined || upstream.readyState !== OPEN) return;
    upstream.send(data, { binary: false }, this.#sent);
    this.#throttle(upstream, this.#browser);
  }

  #sendBrowser(data: Buffer | string, binary: boolean): void {
    const browser = this.#browser;
    if (browser.readyState !== OPEN) return;
    this.#bytesOut += byteLength(data);
    browser.send(data, { binary }, this.#sent);
    const upstream = this.#upstream;
    if (upstream !== undefined) this.#throttle(browser, upstream);
  }

  /**
   * Answers the browser itself. A browser that sends refused frames faster than it reads
   * the answers is not read either until it catches up, so the answers never pile up here.
   */
  #reply(reply: string): void {
    this.#sendBrowser(reply, false);
    this.#throttle(this.#browser, this.#browser);
  }

  /** Stops reading `source` while `target` has too much unsent. */
  #throttle(target: WebSocket, source: WebSocket): void {
    if (target.bufferedAmount > HIGH_WATER_BYTES && !source.isPaused) source.pause();
  }

  /**
   * After any send: a paused side is read again once every side it may be sending to is
   * low. The browser feeds both sockets (frames upstream, refused ones answered back to
   * it); the upstream feeds only the browser. Whichever side empties last resumes the others.
   */
  readonly #sent = (): void => {
    const browser = this.#browser;
    const upstream = this.#upstream;
    const browserLow = browser.bufferedAmount < LOW_WATER_BYTES;
    if (upstream !== undefined && upstream.isPaused && browserLow) upstream.resume();
    if (browser.isPaused && browserLow && (upstream === undefined || upstream.bufferedAmount < LOW_WATER_BYTES)) browser.resume();
  };

  #upstreamGone(code: number, reason: string): void {
    relayLogger.info(`relay ${this.id}: upstream closed ${code}`);
    const frame: CloseFrame = this.#upstreamOversized
      ? { code: 1009, reason: "upstream message too big" }
      : this.#upstreamDead
        ? { code: 1011, reason: "upstream stopped answering" }
        : browserCloseFor(code, reason);
    this.#closeBrowser(frame);
    this.#maybeDone();
  }

  #browserGone(code: number, reason: string): void {
    this.#browserClosed = true;
    this.#browserClose ??= { code, reason };
    this.#pending = [];
    relayLogger.info(`relay ${this.id}: browser closed ${this.#browserClose.code}`);
    const upstream = this.#upstream;
    if (upstream !== undefined) {
      // A paused upstream could not read the close reply.
      if (upstream.isPaused) upstream.resume();
      if (this.#upstreamOpen) this.#closeSocket(upstream, upstreamCloseFor(this.#browserClose.code, this.#browserClose.reason));
      else upstream.terminate();
    }
    this.#maybeDone();
  }

  #closeBrowser(frame: CloseFrame): void {
    const browser = this.#browser;
    if (browser.readyState !== OPEN) return;
    this.#browserClose ??= frame;
    if (browser.isPaused) browser.resume();
    this.#closeSocket(browser, frame);
  }

  /** Sends a close frame and terminates the socket if the peer does not answer in time. */
  #closeSocket(socket: WebSocket, frame: CloseFrame): void {
    if (socket.readyState === OPEN) socket.close(frame.code, frame.reason);
    if (socket.readyState === CLOSED) return;
    const timer = setTimeout(() => socket.terminate(), this.#ctx.settings.closeTimeoutMs);
    timer.unref();
    this.#timers.add(timer);
  }

  #maybeDone(): void {
    if (this.#finished || !this.#browserClosed) return;
    const upstream = this.#upstream;
    if (upstream !== undefined && upstream.readyState !== CLOSED) return;
    this.#finished = true;
    for (const stop of this.#stops) stop();
    for (const timer of this.#timers) clearTimeout(timer);
    const close = this.#browserClose ?? { code: 1006, reason: "" };
    this.#ctx.closed({ id: this.id, code: close.code, reason: close.reason, bytesIn: this.#bytesIn, bytesOut: this.#bytesOut });
    this.#resolveDone();
  }
}
