import type { IncomingMessage } from "node:http";
import { isKeyCredential, isTokenCredential, type VoiceLiveCredential } from "../../auth/credential.js";
import type { Profile, ProfileCheckMode } from "../../protocol/profile-rules.js";
import { RequestSessionSchema, type RequestSession } from "../../protocol/session.js";
import type { AgentTarget } from "../../url/build-voice-live-url.js";
import { assertEventTypes, DEFAULT_ALLOWED_EVENT_TYPES } from "./allowed-event-types.js";

/**
 * What `authorize` returns for an accepted browser: everything here is decided by the
 * server and overrides the relay options of the same name for this one connection.
 */
export interface RelayGrant {
  /** Model, or BYOM deployment name; replaces the relay's `model` (and its `agent`). */
  readonly model?: string | undefined;
  /** BYOM profile; replaces the relay's `profile`. */
  readonly profile?: Profile | undefined;
  /** Agent mode; replaces the relay's `model`, `profile` and `agent`. */
  readonly agent?: AgentTarget | undefined;
  /** Extra upstream query entries; replace the relay's `query`. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** Session fields forced onto this connection; merged over the relay's `session`, field by field. */
  readonly session?: RequestSession | undefined;
  /** Client event types this browser may send; replaces the relay's list. */
  readonly allowedEventTypes?: readonly string[] | undefined;
}

/** `true` accepts with the relay defaults, a grant accepts with overrides, `false` refuses (403). */
export type RelayAuthorization = boolean | RelayGrant;

/** Passed to `onConnection` once a browser's WebSocket is accepted. */
export interface RelayConnectionInfo {
  /** The connection id, also sent upstream as `x-ms-client-request-id`. */
  readonly id: string;
  /** The browser's upgrade request (no Azure secret is ever in it). */
  readonly request: IncomingMessage;
}

/** Passed to `onClose` once both sockets of a connection are closed. */
export interface RelayCloseInfo {
  readonly id: string;
  /** Close code on the browser side: the one the relay sent, or the browser's own. */
  readonly code: number;
  readonly reason: string;
  /** Bytes received from the browser (message payloads). */
  readonly bytesIn: number;
  /** Bytes sent to the browser (message payloads). */
  readonly bytesOut: number;
}

/** Where a relay error happened. */
export type RelayErrorStage = "authorize" | "grant" | "upstream" | "browser" | "hook";

/** Passed to `onError`; `error` never holds a key, token or credential-bearing URL from the relay. */
export interface RelayErrorInfo {
  /** The connection id, when the error belongs to one. */
  readonly id?: string | undefined;
  readonly stage: RelayErrorStage;
  readonly error: unknown;
}

/** Options of `createVoiceLiveRelay`. */
export interface VoiceLiveRelayOptions {
  /** Resource endpoint, e.g. `https://my-res.services.ai.azure.com`. */
  readonly endpoint: string;
  /** The Azure credential; it stays on the server and is sent upstream in headers only. */
  readonly credential: VoiceLiveCredential;
  /**
   * The app's own check of a browser's upgrade request (cookie, session, JWT...). Return
   * `false` to refuse with 403, `true` or a `RelayGrant` to accept; a throw refuses with 401.
   * The browser's URL query is never read for upstream parameters: read it here if you
   * want to, check it, and return it in the grant.
   */
  readonly authorize: (request: IncomingMessage) => RelayAuthorization | Promise<RelayAuthorization>;
  /** Default model (or BYOM deployment name); a grant may replace it. */
  readonly model?: string | undefined;
  /** Default BYOM profile. */
  readonly profile?: Profile | undefined;
  /** Default agent (agent mode). */
  readonly agent?: AgentTarget | undefined;
  /** @default "2025-10-01" */
  readonly apiVersion?: string | undefined;
  readonly foundryResourceOverride?: string | undefined;
  /** Extra upstream query entries. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** Session fields forced onto every connection: sent once at start and over every browser `session.update`. */
  readonly session?: RequestSession | undefined;
  /**
   * Checks the forced `session` (merged with a grant's) against the rules of the model's
   * audio path, as `connect()` does: `strict` refuses what the service refuses (a `TypeError`
   * from `createVoiceLiveRelay`, or a 500 for that grant) and logs the rest as warnings;
   * `warn` only logs; `off` skips the check.
   * @default "strict"
   */
  readonly profileCheck?: ProfileCheckMode | undefined;
  /**
   * Client event types browsers may send. Others get an `error` event (`event_not_allowed`) and are not forwarded.
   * @default every client event type except `session.avatar.connect`
   */
  readonly allowedEventTypes?: readonly string[] | undefined;
  /** When given, upgrades whose `Origin` header is not in the list are refused with 403 before `authorize`. */
  readonly allowedOrigins?: readonly string[] | undefined;
  /** Allows `http://` / `ws://` loopback endpoints (the simulator). @default false */
  readonly allowInsecureConnection?: boolean | undefined;
  /** Time for the upstream handshake. @default 30_000 */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * Largest message accepted, in bytes; larger ones close that side with 1009. A number sets both directions.
   * @default { fromBrowser: 1_048_576, fromUpstream: 16_777_216 }
   */
  readonly maxMessageBytes?: number | { readonly fromBrowser?: number | undefined; readonly fromUpstream?: number | undefined } | undefined;
  /** Browser bytes held while the upstream socket opens; more closes the browser with 1013. @default 2_097_152 */
  readonly maxPendingBytes?: number | undefined;
  /** Ping interval on both sockets; a peer that missed the previous pong is terminated. 0 disables. @default 30_000 */
  readonly pingIntervalMs?: number | undefined;
  /** How long `close()` waits for close handshakes before terminating sockets. @default 5_000 */
  readonly closeTimeoutMs?: number | undefined;
  /** A browser was accepted. */
  readonly onConnection?: ((info: RelayConnectionInfo) => void) | undefined;
  /** A connection ended. */
  readonly onClose?: ((info: RelayCloseInfo) => void) | undefined;
  /** Something failed: a refused authorize, an upstream refusal, a socket error or a throwing hook. */
  readonly onError?: ((info: RelayErrorInfo) => void) | undefined;
}

