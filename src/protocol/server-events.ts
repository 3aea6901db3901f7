import * as z from "zod/mini";
import { ContentPartSchema, ResponseItemSchema } from "./items.js";
import { RealtimeResponseSchema } from "./response.js";
import { nonNegativeInt } from "./schema-helpers.js";
import { ResponseSessionSchema } from "./session.js";

/** Server events carry an `event_id` in practice; the schema leaves it optional. */
const serverEvent = <const T extends string>(type: T) => ({
  type: z.literal(type),
  event_id: z.optional(z.string()),
});
const index = () => nonNegativeInt();
const ms = () => z.number().check(z.gte(0));

/** Ids that place a streamed delta within a response. */
const partIds = {
  response_id: z.string(),
  item_id: z.string(),
  output_index: index(),
  content_index: index(),
};
/** The same, for events the sources show without `content_index`. */
const partIdsLoose = { ...partIds, content_index: z.optional(index()) };
const itemIds = { response_id: z.string(), item_id: z.string(), output_index: index() };

/** Error details in `error` and in failed transcriptions. */
export const ErrorDetailsSchema = z.object({
  /** e.g. `invalid_request_error`, `server_error`. */
  type: z.optional(z.nullable(z.string())),
  code: z.optional(z.nullable(z.string())),
  message: z.string(),
  param: z.optional(z.nullable(z.string())),
  /** The `event_id` of the client event that caused it. */
  event_id: z.optional(z.nullable(z.string())),
});
export type ErrorDetails = z.infer<typeof ErrorDetailsSchema>;

const event = <const T extends string, S extends z.core.$ZodLooseShape>(type: T, shape: S) =>
  z.object({ ...serverEvent(type), ...shape });

// ---- §3.1 session and errors ----
/** First event on every connection: the session with its defaults. */
export const SessionCreatedEventSchema = event("session.created", { session: ResponseSessionSchema });
export type SessionCreatedEvent = z.infer<typeof SessionCreatedEventSchema>;
/** The full effective session after a `session.update`. */
export const SessionUpdatedEventSchema = event("session.updated", { session: ResponseSessionSchema });
export type SessionUpdatedEvent = z.infer<typeof SessionUpdatedEventSchema>;
/** The avatar's WebRTC answer (base64). */
export const SessionAvatarConnectingEventSchema = event("session.avatar.connecting", { server_sdp: z.string() });
export type SessionAvatarConnectingEvent = z.infer<typeof SessionAvatarConnectingEventSchema>;
/** A request failed or the service hit a problem; the session usually stays open. */
export const ErrorEventSchema = z.object({
  ...serverEvent("error"),
  error: z.object({ ...ErrorDetailsSchema.shape, type: z.string() }),
});
export type ErrorEvent = z.infer<typeof ErrorEventSchema>;
/** A non-fatal notice, e.g. an ignored parameter. */
export const WarningEventSchema = event("warning", {
  warning: z.object({
    message: z.string(),
    code: z.optional(z.nullable(z.string())),
    param: z.optional(z.nullable(z.string())),
  }),
});
export type WarningEvent = z.infer<typeof WarningEventSchema>;
/** Rate limits at response start (documented in D1 only). */
export const RateLimitsUpdatedEventSchema = event("rate_limits.updated", {
  rate_limits: z.array(
    z.object({ name: z.string(), limit: z.number(), remaining: z.number(), reset_seconds: z.number() }),
  ),
});
export type RateLimitsUpdatedEvent = z.infer<typeof RateLimitsUpdatedEventSchema>;

