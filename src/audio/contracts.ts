import type { PcmFormat } from "./pcm/pcm-format.js";

/**
 * A producer of PCM16 audio (a microphone, a file, a stream). Chunks are signed 16-bit
 * little-endian, interleaved, in `format`, of any length that holds whole frames.
 *
 * Lifecycle: `start()` begins capture, `stop()` pauses it (iteration waits), `close()`
 * releases everything and ends iteration. A source that runs out (end of a file) ends
 * iteration by itself. It has one consumer.
 */
export interface AudioSource extends AsyncIterable<Uint8Array> {
  /** The format of every chunk. */
  readonly format: PcmFormat;
  /**
   * The channel that carries a playback reference rather than the user (an echo reference,
   * REFERENCE §4.1). A pipeline sending mono keeps the other channel instead of mixing it in.
   */
  readonly referenceChannel?: number | undefined;
  /** Starts or resumes capture; idempotent. */
  start(): Promise<void>;
  /** Pauses capture; idempotent. */
  stop(): Promise<void>;
  /** Releases the device, file or process and ends iteration; idempotent. */
  close(): Promise<void>;
}

/** A chunk of assistant audio for a sink, tagged with the conversation item it belongs to. */
export interface AudioSinkChunk {
  readonly itemId: string;
  readonly contentIndex: number;
  /** PCM16 little-endian, interleaved, in the sink's `format`. */
  readonly audio: Uint8Array;
}

/** What `AudioSink.clear()` cut off. */
export interface ClearedPlayback {
  /** The item that was playing when playback stopped. */
  readonly itemId: string;
  readonly contentIndex: number;
  /** Milliseconds of that item the listener heard. */
  readonly playedMs: number;
  /** Milliseconds of that item that were queued, heard or not. */
  readonly queuedMs: number;
}

/**
 * A consumer of assistant audio (a speaker, a file, a process) with a playback clock,
 * which is what makes barge-in exact: `playedMs()` reports what the listener actually
 * heard, not what was sent.
 */
export interface AudioSink {
  /** The format `write()` expects. */
  readonly format: PcmFormat;
  /** Prepares playback (opens the device, file or process); idempotent. */
  start(): Promise<void>;
  /** Queues audio for playback. Resolves when the sink can take more. */
  write(chunk: AudioSinkChunk): Promise<void>;
  /** Milliseconds of an item played so far. */
  playedMs(itemId: string): number;
  /** True while queued audio is still playing. */
  readonly playing: boolean;
  /**
   * Stops playback at once and drops what is queued. Returns what was cut from the item
   * that was playing, or `undefined` when nothing was.
   */
  clear(): ClearedPlayback | undefined;
  /** Plays out what is queued (or drops it with `{ drain: false }`) and releases the sink. */
  close(options?: { readonly drain?: boolean }): Promise<void>;
}
