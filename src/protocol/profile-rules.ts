import { KNOWN_MODELS, type RequestSession } from "./session.js";
import { AZURE_VOICE_TYPES } from "./voice.js";
import { openEnum } from "./schema-helpers.js";
import type * as z from "zod/mini";

/** The BYOM profiles the service documents; any well-formed future value is allowed too. */
export const KNOWN_PROFILES = [
  "byom-azure-openai-realtime",
  "byom-azure-openai-chat-completion",
  "byom-foundry-anthropic-messages",
] as const;

export const ProfileSchema = openEnum(KNOWN_PROFILES);
/** A `profile` query value. */
export type Profile = z.infer<typeof ProfileSchema>;

/**
 * How the model handles speech: `speech-native` models hear and speak themselves
 * (gpt-realtime); `cascaded` ones are text models wrapped in Azure speech-to-text and
 * text-to-speech. `unknown` when neither the profile nor the model name tells.
 */
export type ModelAudioPath = "speech-native" | "cascaded" | "unknown";

const CASCADED_PROFILES: ReadonlySet<string> = new Set([
  "byom-azure-openai-chat-completion",
  "byom-foundry-anthropic-messages",
]);
// Every managed model that is not speech-native is a text model behind Azure speech.
const CASCADED_MANAGED_MODELS: ReadonlySet<string> = new Set(KNOWN_MODELS.filter((model) => !/realtime/.test(model)));

/**
 * Tells the audio path from the BYOM profile, or, without one, from a managed model
 * name (REFERENCE §1.2, §7). BYOM deployment names say nothing, so only the profile counts there.
 */
export function modelAudioPath(profile: string | undefined, model: string | undefined): ModelAudioPath {
  if (profile !== undefined) {
    if (profile === "byom-azure-openai-realtime") return "speech-native";
    return CASCADED_PROFILES.has(profile) ? "cascaded" : "unknown";
  }
  if (model === undefined) return "unknown";
  if (/realtime/i.test(model)) return "speech-native";
  return CASCADED_MANAGED_MODELS.has(model) ? "cascaded" : "unknown";
}

/** How a session configuration is checked against the rules before it is sent (`connect()`, the relay). */
export type ProfileCheckMode = "strict" | "warn" | "off";

/**
 * `reject`: the service is documented or observed to refuse it; `warn`: derived from
 * capability statements, the service may ignore the field instead.
 */
export type ProfileRuleSeverity = "reject" | "warn";

/** One constraint a model's audio path puts on the session configuration. */
export interface ProfileRule {
  readonly id: string;
  /** The audio path the rule applies to. */
  readonly appliesTo: Exclude<ModelAudioPath, "unknown">;
  /** Dotted path of the field in the session, e.g. `input_audio_transcription.phrase_list`. */
  readonly field: string;
  readonly severity: ProfileRuleSeverity;
  /** True when the session breaks the rule. */
  readonly violatedBy: (session: RequestSession) => boolean;
  /** What the service says or does, in one sentence. */
  readonly problem: string;
  /** What is allowed instead. */
  readonly allowed: string;
  /** Where the rule comes from in shared/protocol/REFERENCE.md. */
  readonly reference: string;
}

const voiceKind = (session: RequestSession): string | undefined => {
  const voice = session.voice;
  if (voice === undefined) return undefined;
  return typeof voice === "string" ? "openai" : voice.type;
};
const transcriptionModel = (session: RequestSession): string | undefined =>
  session.input_audio_transcription?.model;
const azureVoiceTypes: ReadonlySet<string> = new Set(AZURE_VOICE_TYPES);

