/**
 * A Node-side `AudioSource` whose every member is answered by a real `MicrophoneSource`
 * in Chromium, so the shared contract suite can hold the browser source to the contract.
 */
import type { AudioSource } from "../../../src/audio/contracts.js";
import type { PcmFormat } from "../../../src/audio/pcm/pcm-format.js";
import type { MicrophoneSourceOptions } from "../../../src/browser/microphone-source.js";
import { createBase64Codec } from "../../../src/encoding/base64.js";
import type { PageHost } from "./page-host.js";

const base64 = createBase64Codec("table");

/** Proxies an in-page `MicrophoneSource`. */
export class RemoteMicrophoneSource implements AudioSource {
  readonly format: PcmFormat;
  readonly #host: PageHost;
  readonly #id: number;

  private constructor(host: PageHost, id: number, format: PcmFormat) {
    this.#host = host;
    this.#id = id;
    this.format = format;
  }

  /** Creates a `MicrophoneSource` in the page with `options` (JSON-serializable ones only). */
  static async create(host: PageHost, options: Omit<MicrophoneSourceOptions, "audioContext"> = {}): Promise<RemoteMicrophoneSource> {
    const { id, format } = (await host.call("createMic", [options])) as { id: number; format: PcmFormat };
    return new RemoteMicrophoneSource(host, id, format);
  }

  async start(): Promise<void> {
    await this.#host.call("micStart", [this.#id]);
  }

  async stop(): Promise<void> {
    await this.#host.call("micStop", [this.#id]);
  }

  async close(): Promise<void> {
    await this.#host.call("micClose", [this.#id]);
  }

  /** True once the page's source has let go of its worklet and closed its context. */
  async released(): Promise<boolean> {
    return (await this.#host.call("micReleased", [this.#id])) as boolean;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return {
      next: async () => {
        const result = (await this.#host.call("micNext", [this.#id])) as { done: boolean; value?: string };
        return result.done ? { done: true, value: undefined } : { done: false, value: base64.decode(result.value!) };
      },
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
