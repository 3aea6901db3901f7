/**
 * A Node-side `AudioSink` whose every member is answered by a real `SpeakerSink` in
 * Chromium, so the shared contract suite can hold the browser sink to the contract.
 */
import type { AudioSink, AudioSinkChunk, ClearedPlayback } from "../../../src/audio/contracts.js";
import type { PcmFormat } from "../../../src/audio/pcm/pcm-format.js";
import { createBase64Codec } from "../../../src/encoding/base64.js";
import type { SpeakerSinkOptions } from "../../../src/browser/speaker-sink.js";
import type { PageHost } from "./page-host.js";

const base64 = createBase64Codec("table");

/** Proxies an in-page `SpeakerSink`; synchronous members block on the page's answer. */
export class RemoteSpeakerSink implements AudioSink {
  readonly format: PcmFormat;
  readonly #host: PageHost;
  readonly #id: number;

  private constructor(host: PageHost, id: number, format: PcmFormat) {
    this.#host = host;
    this.#id = id;
    this.format = format;
  }

  /** Creates a `SpeakerSink` in the page with `options` (JSON-serializable ones only). */
  static async create(host: PageHost, options: Omit<SpeakerSinkOptions, "audioContext" | "gestureTarget"> = {}): Promise<RemoteSpeakerSink> {
    const { id, format } = (await host.call("createSink", [options])) as { id: number; format: PcmFormat };
    return new RemoteSpeakerSink(host, id, format);
  }

  async start(): Promise<void> {
    await this.#host.call("sinkStart", [this.#id]);
  }

  async write(chunk: AudioSinkChunk): Promise<void> {
    await this.#host.call("sinkWrite", [this.#id, chunk.itemId, chunk.contentIndex, base64.encode(chunk.audio)]);
  }

  playedMs(itemId: string): number {
    return this.#host.callSync("sinkPlayedMs", [this.#id, itemId]) as number;
  }

  get playing(): boolean {
    return this.#host.callSync("sinkPlaying", [this.#id]) as boolean;
  }

  clear(): ClearedPlayback | undefined {
    return (this.#host.callSync("sinkClear", [this.#id]) as ClearedPlayback | null) ?? undefined;
  }

  async close(options?: { readonly drain?: boolean }): Promise<void> {
    await this.#host.call("sinkClose", [this.#id, options?.drain ?? null]);
  }
}
