import { checkSessionForProfile, type ModelAudioPath } from "../protocol/profile-rules.js";
import type { RequestSession, ResponseSession } from "../protocol/session.js";
import type { VadSettings } from "./vad.js";

/** Documented `server_vad` defaults (REFERENCE §4.3); create/interrupt follow the 2025-10-01 docs. */
export const DEFAULT_TURN_DETECTION = {
  type: "server_vad",
  threshold: 0.5,
  prefix_padding_ms: 300,
  silence_duration_ms: 500,
  create_response: true,
  interrupt_response: true,
  auto_truncate: false,
} as const;

/** What a new session is built from. */
export interface SessionIdentity {
  readonly id: string;
  readonly model: string | undefined;
  readonly audioPath: ModelAudioPath;
  readonly agent?: { readonly name: string; readonly projectName: string } | undefined;
}

/** The session a new connection gets in `session.created`. */
export function defaultSession(identity: SessionIdentity): ResponseSession {
  const session: ResponseSession = {
    id: identity.id,
    object: "realtime.session",
    model: identity.agent?.name ?? identity.model,
    modalities: ["text", "audio"],
    instructions: "",
    // Speech-native models speak with OpenAI voices; cascaded ones only with Azure voices.
    voice:
      identity.audioPath === "speech-native"
        ? { type: "openai", name: "alloy" }
        : { type: "azure-standard", name: "en-US-Ava:DragonHDLatestNeural" },
    input_audio_format: "pcm16",
    input_audio_sampling_rate: 24000,
    output_audio_format: "pcm16",
    turn_detection: { ...DEFAULT_TURN_DETECTION },
    input_audio_noise_reduction: null,
    input_audio_echo_cancellation: null,
    input_audio_transcription: null,
    tools: [],
    tool_choice: "auto",
    temperature: 0.8,
    max_response_output_tokens: "inf",
  };
  if (identity.agent !== undefined) {
    session.agent = {
      type: "agent",
      name: identity.agent.name,
      agent_id: `asst_${identity.agent.name}`,
      thread_id: `thread_${identity.id.slice(5)}`,
    };
  }
  return session;
}

/** A request the simulator refuses, as the `error` event fields. */
export interface ConfigProblem {
  readonly code: string;
  readonly message: string;
  readonly param: string;
}

/** A non-fatal notice for a `warning` event. */
export interface ConfigWarning {
  readonly code: string;
  readonly message: string;
  readonly param: string;
}

/** What decides whether an update is allowed. */
export interface UpdateContext {
  readonly audioProduced: boolean;
  readonly profile: string | undefined;
  readonly model: string | undefined;
  readonly profileRules: boolean;
}

export type UpdateOutcome =
  | { readonly ok: true; readonly session: ResponseSession; readonly warnings: readonly ConfigWarning[] }
  | { readonly ok: false; readonly problem: ConfigProblem };

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const PCM_RATES: ReadonlySet<number> = new Set([8000, 16000, 24000]);

/**
 * Merges a `session.update` into the effective session: present top-level fields
 * replace the current ones, absent fields stay. Refuses model changes, voice changes
 * after audio, impossible audio formats, and (with profile rules on) `reject` rules.
 */
export function applySessionUpdate(current: ResponseSession, update: RequestSession, context: UpdateContext): UpdateOutcome {
  const fail = (code: string, param: string, message: string): UpdateOutcome => ({
    ok: false,
    problem: { code, param, message },
  });
  if (update.model !== undefined && update.model !== current.model) {
    return fail("invalid_value", "session.model", `The model cannot be changed after the session starts (it is "${current.model ?? ""}").`);
  }
  if (update.voice !== undefined && context.audioProduced && !sameJson(update.voice, current.voice)) {
    return fail("invalid_value", "session.voice", "The voice cannot be changed after the assistant has produced audio.");
  }
  if (update.modalities !== undefined && !update.modalities.includes("text")) {
    return fail("invalid_value", "session.modalities", 'modalities must include "text"; audio-only is not allowed.');
  }
  const merged: ResponseSession = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  const g711 = merged.input_audio_format !== "pcm16";
  if (g711 && update.input_audio_sampling_rate === undefined) merged.input_audio_sampling_rate = 8000;
  if (!g711 && update.input_audio_format !== undefined && update.input_audio_sampling_rate === undefined && !PCM_RATES.has(merged.input_audio_sampling_rate ?? 0)) {
    merged.input_audio_sampling_rate = 24000;
  }
  const rate = merged.input_audio_sampling_rate ?? 24000;
  if (g711 ? rate !== 8000 : !PCM_RATES.has(rate)) {
    return fail(
      "invalid_value",
      "session.input_audio_sampling_rate",
      g711
        ? `input_audio_sampling_rate ${rate} is not allowed with ${merged.input_audio_format ?? ""}; G.711 is always 8000.`
        : `input_audio_sampling_rate ${rate} is not allowed with pcm16; use 8000, 16000 or 24000.`,
    );
  }
  const warnings: ConfigWarning[] = [];
  if (context.profileRules) {
    for (const violation of checkSessionForProfile(update, context)) {
      const param = `session.${violation.rule.field}`;
      if (violation.rule.severity === "reject") return fail("invalid_request_error", param, violation.message);
      warnings.push({ code: violation.rule.id, message: violation.message, param });
    }
  }
  return { ok: true, session: merged, warnings };
}

/** The VAD settings of a session, or undefined when turn detection is off. */
export function vadSettings(session: ResponseSession): VadSettings | undefined {
  const detection = session.turn_detection as Record<string, unknown> | null | undefined;
  if (detection == null) return undefined;
  const num = (key: string, fallback: number): number => {
    const value = detection[key];
    return typeof value === "number" ? value : fallback;
  };
  return {
    threshold: num("threshold", DEFAULT_TURN_DETECTION.threshold),
    prefixPaddingMs: num("prefix_padding_ms", DEFAULT_TURN_DETECTION.prefix_padding_ms),
    silenceDurationMs: num("silence_duration_ms", DEFAULT_TURN_DETECTION.silence_duration_ms),
    speechDurationMs: num("speech_duration_ms", 0),
  };
}

/** Reads a boolean turn-detection flag; missing means true (REFERENCE §4.3, 2025-10-01 docs). */
export function turnFlag(session: ResponseSession, key: "create_response" | "interrupt_response" | "auto_truncate"): boolean {
  const detection = session.turn_detection as Record<string, unknown> | null | undefined;
  const value = detection?.[key];
  if (typeof value === "boolean") return value;
  return key !== "auto_truncate";
}
