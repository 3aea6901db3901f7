import type { ReceivedServerEvent } from "../events/event-map.js";
import { SPAN_STATUS, TRACING_ATTRIBUTES as A, TRACING_SPAN_NAMES as N, type TracingAttributes, type TracingSpan } from "./tracing.js";

interface OpenResponse {
  readonly span: TracingSpan;
  readonly startedAt: number;
  firstAudio: boolean;
}

/** Item → response ids kept for interruptions, which come after their response ended. */
const ITEM_MEMORY = 64;
const now = (): number => performance.now();

/**
 * The `voicelive.response` spans of one session: started on `response.created`, given the
 * first-audio latency on the first `response.audio.delta`, ended on `response.done` with
 * status and token usage. Reads ids, statuses and counts only, never text or audio.
 */
export class ResponseSpans {
  readonly #start: (name: string, attributes: TracingAttributes) => TracingSpan;
  readonly #open = new Map<string, OpenResponse>();
  readonly #itemResponses = new Map<string, string>();

  /** @param start Starts a span under the session span. */
  constructor(start: (name: string, attributes: TracingAttributes) => TracingSpan) {
    this.#start = start;
  }

  /** The response that streamed audio for `itemId`, among the last few items. */
  responseOf(itemId: string): string | undefined {
    return this.#itemResponses.get(itemId);
  }

  created(event: ReceivedServerEvent<"response.created">): void {
    const id = event.response.id;
    if (id === undefined || this.#open.has(id)) return;
    this.#open.set(id, { span: this.#start(N.response, { [A.responseId]: id }), startedAt: now(), firstAudio: false });
  }

  /** On the hot path: two map lookups unless this is a response's first audio or a new item. */
  audioDelta(event: ReceivedServerEvent<"response.audio.delta">): void {
    if (!this.#itemResponses.has(event.item_id)) {
      this.#itemResponses.set(event.item_id, event.response_id);
      if (this.#itemResponses.size > ITEM_MEMORY) this.#itemResponses.delete(this.#itemResponses.keys().next().value!);
    }
    const open = this.#open.get(event.response_id);
    if (open === undefined || open.firstAudio) return;
    open.firstAudio = true;
    open.span.setAttribute(A.firstAudioLatencyMs, Math.round(now() - open.startedAt));
  }

  done(event: ReceivedServerEvent<"response.done">): void {
    const { id, status, status_details: details, usage } = event.response;
    const open = id === undefined ? undefined : this.#open.get(id);
    if (open === undefined) return;
    this.#open.delete(id!);
    const attributes: Record<string, string | number> = { [A.responseDurationMs]: Math.round(now() - open.startedAt) };
    if (status !== undefined) attributes[A.responseStatus] = status;
    const reason = (details as { reason?: unknown } | null | undefined)?.reason;
    if (typeof reason === "string") attributes[A.responseStatusReason] = reason;
    if (usage?.input_tokens !== undefined) attributes[A.inputTokens] = usage.input_tokens;
    if (usage?.output_tokens !== undefined) attributes[A.outputTokens] = usage.output_tokens;
    if (usage?.total_tokens !== undefined) attributes[A.totalTokens] = usage.total_tokens;
    open.span.setAttributes(attributes);
    if (status === "failed") {
      // The service's error code names the failure; its message may quote the conversation.
      const code = (details as { error?: { code?: unknown } } | null | undefined)?.error?.code;
      const type = typeof code === "string" ? code : "response_failed";
      open.span.setAttribute(A.errorType, type);
      open.span.setStatus({ code: SPAN_STATUS.ERROR, message: type });
    }
    open.span.end();
  }

  /** The session closed: responses still open end as `unfinished`. */
  endAll(): void {
    for (const open of this.#open.values()) {
      open.span.setAttribute(A.responseStatus, "unfinished");
      open.span.end();
    }
    this.#open.clear();
  }
}
