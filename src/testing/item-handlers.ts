import { decodeBase64, encodeBase64 } from "../encoding/base64.js";
import type { ConversationItemCreateEvent, ConversationItemTruncateEvent } from "../protocol/client-events.js";
import type { ContentPart, ResponseItem } from "../protocol/items.js";
import { audioDurationMs, type StoredItem } from "./conversation.js";
import { newId } from "./ids.js";
import { decodeInputAudio } from "./pcm.js";
import { SIMULATOR_ERROR_CODES, type SessionCore } from "./session-core.js";

const notFound = (core: SessionCore, param: string, id: string, eventId: string | undefined): void =>
  core.sendError({ code: SIMULATOR_ERROR_CODES.itemNotFound, param, message: `Item with id '${id}' not found.` }, eventId);

/** Builds the stored form of a client item: the wire echo without audio, the audio kept aside. */
export function storeRequestItem(core: SessionCore, request: ConversationItemCreateEvent["item"]): StoredItem {
  const id = request.id ?? newId("item");
  if (request.type !== "message") {
    const { status: _status, ...rest } = request;
    const item = { ...rest, id, object: "realtime.item", ...(request.type === "function_call" ? { status: "completed" } : {}) };
    return { item: item as StoredItem["item"] };
  }
  const stored: { item: StoredItem["item"]; audio?: StoredItem["audio"]; heard?: string } = {
    item: { id, object: "realtime.item", type: "message", role: request.role, status: request.status ?? "completed", content: [] },
  };
  const content: ContentPart[] = [];
  const texts: string[] = [];
  for (const part of request.content) {
    if (part.type === "input_audio") {
      const format = core.config.input_audio_format ?? "pcm16";
      const rate = format === "pcm16" ? (core.config.input_audio_sampling_rate ?? 24000) : 8000;
      if (part.audio != null && stored.audio === undefined) {
        const bytes = decodeBase64(part.audio);
        stored.audio = { bytes, format, sampleRate: rate };
        texts.push(part.transcript ?? core.options.transcriber(decodeInputAudio(bytes, format), rate));
      } else if (part.transcript != null) texts.push(part.transcript);
      content.push({ type: "input_audio", transcript: part.transcript ?? null });
    } else {
      if (part.type === "input_text" || part.type === "text") texts.push(part.text);
      content.push(structuredClone(part) as ContentPart);
    }
  }
  (stored.item as { content: ContentPart[] }).content = content;
  stored.heard = texts.join(" ");
  return stored;
}

/** Handles `conversation.item.create`. */
export function createItem(core: SessionCore, event: ConversationItemCreateEvent): void {
  const previous = event.previous_item_id;
  if (previous !== undefined && previous !== "root" && core.conversation.get(previous) === undefined) {
    notFound(core, "previous_item_id", previous, event.event_id);
    return;
  }
  if (event.item.id !== undefined && core.conversation.get(event.item.id) !== undefined) {
    core.sendError(
      { code: SIMULATOR_ERROR_CODES.itemAlreadyExists, param: "item.id", message: `Item with id '${event.item.id}' already exists.` },
      event.event_id,
    );
    return;
  }
  let stored: StoredItem;
  try {
    stored = storeRequestItem(core, event.item);
  } catch {
    core.sendError({ code: SIMULATOR_ERROR_CODES.invalidValue, param: "item.content", message: "input_audio must be standard base64." }, event.event_id);
    return;
  }
  core.addItem(stored, previous);
}

/** Handles `conversation.item.retrieve`: the item with its audio as base64. */
export function retrieveItem(core: SessionCore, itemId: string, eventId: string | undefined): void {
  const stored = core.conversation.get(itemId);
  if (stored === undefined) return notFound(core, "item_id", itemId, eventId);
  const item = structuredClone(stored.item) as ResponseItem;
  if (stored.audio !== undefined && item.type === "message") {
    const audio = encodeBase64(stored.audio.bytes);
    for (const part of item.content) if (part.type === "audio" || part.type === "input_audio") part.audio = audio;
  }
  core.send({ type: "conversation.item.retrieved", item });
}

/** Handles `conversation.item.delete`. */
export function deleteItem(core: SessionCore, itemId: string, eventId: string | undefined): void {
  if (!core.conversation.delete(itemId)) return notFound(core, "item_id", itemId, eventId);
  core.send({ type: "conversation.item.deleted", item_id: itemId });
}

/** Cuts an assistant item's audio at `audioEndMs` and sends `conversation.item.truncated`. */
export function truncateItemAudio(core: SessionCore, stored: StoredItem, audioEndMs: number, contentIndex = 0): void {
  const audio = stored.audio;
  if (audio !== undefined) {
    const bytesPerSample = audio.format.startsWith("g711") ? 1 : 2;
    const keep = Math.round((audioEndMs * audio.sampleRate) / 1000) * bytesPerSample;
    audio.bytes = audio.bytes.slice(0, Math.min(keep, audio.bytes.length));
  }
  core.send({ type: "conversation.item.truncated", item_id: stored.item.id, content_index: contentIndex, audio_end_ms: audioEndMs });
}

/** Handles `conversation.item.truncate`: assistant audio only, never beyond what the item holds. */
export function truncateItem(core: SessionCore, event: ConversationItemTruncateEvent): void {
  const stored = core.conversation.get(event.item_id);
  if (stored === undefined) return notFound(core, "item_id", event.item_id, event.event_id);
  const item = stored.item;
  const part = item.type === "message" && item.role === "assistant" ? item.content[event.content_index] : undefined;
  if (part?.type !== "audio" || stored.audio === undefined) {
    core.sendError(
      { code: SIMULATOR_ERROR_CODES.invalidValue, param: "content_index", message: "Only assistant audio content can be truncated." },
      event.event_id,
    );
    return;
  }
  const duration = audioDurationMs(stored.audio);
  if (event.audio_end_ms > Math.ceil(duration)) {
    core.sendError(
      {
        code: SIMULATOR_ERROR_CODES.invalidValue,
        param: "audio_end_ms",
        message: `audio_end_ms ${event.audio_end_ms} is beyond the item's ${Math.floor(duration)} ms of audio.`,
      },
      event.event_id,
    );
    return;
  }
  truncateItemAudio(core, stored, event.audio_end_ms, event.content_index);
}