/** Options with defaults applied and checked. */
export interface ResolvedRelayOptions {
  readonly options: VoiceLiveRelayOptions;
  readonly session: RequestSession | undefined;
  readonly profileCheck: ProfileCheckMode;
  /** Profile warnings already logged, so each is logged once per relay. */
  readonly profileWarnings: Set<string>;
  readonly allowedEventTypes: readonly string[];
  readonly allowedOrigins: ReadonlySet<string> | undefined;
  readonly connectTimeoutMs: number;
  readonly maxBrowserMessageBytes: number;
  readonly maxUpstreamMessageBytes: number;
  readonly maxPendingBytes: number;
  readonly pingIntervalMs: number;
  readonly closeTimeoutMs: number;
}

function integer(option: string, value: unknown, fallback: number, min: number, max = 2 ** 31 - 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${option} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

function optionalFunction(option: string, value: unknown): void {
  if (value !== undefined && typeof value !== "function") throw new TypeError(`${option} must be a function.`);
}

/**
 * Checks a forced session configuration against `RequestSessionSchema`.
 * @throws TypeError naming `option` and the first bad field.
 */
export function assertSession(option: string, value: unknown): RequestSession | undefined {
  if (value === undefined) return undefined;
  const result = RequestSessionSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue === undefined || issue.path.length === 0 ? "" : `.${issue.path.map(String).join(".")}`;
    throw new TypeError(`${option}${path} is not a valid session field (${issue?.code ?? "invalid"}).`);
  }
  return value as RequestSession;
}

function byteLimits(value: VoiceLiveRelayOptions["maxMessageBytes"]): [number, number] {
  const min = 1024;
  if (typeof value === "number" || value === undefined) {
    const both = integer("maxMessageBytes", value, 0, min);
    return value === undefined ? [1024 * 1024, 16 * 1024 * 1024] : [both, both];
  }
  if (typeof value !== "object" || value === null) {
    throw new TypeError("maxMessageBytes must be a number of bytes or { fromBrowser, fromUpstream }.");
  }
  return [
    integer("maxMessageBytes.fromBrowser", value.fromBrowser, 1024 * 1024, min),
    integer("maxMessageBytes.fromUpstream", value.fromUpstream, 16 * 1024 * 1024, min),
  ];
}

function assertOrigins(value: unknown): ReadonlySet<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((o) => typeof o === "string" && o !== "")) {
    throw new TypeError('allowedOrigins must be an array of origins such as ["https://app.example.com"].');
  }
  return new Set(value as string[]);
}

/**
 * Checks relay options and applies defaults, before any socket exists.
 * @throws TypeError / RangeError naming the option.
 */
export function resolveRelayOptions(options: VoiceLiveRelayOptions): ResolvedRelayOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("createVoiceLiveRelay options must be an object with endpoint, credential and authorize.");
  }
  const { credential } = options;
  if (!isKeyCredential(credential) && !isTokenCredential(credential)) {
    throw new TypeError(
      "credential must be a TokenCredential (e.g. DefaultAzureCredential) or a KeyCredential (e.g. new AzureKeyCredential(key)).",
    );
  }
  if (typeof options.authorize !== "function") {
    throw new TypeError("authorize must be a function (request) => boolean | RelayGrant; pass () => true only for a closed network.");
  }
  optionalFunction("onConnection", options.onConnection);
  optionalFunction("onClose", options.onClose);
  optionalFunction("onError", options.onError);
  const [maxBrowserMessageBytes, maxUpstreamMessageBytes] = byteLimits(options.maxMessageBytes);
  const profileCheck = options.profileCheck ?? "strict";
  if (profileCheck !== "strict" && profileCheck !== "warn" && profileCheck !== "off") {
    throw new TypeError('profileCheck must be "strict", "warn" or "off".');
  }
  return {
    options,
    session: assertSession("session", options.session),
    profileCheck,
    profileWarnings: new Set(),
    allowedEventTypes:
      options.allowedEventTypes === undefined ? DEFAULT_ALLOWED_EVENT_TYPES : assertEventTypes("allowedEventTypes", options.allowedEventTypes),
    allowedOrigins: assertOrigins(options.allowedOrigins),
    connectTimeoutMs: integer("connectTimeoutMs", options.connectTimeoutMs, 30_000, 1),
    maxBrowserMessageBytes,
    maxUpstreamMessageBytes,
    maxPendingBytes: integer("maxPendingBytes", options.maxPendingBytes, 2 * 1024 * 1024, 0),
    pingIntervalMs: integer("pingIntervalMs", options.pingIntervalMs, 30_000, 0),
    closeTimeoutMs: integer("closeTimeoutMs", options.closeTimeoutMs, 5_000, 0),
  };
}
