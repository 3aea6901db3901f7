/**
 * The browser speaker as an `AudioSink`: an AudioWorklet plays the queue and counts the
 * frames it renders per item, which is the playback clock barge-in truncates by.
 */
import type { AudioSink, AudioSinkChunk, ClearedPlayback } from "../audio/contracts.js";
import { validatePcmFormat, type PcmFormat } from "../audio/pcm/pcm-format.js";
import { Resampler } from "../audio/pcm/resampler.js";
import { pcm16BytesToInt16 } from "../audio/pcm/sample-conversion.js";
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { createAudioContext, positiveMs, validateContextOptions, type BrowserAudioContextOptions } from "./adapter-options.js";
import { mediaError } from "./media-error.js";
import { PlaybackLedger, type PlaybackReport, type PlaybackSegment } from "./playback-ledger.js";
import { PLAYBACK_PROCESSOR_NAME } from "./playback-processor-source.js";
import { resumeOnUserGesture } from "./resume-on-user-gesture.js";
import { loadWorkletModule } from "./worklet-module.js";

/** Options for `SpeakerSink`. */
export interface SpeakerSinkOptions extends BrowserAudioContextOptions {
  /** The format `write()` takes. @default { sampleRate: 24000, channels: 1 } */
  readonly format?: PcmFormat;
  /**
   * Audio, in milliseconds, queued before playback starts from silence; a shorter burst
   * waits only until queued plus waited time reaches it. @default 60
   */
  readonly jitterBufferMs?: number;
  /** How often, in milliseconds, the worklet reports rendered frames (rounded up to 128-frame quanta). @default 10 */
  readonly reportIntervalMs?: number;
  /** Where a user gesture resumes a context that starts suspended. @default document */
  readonly gestureTarget?: EventTarget;
}

const QUANTUM = 128;

/**
 * Plays PCM16 chunks through an AudioWorklet, resampled from `format` to the context's
 * rate. The worklet counts the frames it renders per item and reports them every
 * `reportIntervalMs` and at every start and underrun; `playedMs()` is that count, plus the
 * context clock's advance since the last report (at most one report interval), so its error
 * is under one render quantum plus message latency. `clear()` posts a flush the worklet
 * applies before its next render quantum (silence within 128 frames of the message arriving)
 * and returns the time computed at the call; that time is then the item's frozen
 * `playedMs`. Reports for cleared audio are ignored.
 *
 * `write()` starts the sink if needed, rejects with `RangeError` for audio that is not whole
 * frames, `TypeError` for a malformed chunk, and `VoiceLiveAudioError` `closed` after
 * `close()`; it queues without limit and resolves at once. A context that starts suspended
 * (no user gesture yet) is resumed on the first gesture on `gestureTarget`; until then the
 * clock does not move. `close()` closes the context the sink created, never an injected one.
 */
export class SpeakerSink implements AudioSink {
  /** The format `write()` takes. */
  readonly format: PcmFormat;
  readonly #options: SpeakerSinkOptions;
  readonly #jitterBufferMs: number;
  readonly #reportIntervalMs: number;
  #opening: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #context: AudioContext | undefined;
  #node: AudioWorkletNode | undefined;
  #ledger: PlaybackLedger | undefined;
  #resampler: Resampler | undefined;
  #lowWaterFrames = 0;
  #flushId = 0;
  #drained: (() => void) | undefined;
  #stopGestureWait: () => void = () => {};

