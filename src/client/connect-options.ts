import type { AgentTarget } from "../url/build-voice-live-url.js";
import type { VoiceLiveCredential } from "../auth/credential.js";
import type { Profile } from "../protocol/profile-rules.js";
import type { RequestSession } from "../protocol/session.js";
import type { TransportFactory } from "../transport/transport.js";
import type { WebSocketConstructor } from "../transport/web-socket-impl.js";
import type { RetryOptions } from "./retry-policy.js";

/** How a session that dropped comes back. */
export interface ReconnectOptions extends RetryOptions {
  /** Attempts before giving up. @default 5 */
  readonly maxAttempts?: number | undefined;
}

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
  readonly profileCheck?: "strict" | "warn" | "off" | undefined;
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
  /** Aborts connecting. */
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
    | { readonly maxAttempts: number; readonly maxRetries: number; readonly retryDelayMs: number; readonly maxRetryDelayMs: number }
    | undefined;
  readonly pingIntervalMs: number;
  readonly maxMessageBytes: number;
  readonly highWaterMarkBytes: number;
  readonly maxQueuedBytes: number;
  readonly maxSessionDurationMs: number;
  readonly sessionExpiringNoticeMs: number;
  readonly profileCheck: "strict" | "warn" | "off";
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
  let reconnect: ResolvedSettings["reconnect"];
  if (options.reconnect === true) reconnect = { ...retry, maxAttempts: 5 };
  else if (typeof options.reconnect === "object" && options.reconnect !== null) {
    const r = options.reconnect;
    reconnect = {
      maxAttempts: count("reconnect.maxAttempts", r.maxAttempts, 5),
      maxRetries: 0,
      retryDelayMs: ms("reconnect.retryDelayMs", r.retryDelayMs, retry.retryDelayMs),
      maxRetryDelayMs: ms("reconnect.maxRetryDelayMs", r.maxRetryDelayMs, retry.maxRetryDelayMs),
    };
  } else if (options.reconnect !== undefined && options.reconnect !== false) {
    throw new TypeError(`reconnect must be a boolean or an options object, got ${describe(options.reconnect)}.`);
  }
  for (const flag of ["allowInsecureConnection", "allowCredentialInUrl"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean") {
      throw new TypeError(`${flag} must be a boolean, got ${describe(options[flag])}.`);
    }
  }
  if (options.WebSocket !== undefined && typeof options.WebSocket !== "function") {
    throw new TypeError("WebSocket must be a WebSocket constructor.");
  }
  if (options.transport !== undefined && typeof options.transport !== "function") {
    throw new TypeError("transport must be a transport factory function.");
  }
  return {
    connectTimeoutMs: ms("connectTimeoutMs", options.connectTimeoutMs, 30_000, 1),
    retry,
    reconnect,
    pingIntervalMs: ms("pingIntervalMs", options.pingIntervalMs, 30_000),
    maxMessageBytes: bytes("maxMessageBytes", options.maxMessageBytes, 16 * 1024 * 1024),
    highWaterMarkBytes: bytes("highWaterMarkBytes", options.highWaterMarkBytes, 256 * 1024),
    maxQueuedBytes: bytes("maxQueuedBytes", options.maxQueuedBytes, 4 * 1024 * 1024),
    maxSessionDurationMs: ms("maxSessionDurationMs", options.maxSessionDurationMs, 3_600_000, 1),
    sessionExpiringNoticeMs: ms("sessionExpiringNoticeMs", options.sessionExpiringNoticeMs, 300_000),
    profileCheck,
  };
}
