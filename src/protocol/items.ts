import * as z from "zod/mini";
import { openUnion } from "./schema-helpers.js";

// ---- Content parts (REFERENCE §5.2) ----

/** Text the user or system wrote. */
export const InputTextPartSchema = z.object({ type: z.literal("input_text"), text: z.string() });
export type InputTextPart = z.infer<typeof InputTextPartSchema>;

/** User audio: base64 in requests; echoes carry `audio: null` and the transcript. */
export const InputAudioPartSchema = z.object({
  type: z.literal("input_audio"),
  audio: z.optional(z.nullable(z.string())),
  transcript: z.optional(z.nullable(z.string())),
});
export type InputAudioPart = z.infer<typeof InputAudioPartSchema>;

/** An image by URL or data URL (versions after 2025-10-01). */
export const InputImagePartSchema = z.object({
  type: z.literal("input_image"),
  url: z.optional(z.string()),
  detail: z.optional(z.enum(["auto", "low", "high"])),
});
export type InputImagePart = z.infer<typeof InputImagePartSchema>;

/** Assistant text. */
export const TextPartSchema = z.object({ type: z.literal("text"), text: z.string() });
export type TextPart = z.infer<typeof TextPartSchema>;

/** Assistant audio: the transcript, and base64 audio only in `conversation.item.retrieved`. */
export const AudioPartSchema = z.object({
  type: z.literal("audio"),
  audio: z.optional(z.nullable(z.string())),
  transcript: z.optional(z.nullable(z.string())),
});
export type AudioPart = z.infer<typeof AudioPartSchema>;

/** Any content part the server sends; parts of newer versions pass untouched. */
export const ContentPartSchema = openUnion([
  InputTextPartSchema,
  InputAudioPartSchema,
  InputImagePartSchema,
  TextPartSchema,
  AudioPartSchema,
]);
export type ContentPart = z.infer<typeof ContentPartSchema>;

// ---- Request items: what the client may add (REFERENCE §5.1) ----

export const ItemStatusSchema = z.enum(["in_progress", "completed", "incomplete"]);
export type ItemStatus = z.infer<typeof ItemStatusSchema>;

const requestItemBase = {
  /** Client-chosen id; the server makes one when absent. */
  id: z.optional(z.string()),
  status: z.optional(ItemStatusSchema),
};

/** A system message: `input_text` parts only. */
export const SystemMessageItemSchema = z.object({
  ...requestItemBase,
  type: z.literal("message"),
  role: z.literal("system"),
  content: z.array(InputTextPartSchema),
});
export type SystemMessageItem = z.infer<typeof SystemMessageItemSchema>;

/** A user message: text, audio (base64 in the input format) or image parts. */
export const UserMessageItemSchema = z.object({
  ...requestItemBase,
  type: z.literal("message"),
  role: z.literal("user"),
  content: z.array(
    z.discriminatedUnion("type", [InputTextPartSchema, InputAudioPartSchema, InputImagePartSchema]),
  ),
});
export type UserMessageItem = z.infer<typeof UserMessageItemSchema>;

/** An assistant message: `text` parts only (assistant audio cannot be added). */
export const AssistantMessageItemSchema = z.object({
  ...requestItemBase,
  type: z.literal("message"),
  role: z.literal("assistant"),
  content: z.array(TextPartSchema),
});
export type AssistantMessageItem = z.infer<typeof AssistantMessageItemSchema>;

/** A function call the model made earlier (for history replay). */
export const FunctionCallItemSchema = z.object({
  ...requestItemBase,
  type: z.literal("function_call"),
  name: z.string(),
  call_id: z.string(),
  /** The arguments as a JSON text. */
  arguments: z.string(),
});
export type FunctionCallItem = z.infer<typeof FunctionCallItemSchema>;

/** The result of a function call; `output` is a string even when it holds JSON. */
export const FunctionCallOutputItemSchema = z.object({
  ...requestItemBase,
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.string(),
});
export type FunctionCallOutputItem = z.infer<typeof FunctionCallOutputItemSchema>;

/** The answer to an `mcp_approval_request` item. */
export const McpApprovalResponseItemSchema = z.object({
  ...requestItemBase,
  type: z.literal("mcp_approval_response"),
  approval_request_id: z.string(),
  approve: z.boolean(),
  reason: z.optional(z.string()),
});
export type McpApprovalResponseItem = z.infer<typeof McpApprovalResponseItemSchema>;

/** An item in `conversation.item.create`, `append_input_items` or `input_items`. */
export const ConversationRequestItemSchema = z.discriminatedUnion("type", [
  z.discriminatedUnion("role", [
    SystemMessageItemSchema,
    UserMessageItemSchema,
    AssistantMessageItemSchema,
  ]),
  FunctionCallItemSchema,
  FunctionCallOutputItemSchema,
  McpApprovalResponseItemSchema,
]);
export type ConversationRequestItem = z.infer<typeof ConversationRequestItemSchema>;

