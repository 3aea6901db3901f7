import type { AnyServerEvent } from "../events/event-map.js";
import type { ConversationRequestItem, ResponseItem } from "../protocol/items.js";

/** A message in `session.history`: its words, typed or transcribed. */
export interface HistoryMessage {
  readonly type: "message";
  readonly id: string;
  readonly role: "system" | "user" | "assistant";
  /** The text parts, or the transcript of spoken audio (empty until a transcript arrives). */
  readonly text: string;
  /** True when the message was spoken: `text` is its transcript, the audio itself is not kept. */
  readonly audio?: boolean | undefined;
  /** `incomplete` for a message that was interrupted or cancelled. */
  readonly status?: "in_progress" | "completed" | "incomplete" | undefined;
  /**
   * Where playback of assistant audio was cut (`conversation.item.truncated`). `text` still
   * holds the whole transcript, including words the listener never heard.
   */
  readonly truncatedAtMs?: number | undefined;
}

/** A function call the model made, with its JSON arguments. */
export interface HistoryFunctionCall {
  readonly type: "function_call";
  readonly id: string;
  readonly name: string;
  readonly callId: string;
  readonly arguments: string;
  readonly status?: "in_progress" | "completed" | "incomplete" | undefined;
}

/** The app's answer to a function call. */
export interface HistoryFunctionCallOutput {
  readonly type: "function_call_output";
  readonly id: string;
  readonly callId: string;
  readonly output: string;
}

/** One item of `session.history`: a simplified, read-only view of a conversation item. */
export type HistoryItem = HistoryMessage | HistoryFunctionCall | HistoryFunctionCallOutput;

/** Edits the history before it is replayed into a new server session (drop, shorten, summarize). */
export type HistoryTransform = (items: readonly HistoryItem[]) => readonly HistoryItem[];

/** Simplifies a server item; undefined for kinds the history does not keep (MCP, agent and search calls). */
export function toHistoryItem(item: ResponseItem | undefined): HistoryItem | undefined {
  if (item?.id === undefined) return undefined;
  const id = item.id;
  switch (item.type) {
    case "message": {
      const m = item as Extract<ResponseItem, { type: "message"; role: string }>;
      let text = "";
      let audio = false;
      for (const part of m.content) {
        if (part.type === "input_text" || part.type === "text") text += (part as { text: string }).text;
        else if (part.type === "input_audio" || part.type === "audio") {
          audio = true;
          text += (part as { transcript?: string | null }).transcript ?? "";
        }
      }
      return Object.freeze({ type: "message", id, role: m.role, text, audio, status: m.status });
    }
    case "function_call": {
      const c = item as Extract<ResponseItem, { type: "function_call"; status: string }>;
      return Object.freeze({ type: "function_call", id, name: c.name, callId: c.call_id, arguments: c.arguments, status: c.status });
    }
    case "function_call_output": {
      const o = item as Extract<ResponseItem, { type: "function_call_output"; output: string }>;
      return Object.freeze({ type: "function_call_output", id, callId: o.call_id, output: o.output });
    }
    default:
      return undefined;
  }
}

/**
 * The conversation as the SDK has seen it, kept from events the session already receives,
 * bounded to `limit` items (the oldest are dropped). It follows the server's order:
 * an item goes after its `previous_item_id`.
 */