// ---- §3.2 conversation ----
/** An item joined the conversation. */
export const ConversationItemCreatedEventSchema = event("conversation.item.created", {
  previous_item_id: z.optional(z.nullable(z.string())),
  item: z.optional(ResponseItemSchema),
});
export type ConversationItemCreatedEvent = z.infer<typeof ConversationItemCreatedEventSchema>;
/** The item asked for by `conversation.item.retrieve`. */
export const ConversationItemRetrievedEventSchema = event("conversation.item.retrieved", {
  item: z.optional(ResponseItemSchema),
});
export type ConversationItemRetrievedEvent = z.infer<typeof ConversationItemRetrievedEventSchema>;
/** An assistant item's audio was cut. */
export const ConversationItemTruncatedEventSchema = event("conversation.item.truncated", {
  item_id: z.string(),
  content_index: index(),
  audio_end_ms: ms(),
});
export type ConversationItemTruncatedEvent = z.infer<typeof ConversationItemTruncatedEventSchema>;
/** An item was removed. */
export const ConversationItemDeletedEventSchema = event("conversation.item.deleted", { item_id: z.string() });
export type ConversationItemDeletedEvent = z.infer<typeof ConversationItemDeletedEventSchema>;
/** The final transcript of a user audio item. */
export const InputAudioTranscriptionCompletedEventSchema = event(
  "conversation.item.input_audio_transcription.completed",
  { item_id: z.string(), content_index: index(), transcript: z.string() },
);
export type InputAudioTranscriptionCompletedEvent = z.infer<typeof InputAudioTranscriptionCompletedEventSchema>;
/** Part of a user transcript while it is recognised. */
export const InputAudioTranscriptionDeltaEventSchema = event(
  "conversation.item.input_audio_transcription.delta",
  {
    item_id: z.string(),
    content_index: z.optional(index()),
    delta: z.optional(z.string()),
    logprobs: z.optional(
      z.nullable(
        z.array(z.object({ token: z.string(), logprob: z.number(), bytes: z.array(z.int()) })),
      ),
    ),
  },
);
export type InputAudioTranscriptionDeltaEvent = z.infer<typeof InputAudioTranscriptionDeltaEventSchema>;
/** Transcription of a user audio item failed (not an `error` event). */
export const InputAudioTranscriptionFailedEventSchema = event(
  "conversation.item.input_audio_transcription.failed",
  { item_id: z.string(), content_index: index(), error: ErrorDetailsSchema },
);
export type InputAudioTranscriptionFailedEvent = z.infer<typeof InputAudioTranscriptionFailedEventSchema>;

// ---- §3.3 input audio buffer ----
/** The input buffer became a user item. */
export const InputAudioBufferCommittedEventSchema = event("input_audio_buffer.committed", {
  previous_item_id: z.optional(z.nullable(z.string())),
  item_id: z.string(),
});
export type InputAudioBufferCommittedEvent = z.infer<typeof InputAudioBufferCommittedEventSchema>;
/** The input buffer was emptied. */
export const InputAudioBufferClearedEventSchema = event("input_audio_buffer.cleared", {});
export type InputAudioBufferClearedEvent = z.infer<typeof InputAudioBufferClearedEventSchema>;
/** VAD heard speech start; stop local playback here (barge-in). */
export const InputAudioBufferSpeechStartedEventSchema = event("input_audio_buffer.speech_started", {
  /** Milliseconds since the session's audio began, prefix padding included. */
  audio_start_ms: ms(),
  item_id: z.string(),
});
export type InputAudioBufferSpeechStartedEvent = z.infer<typeof InputAudioBufferSpeechStartedEventSchema>;
/** VAD heard speech end. */
export const InputAudioBufferSpeechStoppedEventSchema = event("input_audio_buffer.speech_stopped", {
  audio_end_ms: ms(),
  item_id: z.string(),
});
export type InputAudioBufferSpeechStoppedEvent = z.infer<typeof InputAudioBufferSpeechStoppedEventSchema>;
/** The avatar output buffer was cleared (2026-04-10 and later). */
export const OutputAudioBufferClearedEventSchema = event("output_audio_buffer.cleared", {});
export type OutputAudioBufferClearedEvent = z.infer<typeof OutputAudioBufferClearedEventSchema>;

