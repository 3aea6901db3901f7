import * as z from "zod/mini";
import { openEnum, openUnion } from "./schema-helpers.js";

/** OpenAI voice names (REFERENCE §4.2; `marin` and `cedar` came after the 2025-10-01 spec). */
export const OPENAI_VOICE_NAMES = [
  "alloy",
  "ash",
  "ballad",
  "coral",
  "echo",
  "sage",
  "shimmer",
  "verse",
  "marin",
  "cedar",
] as const;

/** An OpenAI voice name; speech-native (realtime) models only. */
export const OpenAIVoiceNameSchema = openEnum(OPENAI_VOICE_NAMES);
export type OpenAIVoiceName = z.infer<typeof OpenAIVoiceNameSchema>;

/** An OpenAI voice as an object (`{ type: "openai", name }`). */
export const OpenAIVoiceSchema = z.object({
  type: z.literal("openai"),
  name: OpenAIVoiceNameSchema,
});
export type OpenAIVoice = z.infer<typeof OpenAIVoiceSchema>;

const nonEmpty = () => z.string().check(z.minLength(1));

/** Text-to-speech tuning shared by every Azure voice kind (REFERENCE §4.2). */
const azureVoiceFields = {
  name: nonEmpty(),
  /** Sampling temperature for HD voices, 0.0–1.0. */
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  custom_lexicon_url: z.optional(z.string()),
  custom_text_normalization_url: z.optional(z.string()),
  /** BCP-47 locales the voice should prefer. */
  prefer_locales: z.optional(z.array(z.string())),
  /** Forces the synthesis locale. */
  locale: z.optional(z.string()),
  style: z.optional(z.string()),
  /** SSML prosody pitch, e.g. `"+5%"`. */
  pitch: z.optional(z.string()),
  /** SSML prosody rate, e.g. `"1.2"`. */
  rate: z.optional(z.string()),
  /** SSML prosody volume. */
  volume: z.optional(z.string()),
};

/** A prebuilt Azure neural or HD voice, e.g. `en-US-AvaNeural` or `en-US-Ava:DragonHDLatestNeural`. */
export const AzureStandardVoiceSchema = z.object({
  type: z.literal("azure-standard"),
  ...azureVoiceFields,
});
export type AzureStandardVoice = z.infer<typeof AzureStandardVoiceSchema>;

/** A custom neural voice deployed on the same resource. */
export const AzureCustomVoiceSchema = z.object({
  type: z.literal("azure-custom"),
  ...azureVoiceFields,
  /** Deployment endpoint id (a GUID) of the custom voice. */
  endpoint_id: nonEmpty(),
});
export type AzureCustomVoice = z.infer<typeof AzureCustomVoiceSchema>;

/** Personal voice base models; the spec and the docs disagree, so any string passes (REFERENCE §4.2 CONFLICT). */
export const PERSONAL_VOICE_MODELS = [
  "DragonLatestNeural",
  "PhoenixLatestNeural",
  "PhoenixV2Neural",
  "DragonHDOmniLatestNeural",
  "MAI-Voice-1",
] as const;

/** A personal voice (speaker profile) on a base model. */
export const AzurePersonalVoiceSchema = z.object({
  type: z.literal("azure-personal"),
  ...azureVoiceFields,
  model: openEnum(PERSONAL_VOICE_MODELS),
});
export type AzurePersonalVoice = z.infer<typeof AzurePersonalVoiceSchema>;

/** The avatar-synchronised voice of api-version 2026-04-10 and later. */
export const AzureAvatarVoiceSyncVoiceSchema = z.object({
  type: z.literal("azure-avatar-voice-sync"),
  ...azureVoiceFields,
  name: z.optional(z.string()),
  model: z.optional(z.string()),
});
export type AzureAvatarVoiceSyncVoice = z.infer<typeof AzureAvatarVoiceSyncVoiceSchema>;

/** Every Azure voice kind; cascaded (chat-completion) models accept only these. */
export const AZURE_VOICE_TYPES = [
  "azure-standard",
  "azure-custom",
  "azure-personal",
  "azure-avatar-voice-sync",
] as const;

/**
 * The `voice` field: a bare OpenAI voice name, an OpenAI voice object or an Azure
 * voice object (REFERENCE §4.2). Unknown voice kinds from newer service versions pass.
 */
export const VoiceSchema = z.union([
  OpenAIVoiceNameSchema,
  openUnion([
    OpenAIVoiceSchema,
    AzureStandardVoiceSchema,
    AzureCustomVoiceSchema,
    AzurePersonalVoiceSchema,
    AzureAvatarVoiceSyncVoiceSchema,
  ]),
]);
export type Voice = z.infer<typeof VoiceSchema>;
