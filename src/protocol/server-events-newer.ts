import * as z from "zod/mini";
import { nonNegativeInt } from "./schema-helpers.js";

// Server events of api-version 2026-04-10 (REFERENCE §3.6; fields from the 2026-04-10 spec).

const serverEvent = <const T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.object({ type: z.literal(type), event_id: z.optional(z.string()), ...shape });
const itemIds = { response_id: z.string(), item_id: z.string(), output_index: nonNegativeInt() };

/** Streamed arguments of a system tool call (e.g. `end_conversation`). */
export const ResponseSystemToolArgumentsDeltaEventSchema = serverEvent("response.system_tool_arguments.delta", {
  ...itemIds,
  call_id: z.string(),
  delta: z.string(),
  obfuscation: z.optional(z.nullable(z.string())),
});
export type ResponseSystemToolArgumentsDeltaEvent = z.infer<typeof ResponseSystemToolArgumentsDeltaEventSchema>;

/** Complete arguments of a system tool call. */
export const ResponseSystemToolArgumentsDoneEventSchema = serverEvent("response.system_tool_arguments.done", {
  ...itemIds,
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
export type ResponseSystemToolArgumentsDoneEvent = z.infer<typeof ResponseSystemToolArgumentsDoneEventSchema>;

/** The model's `end_conversation` call was cancelled; `id` is the tool call's `call_id`. */
export const SessionEndConversationCancelledEventSchema = serverEvent("session.end_conversation.cancelled", {
  id: z.string(),
});
export type SessionEndConversationCancelledEvent = z.infer<typeof SessionEndConversationCancelledEventSchema>;

/** The conversation ended by the model's choice; the server then closes with 1001. */
export const SessionEndConversationCompletedEventSchema = serverEvent("session.end_conversation.completed", {
  id: z.string(),
});
export type SessionEndConversationCompletedEvent = z.infer<typeof SessionEndConversationCompletedEventSchema>;

/** The avatar started speaking. */
export const SessionAvatarSwitchToSpeakingEventSchema = serverEvent("session.avatar.switch_to_speaking", {
  turn_id: z.optional(z.nullable(z.string())),
});
export type SessionAvatarSwitchToSpeakingEvent = z.infer<typeof SessionAvatarSwitchToSpeakingEventSchema>;

/** The avatar went idle. */
export const SessionAvatarSwitchToIdleEventSchema = serverEvent("session.avatar.switch_to_idle", {
  turn_id: z.optional(z.nullable(z.string())),
});
export type SessionAvatarSwitchToIdleEvent = z.infer<typeof SessionAvatarSwitchToIdleEventSchema>;

/** A base64 avatar video frame (avatar `output_protocol: "websocket"`). */
export const ResponseVideoDeltaEventSchema = serverEvent("response.video.delta", {
  output_index: nonNegativeInt(),
  codec: z.string(),
  delta: z.string(),
});
export type ResponseVideoDeltaEvent = z.infer<typeof ResponseVideoDeltaEventSchema>;

const searchProgress = { ...itemIds, sequence_number: nonNegativeInt() };

/** A web search call is searching. */
export const ResponseWebSearchCallSearchingEventSchema = serverEvent("response.web_search_call.searching", searchProgress);
export type ResponseWebSearchCallSearchingEvent = z.infer<typeof ResponseWebSearchCallSearchingEventSchema>;
/** A web search call started. */
export const ResponseWebSearchCallInProgressEventSchema = serverEvent("response.web_search_call.in_progress", searchProgress);
export type ResponseWebSearchCallInProgressEvent = z.infer<typeof ResponseWebSearchCallInProgressEventSchema>;
/** A web search call finished. */
export const ResponseWebSearchCallCompletedEventSchema = serverEvent("response.web_search_call.completed", searchProgress);
export type ResponseWebSearchCallCompletedEvent = z.infer<typeof ResponseWebSearchCallCompletedEventSchema>;
/** A file search call is searching. */
export const ResponseFileSearchCallSearchingEventSchema = serverEvent("response.file_search_call.searching", searchProgress);
export type ResponseFileSearchCallSearchingEvent = z.infer<typeof ResponseFileSearchCallSearchingEventSchema>;
/** A file search call started. */
export const ResponseFileSearchCallInProgressEventSchema = serverEvent("response.file_search_call.in_progress", searchProgress);
export type ResponseFileSearchCallInProgressEvent = z.infer<typeof ResponseFileSearchCallInProgressEventSchema>;
/** A file search call finished. */
export const ResponseFileSearchCallCompletedEventSchema = serverEvent("response.file_search_call.completed", searchProgress);
export type ResponseFileSearchCallCompletedEvent = z.infer<typeof ResponseFileSearchCallCompletedEventSchema>;

/** An annotation (e.g. a citation) was attached to the assistant transcript. */
export const ResponseAudioTranscriptAnnotationAddedEventSchema = serverEvent(
  "response.audio_transcript.annotation.added",
  {
    ...itemIds,
    content_index: nonNegativeInt(),
    annotation_index: nonNegativeInt(),
    annotation: z.unknown(),
  },
);
export type ResponseAudioTranscriptAnnotationAddedEvent = z.infer<
  typeof ResponseAudioTranscriptAnnotationAddedEventSchema
>;
