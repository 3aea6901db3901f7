/**
 * The browser microphone as an `AudioSource`: getUserMedia, an AudioWorklet tap at the
 * context's own rate, and resampling to the declared format in the main thread.
 */
import type { AudioSource } from "../audio/contracts.js";
import { PcmChunker } from "../audio/pcm/pcm-chunker.js";
import type { PcmFormat } from "../audio/pcm/pcm-format.js";
import { validateSampleRate } from "../audio/pcm/pcm-format.js";
import { Resampler } from "../audio/pcm/resampler.js";
import { float32ToPcm16Bytes } from "../audio/pcm/sample-conversion.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import {
  createAudioContext,
  optionalBoolean,
  positiveMs,
  validateContextOptions,
  type BrowserAudioContextOptions,
} from "./adapter-options.js";
import { CAPTURE_PROCESSOR_NAME } from "./capture-processor-source.js";
import { ChunkQueue } from "../audio/chunk-queue.js";
import { mediaError } from "./media-error.js";
import { resumeOnUserGesture } from "./resume-on-user-gesture.js";
import { loadWorkletModule } from "./worklet-module.js";

/** Options for `MicrophoneSource`. */
export interface MicrophoneSourceOptions extends BrowserAudioContextOptions {
  /** Sample rate of the chunks the source yields, in hertz. @default 24000 */
  readonly sampleRate?: number;
  /** Duration of every chunk, in milliseconds; a whole number of samples at `sampleRate`. @default 20 */
  readonly chunkMs?: number;
  /** Asks the browser to cancel the speaker's echo (getUserMedia constraint). @default true */
  readonly echoCancellation?: boolean;
  /** Asks the browser to suppress steady background noise (getUserMedia constraint). @default true */
  readonly noiseSuppression?: boolean;
  /** Asks the browser to even out the input level (getUserMedia constraint). @default true */
  readonly autoGainControl?: boolean;
  /** The capture device (`MediaDeviceInfo.deviceId`), required exactly; unset, the default microphone. */
  readonly deviceId?: string;
  /**
   * Chunks kept for a consumer that is not pulling, in count; past it the oldest are dropped.
   * @default 500 (10 s of 20 ms chunks)
   */
  readonly maxQueuedChunks?: number;
}

/** A Voice Live input of one channel. */
const MIC_CHANNELS = 1;
// About 10 ms per message at 48 kHz: small next to a 20 ms chunk, few messages per second.
const BATCH_FRAMES = 512;

/**
 * Captures the microphone as PCM16 mono chunks of `chunkMs` at `sampleRate`. The
 * AudioContext runs at whatever rate the browser picks (or `contextSampleRate`); an
 * AudioWorklet hands its samples to the main thread, where `Resampler` converts them.
 *
 * The constructor only checks options (`TypeError` / `RangeError` naming the option). The
 * first `start()` asks for the microphone and rejects with `VoiceLiveAudioError`:
 * `permission_denied` (the user or policy refused), `device_unavailable` (no such device,
 * or it is busy), `unsupported` (no getUserMedia or AudioWorklet: an insecure page), or
 * `worklet_failed`; `closed` after `close()`. `stop()` pauses: the microphone stays open,
 * nothing is captured, and the part-filled chunk is dropped. `close()` stops the tracks and
 * closes the AudioContext the source created (never an injected one). A track that ends by
 * itself (the device was unplugged) makes iteration throw `device_unavailable`.
 */
export class MicrophoneSource implements AudioSource {
  /** The format of every chunk: `{ sampleRate, channels: 1 }`. */
  readonly format: PcmFormat;
  readonly #options: MicrophoneSourceOptions;
  readonly #chunkMs: number;
  readonly #channel: ChunkQueue;
  #opening: Promise<void> | undefined;
  #context: AudioContext | undefined;
  #stream: MediaStream | undefined;
  #input: MediaStreamAudioSourceNode | undefined;
  #node: AudioWorkletNode | undefined;
  #resampler: Resampler | undefined;
  #chunker: PcmChunker;
  #stopGestureWait: () => void = () => {};
  #running = false;
  #closed = false;