// ---- Response items: what the server reports (REFERENCE §5.3) ----

const responseItemBase = {
  id: z.optional(z.string()),
  /** `realtime.item` in the spec and examples; some docs write `conversation.item`. */
  object: z.optional(z.enum(["realtime.item", "conversation.item"])),
};

/** A message in the conversation, from any role. */
export const MessageResponseItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("message"),
  role: z.enum(["system", "user", "assistant"]),
  content: z.array(ContentPartSchema),
  status: ItemStatusSchema,
});
export type MessageResponseItem = z.infer<typeof MessageResponseItemSchema>;

/** A function call the model made. */
export const FunctionCallResponseItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("function_call"),
  name: z.string(),
  call_id: z.string(),
  arguments: z.string(),
  status: ItemStatusSchema,
});
export type FunctionCallResponseItem = z.infer<typeof FunctionCallResponseItemSchema>;

/** A function result in the conversation. */
export const FunctionCallOutputResponseItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.string(),
  status: z.optional(ItemStatusSchema),
});
export type FunctionCallOutputResponseItem = z.infer<typeof FunctionCallOutputResponseItemSchema>;

/** The tools an MCP server offered. */
export const McpListToolsItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("mcp_list_tools"),
  server_label: z.string(),
  tools: z.array(
    z.object({
      name: z.string(),
      description: z.optional(z.nullable(z.string())),
      input_schema: z.unknown(),
      annotations: z.optional(z.unknown()),
    }),
  ),
});
export type McpListToolsItem = z.infer<typeof McpListToolsItemSchema>;

/** A call the service made to an MCP tool. */
export const McpCallItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("mcp_call"),
  server_label: z.string(),
  name: z.string(),
  arguments: z.string(),
  approval_request_id: z.optional(z.nullable(z.string())),
  output: z.optional(z.nullable(z.string())),
  error: z.optional(z.unknown()),
});
export type McpCallItem = z.infer<typeof McpCallItemSchema>;

/** The service asks the client to approve an MCP call. */
export const McpApprovalRequestItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("mcp_approval_request"),
  server_label: z.string(),
  name: z.string(),
  arguments: z.optional(z.string()),
});
export type McpApprovalRequestItem = z.infer<typeof McpApprovalRequestItemSchema>;

/** A call to a Foundry agent tool. */
export const FoundryAgentCallItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("foundry_agent_call"),
  name: z.string(),
  call_id: z.string(),
  arguments: z.string(),
  agent_response_id: z.optional(z.nullable(z.string())),
  output: z.optional(z.nullable(z.string())),
  error: z.optional(z.unknown()),
});
export type FoundryAgentCallItem = z.infer<typeof FoundryAgentCallItemSchema>;

/** A system tool call such as `end_conversation` (2026-04-10). */
export const SystemToolItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("system_tool"),
  name: z.string(),
  call_id: z.string(),
  arguments: z.string(),
  status: ItemStatusSchema,
});
export type SystemToolItem = z.infer<typeof SystemToolItemSchema>;

/** A web search the service ran (2026-04-10). */
export const WebSearchCallItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("web_search_call"),
  status: z.enum(["in_progress", "searching", "completed", "failed"]),
});
export type WebSearchCallItem = z.infer<typeof WebSearchCallItemSchema>;

/** A file search the service ran (2026-04-10). */
export const FileSearchCallItemSchema = z.object({
  ...responseItemBase,
  type: z.literal("file_search_call"),
  status: z.enum(["in_progress", "searching", "completed", "incomplete", "failed"]),
  queries: z.optional(z.array(z.string())),
  results: z.optional(
    z.nullable(
      z.array(
        z.object({
          file_id: z.optional(z.string()),
          filename: z.optional(z.string()),
          score: z.optional(z.number()),
          text: z.optional(z.string()),
          attributes: z.optional(z.record(z.string(), z.string())),
        }),
      ),
    ),
  ),
});
export type FileSearchCallItem = z.infer<typeof FileSearchCallItemSchema>;

/** Any item the server reports; item kinds of newer versions pass untouched. */
export const ResponseItemSchema = openUnion([
  MessageResponseItemSchema,
  FunctionCallResponseItemSchema,
  FunctionCallOutputResponseItemSchema,
  McpListToolsItemSchema,
  McpCallItemSchema,
  McpApprovalRequestItemSchema,
  z.object({ ...McpApprovalResponseItemSchema.shape, ...responseItemBase }),
  FoundryAgentCallItemSchema,
  SystemToolItemSchema,
  WebSearchCallItemSchema,
  FileSearchCallItemSchema,
]);
export type ResponseItem = z.infer<typeof ResponseItemSchema>;
