import type { AgentTarget } from "../url/build-voice-live-url.js";
import type { VoiceLiveCredential } from "../auth/credential.js";
import type { Profile, ProfileCheckMode } from "../protocol/profile-rules.js";
import type { RequestSession } from "../protocol/session.js";
import type { TransportFactory } from "../transport/transport.js";
import type { WebSocketConstructor } from "../transport/web-socket-impl.js";
import type { RetryOptions } from "./retry-policy.js";
import type { VoiceLiveTracer } from "./tracing.js";
import type { HistoryItem, HistoryTransform } from "./conversation-history.js";

/** How a session that dropped comes back. */
export interface ReconnectOptions extends RetryOptions {
  /** Attempts before giving up. @default 5 */
  readonly maxAttempts?: number | undefined;
  /**
   * Replays `session.history` into the new server session (as text items, in order) before
   * queued sends go out; a function may edit the items first. Without it the history is cleared.
   * @default false
   */
  readonly restoreHistory?: boolean | HistoryTransform | undefined;
}

/**
 * Moves a session to a fresh connection before the service's time cap, at a quiet moment.
 * See docs/long-sessions.md.
 */
export interface RotateOptions {
  /**
   * How long before the cap the SDK starts waiting for a quiet moment (no response in
   * progress, no open user speech, no transcript pending).
   * @default the smaller of 300_000 and a quarter of maxSessionDurationMs
   */
  readonly beforeExpiryMs?: number | undefined;
  /**
   * How long before the cap the rotation starts anyway: a response still in progress is
   * cancelled with `response.cancel` first. Must be less than `beforeExpiryMs`.
   * @default the smaller of 60_000 and a fifth of beforeExpiryMs
   */
  readonly deadlineMs?: number | undefined;
  /**
   * What the new connection learns: `"text"` replays `session.history` as text items,
   * `"none"` starts empty, a function returns the items to replay.
   * @default "text"
   */
  readonly history?: "text" | "none" | HistoryTransform | undefined;
}

export type { HistoryItem, HistoryTransform };

/** Settings a `VoiceLiveClient` shares across its sessions; each may be overridden per `connect()`. */
export interface VoiceLiveClientOptions extends RetryOptions {
  /** @default "2025-10-01" */
  readonly apiVersion?: string | undefined;
  /** Token scopes for a `TokenCredential`. @default ["https://ai.azure.com/.default"] */
  readonly tokenScopes?: readonly string[] | undefined;
  /** Allows `http://`/`ws://` loopback endpoints, e.g. the simulator. @default false */
  readonly allowInsecureConnection?: boolean | undefined;
  /** Lets a browser put an Entra token in the URL; prefer the relay. @default false */
  readonly allowCredentialInUrl?: boolean | undefined;
  /** Time for the handshake and `session.created`, per attempt. @default 30_000 */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * What happens when a `session.update` breaks the BYOM profile rules: `strict` throws
   * for what the service rejects and warns for the rest, `warn` only warns, `off` skips the check.
   * @default "strict"
   */
  readonly profileCheck?: ProfileCheckMode | undefined;
  /** Reconnect after a drop (a new server session; the last configuration is replayed). @default false */
  readonly reconnect?: boolean | ReconnectOptions | undefined;
  /** Node only: ping interval; a ping unanswered by the next one counts as a drop. `0` disables. @default 30_000 */
  readonly pingIntervalMs?: number | undefined;
  /** Frames larger than this close the connection with 1009. @default 16 MiB */
  readonly maxMessageBytes?: number | undefined;
  /** `sendAudio()` waits while the socket holds more than this. @default 256 KiB */
  readonly highWaterMarkBytes?: number | undefined;
  /** Bytes that may wait while (re)connecting; past it sends reject. @default 4 MiB */
  readonly maxQueuedBytes?: number | undefined;
  /** The service's cap on one connection. @default 3_600_000 (60 minutes) */
  readonly maxSessionDurationMs?: number | undefined;
  /** How long before the cap `sessionExpiring` fires. @default 300_000 */
  readonly sessionExpiringNoticeMs?: number | undefined;
  /** Outlive the cap: move to a fresh connection, replaying the conversation (`rotating` / `rotated`). @default false */
  readonly rotate?: boolean | RotateOptions | undefined;
  /** Items kept in `session.history` for replay; the oldest are dropped. `0` keeps none. @default 200 */
  readonly historyLimit?: number | undefined;
  /**
   * Traces each session: `voicelive.session` with connect, response, interruption, reconnect
   * and rotation spans under it (docs/tracing.md). Wrap an OpenTelemetry tracer with
   * `fromOpenTelemetry(trace.getTracer("my-app"), { trace, context })`.
   * @default undefined (no tracing)
   */
  readonly tracer?: VoiceLiveTracer | undefined;
  /** A WebSocket constructor to use instead of `ws` / the global one. */
  readonly WebSocket?: WebSocketConstructor | undefined;
  /** Replaces the WebSocket transport entirely (tests, custom networking). */
  readonly transport?: TransportFactory | undefined;
}

