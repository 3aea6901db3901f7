import type { RecordedFrame } from "./recording.js";
import { describeAudio, echoResponder, type Responder, type Transcriber } from "./responder.js";

/** What `verifyToken` answers: accept, refuse, or accept until an expiry time. */
export type TokenVerdict = boolean | { readonly expiresOnTimestamp: number };

/** Options of `VoiceLiveSimulator.start`. */
export interface VoiceLiveSimulatorOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Interface to bind. @default "127.0.0.1" */
  readonly host?: string;
  /** `false` accepts every handshake without credentials (demos only). @default true */
  readonly auth?: boolean;
  /** Accepted `api-key` values; when omitted any non-empty key is accepted. */
  readonly apiKeys?: readonly string[];
  /** Checks a bearer token; an `expiresOnTimestamp` in the past means expired (401). Default: any non-empty token. */
  readonly verifyToken?: (token: string) => TokenVerdict | Promise<TokenVerdict>;
  /** Apply the shared BYOM profile rules to `session.update`. @default true */
  readonly profileRules?: boolean;
  /** `realtime` streams audio at playback speed; `fast` as fast as the socket allows. @default "realtime" */
  readonly pace?: "realtime" | "fast";
  /** Scripts every response. @default echoResponder */
  readonly responder?: Responder;
  /** Turns committed audio into text. @default describeAudio */
  readonly transcriber?: Transcriber;
  /** Synthesized speech per character of text, ms. @default 60 */
  readonly msPerCharacter?: number;
  /** Audio per `response.audio.delta`, 20–100 ms. @default 50 */
  readonly audioChunkMs?: number;
  /** Session lifetime; then `error` code `session_expired` and close 1001. @default 3_600_000 */
  readonly maxSessionDurationMs?: number;
  /** Largest client frame; larger ones close the connection with 1009. @default 16 MiB */
  readonly maxMessageBytes?: number;
  /** Keep every frame in `sim.frames` (turn off for long-running servers). @default true */
  readonly keepFrames?: boolean;
  /** Directory where each session is written live as `<session id>.jsonl`. */
  readonly recordTo?: string;
  /** Replay a recording's server frames to every connection instead of simulating. */
  readonly replay?: readonly RecordedFrame[] | string;
  /** Replay with the recorded timing, or as fast as possible. @default "timed" */
  readonly replayPace?: "timed" | "fast";
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  readonly port: number;
  readonly host: string;
  readonly auth: boolean;
  readonly apiKeys: readonly string[] | undefined;
  readonly verifyToken: (token: string) => TokenVerdict | Promise<TokenVerdict>;
  readonly profileRules: boolean;
  readonly pace: "realtime" | "fast";
  readonly responder: Responder;
  readonly transcriber: Transcriber;
  readonly msPerCharacter: number;
  readonly audioChunkMs: number;
  readonly maxSessionDurationMs: number;
  readonly maxMessageBytes: number;
  readonly keepFrames: boolean;
  readonly recordTo: string | undefined;
  readonly replay: readonly RecordedFrame[] | string | undefined;
  readonly replayPace: "timed" | "fast";
}

function integerIn(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}.`);
  }
  return value;
}

function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new RangeError(`${name} must be ${allowed.map((a) => `"${a}"`).join(" or ")}, got ${JSON.stringify(value)}.`);
  return value;
}

function fn<T>(name: string, value: T | undefined, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== "function") throw new TypeError(`${name} must be a function.`);
  return value;
}

/** Validates options and applies defaults; throws `TypeError` / `RangeError` naming the option. */
export function resolveOptions(options: VoiceLiveSimulatorOptions = {}): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new TypeError("VoiceLiveSimulator options must be an object.");
  const { apiKeys, host, recordTo, replay } = options;
  if (apiKeys !== undefined && (!Array.isArray(apiKeys) || apiKeys.some((k) => typeof k !== "string" || k.length === 0))) {
    throw new TypeError("apiKeys must be an array of non-empty strings.");
  }
  if (host !== undefined && (typeof host !== "string" || host.length === 0)) throw new TypeError("host must be a non-empty string.");
  if (recordTo !== undefined && (typeof recordTo !== "string" || recordTo.length === 0)) {
    throw new TypeError("recordTo must be a directory path.");
  }
  if (replay !== undefined && typeof replay !== "string" && !Array.isArray(replay)) {
    throw new TypeError("replay must be an array of recorded frames or a JSONL file path.");
  }
  for (const flag of ["auth", "profileRules", "keepFrames"] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== "boolean") throw new TypeError(`${flag} must be a boolean.`);
  }
  return {
    port: integerIn("port", options.port, 0, 0, 65535),
    host: host ?? "127.0.0.1",
    auth: options.auth ?? true,
    apiKeys,
    verifyToken: fn("verifyToken", options.verifyToken, () => true),
    profileRules: options.profileRules ?? true,
    pace: oneOf("pace", options.pace, ["realtime", "fast"], "realtime"),
    responder: fn("responder", options.responder, echoResponder),
    transcriber: fn("transcriber", options.transcriber, describeAudio),
    msPerCharacter: integerIn("msPerCharacter", options.msPerCharacter, 60, 1, 10_000),
    audioChunkMs: integerIn("audioChunkMs", options.audioChunkMs, 50, 20, 100),
    maxSessionDurationMs: integerIn("maxSessionDurationMs", options.maxSessionDurationMs, 3_600_000, 1, 2 ** 31 - 1),
    maxMessageBytes: integerIn("maxMessageBytes", options.maxMessageBytes, 16 * 1024 * 1024, 64, 2 ** 31 - 1),
    keepFrames: options.keepFrames ?? true,
    recordTo,
    replay,
    replayPace: oneOf("replayPace", options.replayPace, ["timed", "fast"], "timed"),
  };
}
