import type { ResponseItem } from "../protocol/items.js";
import type { ResponsePlan } from "./response-run.js";

const TEXT_TOKENS_PER_CHAR = 0.25;
// Token rates the docs give for OpenAI-family models (REFERENCE §6): ~10/s in, ~20/s out.
const INPUT_AUDIO_TOKENS_PER_ITEM = 10;
const OUTPUT_AUDIO_TOKENS_PER_SECOND = 20;

/** A plausible, deterministic token usage for `response.done`. */
export function estimateUsage(context: readonly ResponseItem[], outputTextChars: number, outputAudioMs: number): Record<string, unknown> {
  let inputText = 0;
  let inputAudio = 0;
  for (const item of context) {
    inputText += Math.ceil(JSON.stringify(item).length * TEXT_TOKENS_PER_CHAR);
    if (item.type === "message" && item.role === "user") inputAudio += INPUT_AUDIO_TOKENS_PER_ITEM;
  }
  const outText = Math.ceil(outputTextChars * TEXT_TOKENS_PER_CHAR);
  const outAudio = Math.ceil((outputAudioMs / 1000) * OUTPUT_AUDIO_TOKENS_PER_SECOND);
  const input = inputText + inputAudio;
  return {
    total_tokens: input + outText + outAudio,
    input_tokens: input,
    output_tokens: outText + outAudio,
    input_token_details: { cached_tokens: 0, text_tokens: inputText, audio_tokens: inputAudio },
    output_token_details: { text_tokens: outText, audio_tokens: outAudio },
  };
}

/** The response object of `response.created` / `response.done` (REFERENCE §5.4). */
export function responseObject(fields: {
  readonly id: string;
  readonly sessionId: string;
  readonly plan: ResponsePlan;
  readonly status: string;
  readonly details: Record<string, unknown> | null;
  readonly output: readonly ResponseItem[];
  readonly usage: Record<string, unknown> | null;
}): Record<string, unknown> {
  const { session, request, inConversation } = fields.plan;
  const response: Record<string, unknown> = {
    id: fields.id,
    object: "realtime.response",
    status: fields.status,
    status_details: fields.details,
    output: fields.output.map((item) => structuredClone(item)),
    usage: fields.usage,
    conversation_id: inConversation ? `conv_${fields.sessionId.slice(5)}` : null,
    modalities: request?.modalities ?? session.modalities,
    voice: request?.voice ?? session.voice,
    output_audio_format: request?.output_audio_format ?? session.output_audio_format,
    temperature: request?.temperature ?? session.temperature,
    max_output_tokens: request?.max_output_tokens ?? session.max_response_output_tokens,
  };
  if (request?.metadata !== undefined) response["metadata"] = request.metadata;
  return response;
}