export class ConversationHistory {
  readonly #limit: number;
  #items: HistoryItem[] = [];
  #view: readonly HistoryItem[] | undefined;
  /** User audio items whose transcript has not arrived yet; created by the first one. */
  #awaiting: Set<string> | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** A frozen snapshot; the same array until the history changes. */
  get items(): readonly HistoryItem[] {
    return (this.#view ??= Object.freeze([...this.#items]));
  }

  /** True while a spoken user message waits for its transcript. */
  get awaitingTranscript(): boolean {
    return this.#awaiting !== undefined && this.#awaiting.size > 0;
  }

  /** Updates the history from one server event; `transcribing` says whether transcripts will come. */
  observe(event: AnyServerEvent, transcribing: boolean): void {
    if (this.#limit === 0) return;
    switch (event.type) {
      case "conversation.item.created":
        return this.#insert(toHistoryItem(event.item), event.previous_item_id, transcribing);
      case "response.output_item.done": {
        const next = toHistoryItem(event.item);
        if (next === undefined) return;
        return this.#update(next.id, (old) => (old.type === "message" && next.type === "message" ? { ...next, truncatedAtMs: old.truncatedAtMs } : next));
      }
      case "conversation.item.input_audio_transcription.completed":
        this.#awaiting?.delete(event.item_id);
        return this.#update(event.item_id, (old) => (old.type === "message" ? { ...old, text: event.transcript } : old));
      case "conversation.item.input_audio_transcription.failed":
        this.#awaiting?.delete(event.item_id);
        return;
      case "response.audio_transcript.done":
        return this.#update(event.item_id, (old) => (old.type === "message" ? { ...old, text: event.transcript } : old));
      case "response.text.done":
        return this.#update(event.item_id, (old) => (old.type === "message" ? { ...old, text: event.text } : old));
      case "conversation.item.truncated":
        return this.#update(event.item_id, (old) => (old.type === "message" ? { ...old, truncatedAtMs: event.audio_end_ms } : old));
      case "conversation.item.deleted":
        this.#awaiting?.delete(event.item_id);
        this.#items = this.#items.filter((item) => item.id !== event.item_id);
        this.#view = undefined;
        return;
    }
  }

  /** Replaces the whole history (after a replay of edited items). */
  replace(items: readonly HistoryItem[]): void {
    this.#items = items.slice(-Math.max(this.#limit, 1)).map((item) => Object.freeze({ ...item }));
    if (this.#limit === 0) this.#items = [];
    this.#awaiting?.clear();
    this.#view = undefined;
  }

  #insert(item: HistoryItem | undefined, previousId: string | null | undefined, transcribing: boolean): void {
    if (item === undefined || this.#items.some((existing) => existing.id === item.id)) return;
    let at = this.#items.length;
    if (previousId === null) at = 0;
    else if (previousId !== undefined) {
      const found = this.#items.findIndex((existing) => existing.id === previousId);
      if (found !== -1) at = found + 1;
    }
    this.#items.splice(at, 0, item);
    if (transcribing && item.type === "message" && item.role === "user" && item.audio === true && item.text === "") (this.#awaiting ??= new Set()).add(item.id);
    while (this.#items.length > this.#limit) {
      const dropped = this.#items.shift()!;
      this.#awaiting?.delete(dropped.id);
    }
    this.#view = undefined;
  }

  #update(id: string, change: (old: HistoryItem) => HistoryItem): void {
    const at = this.#items.findIndex((item) => item.id === id);
    if (at === -1) return;
    this.#items[at] = Object.freeze(change(this.#items[at]!));
    this.#view = undefined;
  }
}

/**
 * Turns history items into `conversation.item.create` items, keeping their ids and order:
 * spoken turns become text (user `input_text`, assistant `text`), empty messages are
 * skipped, and so are unfinished function calls and outputs whose call is not replayed.
 */
export function toReplayItems(items: readonly HistoryItem[]): ConversationRequestItem[] {
  const calls = new Set<string>();
  const out: ConversationRequestItem[] = [];
  for (const item of items) {
    switch (item.type) {
      case "message":
        if (item.text === "") break;
        if (item.role === "assistant") out.push({ type: "message", id: item.id, role: "assistant", content: [{ type: "text", text: item.text }] });
        else out.push({ type: "message", id: item.id, role: item.role, content: [{ type: "input_text", text: item.text }] });
        break;
      case "function_call":
        if (item.status === "incomplete" || item.status === "in_progress") break;
        calls.add(item.callId);
        out.push({ type: "function_call", id: item.id, name: item.name, call_id: item.callId, arguments: item.arguments });
        break;
      case "function_call_output":
        if (calls.has(item.callId)) out.push({ type: "function_call_output", id: item.id, call_id: item.callId, output: item.output });
        break;
    }
  }
  return out;
}

/** Applies a history mode: the items to keep for the new server session. */
export function selectHistory(items: readonly HistoryItem[], mode: "text" | "none" | HistoryTransform): readonly HistoryItem[] {
  if (mode === "none") return [];
  if (mode === "text") return items;
  const chosen = mode(items);
  if (!Array.isArray(chosen)) throw new TypeError("The history function must return an array of history items.");
  return chosen;
}