  /** Checks `options` and prepares the source; nothing is opened until `start()`. */
  constructor(options: MicrophoneSourceOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object.");
    validateContextOptions(options);
    const sampleRate = validateSampleRate(options.sampleRate ?? 24000, "options.sampleRate");
    this.#chunkMs = positiveMs(options.chunkMs, 20, "options.chunkMs");
    const samples = (this.#chunkMs * sampleRate) / 1000;
    if (Math.abs(samples - Math.round(samples)) > 1e-9) {
      throw new RangeError(`options.chunkMs ${this.#chunkMs} ms at ${sampleRate} Hz is ${samples} samples: it must be a whole number.`);
    }
    for (const name of ["echoCancellation", "noiseSuppression", "autoGainControl"] as const) {
      optionalBoolean(options[name], true, `options.${name}`);
    }
    if (options.deviceId !== undefined && typeof options.deviceId !== "string") {
      throw new TypeError("options.deviceId must be a string (a MediaDeviceInfo.deviceId).");
    }
    const maxQueued = options.maxQueuedChunks ?? 500;
    if (!Number.isSafeInteger(maxQueued) || maxQueued < 1) {
      throw new RangeError(`options.maxQueuedChunks must be a positive integer, got ${String(maxQueued)}.`);
    }
    this.#options = options;
    this.format = { sampleRate, channels: MIC_CHANNELS };
    this.#chunker = new PcmChunker({ ...this.format, frameMs: this.#chunkMs });
    // A microphone cannot pause, so the queue never asks it to; it drops the oldest instead.
    this.#channel = new ChunkQueue(undefined, Number.POSITIVE_INFINITY, maxQueued);
  }

  /** The AudioContext the capture runs in, once `start()` has opened it. */
  get audioContext(): AudioContext | undefined {
    return this.#context;
  }

  /** The capture worklet node, once started (to tap or meter the raw input). */
  get node(): AudioWorkletNode | undefined {
    return this.#node;
  }

  /** Chunks dropped because the consumer fell `maxQueuedChunks` behind. */
  get droppedChunks(): number {
    return this.#channel.dropped;
  }

  /** Opens the microphone on the first call, then starts or resumes capture; idempotent. */
  async start(): Promise<void> {
    if (this.#closed) throw closedError();
    this.#opening ??= this.#open();
    await this.#opening;
    if (this.#closed) throw closedError();
    if (this.#running) return;
    this.#running = true;
    this.#node!.port.postMessage({ type: "run", running: true });
    this.#channel.setRunning(true);
  }

  /** Pauses capture, keeping the microphone open; idempotent. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#node?.port.postMessage({ type: "run", running: false });
    this.#channel.setRunning(false);
    this.#resampler?.reset();
    this.#chunker.reset();
  }

  /** Stops the tracks, releases the worklet and the context it created, and ends iteration; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#running = false;
    this.#channel.close();
    await this.#opening?.catch(() => {});
    this.#release();
  }

  /** The one iterator over the chunks; `break` or `return()` closes the source. */
  [Symbol.asyncIterator](): AsyncIterableIterator<Uint8Array> {
    return {
      next: () => this.#channel.next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async #open(): Promise<void> {
    const options = this.#options;
    const devices = typeof navigator === "object" ? navigator.mediaDevices : undefined;
    if (devices === undefined || typeof devices.getUserMedia !== "function") {
      throw new VoiceLiveAudioError("unsupported", "getUserMedia is not available: the page must be served over https or from localhost.");
    }
    const audio: MediaTrackConstraints = {
      echoCancellation: options.echoCancellation ?? true,
      noiseSuppression: options.noiseSuppression ?? true,
      autoGainControl: options.autoGainControl ?? true,
      channelCount: { ideal: MIC_CHANNELS },
    };
    if (options.deviceId !== undefined) audio.deviceId = { exact: options.deviceId };
    try {
      this.#stream = await devices.getUserMedia({ audio });
      if (this.#closed) throw closedError();
      const context = options.audioContext ?? createOwnContext(options.contextSampleRate);
      this.#context = context;
      await loadWorkletModule(context, options.workletUrl);
      if (this.#closed) throw closedError();
      this.#resampler = new Resampler({ inputRate: context.sampleRate, outputRate: this.format.sampleRate, channels: MIC_CHANNELS });
      const node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        processorOptions: { batchFrames: BATCH_FRAMES },
      });
      node.port.onmessage = (event: MessageEvent<{ type: string; samples: Float32Array }>) => this.#receive(event.data.samples);
      node.onprocessorerror = () => this.#channel.fail(new VoiceLiveAudioError("worklet_failed", "The capture AudioWorklet processor threw."));
      this.#node = node;
      this.#input = context.createMediaStreamSource(this.#stream);
      this.#input.connect(node);
      for (const track of this.#stream.getAudioTracks()) {
        track.addEventListener("ended", () => {
          if (!this.#closed) this.#channel.fail(new VoiceLiveAudioError("device_unavailable", "The microphone track ended (the device was unplugged or revoked)."));
        });
      }
      if (context.state === "suspended") this.#stopGestureWait = resumeOnUserGesture(context);
    } catch (error) {
      this.#release();
      throw error instanceof VoiceLiveAudioError ? error : mediaError(error, "microphone");
    }
  }

  #receive(samples: Float32Array): void {
    if (!this.#running || this.#resampler === undefined) return;
    const resampled = this.#resampler.process(samples);
    if (resampled.length === 0) return;
    for (const chunk of this.#chunker.push(float32ToPcm16Bytes(resampled))) this.#channel.push(chunk);
  }

  #release(): void {
    this.#stopGestureWait();
    if (this.#node !== undefined) {
      this.#node.port.postMessage({ type: "stop" });
      this.#node.port.onmessage = null;
      this.#node.disconnect();
    }
    this.#input?.disconnect();
    for (const track of this.#stream?.getTracks() ?? []) track.stop();
    if (this.#context !== undefined && this.#context !== this.#options.audioContext && this.#context.state !== "closed") {
      void this.#context.close().catch(() => {});
    }
    this.#node = undefined;
    this.#input = undefined;
    this.#stream = undefined;
  }
}

function closedError(): VoiceLiveAudioError {
  return new VoiceLiveAudioError("closed", "The microphone source is closed.");
}

function createOwnContext(contextSampleRate: number | undefined): AudioContext {
  try {
    return createAudioContext(contextSampleRate, "interactive");
  } catch (cause) {
    throw new VoiceLiveAudioError("device_unavailable", "The AudioContext could not be created.", { cause });
  }
}