/** The profile rules, shared by the client's pre-send check and the simulator. */
export const PROFILE_RULES: readonly ProfileRule[] = [
  {
    id: "cascaded-azure-voice-only",
    appliesTo: "cascaded",
    field: "voice",
    severity: "reject",
    violatedBy: (s) => {
      const kind = voiceKind(s);
      return kind !== undefined && !azureVoiceTypes.has(kind);
    },
    problem: "Only Azure voice is supported",
    allowed: `a voice object of type ${AZURE_VOICE_TYPES.join(", ")}`,
    reference: "REFERENCE §4.2, §7, §8 (observed service error)",
  },
  {
    id: "speech-native-no-phrase-list",
    appliesTo: "speech-native",
    field: "input_audio_transcription.phrase_list",
    severity: "reject",
    violatedBy: (s) => s.input_audio_transcription?.phrase_list !== undefined,
    problem: "phrase lists are not supported with realtime models",
    allowed: "no phrase_list; use a cascaded (chat-completion) model with azure-speech for phrase lists",
    reference: "REFERENCE §4.4, §7",
  },
  {
    id: "speech-native-no-interim-response",
    appliesTo: "speech-native",
    field: "interim_response",
    severity: "reject",
    violatedBy: (s) => s.interim_response != null || s.filler_response != null,
    problem: "interim (filler) responses exist only for cascaded text models",
    allowed: "no interim_response or filler_response with a realtime model",
    reference: "REFERENCE §4.8, §7",
  },
  {
    id: "cascaded-azure-transcription",
    appliesTo: "cascaded",
    field: "input_audio_transcription.model",
    severity: "warn",
    violatedBy: (s) => {
      const model = transcriptionModel(s);
      return model !== undefined && model !== "azure-speech" && !model.startsWith("mai-transcribe");
    },
    problem: "cascaded models always transcribe with Azure speech; this model is used only with realtime models",
    allowed: "azure-speech (or mai-transcribe-1)",
    reference: "REFERENCE §4.4, §7",
  },
  {
    id: "cascaded-no-semantic-vad",
    appliesTo: "cascaded",
    field: "turn_detection.type",
    severity: "warn",
    violatedBy: (s) => s.turn_detection?.type === "semantic_vad",
    problem: "OpenAI semantic_vad needs a realtime model",
    allowed: "server_vad, azure_semantic_vad, azure_semantic_vad_en or azure_semantic_vad_multilingual",
    reference: "REFERENCE §4.3, §7",
  },
  {
    id: "cascaded-noise-reduction",
    appliesTo: "cascaded",
    field: "input_audio_noise_reduction.type",
    severity: "warn",
    violatedBy: (s) => {
      const type = s.input_audio_noise_reduction?.type;
      return type === "near_field" || type === "far_field";
    },
    problem: "near_field and far_field noise reduction are for realtime models only",
    allowed: "azure_deep_noise_suppression",
    reference: "REFERENCE §4.1, §7",
  },
  {
    id: "speech-native-custom-speech",
    appliesTo: "speech-native",
    field: "input_audio_transcription.custom_speech",
    severity: "warn",
    violatedBy: (s) => s.input_audio_transcription?.custom_speech !== undefined && transcriptionModel(s) !== "azure-speech",
    problem: "custom speech models work only with azure-speech transcription",
    allowed: "custom_speech together with input_audio_transcription.model azure-speech",
    reference: "REFERENCE §4.4",
  },
];

/** One broken rule, ready to report. */
export interface ProfileViolation {
  readonly rule: ProfileRule;
  /** A sentence naming the field, the profile or model, and what is allowed. */
  readonly message: string;
}

/**
 * Checks a session configuration against the rules for its model's audio path. Returns
 * every broken rule; an `unknown` audio path breaks none.
 */
export function checkSessionForProfile(
  session: RequestSession,
  target: { readonly profile?: string | undefined; readonly model?: string | undefined },
): ProfileViolation[] {
  const path = modelAudioPath(target.profile, target.model);
  if (path === "unknown") return [];
  const subject =
    target.profile !== undefined ? `profile "${target.profile}"` : `model "${target.model ?? ""}"`;
  const violations: ProfileViolation[] = [];
  for (const rule of PROFILE_RULES) {
    if (rule.appliesTo !== path || !rule.violatedBy(session)) continue;
    violations.push({
      rule,
      message: `session.${rule.field}: ${rule.problem} (${subject}, ${path} audio); allowed: ${rule.allowed}.`,
    });
  }
  return violations;
}
