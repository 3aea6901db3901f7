import * as z from "zod/mini";
import { nonNegativeInt, openUnion } from "./schema-helpers.js";

/** End-of-utterance models (REFERENCE §4.3). */
export const EOU_DETECTION_MODELS = [
  "semantic_detection_v1",
  "semantic_detection_v1_en",
  "semantic_detection_v1_multilingual",
] as const;

/** Semantic end-of-utterance detection layered on a VAD. */
export const EouDetectionSchema = z.object({
  model: z.enum(EOU_DETECTION_MODELS),
  threshold_level: z.optional(z.enum(["low", "medium", "high", "default"])),
  timeout_ms: z.optional(z.number().check(z.gte(0))),
});
export type EouDetection = z.infer<typeof EouDetectionSchema>;

/** Fields every VAD kind shares; the service documents defaults in REFERENCE §4.3. */
const vadFields = {
  /** Activation threshold 0–1 (doc default 0.5). */
  threshold: z.optional(z.number().check(z.gte(0), z.lte(1))),
  /** Audio kept before detected speech, ms (doc default 300). */
  prefix_padding_ms: z.optional(nonNegativeInt()),
  /** Silence that ends a turn, ms (doc default 500). */
  silence_duration_ms: z.optional(nonNegativeInt()),
  /** Minimum speech that starts a turn, ms. */
  speech_duration_ms: z.optional(nonNegativeInt()),
  end_of_utterance_detection: z.optional(z.nullable(EouDetectionSchema)),
  /** Truncate the assistant item server-side on barge-in. */
  auto_truncate: z.optional(z.boolean()),
  /** Start a response when a turn ends. Defaults disagree between sources: send it explicitly. */
  create_response: z.optional(z.boolean()),
  /** Cancel the active response when the user starts speaking. Send it explicitly. */
  interrupt_response: z.optional(z.boolean()),
};

/** Energy-based server VAD. */
export const ServerVadSchema = z.object({ type: z.literal("server_vad"), ...vadFields });
export type ServerVad = z.infer<typeof ServerVadSchema>;

const semanticFields = {
  ...vadFields,
  remove_filler_words: z.optional(z.boolean()),
  languages: z.optional(z.array(z.string())),
};

/** Azure semantic VAD (English). */
export const AzureSemanticVadSchema = z.object({
  type: z.literal("azure_semantic_vad"),
  ...semanticFields,
});
export type AzureSemanticVad = z.infer<typeof AzureSemanticVadSchema>;

/** Azure semantic VAD, English-only model. */
export const AzureSemanticVadEnSchema = z.object({
  type: z.literal("azure_semantic_vad_en"),
  ...semanticFields,
});
export type AzureSemanticVadEn = z.infer<typeof AzureSemanticVadEnSchema>;

/** Azure semantic VAD, multilingual model. */
export const AzureSemanticVadMultilingualSchema = z.object({
  type: z.literal("azure_semantic_vad_multilingual"),
  ...semanticFields,
});
export type AzureSemanticVadMultilingual = z.infer<typeof AzureSemanticVadMultilingualSchema>;

/** OpenAI semantic VAD; speech-native (realtime) models only (docs, not in the 2025-10-01 spec). */
export const SemanticVadSchema = z.object({
  type: z.literal("semantic_vad"),
  eagerness: z.optional(z.enum(["auto", "low", "medium", "high"])),
  create_response: z.optional(z.boolean()),
  interrupt_response: z.optional(z.boolean()),
});
export type SemanticVad = z.infer<typeof SemanticVadSchema>;

/** The `turn_detection` field; `null` turns VAD off (manual commit). */
export const TurnDetectionSchema = openUnion([
  ServerVadSchema,
  AzureSemanticVadSchema,
  AzureSemanticVadEnSchema,
  AzureSemanticVadMultilingualSchema,
  SemanticVadSchema,
]);
export type TurnDetection = z.infer<typeof TurnDetectionSchema>;
