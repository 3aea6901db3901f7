import * as z from "zod/mini";
import { ConversationRequestItemSchema, AssistantMessageItemSchema, ResponseItemSchema } from "./items.js";
import { nonNegativeInt } from "./schema-helpers.js";
import {
  MaxTokensSchema,
  ModalitySchema,
  OutputAudioFormatSchema,
  ReasoningEffortSchema,
} from "./session.js";
import { ToolChoiceSchema, ToolSchema } from "./tools.js";
import { VoiceSchema } from "./voice.js";

const count = () => z.optional(nonNegativeInt());

/** Token usage of one response; every field optional because examples omit some (REFERENCE §5.4). */
export const TokenUsageSchema = z.object({
  total_tokens: count(),
  input_tokens: count(),
  output_tokens: count(),
  input_token_details: z.optional(
    z.object({
      cached_tokens: count(),
      text_tokens: count(),
      audio_tokens: count(),
      image_tokens: count(),
      cached_tokens_details: z.optional(
        z.object({ text_tokens: count(), audio_tokens: count(), image_tokens: count() }),
      ),
    }),
  ),
  output_token_details: z.optional(z.object({ text_tokens: count(), audio_tokens: count() })),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** Final states of a response; `canceled` is a spelling one doc table uses (REFERENCE §5.4 CONFLICT). */
export const ResponseStatusSchema = z.enum([
  "in_progress",
  "completed",
  "cancelled",
  "canceled",
  "failed",
  "incomplete",
]);
export type ResponseStatus = z.infer<typeof ResponseStatusSchema>;

/** Why a response ended the way it did. */
export const ResponseStatusDetailsSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.enum(["cancelled", "canceled"]),
    reason: z.optional(z.enum(["turn_detected", "client_cancelled"])),
  }),
  z.object({
    type: z.literal("incomplete"),
    reason: z.optional(z.enum(["max_output_tokens", "content_filter"])),
  }),
  z.object({ type: z.literal("failed"), error: z.optional(z.unknown()) }),
  z.object({ type: z.literal("completed") }),
]);
export type ResponseStatusDetails = z.infer<typeof ResponseStatusDetailsSchema>;

/** The response object in `response.created` / `response.done`. */
export const RealtimeResponseSchema = z.object({
  id: z.optional(z.string()),
  object: z.optional(z.literal("realtime.response")),
  status: z.optional(ResponseStatusSchema),
  status_details: z.optional(z.nullable(ResponseStatusDetailsSchema)),
  output: z.optional(z.array(ResponseItemSchema)),
  usage: z.optional(z.nullable(TokenUsageSchema)),
  /** `null` for out-of-band responses. */
  conversation_id: z.optional(z.nullable(z.string())),
  voice: z.optional(VoiceSchema),
  modalities: z.optional(z.array(ModalitySchema)),
  output_audio_format: z.optional(OutputAudioFormatSchema),
  temperature: z.optional(z.number()),
  max_output_tokens: z.optional(MaxTokensSchema),
  /** The docs' name for `max_output_tokens` (REFERENCE §5.4 CONFLICT). */
  max_response_output_tokens: z.optional(MaxTokensSchema),
  metadata: z.optional(z.nullable(z.record(z.string(), z.string()))),
});
export type RealtimeResponse = z.infer<typeof RealtimeResponseSchema>;

/** Overrides for one response in `response.create` (REFERENCE §4.9); all optional. */
export const ResponseCreateParamsSchema = z.object({
  /** Add the result to the conversation (default true). */
  commit: z.optional(z.boolean()),
  /** Cancel a response in progress first (default true). */
  cancel_previous: z.optional(z.boolean()),
  append_input_items: z.optional(z.array(ConversationRequestItemSchema)),
  /** Replaces the context for this response; `[]` clears it. */
  input_items: z.optional(z.array(ConversationRequestItemSchema)),
  modalities: z.optional(z.array(ModalitySchema)),
  instructions: z.optional(z.string()),
  voice: z.optional(VoiceSchema),
  output_audio_format: z.optional(OutputAudioFormatSchema),
  tools: z.optional(z.array(ToolSchema)),
  tool_choice: z.optional(ToolChoiceSchema),
  temperature: z.optional(z.number()),
  /** The spec name; sent as is (the docs' `max_response_output_tokens` is not sent). */
  max_output_tokens: z.optional(MaxTokensSchema),
  /** Spoken as the assistant's reply and added to history. */
  pre_generated_assistant_message: z.optional(AssistantMessageItemSchema),
  reasoning_effort: z.optional(ReasoningEffortSchema),
  /** At most 16 pairs; keys up to 64 characters, values up to 512. */
  metadata: z.optional(
    z
      .record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(512)))
      .check(z.refine((m) => Object.keys(m).length <= 16, "at most 16 metadata entries")),
  ),
  /** `"none"` makes an out-of-band response (docs only). */
  conversation: z.optional(z.enum(["auto", "none"])),
});
export type ResponseCreateParams = z.infer<typeof ResponseCreateParamsSchema>;
