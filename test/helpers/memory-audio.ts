import { PlaybackTimeline } from "../../src/audio/playback-timeline.js";
import type { AudioSink, AudioSinkChunk, AudioSource, ClearedPlayback, PcmFormat } from "../../src/index.js";

/** A source that yields the given chunks once started, then ends. */
export class ArraySource implements AudioSource {
  closed = false;
  constructor(
    readonly format: PcmFormat,
    private readonly chunks: Uint8Array[],
  ) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (const chunk of this.chunks) {
      if (this.closed) return;
      yield chunk;
    }
  }
}

/** A sink that keeps what it was given and plays it on a clock the test controls. */
export class MemorySink implements AudioSink {
  readonly chunks: AudioSinkChunk[] = [];
  readonly timeline: PlaybackTimeline;
  closed = false;
  clears = 0;
  constructor(
    readonly format: PcmFormat,
    now: () => number,
  ) {
    this.timeline = new PlaybackTimeline(now);
  }
  async start(): Promise<void> {}
  async write(chunk: AudioSinkChunk): Promise<void> {
    if (this.closed) throw new Error("closed");
    this.chunks.push(chunk);
    const ms = (chunk.audio.byteLength / 2 / this.format.channels / this.format.sampleRate) * 1000;
    this.timeline.append(chunk.itemId, chunk.contentIndex, ms);
  }
  playedMs(itemId: string): number {
    return this.timeline.playedMs(itemId);
  }
  get playing(): boolean {
    return this.timeline.playing;
  }
  clear(): ClearedPlayback | undefined {
    this.clears++;
    return this.timeline.clear();
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  bytesFor(itemId: string): number {
    return this.chunks.filter((c) => c.itemId === itemId).reduce((n, c) => n + c.audio.byteLength, 0);
  }
}
