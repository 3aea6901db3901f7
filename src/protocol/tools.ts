import * as z from "zod/mini";
import { JsonObjectSchema, openUnion } from "./schema-helpers.js";

/** A function the model may call; the app runs it and returns a `function_call_output` item. */
export const FunctionToolSchema = z.object({
  type: z.literal("function"),
  name: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  /** JSON Schema of the arguments object. */
  parameters: z.optional(JsonObjectSchema),
});
export type FunctionTool = z.infer<typeof FunctionToolSchema>;

/** When MCP calls need an approval item answered by the client (default `always`). */
export const McpRequireApprovalSchema = z.union([
  z.enum(["never", "always"]),
  z.object({
    never: z.optional(z.array(z.string())),
    always: z.optional(z.array(z.string())),
  }),
]);
export type McpRequireApproval = z.infer<typeof McpRequireApprovalSchema>;

/** A remote MCP server whose tools the service calls itself (REFERENCE §4.5). */
export const McpToolSchema = z.object({
  type: z.literal("mcp"),
  server_label: z.string().check(z.minLength(1)),
  server_url: z.string().check(z.minLength(1)),
  authorization: z.optional(z.string()),
  headers: z.optional(z.record(z.string(), z.string())),
  allowed_tools: z.optional(z.array(z.string())),
  require_approval: z.optional(McpRequireApprovalSchema),
});
export type McpTool = z.infer<typeof McpToolSchema>;

/** A Foundry agent exposed as a tool (api-version 2026-01-01-preview and later). */
export const FoundryAgentToolSchema = z.object({
  type: z.literal("foundry_agent"),
  agent_name: z.string().check(z.minLength(1)),
  project_name: z.string().check(z.minLength(1)),
  agent_version: z.optional(z.string()),
  client_id: z.optional(z.string()),
  description: z.optional(z.string()),
  foundry_resource_override: z.optional(z.string()),
  agent_context_type: z.optional(z.enum(["no_context", "agent_context"])),
  return_agent_response_directly: z.optional(z.boolean()),
});
export type FoundryAgentTool = z.infer<typeof FoundryAgentToolSchema>;

/** Lets the model end the conversation (2026-04-10); the server closes with 1001 afterwards. */
export const EndConversationToolSchema = z.object({
  type: z.literal("end_conversation"),
  /** Replaces the service's default guidance on when to end. */
  description: z.optional(z.string()),
});
export type EndConversationTool = z.infer<typeof EndConversationToolSchema>;

/** One entry of `tools`. Tool kinds of newer service versions pass untouched. */
export const ToolSchema = openUnion([
  FunctionToolSchema,
  McpToolSchema,
  FoundryAgentToolSchema,
  EndConversationToolSchema,
]);
export type Tool = z.infer<typeof ToolSchema>;

/**
 * `tool_choice`: a mode, a function by name as an object, or (D1 example) a bare
 * function name. Both object shapes seen in sources are accepted (REFERENCE §9 q4).
 */
export const ToolChoiceSchema = z.union([
  z.string(),
  z.object({ type: z.literal("function"), name: z.string() }),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);
export type ToolChoice = z.infer<typeof ToolChoiceSchema>;
