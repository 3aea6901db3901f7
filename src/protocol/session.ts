import * as z from "zod/mini";
import { AnimationSchema, AvatarConfigSchema } from "./avatar.js";
import { int, openEnum, openUnion } from "./schema-helpers.js";
import { ToolChoiceSchema, ToolSchema } from "./tools.js";
import { TurnDetectionSchema } from "./turn-detection.js";
import { VoiceSchema } from "./voice.js";

/** What the session produces; `["text"]` is text only, audio always comes with text. */
export const ModalitySchema = z.enum(["text", "audio", "animation", "avatar"]);
export type Modality = z.infer<typeof ModalitySchema>;

/** Input audio encodings: 16-bit little-endian PCM (mono, or stereo with a client echo reference) or G.711 at 8 kHz. */
export const InputAudioFormatSchema = z.enum(["pcm16", "g711_ulaw", "g711_alaw"]);
export type InputAudioFormat = z.infer<typeof InputAudioFormatSchema>;

/** Output audio encodings; `pcm16` is 24 kHz, the G.711 forms 8 kHz. */
export const OutputAudioFormatSchema = z.enum([
  "pcm16",
  "pcm16_8000hz",
  "pcm16_16000hz",
  "g711_ulaw",
  "g711_alaw",
]);
export type OutputAudioFormat = z.infer<typeof OutputAudioFormatSchema>;

/** Sample rates the service accepts for `pcm16` input (8 kHz for G.711). */
export const INPUT_SAMPLE_RATES = [8000, 16000, 24000] as const;

/** Input speech-to-text models (REFERENCE §4.4); extensible. */
export const TRANSCRIPTION_MODELS = [
  "whisper-1",
  "gpt-4o-transcribe",
  "gpt-4o-mini-transcribe",
  "gpt-4o-transcribe-diarize",
  "azure-speech",
  "mai-transcribe-1",
] as const;

/** The `input_audio_transcription` field. */
export const InputAudioTranscriptionSchema = z.object({
  model: openEnum(TRANSCRIPTION_MODELS),
  /** BCP-47 (`en-US`), ISO-639-1 (`en`), or a comma list for auto-detection (`en,zh`). */
  language: z.optional(z.string()),
  /** Custom speech model ids by locale (`azure-speech` only). */
  custom_speech: z.optional(z.record(z.string(), z.string())),
  /** Phrases that bias recognition (`azure-speech` only; not with realtime models). */
  phrase_list: z.optional(z.array(z.string())),
  /** Prompt for the whisper / gpt-4o-transcribe family (docs only). */
  prompt: z.optional(z.string()),
});
export type InputAudioTranscription = z.infer<typeof InputAudioTranscriptionSchema>;

/** The `input_audio_noise_reduction` field; `near_field` / `far_field` are realtime-model only. */
export const NoiseReductionSchema = z.object({
  type: z.enum(["azure_deep_noise_suppression", "near_field", "far_field"]),
});
export type NoiseReduction = z.infer<typeof NoiseReductionSchema>;

/**
 * The `input_audio_echo_cancellation` field. With `reference_source: "client"` and
 * `channels: 2` the input is interleaved stereo pcm16: channel 0 the microphone,
 * channel 1 what the speaker played (REFERENCE §4.1).
 */
export const EchoCancellationSchema = z.object({
  type: z.literal("server_echo_cancellation"),
  reference_source: z.optional(z.enum(["server", "client"])),
  channels: z.optional(z.union([z.literal(1), z.literal(2)])),
});
export type EchoCancellation = z.infer<typeof EchoCancellationSchema>;

/** Reasoning effort for reasoning models. */
export const ReasoningEffortSchema = z.enum(["none", "minimal", "low", "medium", "high", "xhigh"]);
export type ReasoningEffort = z.infer<typeof ReasoningEffortSchema>;

const interimFields = {
  /** What triggers an interim response; OR logic (default `["latency"]`). */
  triggers: z.optional(z.array(z.enum(["latency", "tool"]))),
  /** Latency before a `latency` trigger fires, ms (default 2000). */
  latency_threshold_ms: z.optional(int().check(z.gte(0))),
};
const staticInterim = { ...interimFields, texts: z.optional(z.array(z.string())) };
const llmInterim = {
  ...interimFields,
  model: z.optional(z.string()),
  instructions: z.optional(z.string()),
  max_completion_tokens: z.optional(int().check(z.gte(1))),
};

