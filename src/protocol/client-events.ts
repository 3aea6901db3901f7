import * as z from "zod/mini";
import { ConversationRequestItemSchema } from "./items.js";
import { ResponseCreateParamsSchema } from "./response.js";
import { nonNegativeInt } from "./schema-helpers.js";
import { RequestSessionSchema } from "./session.js";

/** Every client event may carry a client-chosen id; the server echoes it in a matching `error`. */
const clientEvent = <const T extends string>(type: T) => ({
  type: z.literal(type),
  event_id: z.optional(z.string()),
});

const id = () => z.string().check(z.minLength(1));
const base64 = () => z.string();

/** Changes the session; only present fields change. Answered by `session.updated` or `error`. */
export const SessionUpdateEventSchema = z.object({
  ...clientEvent("session.update"),
  session: RequestSessionSchema,
});
export type SessionUpdateEvent = z.infer<typeof SessionUpdateEventSchema>;

/** Appends base64 audio in `input_audio_format` to the input buffer (max 15 MiB); not acknowledged. */
export const InputAudioBufferAppendEventSchema = z.object({
  ...clientEvent("input_audio_buffer.append"),
  audio: base64(),
});
export type InputAudioBufferAppendEvent = z.infer<typeof InputAudioBufferAppendEventSchema>;

/** Commits the input buffer as a user item (not needed with VAD). Answered by `input_audio_buffer.committed`. */
export const InputAudioBufferCommitEventSchema = z.object(clientEvent("input_audio_buffer.commit"));
export type InputAudioBufferCommitEvent = z.infer<typeof InputAudioBufferCommitEventSchema>;

/** Empties the input buffer. Answered by `input_audio_buffer.cleared`. */
export const InputAudioBufferClearEventSchema = z.object(clientEvent("input_audio_buffer.clear"));
export type InputAudioBufferClearEvent = z.infer<typeof InputAudioBufferClearEventSchema>;

/** Opens an explicit audio turn. */
export const InputAudioTurnStartEventSchema = z.object({
  ...clientEvent("input_audio.turn.start"),
  turn_id: id(),
});
export type InputAudioTurnStartEvent = z.infer<typeof InputAudioTurnStartEventSchema>;

/** Adds base64 audio to an explicit turn. */
export const InputAudioTurnAppendEventSchema = z.object({
  ...clientEvent("input_audio.turn.append"),
  turn_id: id(),
  audio: base64(),
});
export type InputAudioTurnAppendEvent = z.infer<typeof InputAudioTurnAppendEventSchema>;

/** Ends an explicit turn. */
export const InputAudioTurnEndEventSchema = z.object({
  ...clientEvent("input_audio.turn.end"),
  turn_id: id(),
});
export type InputAudioTurnEndEvent = z.infer<typeof InputAudioTurnEndEventSchema>;

/** Abandons an explicit turn. */
export const InputAudioTurnCancelEventSchema = z.object({
  ...clientEvent("input_audio.turn.cancel"),
  turn_id: id(),
});
export type InputAudioTurnCancelEvent = z.infer<typeof InputAudioTurnCancelEventSchema>;

/** Clears all input audio currently being streamed. */
export const InputAudioClearEventSchema = z.object(clientEvent("input_audio.clear"));
export type InputAudioClearEvent = z.infer<typeof InputAudioClearEventSchema>;

/** Adds an item; `previous_item_id` omitted appends, `"root"` inserts first. Answered by `conversation.item.created`. */
export const ConversationItemCreateEventSchema = z.object({
  ...clientEvent("conversation.item.create"),
  previous_item_id: z.optional(z.string()),
  item: ConversationRequestItemSchema,
});
export type ConversationItemCreateEvent = z.infer<typeof ConversationItemCreateEventSchema>;

/** Asks for an item, including assistant audio. Answered by `conversation.item.retrieved`. */
export const ConversationItemRetrieveEventSchema = z.object({
  ...clientEvent("conversation.item.retrieve"),
  item_id: id(),
});
export type ConversationItemRetrieveEvent = z.infer<typeof ConversationItemRetrieveEventSchema>;

