import type { ReceivedServerEvent } from "../events/event-map.js";
import { encode } from "../events/codec.js";
import type { ClientEvent } from "../protocol/client-events.js";
import type { ConversationRequestItem, ResponseItem } from "../protocol/items.js";
import type { RealtimeResponse, ResponseCreateParams } from "../protocol/response.js";
import type { RequestSession, ResponseSession } from "../protocol/session.js";
import type { PendingRequests } from "./pending-requests.js";
import { ResponseHandle } from "./response-handle.js";

/** Options every async helper takes. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
}

let counter = 0;
/** A fresh client `event_id`: the service echoes it only in an `error` about that event. */
export const nextEventId = (): string => `evt_${(++counter).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
const nextItemId = (): string => `item_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/**
 * The client events the service acknowledges, each sent with a fresh `event_id` and
 * resolved by its acknowledgement: matched by item id where the reply carries one, by
 * order otherwise, and rejected by an `error` that echoes the id.
 */
export class SessionRequests {
  readonly #pending: PendingRequests;
  readonly #sendText: (text: string) => Promise<void>;

  constructor(pending: PendingRequests, send: (text: string) => Promise<void>) {
    this.#pending = pending;
    this.#sendText = send;
  }

  /** Sends; when the send itself fails, the waits for its reply are dropped so none is left orphaned. */
  async #send(text: string, eventId?: string): Promise<void> {
    try {
      await this.#sendText(text);
    } catch (error) {
      if (eventId !== undefined) this.#pending.discard(eventId);
      throw error;
    }
  }

  /** Sends `session.update` and resolves with the effective session from `session.updated`. */
  async updateSession(session: RequestSession, options: CallOptions = {}): Promise<ResponseSession> {
    const eventId = nextEventId();
    const text = encode({ type: "session.update", event_id: eventId, session });
    const reply = this.#pending.wait<ReceivedServerEvent<"session.updated">>(eventId, (e) => e.type === "session.updated", options.signal);
    await this.#send(text, eventId);
    return (await reply).session;
  }

  /** Adds an item; resolves with it as created. An id is assigned when the item has none, to match the reply. */
  async createItem(item: ConversationRequestItem, options: CallOptions & { previousItemId?: string } = {}): Promise<ResponseItem> {
    const withId = item.id === undefined ? { ...item, id: nextItemId() } : item;
    const eventId = nextEventId();
    const text = encode({
      type: "conversation.item.create",
      event_id: eventId,
      item: withId,
      ...(options.previousItemId !== undefined && { previous_item_id: options.previousItemId }),
    });
    const reply = this.#pending.wait<ReceivedServerEvent<"conversation.item.created">>(
      eventId,
      (e) => e.type === "conversation.item.created" && e.item?.id === withId.id,
      options.signal,
    );
    await this.#send(text, eventId);
    return (await reply).item!;
  }

  /** Asks for an item (assistant audio included) and resolves with it. */
  async retrieveItem(itemId: string, options: CallOptions = {}): Promise<ResponseItem> {
    const event = await this.#request(
      { type: "conversation.item.retrieve", item_id: itemId },
      (e) => e.type === "conversation.item.retrieved" && e.item?.id === itemId,
      options,
    );
    return (event as ReceivedServerEvent<"conversation.item.retrieved">).item!;
  }

  /** Deletes an item; resolves once the service confirms. */
  async deleteItem(itemId: string, options: CallOptions = {}): Promise<void> {
    await this.#request(
      { type: "conversation.item.delete", item_id: itemId },
      (e) => e.type === "conversation.item.deleted" && e.item_id === itemId,
      options,
    );
  }

  /** Cuts an assistant item's audio at `audioEndMs`; resolves with the confirmation. */
  async truncateItem(
    itemId: string,
    audioEndMs: number,
    options: CallOptions & { contentIndex?: number } = {},
  ): Promise<ReceivedServerEvent<"conversation.item.truncated">> {
    return (await this.#request(
      { type: "conversation.item.truncate", item_id: itemId, content_index: options.contentIndex ?? 0, audio_end_ms: audioEndMs },
      (e) => e.type === "conversation.item.truncated" && e.item_id === itemId,
      options,
    )) as ReceivedServerEvent<"conversation.item.truncated">;
  }

  /** Commits the input buffer; resolves with the new user item id. */
  async commitAudio(options: CallOptions = {}): Promise<string> {
    const event = await this.#request({ type: "input_audio_buffer.commit" }, (e) => e.type === "input_audio_buffer.committed", options);
    return (event as ReceivedServerEvent<"input_audio_buffer.committed">).item_id;
  }

  /** Empties the input buffer; resolves once the service confirms. */
  async clearAudio(options: CallOptions = {}): Promise<void> {
    await this.#request({ type: "input_audio_buffer.clear" }, (e) => e.type === "input_audio_buffer.cleared", options);
  }

  /**
   * Starts a response. The handle resolves (it is awaitable) with the final response from
   * `response.done`, whatever its status; `created` resolves when it starts.
   */
  createResponse(response?: ResponseCreateParams, options: CallOptions & { additionalInstructions?: string } = {}): ResponseHandle {
    const eventId = nextEventId();
    const text = encode({
      type: "response.create",
      event_id: eventId,
      ...(response !== undefined && { response }),
      ...(options.additionalInstructions !== undefined && { additional_instructions: options.additionalInstructions }),
    });
    // Both waits are registered now: created and done may arrive in one network chunk,
    // before any promise callback could register the second one.
    let responseId: string | undefined;
    const created = this.#pending.wait<ReceivedServerEvent<"response.created">>(
      eventId,
      (e) => {
        if (e.type !== "response.created") return false;
        responseId = e.response.id;
        return true;
      },
      options.signal,
    );
    const done = this.#pending.wait<ReceivedServerEvent<"response.done">>(
      eventId,
      (e) => e.type === "response.done" && responseId !== undefined && e.response.id === responseId,
      options.signal,
    );
    const sent = this.#send(text, eventId);
    return new ResponseHandle(
      eventId,
      sent.then(() => created).then((e): RealtimeResponse => e.response),
      sent.then(() => done).then((e): RealtimeResponse => e.response),
      (responseId) => this.#send(encode({ type: "response.cancel", response_id: responseId })),
    );
  }

  async #request(
    event: ClientEvent,
    matches: (event: ReceivedServerEvent) => boolean,
    options: CallOptions,
  ): Promise<ReceivedServerEvent> {
    const eventId = nextEventId();
    const text = encode({ ...event, event_id: eventId });
    const reply = this.#pending.wait(eventId, matches, options.signal);
    await this.#send(text, eventId);
    return reply;
  }
}
