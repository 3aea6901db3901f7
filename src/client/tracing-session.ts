import { VoiceLiveAuthenticationError } from "../errors/authentication-error.js";
import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import type { ReceivedServerEvent, RotatedInfo, RotatingInfo } from "../events/event-map.js";
import { logger } from "./logger.js";
import type { AttemptHooks } from "./session-connection.js";
import { ResponseSpans } from "./tracing-responses.js";
import {
  SPAN_STATUS,
  TRACING_ATTRIBUTES as A,
  TRACING_EVENT_NAMES as E,
  TRACING_SPAN_NAMES as N,
  type TracingAttributes,
  type TracingSpan,
  type VoiceLiveTracer,
} from "./tracing.js";
import type { VoiceLiveSession } from "./voice-live-session.js";

/** The session members a `SessionTracer` uses: public event subscription only. */
export type TracedSession = Pick<VoiceLiveSession, "on" | "off">;

/** What the connect span describes; nothing here may hold a credential. */
export interface ConnectTraceInfo {
  /** The realtime URL; only its host name and `api-version` are read. */
  readonly url: URL;
  readonly model: string | undefined;
  readonly profile: string | undefined;
}

/** What an `AudioPipeline` reports on `interrupted`. */
export interface InterruptionInfo {
  readonly itemId: string;
  readonly playedMs: number;
  readonly truncatedMs: number;
}

interface Phase {
  readonly span: TracingSpan;
  readonly startedAt: number;
  attempts: number;
}

/** A reason such as `expiring`: a word, never free text, whatever a future version sends. */
const CODE_WORD = /^[a-z][a-z0-9_]{0,31}$/;
const registry = new WeakMap<object, SessionTracer>();
const now = (): number => performance.now();
const round = (ms: number): number => Math.round(ms);

/** `error.type`: the SDK error code, else the error's name. */
const errorType = (error: unknown): string =>
  error instanceof VoiceLiveError ? error.code : error instanceof Error ? error.name : typeof error === "string" ? "error" : "unknown";

/**
 * Turns one session's public events into spans: `voicelive.session` with `voicelive.connect`,
 * `voicelive.response`, `voicelive.interruption`, `voicelive.reconnect` and `voicelive.rotation`
 * children. Created by `VoiceLiveClient.connect()` when a `tracer` is given. It reads ids,
 * counts, durations and codes only, and a tracer that throws never disturbs the session.
 */
export class SessionTracer {
  readonly #tracer: VoiceLiveTracer;
  readonly #session: TracingSpan;
  readonly #context: unknown;
  #connect: Phase | undefined;
  #reconnect: Phase | undefined;
  #rotation: Phase | undefined;
  #reconnects = 0;
  #rotations = 0;
  #lastStatus: number | undefined;
  #observed: TracedSession | undefined;
  #ended = false;
  readonly #responses = new ResponseSpans((name, attributes) => this.#child(name, attributes));