// ---- §3.4 responses ----
/** A response started. */
export const ResponseCreatedEventSchema = event("response.created", { response: RealtimeResponseSchema });
export type ResponseCreatedEvent = z.infer<typeof ResponseCreatedEventSchema>;
/** A response ended, whatever its final status. */
export const ResponseDoneEventSchema = event("response.done", { response: RealtimeResponseSchema });
export type ResponseDoneEvent = z.infer<typeof ResponseDoneEventSchema>;
/** An output item started. */
export const ResponseOutputItemAddedEventSchema = event("response.output_item.added", {
  response_id: z.string(),
  output_index: index(),
  item: z.optional(ResponseItemSchema),
});
export type ResponseOutputItemAddedEvent = z.infer<typeof ResponseOutputItemAddedEventSchema>;
/** An output item finished. */
export const ResponseOutputItemDoneEventSchema = event("response.output_item.done", {
  response_id: z.string(),
  output_index: index(),
  item: z.optional(ResponseItemSchema),
});
export type ResponseOutputItemDoneEvent = z.infer<typeof ResponseOutputItemDoneEventSchema>;
/** A content part started. */
export const ResponseContentPartAddedEventSchema = event("response.content_part.added", {
  ...partIds,
  part: ContentPartSchema,
});
export type ResponseContentPartAddedEvent = z.infer<typeof ResponseContentPartAddedEventSchema>;
/** A content part finished. */
export const ResponseContentPartDoneEventSchema = event("response.content_part.done", {
  ...partIds,
  part: ContentPartSchema,
});
export type ResponseContentPartDoneEvent = z.infer<typeof ResponseContentPartDoneEventSchema>;
/** Streamed text (text-only responses). */
export const ResponseTextDeltaEventSchema = event("response.text.delta", { ...partIds, delta: z.string() });
export type ResponseTextDeltaEvent = z.infer<typeof ResponseTextDeltaEventSchema>;
/** The whole text of a part. */
export const ResponseTextDoneEventSchema = event("response.text.done", { ...partIds, text: z.string() });
export type ResponseTextDoneEvent = z.infer<typeof ResponseTextDoneEventSchema>;
/** Streamed transcript of the assistant's speech. */
export const ResponseAudioTranscriptDeltaEventSchema = event("response.audio_transcript.delta", {
  ...partIds,
  delta: z.string(),
});
export type ResponseAudioTranscriptDeltaEvent = z.infer<typeof ResponseAudioTranscriptDeltaEventSchema>;
/** The whole transcript of the assistant's speech. */
export const ResponseAudioTranscriptDoneEventSchema = event("response.audio_transcript.done", {
  ...partIds,
  transcript: z.string(),
});
export type ResponseAudioTranscriptDoneEvent = z.infer<typeof ResponseAudioTranscriptDoneEventSchema>;
/** Streamed assistant audio: base64 in `output_audio_format`. The codec adds the decoded bytes. */
export const ResponseAudioDeltaEventSchema = event("response.audio.delta", { ...partIds, delta: z.string() });
export type ResponseAudioDeltaEvent = z.infer<typeof ResponseAudioDeltaEventSchema>;
/** The assistant's audio for a part is complete. */
export const ResponseAudioDoneEventSchema = event("response.audio.done", partIds);
export type ResponseAudioDoneEvent = z.infer<typeof ResponseAudioDoneEventSchema>;
/** Streamed function-call arguments. */
export const ResponseFunctionCallArgumentsDeltaEventSchema = event(
  "response.function_call_arguments.delta",
  { ...itemIds, call_id: z.string(), delta: z.string() },
);
export type ResponseFunctionCallArgumentsDeltaEvent = z.infer<typeof ResponseFunctionCallArgumentsDeltaEventSchema>;
/** Complete function-call arguments; `name` is in the spec but missing from D1. */
export const ResponseFunctionCallArgumentsDoneEventSchema = event(
  "response.function_call_arguments.done",
  { ...itemIds, call_id: z.string(), arguments: z.string(), name: z.optional(z.string()) },
);
export type ResponseFunctionCallArgumentsDoneEvent = z.infer<typeof ResponseFunctionCallArgumentsDoneEventSchema>;
/** Word timing of the synthesised audio (`output_audio_timestamp_types: ["word"]`). */
export const ResponseAudioTimestampDeltaEventSchema = event("response.audio_timestamp.delta", {
  ...partIds,
  audio_offset_ms: ms(),
  audio_duration_ms: ms(),
  text: z.string(),
  timestamp_type: z.string(),
});
export type ResponseAudioTimestampDeltaEvent = z.infer<typeof ResponseAudioTimestampDeltaEventSchema>;
/** Word timings complete; D3 shows only `response_id` and `item_id`. */
export const ResponseAudioTimestampDoneEventSchema = event("response.audio_timestamp.done", {
  response_id: z.string(),
  item_id: z.string(),
  output_index: z.optional(index()),
  content_index: z.optional(index()),
});
export type ResponseAudioTimestampDoneEvent = z.infer<typeof ResponseAudioTimestampDoneEventSchema>;
/** A viseme for lip sync. */
export const ResponseAnimationVisemeDeltaEventSchema = event("response.animation_viseme.delta", {
  ...partIds,
  audio_offset_ms: ms(),
  viseme_id: z.int(),
});
export type ResponseAnimationVisemeDeltaEvent = z.infer<typeof ResponseAnimationVisemeDeltaEventSchema>;
/** Visemes complete. */
export const ResponseAnimationVisemeDoneEventSchema = event("response.animation_viseme.done", partIdsLoose);
export type ResponseAnimationVisemeDoneEvent = z.infer<typeof ResponseAnimationVisemeDoneEventSchema>;
/** A batch of blendshape frames for 3D avatars. */
export const ResponseAnimationBlendshapesDeltaEventSchema = event("response.animation_blendshapes.delta", {
  ...partIdsLoose,
  frame_index: index(),
  frames: z.union([z.array(z.array(z.number())), z.string()]),
});
export type ResponseAnimationBlendshapesDeltaEvent = z.infer<typeof ResponseAnimationBlendshapesDeltaEventSchema>;
/** Blendshapes complete (no `content_index` in the spec). */
export const ResponseAnimationBlendshapesDoneEventSchema = event("response.animation_blendshapes.done", partIdsLoose);
export type ResponseAnimationBlendshapesDoneEvent = z.infer<typeof ResponseAnimationBlendshapesDoneEventSchema>;