  /** Checks `options`; nothing is opened until `start()` or the first `write()`. */
  constructor(options: SpeakerSinkOptions = {}) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object.");
    validateContextOptions(options);
    const format = validatePcmFormat(options.format === undefined ? { sampleRate: 24000, channels: 1 } : options.format, "options.format");
    this.format = { sampleRate: format.sampleRate, channels: format.channels };
    this.#jitterBufferMs = positiveMs(options.jitterBufferMs, 60, "options.jitterBufferMs", true);
    this.#reportIntervalMs = positiveMs(options.reportIntervalMs, 10, "options.reportIntervalMs");
    if (options.gestureTarget !== undefined && typeof options.gestureTarget.addEventListener !== "function") {
      throw new TypeError("options.gestureTarget must be an EventTarget.");
    }
    this.#options = options;
  }

  /** The AudioContext playback runs in, once started. */
  get audioContext(): AudioContext | undefined {
    return this.#context;
  }

  /** The playback worklet node, once started (connect it to an AnalyserNode to meter the output). */
  get node(): AudioWorkletNode | undefined {
    return this.#node;
  }

  /** True while written audio has not finished playing (also while it waits in the jitter buffer). */
  get playing(): boolean {
    return this.#ledger?.playing ?? false;
  }

  /** Opens the context and the worklet; idempotent. Rejects `closed` after `close()`. */
  async start(): Promise<void> {
    if (this.#closing !== undefined) throw closedError();
    this.#opening ??= this.#open();
    await this.#opening;
  }

  /** Queues a chunk for playback, resampled to the context's rate. */
  async write(chunk: AudioSinkChunk): Promise<void> {
    const frames = this.#checkChunk(chunk);
    if (this.#closing !== undefined) throw closedError();
    await this.start();
    if (this.#closing !== undefined) throw closedError();
    if (frames === 0) return;
    const ledger = this.#ledger!;
    let segment = ledger.open;
    if (segment === undefined || segment.itemId !== chunk.itemId || segment.contentIndex !== chunk.contentIndex) {
      if (segment !== undefined) this.#finish(segment);
      segment = ledger.begin(chunk.itemId, chunk.contentIndex);
      this.#resampler = new Resampler({ inputRate: this.format.sampleRate, outputRate: this.#context!.sampleRate, channels: this.format.channels });
    }
    segment.inputFrames += frames;
    this.#push(segment, this.#resampler!.process(pcm16BytesToInt16(chunk.audio)));
    this.#finishWhenLow();
  }

  /** Milliseconds of an item the worklet has rendered (0 for an unknown item). */
  playedMs(itemId: string): number {
    return this.#ledger?.playedMs(itemId, this.#nowFrame()) ?? 0;
  }

  /** Silences playback before the next render quantum and drops the queue; see the class notes. */
  clear(): ClearedPlayback | undefined {
    const ledger = this.#ledger;
    if (ledger === undefined || this.#node === undefined) return undefined;
    const cleared = ledger.clear(this.#nowFrame());
    this.#resampler = undefined;
    this.#node.port.postMessage({ type: "flush", id: ++this.#flushId });
    return cleared;
  }

  /** Plays out the queue (or drops it with `{ drain: false }`), then releases the worklet and the context it created. */
  close(options: { readonly drain?: boolean } = {}): Promise<void> {
    this.#closing ??= this.#close(options.drain ?? true);
    return this.#closing;
  }

  async #open(): Promise<void> {
    const options = this.#options;
    let context = options.audioContext;
    try {
      context ??= createAudioContext(options.contextSampleRate, "interactive");
    } catch (error) {
      throw mediaError(error, "speaker");
    }
    this.#context = context;
    const rate = context.sampleRate;
    const reportFrames = Math.ceil((this.#reportIntervalMs * rate) / 1000 / QUANTUM) * QUANTUM;
    this.#lowWaterFrames = 2 * reportFrames + QUANTUM;
    this.#ledger = new PlaybackLedger(this.format.sampleRate, rate, reportFrames + QUANTUM);
    try {
      await loadWorkletModule(context, options.workletUrl);
      const node = new AudioWorkletNode(context, PLAYBACK_PROCESSOR_NAME, {
        numberOfInputs: 0,
        numberOfOutputs: 1,
        outputChannelCount: [this.format.channels],
        processorOptions: { channels: this.format.channels, jitterFrames: Math.round((this.#jitterBufferMs * rate) / 1000), reportFrames },
      });
      node.port.onmessage = (event: MessageEvent<PlaybackReport>) => this.#receive(event.data);
      node.connect(context.destination);
      this.#node = node;
    } catch (error) {
      this.#releaseContext();
      throw error instanceof VoiceLiveAudioError ? error : mediaError(error, "speaker");
    }
    if (context.state === "suspended") this.#stopGestureWait = resumeOnUserGesture(context, options.gestureTarget ?? document);
  }

  #checkChunk(chunk: AudioSinkChunk): number {
    if (typeof chunk !== "object" || chunk === null) throw new TypeError("chunk must be an object { itemId, contentIndex, audio }.");
    if (typeof chunk.itemId !== "string") throw new TypeError("chunk.itemId must be a string.");
    if (!Number.isSafeInteger(chunk.contentIndex) || chunk.contentIndex < 0) {
      throw new RangeError(`chunk.contentIndex must be a non-negative integer, got ${String(chunk.contentIndex)}.`);
    }
    if (!(chunk.audio instanceof Uint8Array)) throw new TypeError("chunk.audio must be a Uint8Array of PCM16 bytes.");
    const frameBytes = 2 * this.format.channels;
    if (chunk.audio.byteLength % frameBytes !== 0) {
      throw new RangeError(`chunk.audio holds ${chunk.audio.byteLength} bytes, not a whole number of ${frameBytes}-byte PCM16 frames.`);
    }
    return chunk.audio.byteLength / frameBytes;
  }

  #push(segment: PlaybackSegment, samples: Float32Array): void {
    if (samples.length === 0) return;
    segment.outputFrames += samples.length / this.format.channels;
    this.#node!.port.postMessage({ type: "push", segment: segment.id, samples }, [samples.buffer]);
  }

  /** Pushes the resampler's tail and closes the segment; the item's next audio starts a new one. */
  #finish(segment: PlaybackSegment): void {
    if (this.#resampler !== undefined) this.#push(segment, this.#resampler.flush());
    this.#resampler = undefined;
    this.#ledger!.finalize(segment);
  }

  // The resampler holds back a few frames until more input comes; when the queue runs low
  // and none has, the tail is pushed so the item plays to its last sample.
  #finishWhenLow(): void {
    const ledger = this.#ledger!;
    const open = ledger.open;
    if (open !== undefined && ledger.unplayedFrames < this.#lowWaterFrames) this.#finish(open);
  }

  #receive(report: PlaybackReport): void {
    const ledger = this.#ledger;
    if (ledger === undefined) return;
    ledger.apply(report);
    this.#finishWhenLow();
    if (!ledger.playing) this.#drained?.();
  }

  #nowFrame(): number {
    const context = this.#context;
    return context === undefined ? 0 : context.currentTime * context.sampleRate;
  }

  async #close(drain: boolean): Promise<void> {
    await this.#opening?.catch(() => {});
    const ledger = this.#ledger;
    const node = this.#node;
    if (ledger === undefined || node === undefined) return this.#releaseContext();
    if (drain && ledger.playing) {
      const open = ledger.open;
      if (open !== undefined) this.#finish(open);
      node.port.postMessage({ type: "drain" });
      await this.#waitForDrain(ledger);
    }
    this.clear();
    node.port.postMessage({ type: "stop" });
    node.port.onmessage = null;
    node.disconnect();
    this.#node = undefined;
    this.#releaseContext();
  }

  /** Waits until the queue has played, or for its length plus a second when the context is stuck. */
  #waitForDrain(ledger: PlaybackLedger): Promise<void> {
    const context = this.#context!;
    const limitMs = (ledger.unplayedFrames / context.sampleRate) * 1000 + this.#jitterBufferMs + 1000;
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        context.removeEventListener("statechange", onState);
        this.#drained = undefined;
        resolve();
      };
      const onState = (): void => {
        if (context.state === "closed") done();
      };
      const timer = setTimeout(done, limitMs);
      context.addEventListener("statechange", onState);
      this.#drained = done;
      if (!ledger.playing) done();
    });
  }

  #releaseContext(): void {
    this.#stopGestureWait();
    const context = this.#context;
    if (context !== undefined && context !== this.#options.audioContext && context.state !== "closed") {
      void context.close().catch(() => {});
    }
  }
}

function closedError(): VoiceLiveAudioError {
  return new VoiceLiveAudioError("closed", "The speaker sink is closed.");
}