/** Everything `connect()` takes. */
export interface ConnectOptions extends VoiceLiveClientOptions {
  /** Resource endpoint, e.g. `https://my-res.services.ai.azure.com`. Required unless `url` is given. */
  readonly endpoint?: string | undefined;
  /** An Entra ID `TokenCredential` or an `AzureKeyCredential`. Required with `endpoint`. */
  readonly credential?: VoiceLiveCredential | undefined;
  /** A full `ws(s)://` URL that needs no credential, such as your app's relay. Excludes `endpoint`. */
  readonly url?: string | undefined;
  /** Managed model name, or your deployment name in BYOM. */
  readonly model?: string | undefined;
  /** BYOM mode, e.g. `byom-azure-openai-chat-completion`; requires `model`. */
  readonly profile?: Profile | undefined;
  /** Foundry resource that holds the deployment or agent. */
  readonly foundryResourceOverride?: string | undefined;
  /** Agent mode instead of a model. */
  readonly agent?: AgentTarget | undefined;
  /** Extra query entries. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** Sent as `session.update` right after connecting; `connect()` resolves once it is applied. */
  readonly session?: RequestSession | undefined;
  /**
   * Aborts connecting: the connect rejects with the signal's reason at once, whatever it
   * waits for: the URL builder, the token cache and tracing chunks, the first socket's own
   * chunk (`ws`, or the bridge to an app's `transport`), a token, a handshake, a backoff,
   * `session.created` or the `session` update. A socket that opens after the abort anyway
   * (its chunk or token was already on its way) is dropped.
   */
  readonly signal?: AbortSignal | undefined;
}

const ms = (name: string, value: unknown, fallback: number, min = 0): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`${name} must be a finite number of milliseconds >= ${min}, got ${describe(value)}.`);
  }
  return value;
};
const count = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number >= 0, got ${describe(value)}.`);
  }
  return value;
};
const bytes = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number of bytes >= 1, got ${describe(value)}.`);
  }
  return value;
};
const describe = (value: unknown): string =>
  typeof value === "number" || typeof value === "boolean" ? String(value) : typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;

/** Connection settings after validation, with defaults applied. */
export interface ResolvedSettings {
  readonly connectTimeoutMs: number;
  readonly retry: { readonly maxRetries: number; readonly retryDelayMs: number; readonly maxRetryDelayMs: number };
  readonly reconnect:
    | {
        readonly maxAttempts: number;
        readonly maxRetries: number;
        readonly retryDelayMs: number;
        readonly maxRetryDelayMs: number;
        readonly restoreHistory: HistoryMode;
      }
    | undefined;
  readonly rotate: ResolvedRotation | undefined;
  readonly historyLimit: number;
  readonly pingIntervalMs: number;
  readonly maxMessageBytes: number;
  readonly highWaterMarkBytes: number;
  readonly maxQueuedBytes: number;
  readonly maxSessionDurationMs: number;
  readonly sessionExpiringNoticeMs: number;
  readonly profileCheck: ProfileCheckMode;
}

/** What a new server session is told about the conversation. */
export type HistoryMode = "text" | "none" | HistoryTransform;

/** `rotate` after validation, with defaults applied. */
export interface ResolvedRotation {
  readonly beforeExpiryMs: number;
  readonly deadlineMs: number;
  readonly history: HistoryMode;
}