/** Cuts an assistant item's audio at what the listener heard. Answered by `conversation.item.truncated`. */
export const ConversationItemTruncateEventSchema = z.object({
  ...clientEvent("conversation.item.truncate"),
  item_id: id(),
  content_index: nonNegativeInt(),
  /** Milliseconds of audio kept, inclusive; beyond the item's audio is an error. */
  audio_end_ms: nonNegativeInt(),
});
export type ConversationItemTruncateEvent = z.infer<typeof ConversationItemTruncateEventSchema>;

/** Removes an item. Answered by `conversation.item.deleted`. */
export const ConversationItemDeleteEventSchema = z.object({
  ...clientEvent("conversation.item.delete"),
  item_id: id(),
});
export type ConversationItemDeleteEvent = z.infer<typeof ConversationItemDeleteEventSchema>;

/** Starts a response. Answered by `response.created` … `response.done`. */
export const ResponseCreateEventSchema = z.object({
  ...clientEvent("response.create"),
  response: z.optional(ResponseCreateParamsSchema),
  /** Appended to the session instructions for this response only. */
  additional_instructions: z.optional(z.string()),
});
export type ResponseCreateEvent = z.infer<typeof ResponseCreateEventSchema>;

/** Cancels a response in progress; answered by `response.done` with status `cancelled`, or `error`. */
export const ResponseCancelEventSchema = z.object({
  ...clientEvent("response.cancel"),
  response_id: z.optional(z.string()),
});
export type ResponseCancelEvent = z.infer<typeof ResponseCancelEventSchema>;

/** Sends the avatar WebRTC offer (base64). Answered by `session.avatar.connecting`. */
export const SessionAvatarConnectEventSchema = z.object({
  ...clientEvent("session.avatar.connect"),
  client_sdp: z.string().check(z.minLength(1)),
});
export type SessionAvatarConnectEvent = z.infer<typeof SessionAvatarConnectEventSchema>;

/** Clears the avatar output buffer (api-version 2026-04-10 and later). Answered by `output_audio_buffer.cleared`. */
export const OutputAudioBufferClearEventSchema = z.object(clientEvent("output_audio_buffer.clear"));
export type OutputAudioBufferClearEvent = z.infer<typeof OutputAudioBufferClearEventSchema>;

/** The member schemas, named so declarations reference them instead of repeating them. */
type ClientEventOptions = [
  typeof SessionUpdateEventSchema,
  typeof InputAudioBufferAppendEventSchema,
  typeof InputAudioBufferCommitEventSchema,
  typeof InputAudioBufferClearEventSchema,
  typeof InputAudioTurnStartEventSchema,
  typeof InputAudioTurnAppendEventSchema,
  typeof InputAudioTurnEndEventSchema,
  typeof InputAudioTurnCancelEventSchema,
  typeof InputAudioClearEventSchema,
  typeof ConversationItemCreateEventSchema,
  typeof ConversationItemRetrieveEventSchema,
  typeof ConversationItemTruncateEventSchema,
  typeof ConversationItemDeleteEventSchema,
  typeof ResponseCreateEventSchema,
  typeof ResponseCancelEventSchema,
  typeof SessionAvatarConnectEventSchema,
  typeof OutputAudioBufferClearEventSchema,
];

/** Every event a client may send, discriminated on `type`. */
export const ClientEventSchema: z.ZodMiniDiscriminatedUnion<ClientEventOptions, "type"> = z.discriminatedUnion("type", [
  SessionUpdateEventSchema,
  InputAudioBufferAppendEventSchema,
  InputAudioBufferCommitEventSchema,
  InputAudioBufferClearEventSchema,
  InputAudioTurnStartEventSchema,
  InputAudioTurnAppendEventSchema,
  InputAudioTurnEndEventSchema,
  InputAudioTurnCancelEventSchema,
  InputAudioClearEventSchema,
  ConversationItemCreateEventSchema,
  ConversationItemRetrieveEventSchema,
  ConversationItemTruncateEventSchema,
  ConversationItemDeleteEventSchema,
  ResponseCreateEventSchema,
  ResponseCancelEventSchema,
  SessionAvatarConnectEventSchema,
  OutputAudioBufferClearEventSchema,
]);
export type ClientEvent = z.infer<typeof ClientEventSchema>;
export type ClientEventType = ClientEvent["type"];
