import type { ResponseItem } from "../protocol/items.js";

/** Audio kept with an item, in the wire format it was sent or received in. */
export interface ItemAudio {
  bytes: Uint8Array;
  readonly format: string;
  readonly sampleRate: number;
}

/** One conversation item: its wire form plus the audio the wire form leaves out. */
export interface StoredItem {
  readonly item: ResponseItem & { id: string };
  audio?: ItemAudio;
  /** What the model "heard" in user audio (the transcriber's text), even without transcription events. */
  heard?: string;
}

/** Ms of audio an item holds. */
export function audioDurationMs(audio: ItemAudio): number {
  const bytesPerSample = audio.format.startsWith("g711") ? 1 : 2;
  return (audio.bytes.length / bytesPerSample / audio.sampleRate) * 1000;
}

/** The ordered conversation of one session. */
export class Conversation {
  readonly #items: StoredItem[] = [];

  get items(): readonly StoredItem[] {
    return this.#items;
  }

  get(id: string): StoredItem | undefined {
    return this.#items.find((stored) => stored.item.id === id);
  }

  /**
   * Inserts an item after `previousItemId` (`"root"` = first, undefined = last) and
   * returns the id of the item before it, or null at the start; undefined when the
   * previous id is unknown.
   */
  insert(stored: StoredItem, previousItemId?: string): string | null | undefined {
    let index: number;
    if (previousItemId === undefined) index = this.#items.length;
    else if (previousItemId === "root") index = 0;
    else {
      const at = this.#items.findIndex((s) => s.item.id === previousItemId);
      if (at < 0) return undefined;
      index = at + 1;
    }
    this.#items.splice(index, 0, stored);
    return index === 0 ? null : this.#items[index - 1]!.item.id;
  }

  delete(id: string): boolean {
    const at = this.#items.findIndex((s) => s.item.id === id);
    if (at < 0) return false;
    this.#items.splice(at, 1);
    return true;
  }

  /** The wire form of every item, copied so callers cannot change the session. */
  snapshot(): ResponseItem[] {
    return this.#items.map((stored) => structuredClone(stored.item));
  }
}