function resolveRotation(value: unknown, maxSessionDurationMs: number): ResolvedRotation | undefined {
  if (value === undefined || value === false) return undefined;
  if (value !== true && (typeof value !== "object" || value === null)) {
    throw new TypeError(`rotate must be a boolean or an options object, got ${describe(value)}.`);
  }
  const r: RotateOptions = value === true ? {} : value;
  const beforeExpiryMs = ms("rotate.beforeExpiryMs", r.beforeExpiryMs, Math.min(300_000, Math.floor(maxSessionDurationMs / 4)), 1);
  if (beforeExpiryMs >= maxSessionDurationMs) {
    throw new RangeError(`rotate.beforeExpiryMs must be less than maxSessionDurationMs (${maxSessionDurationMs}), got ${beforeExpiryMs}.`);
  }
  const deadlineMs = ms("rotate.deadlineMs", r.deadlineMs, Math.min(60_000, Math.floor(beforeExpiryMs / 5)));
  if (deadlineMs >= beforeExpiryMs) {
    throw new RangeError(`rotate.deadlineMs must be less than rotate.beforeExpiryMs (${beforeExpiryMs}), got ${deadlineMs}.`);
  }
  const history = r.history ?? "text";
  if (history !== "text" && history !== "none" && typeof history !== "function") {
    throw new TypeError(`rotate.history must be "text", "none" or a function, got ${describe(history)}.`);
  }
  return { beforeExpiryMs, deadlineMs, history };
}

// Every connect without options of its own checks the client's, so the checks run mostly
// what every call needs: V8 warms a function up by how much of it calls run (see
// session-connection.ts). Each option and its failure is a call of its own.

function resolveReconnect(value: VoiceLiveClientOptions["reconnect"], retry: ResolvedSettings["retry"]): ResolvedSettings["reconnect"] {
  if (value === undefined || value === false) return undefined;
  if (value === true) return { ...retry, maxAttempts: 5, restoreHistory: "none" };
  if (typeof value !== "object" || value === null) {
    throw new TypeError(`reconnect must be a boolean or an options object, got ${describe(value)}.`);
  }
  return {
    maxAttempts: count("reconnect.maxAttempts", value.maxAttempts, 5),
    maxRetries: 0,
    retryDelayMs: ms("reconnect.retryDelayMs", value.retryDelayMs, retry.retryDelayMs),
    maxRetryDelayMs: ms("reconnect.maxRetryDelayMs", value.maxRetryDelayMs, retry.maxRetryDelayMs),
    restoreHistory: restoreMode(value.restoreHistory),
  };
}

function flag(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${describe(value)}.`);
}

function callable(name: string, value: unknown, what: string): void {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${name} must be ${what}.`);
}

function restoreMode(value: unknown): HistoryMode {
  if (value === undefined || value === false) return "none";
  if (value === true) return "text";
  if (typeof value === "function") return value as HistoryTransform;
  throw new TypeError(`reconnect.restoreHistory must be a boolean or a function, got ${describe(value)}.`);
}

/** Validates the numeric and mode options; throws `TypeError` / `RangeError` naming the option. */
export function resolveSettings(options: VoiceLiveClientOptions): ResolvedSettings {
  const profileCheck = options.profileCheck ?? "strict";
  if (profileCheck !== "strict" && profileCheck !== "warn" && profileCheck !== "off") {
    throw new TypeError(`profileCheck must be "strict", "warn" or "off", got ${describe(profileCheck)}.`);
  }
  const retry = {
    maxRetries: count("maxRetries", options.maxRetries, 3),
    retryDelayMs: ms("retryDelayMs", options.retryDelayMs, 800),
    maxRetryDelayMs: ms("maxRetryDelayMs", options.maxRetryDelayMs, 10_000),
  };
  const reconnect = resolveReconnect(options.reconnect, retry);
  flag("allowInsecureConnection", options.allowInsecureConnection);
  flag("allowCredentialInUrl", options.allowCredentialInUrl);
  callable("WebSocket", options.WebSocket, "a WebSocket constructor");
  callable("transport", options.transport, "a transport factory function");
  const maxSessionDurationMs = ms("maxSessionDurationMs", options.maxSessionDurationMs, 3_600_000, 1);
  return {
    connectTimeoutMs: ms("connectTimeoutMs", options.connectTimeoutMs, 30_000, 1),
    retry,
    reconnect,
    pingIntervalMs: ms("pingIntervalMs", options.pingIntervalMs, 30_000),
    maxMessageBytes: bytes("maxMessageBytes", options.maxMessageBytes, 16 * 1024 * 1024),
    highWaterMarkBytes: bytes("highWaterMarkBytes", options.highWaterMarkBytes, 256 * 1024),
    maxQueuedBytes: bytes("maxQueuedBytes", options.maxQueuedBytes, 4 * 1024 * 1024),
    maxSessionDurationMs,
    sessionExpiringNoticeMs: ms("sessionExpiringNoticeMs", options.sessionExpiringNoticeMs, 300_000),
    rotate: resolveRotation(options.rotate, maxSessionDurationMs),
    historyLimit: count("historyLimit", options.historyLimit, 200),
    profileCheck,
  };
}
