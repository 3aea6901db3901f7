import type { ResponseItem } from "../protocol/items.js";
import type { ResponseCreateParams } from "../protocol/response.js";
import type { StoredItem } from "./conversation.js";
import { storeRequestItem } from "./item-handlers.js";
import type { Responder } from "./responder.js";
import { functionTools, type ResponsePlan } from "./response-run.js";
import type { SessionCore } from "./session-core.js";

/** Fault state that shapes a response when it starts. */
export interface ResponseFaults {
  readonly delayMs: number;
  readonly stalled: boolean;
}

const userText = (stored: StoredItem): string | undefined => {
  const item = stored.item;
  if (item.type !== "message" || item.role !== "user") return undefined;
  if (stored.heard !== undefined) return stored.heard;
  return item.content.map((part) => (part.type === "input_text" ? part.text : part.type === "input_audio" ? (part.transcript ?? "") : "")).join(" ");
};

/**
 * Fixes what one response works from: the context items (conversation, `input_items`,
 * `append_input_items`), instructions, tools and the responder to ask.
 */
export function buildResponsePlan(
  core: SessionCore,
  request: ResponseCreateParams | undefined,
  additionalInstructions: string | undefined,
  faults: ResponseFaults,
): ResponsePlan {
  const base: StoredItem[] =
    request?.input_items !== undefined ? request.input_items.map((item) => storeRequestItem(core, item)) : [...core.conversation.items];
  const context = [...base, ...(request?.append_input_items ?? []).map((item) => storeRequestItem(core, item))];
  const lastUser = [...context].reverse().find((stored) => userText(stored) !== undefined);
  const last = context.at(-1)?.item;
  const instructions = [request?.instructions ?? core.config.instructions ?? "", additionalInstructions ?? ""].filter((s) => s.length > 0).join("\n");
  let responder: Responder = core.options.responder;
  const preGenerated = request?.pre_generated_assistant_message;
  if (preGenerated !== undefined) {
    const text = preGenerated.content.map((part) => part.text).join("");
    responder = () => ({ text });
  }
  return {
    session: structuredClone(core.config),
    request,
    responder,
    inConversation: request?.conversation !== "none" && request?.commit !== false,
    delayMs: faults.delayMs,
    stalled: faults.stalled,
    context: {
      conversation: context.map((stored) => structuredClone(stored.item) as ResponseItem),
      lastUserText: lastUser === undefined ? undefined : userText(lastUser),
      lastFunctionOutput: last?.type === "function_call_output" ? { callId: last.call_id, output: last.output } : undefined,
      instructions,
      tools: functionTools(request?.tools ?? core.config.tools),
    },
  };
}