// ---- §3.5 MCP and Foundry agent tools ----
const mcpListTools = <const T extends string>(type: T) => event(type, { item_id: z.string() });
/** The service is listing an MCP server's tools. */
export const McpListToolsInProgressEventSchema = mcpListTools("mcp_list_tools.in_progress");
export type McpListToolsInProgressEvent = z.infer<typeof McpListToolsInProgressEventSchema>;
/** An MCP server's tools were listed. */
export const McpListToolsCompletedEventSchema = mcpListTools("mcp_list_tools.completed");
export type McpListToolsCompletedEvent = z.infer<typeof McpListToolsCompletedEventSchema>;
/** Listing an MCP server's tools failed. */
export const McpListToolsFailedEventSchema = mcpListTools("mcp_list_tools.failed");
export type McpListToolsFailedEvent = z.infer<typeof McpListToolsFailedEventSchema>;
/** Streamed MCP call arguments. */
export const ResponseMcpCallArgumentsDeltaEventSchema = event("response.mcp_call_arguments.delta", {
  ...itemIds,
  delta: z.string(),
  obfuscation: z.optional(z.nullable(z.string())),
});
export type ResponseMcpCallArgumentsDeltaEvent = z.infer<typeof ResponseMcpCallArgumentsDeltaEventSchema>;
/** Complete MCP call arguments. */
export const ResponseMcpCallArgumentsDoneEventSchema = event("response.mcp_call_arguments.done", {
  ...itemIds,
  arguments: z.optional(z.nullable(z.string())),
});
export type ResponseMcpCallArgumentsDoneEvent = z.infer<typeof ResponseMcpCallArgumentsDoneEventSchema>;
const toolCallState = <const T extends string>(type: T) =>
  event(type, { item_id: z.string(), output_index: index() });
/** An MCP call is running. */
export const ResponseMcpCallInProgressEventSchema = toolCallState("response.mcp_call.in_progress");
export type ResponseMcpCallInProgressEvent = z.infer<typeof ResponseMcpCallInProgressEventSchema>;
/** An MCP call finished. */
export const ResponseMcpCallCompletedEventSchema = toolCallState("response.mcp_call.completed");
export type ResponseMcpCallCompletedEvent = z.infer<typeof ResponseMcpCallCompletedEventSchema>;
/** An MCP call failed. */
export const ResponseMcpCallFailedEventSchema = toolCallState("response.mcp_call.failed");
export type ResponseMcpCallFailedEvent = z.infer<typeof ResponseMcpCallFailedEventSchema>;
/** Streamed Foundry agent call arguments. */
export const ResponseFoundryAgentCallArgumentsDeltaEventSchema = event(
  "response.foundry_agent_call_arguments.delta",
  { ...itemIds, delta: z.string() },
);
export type ResponseFoundryAgentCallArgumentsDeltaEvent = z.infer<typeof ResponseFoundryAgentCallArgumentsDeltaEventSchema>;
/** Complete Foundry agent call arguments. */
export const ResponseFoundryAgentCallArgumentsDoneEventSchema = event(
  "response.foundry_agent_call_arguments.done",
  { ...itemIds, arguments: z.optional(z.nullable(z.string())) },
);
export type ResponseFoundryAgentCallArgumentsDoneEvent = z.infer<typeof ResponseFoundryAgentCallArgumentsDoneEventSchema>;
const agentCallState = <const T extends string>(type: T) =>
  event(type, {
    item_id: z.string(),
    output_index: index(),
    agent_response_id: z.optional(z.nullable(z.string())),
  });
/** A Foundry agent call is running. */
export const ResponseFoundryAgentCallInProgressEventSchema = agentCallState("response.foundry_agent_call.in_progress");
export type ResponseFoundryAgentCallInProgressEvent = z.infer<typeof ResponseFoundryAgentCallInProgressEventSchema>;
/** A Foundry agent call finished. */
export const ResponseFoundryAgentCallCompletedEventSchema = agentCallState("response.foundry_agent_call.completed");
export type ResponseFoundryAgentCallCompletedEvent = z.infer<typeof ResponseFoundryAgentCallCompletedEventSchema>;
/** A Foundry agent call failed. */
export const ResponseFoundryAgentCallFailedEventSchema = agentCallState("response.foundry_agent_call.failed");
export type ResponseFoundryAgentCallFailedEvent = z.infer<typeof ResponseFoundryAgentCallFailedEventSchema>;