/** `interim_response` (2026-01-01-preview and 2026-04-10): filler speech while the model works; cascaded models only. */
export const InterimResponseSchema = openUnion([
  z.object({ type: z.literal("static_interim_response"), ...staticInterim }),
  z.object({ type: z.literal("llm_interim_response"), ...llmInterim }),
]);
export type InterimResponse = z.infer<typeof InterimResponseSchema>;

/** `filler_response`: the preview name of interim responses (Python 1.2.0b3, D2). */
export const FillerResponseSchema = openUnion([
  z.object({ type: z.literal("static_filler"), ...staticInterim }),
  z.object({ type: z.literal("llm_filler"), ...llmInterim }),
]);
export type FillerResponse = z.infer<typeof FillerResponseSchema>;

/** Extra data a 2026-04-10 session may include in events. */
export const SessionIncludeSchema = z.enum([
  "item.input_audio_transcription.logprobs",
  "item.input_audio_transcription.phrases",
  "file_search_call.results",
]);

/** Maximum output tokens: 1 or more, or `"inf"`. */
export const MaxTokensSchema = z.union([int().check(z.gte(1)), z.literal("inf")]);

/** Managed model names (REFERENCE §1.2); in BYOM this is your deployment name. */
export const KNOWN_MODELS = [
  "gpt-realtime",
  "gpt-realtime-mini",
  "gpt-4o",
  "gpt-4o-mini",
  "gpt-4.1",
  "gpt-4.1-mini",
  "gpt-5",
  "gpt-5-mini",
  "gpt-5-nano",
  "gpt-5-chat",
  "phi4-mm-realtime",
  "phi4-mini",
] as const;

const sessionFields = {
  /** Cannot change after the session starts. */
  model: z.optional(openEnum(KNOWN_MODELS)),
  modalities: z.optional(z.array(ModalitySchema)),
  animation: z.optional(AnimationSchema),
  voice: z.optional(VoiceSchema),
  /** The system prompt; `""` clears it. */
  instructions: z.optional(z.string()),
  input_audio_sampling_rate: z.optional(int().check(z.gt(0))),
  input_audio_format: z.optional(InputAudioFormatSchema),
  output_audio_format: z.optional(OutputAudioFormatSchema),
  /** `null` disables VAD: commit and `response.create` by hand. */
  turn_detection: z.optional(z.nullable(TurnDetectionSchema)),
  input_audio_noise_reduction: z.optional(z.nullable(NoiseReductionSchema)),
  input_audio_echo_cancellation: z.optional(z.nullable(EchoCancellationSchema)),
  avatar: z.optional(z.nullable(AvatarConfigSchema)),
  input_audio_transcription: z.optional(z.nullable(InputAudioTranscriptionSchema)),
  output_audio_timestamp_types: z.optional(z.array(z.literal("word"))),
  tools: z.optional(z.array(ToolSchema)),
  tool_choice: z.optional(ToolChoiceSchema),
  /** Sampling temperature; the documented range disagrees (0–1 vs 0.6–1.2), so only the type is checked. */
  temperature: z.optional(z.number()),
  max_response_output_tokens: z.optional(MaxTokensSchema),
  reasoning_effort: z.optional(ReasoningEffortSchema),
  filler_response: z.optional(z.nullable(FillerResponseSchema)),
  interim_response: z.optional(z.nullable(InterimResponseSchema)),
  include: z.optional(z.array(SessionIncludeSchema)),
};

/** The session configuration sent in `session.update`: every field optional, only present fields change. */
export const RequestSessionSchema = z.object(sessionFields);
export type RequestSession = z.infer<typeof RequestSessionSchema>;

/** The agent a session runs in agent mode. */
export const AgentConfigSchema = z.object({
  type: z.literal("agent"),
  name: z.string(),
  description: z.optional(z.nullable(z.string())),
  agent_id: z.string(),
  thread_id: z.string(),
});
export type AgentConfig = z.infer<typeof AgentConfigSchema>;

/** The effective session in `session.created` / `session.updated`. */
export const ResponseSessionSchema = z.object({
  ...sessionFields,
  id: z.string(),
  object: z.optional(z.string()),
  agent: z.optional(z.nullable(AgentConfigSchema)),
});
export type ResponseSession = z.infer<typeof ResponseSessionSchema>;