  /** For the connection target: routes each socket attempt to the connect, reconnect or rotation span. */
  readonly attempts: AttemptHooks = {
    onAttemptStarted: (attempt) =>
      this.#guard(() => {
        if (this.#connect !== undefined) this.#connect.attempts = attempt;
      }),
    onAttemptFailed: (error, attempt, delayMs) => this.#guard(() => this.#attemptFailed(error, attempt, delayMs)),
  };

  /**
   * Starts the session span in the ambient context and the connect span under it;
   * undefined (and a warning logged) when the tracer throws, so connecting goes on untraced.
   */
  static start(tracer: VoiceLiveTracer, info: ConnectTraceInfo): SessionTracer | undefined {
    try {
      return new SessionTracer(tracer, info);
    } catch (error) {
      logger.warning(`tracing failed to start (${errorType(error)}); connecting without it`);
      return undefined;
    }
  }

  private constructor(tracer: VoiceLiveTracer, info: ConnectTraceInfo) {
    this.#tracer = tracer;
    const attributes: Record<string, string> = { [A.serverAddress]: info.url.hostname.replace(/^\[(.*)\]$/, "$1") };
    const apiVersion = info.url.searchParams.get("api-version");
    if (apiVersion !== null) attributes[A.apiVersion] = apiVersion;
    if (info.model !== undefined) attributes[A.model] = info.model;
    if (info.profile !== undefined) attributes[A.profile] = info.profile;
    this.#session = tracer.startSpan(N.session, { attributes });
    this.#context = tracer.contextWithSpan(this.#session);
    this.#connect = { span: this.#child(N.connect, attributes), startedAt: now(), attempts: 0 };
  }

  /** The tracer of a session, when it has one; `traceAudioPipeline` finds it here. */
  static of(session: object): SessionTracer | undefined {
    return registry.get(session);
  }

  /** Subscribes to the session's public events. */
  observe(session: TracedSession): void {
    this.#observed = session;
    registry.set(session, this);
    session.on("open", this.#onOpen);
    session.on("close", this.#onClose);
    session.on("error", this.#onError);
    session.on("reconnecting", this.#onReconnecting);
    session.on("reconnected", this.#onReconnected);
    session.on("response.created", this.#onResponseCreated);
    session.on("response.audio.delta", this.#onAudioDelta);
    session.on("response.done", this.#onResponseDone);
    session.on("rotating", this.#onRotating);
    session.on("rotated", this.#onRotated);
  }

  /** `connect()` resolved: the connect span ends with the 101 of the upgrade that held. */
  connectSucceeded(): void {
    this.#guard(() => {
      const phase = this.#connect;
      if (phase === undefined) return;
      this.#connect = undefined;
      phase.span.setAttributes({ [A.connectAttempts]: phase.attempts, [A.httpStatus]: 101 });
      phase.span.end();
    });
  }

  /** `connect()` failed: both spans end with the error, and the session is no longer observed. */
  connectFailed(error: unknown): void {
    this.#guard(() => {
      const phase = this.#connect;
      this.#connect = undefined;
      if (phase !== undefined) {
        phase.span.setAttributes({ [A.connectAttempts]: phase.attempts, ...this.#statusAttribute() });
        this.#fail(phase.span, error, true);
        phase.span.end();
      }
      this.#fail(this.#session, error, false);
      this.#endSession();
    });
  }

  /** Records an `AudioPipeline` barge-in as a `voicelive.interruption` span. */
  interrupted(info: InterruptionInfo): void {
    this.#guard(() => {
      if (this.#ended) return;
      const attributes: Record<string, string | number> = {
        [A.itemId]: info.itemId,
        [A.playedMs]: round(info.playedMs),
        [A.truncatedMs]: round(info.truncatedMs),
      };
      const responseId = this.#responses.responseOf(info.itemId);
      if (responseId !== undefined) attributes[A.responseId] = responseId;
      this.#child(N.interruption, attributes).end();
    });
  }

  readonly #onOpen = (info: { readonly sessionId: string }): void =>
    this.#guard(() => {
      if (this.#reconnect !== undefined) this.#reconnect.span.setAttribute(A.sessionId, info.sessionId);
      else if (this.#connect !== undefined) {
        this.#session.setAttribute(A.sessionId, info.sessionId);
        this.#connect.span.setAttribute(A.sessionId, info.sessionId);
      } else if (this.#rotation !== undefined) this.#rotation.span.setAttribute(A.sessionId, info.sessionId);
    });

  /** Errors go on the phase in progress (a failed rotation or reconnect reports one), else on the session. */
  readonly #onError = (error: VoiceLiveError): void =>
    this.#guard(() => ((this.#rotation ?? this.#reconnect)?.span ?? this.#session).addEvent(E.error, { [A.errorType]: errorType(error) }));

  readonly #onReconnecting = (info: { readonly attempt: number; readonly delayMs: number; readonly error: VoiceLiveError }): void =>
    this.#guard(() => {
      if (this.#reconnect === undefined) {
        this.#reconnects++;
        this.#reconnect = { span: this.#child(N.reconnect, { [A.errorType]: errorType(info.error) }), startedAt: now(), attempts: 0 };
      }
      this.#reconnect.attempts = info.attempt;
      this.#reconnect.span.addEvent(E.reconnectAttempt, { [A.attempt]: info.attempt, [A.reconnectDelayMs]: round(info.delayMs) });
    });

  readonly #onReconnected = (info: { readonly attempt: number }): void =>
    this.#guard(() => {
      const phase = this.#reconnect;
      if (phase === undefined) return;
      this.#reconnect = undefined;
      phase.span.setAttributes({ [A.reconnectAttempts]: info.attempt, [A.reconnectDurationMs]: round(now() - phase.startedAt) });
      phase.span.end();
    });

  readonly #onRotating = (info: RotatingInfo): void =>
    this.#guard(() => {
      if (this.#ended) return;
      const reason: unknown = info.reason;
      const word: TracingAttributes = typeof reason === "string" && CODE_WORD.test(reason) ? { [A.rotationReason]: reason } : {};
      // A rotation postponed or failed is tried again later: one span until it lands.
      if (this.#rotation !== undefined) {
        this.#rotation.attempts++;
        this.#rotation.span.addEvent(E.rotationRetried, word);
        return;
      }
      this.#rotations++;
      this.#rotation = { span: this.#child(N.rotation, { [A.rotation]: this.#rotations, ...word }), startedAt: now(), attempts: 1 };
    });

  readonly #onRotated = (info: RotatedInfo): void =>
    this.#guard(() => {
      const phase = this.#rotation;
      if (phase === undefined) return;
      this.#rotation = undefined;
      phase.span.setAttributes({
        [A.sessionId]: info.sessionId,
        [A.rotationItems]: info.itemsReplayed,
        [A.rotationAttempts]: phase.attempts,
        [A.rotationDurationMs]: round(info.durationMs),
      });
      phase.span.end();
    });

  readonly #onResponseCreated = (event: ReceivedServerEvent<"response.created">): void =>
    this.#guard(() => this.#ended || this.#responses.created(event));

  readonly #onAudioDelta = (event: ReceivedServerEvent<"response.audio.delta">): void =>
    this.#guard(() => this.#responses.audioDelta(event));

  readonly #onResponseDone = (event: ReceivedServerEvent<"response.done">): void => this.#guard(() => this.#responses.done(event));

  readonly #onClose = (info: { readonly code: number; readonly wasClean: boolean }): void =>
    this.#guard(() => {
      if (this.#ended) return;
      this.#responses.endAll();
      if (this.#reconnect !== undefined) this.#reconnect.span.setAttribute(A.reconnectAttempts, this.#reconnect.attempts);
      if (this.#rotation !== undefined) this.#rotation.span.setAttribute(A.rotationAttempts, this.#rotation.attempts);
      for (const phase of [this.#reconnect, this.#rotation]) {
        if (phase === undefined) continue;
        phase.span.setAttribute(A.errorType, "session_closed");
        phase.span.setStatus({ code: SPAN_STATUS.ERROR, message: "session_closed" });
        phase.span.end();
      }
      this.#reconnect = this.#rotation = undefined;
      this.#session.setAttributes({ [A.closeCode]: info.code, [A.closeClean]: info.wasClean });
      // 1000 is a close asked for, 1001 the service's session cap: neither is a failure.
      if (info.code !== 1000 && info.code !== 1001) {
        this.#session.setAttribute(A.errorType, `close_${info.code}`);
        this.#session.setStatus({ code: SPAN_STATUS.ERROR, message: `closed with ${info.code}` });
      }
      this.#endSession();
    });

  #attemptFailed(error: VoiceLiveError, attempt: number, delayMs: number | undefined): void {
    const status = error instanceof VoiceLiveConnectionError ? error.status : undefined;
    this.#lastStatus = status;
    const attributes: Record<string, string | number> = { [A.attempt]: attempt, [A.errorType]: error.code };
    if (status !== undefined) attributes[A.httpStatus] = status;
    if (delayMs !== undefined) attributes[A.retryDelayMs] = round(delayMs);
    const span = (this.#connect ?? this.#reconnect ?? this.#rotation)?.span;
    span?.addEvent(E.attemptFailed, attributes);
  }

  #statusAttribute(): TracingAttributes {
    return this.#lastStatus === undefined ? {} : { [A.httpStatus]: this.#lastStatus };
  }

  #fail(span: TracingSpan, error: unknown, record: boolean): void {
    const type = errorType(error);
    span.setAttribute(A.errorType, type);
    span.setStatus({ code: SPAN_STATUS.ERROR, message: type });
    if (!record) return;
    const name = error instanceof Error ? error.name : "Error";
    // Connection and authentication messages are SDK-written and carry redacted URLs only;
    // other messages (a service error, an abort reason) are not ours to vouch for.
    const own = error instanceof VoiceLiveConnectionError || error instanceof VoiceLiveAuthenticationError;
    span.recordException(own ? { name, code: type, message: (error as Error).message } : { name, code: type });
  }

  #child(name: string, attributes: TracingAttributes): TracingSpan {
    return this.#tracer.startSpan(name, { attributes }, this.#context);
  }

  #endSession(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#session.setAttribute(A.reconnects, this.#reconnects);
    this.#session.end();
    const session = this.#observed;
    if (session === undefined) return;
    registry.delete(session);
    session.off("open", this.#onOpen);
    session.off("close", this.#onClose);
    session.off("error", this.#onError);
    session.off("reconnecting", this.#onReconnecting);
    session.off("reconnected", this.#onReconnected);
    session.off("response.created", this.#onResponseCreated);
    session.off("response.audio.delta", this.#onAudioDelta);
    session.off("response.done", this.#onResponseDone);
    session.off("rotating", this.#onRotating);
    session.off("rotated", this.#onRotated);
  }

  /** Tracing must never break a conversation: a tracer that throws is logged and ignored. */
  #guard(action: () => void): void {
    try {
      action();
    } catch (error) {
      logger.warning(`tracing failed (${errorType(error)}); the session goes on`);
    }
  }
}
