/**
 * An `AudioSource` that pairs the microphone with what the speaker played at the same
 * moment, for the service's echo cancellation with a client reference.
 */
import type { AudioSink, AudioSource } from "./contracts.js";
import { CaptureClock } from "./echo-capture-clock.js";
import { PlayedHistory } from "./echo-played-history.js";
import { ReferenceStream } from "./echo-reference-stream.js";
import { isPlaybackTap, TappedSink, type PlaybackTap } from "./echo-tapped-sink.js";
import { downmixToMono, interleave } from "./pcm/channel-mixing.js";
import type { PcmFormat } from "./pcm/pcm-format.js";
import { int16ToPcm16Bytes, pcm16BytesToInt16 } from "./pcm/sample-conversion.js";

/** Options for `EchoReferenceSource`. */
export interface EchoReferenceSourceOptions {
  /** The microphone (or any capture source); more than one channel is mixed to mono. */
  readonly microphone: AudioSource;
  /**
   * The sink replies play on. A `TappedSink` (or any `PlaybackTap` sink) is used as is;
   * any other sink is wrapped in one, available as `.sink`: give that to the pipeline.
   */
  readonly sink: AudioSink;
  /**
   * How much later than the sink's clock the played sound reaches the microphone's samples,
   * ms (output and input device latency the clocks cannot see). A function is read for
   * every chunk; a change of over 1 ms takes effect at once (a jump in the reference). @default 0
   */
  readonly referenceDelayMs?: number | (() => number);
  /** The clock chunk arrivals are stamped on; must be the sink's. @default the sink's tap clock (performance.now) */
  readonly now?: () => number;
}

// Arrival stamps keep their lowest capture-time bound this long (see CaptureClock).
const CLOCK_WINDOW_MS = 2000;
// A capture-origin estimate or reference delay that moves less than this keeps the reference stream as it is.
const REANCHOR_TOLERANCE_MS = 1;
// Played audio kept behind the current reference range.
const HISTORY_KEEP_MS = 2000;

/**
 * Yields interleaved stereo PCM16 at the microphone's rate: channel 0 the microphone,
 * channel 1 what the sink played at the same moment (zero while it plays nothing), which
 * is the input `echoReferenceSessionConfig()` tells the service to expect.
 *
 * Alignment: each microphone chunk is placed on the sink's clock by its sample count from
 * an origin estimated from chunk arrival times (see `CaptureClock`), and the reference is
 * read from `TappedSink`'s record of what played when. On that clock the two channels line
 * up to about a millisecond; device latencies the clocks cannot see are what
 * `referenceDelayMs` is for. A sink at another rate is resampled, and its reference then
 * lags by the resampler's half filter length (1.1 to 3.3 ms at speech rates).
 *
 * Lifecycle follows the microphone: `start()`, `stop()` and `close()` pass through (a
 * restart re-estimates the origin); `close()` also stops listening to the sink. It has one
 * consumer. The constructor throws `TypeError` for missing or malformed options.
 */
export class EchoReferenceSource implements AudioSource {
  /** `{ sampleRate: microphone rate, channels: 2 }`. */
  readonly format: PcmFormat;
  /** Channel 1 is what the sink played, never the user. */
  readonly referenceChannel = 1;
  /** The wrapped microphone. */
  readonly microphone: AudioSource;
  /** The sink to play replies on (pass it to `attachAudio`): the given one, tapped. */
  readonly sink: AudioSink & PlaybackTap;
  readonly #now: () => number;
  readonly #delay: () => number;
  readonly #clock: CaptureClock;
  readonly #history: PlayedHistory;
  readonly #stream: ReferenceStream;
  readonly #unsubscribe: () => void;
  /** Capture origin and reference delay the stream currently runs on; undefined restarts it. */
  #originMs: number | undefined;
  #delayMs = 0;

  constructor(options: EchoReferenceSourceOptions) {
    if (typeof options !== "object" || options === null) throw new TypeError("options must be an object { microphone, sink }.");
    const { microphone, sink, referenceDelayMs, now } = options;
    if (typeof microphone !== "object" || microphone === null || typeof microphone[Symbol.asyncIterator] !== "function") {
      throw new TypeError("options.microphone must be an AudioSource.");
    }
    if (now !== undefined && typeof now !== "function") throw new TypeError("options.now must be a function returning milliseconds.");
    if (typeof referenceDelayMs === "number" ? !Number.isFinite(referenceDelayMs) : referenceDelayMs !== undefined && typeof referenceDelayMs !== "function") {
      throw new TypeError("options.referenceDelayMs must be a finite number of milliseconds or a function returning one.");
    }
    this.sink = isPlaybackTap(sink) && typeof (sink as AudioSink).write === "function" ? (sink as AudioSink & PlaybackTap) : new TappedSink(sink, now === undefined ? {} : { now });
    this.microphone = microphone;
    this.format = { sampleRate: microphone.format.sampleRate, channels: 2 };
    this.#now = now ?? this.sink.now;
    const fixedDelayMs = typeof referenceDelayMs === "number" ? referenceDelayMs : 0;
    this.#delay = typeof referenceDelayMs === "function" ? referenceDelayMs : () => fixedDelayMs;
    this.#clock = new CaptureClock(this.format.sampleRate, CLOCK_WINDOW_MS);
    this.#history = new PlayedHistory(this.sink.format, HISTORY_KEEP_MS);
    this.#stream = new ReferenceStream(this.#history, this.format.sampleRate);
    this.#unsubscribe = this.sink.onPlayed((audio, atMs) => this.#history.add(audio, atMs));
  }

  /** Starts the microphone; the capture clock starts over. */
  async start(): Promise<void> {
    this.#restart();
    await this.microphone.start();
  }

  /** Pauses the microphone. */
  async stop(): Promise<void> {
    await this.microphone.stop();
    this.#restart();
  }

  /** Closes the microphone and stops listening to the sink (the sink stays open). */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.microphone.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for await (const chunk of this.microphone) {
      const out = this.#pair(chunk);
      if (out.byteLength > 0) yield out;
    }
  }

  /** Builds the stereo chunk for one microphone chunk. */
  #pair(chunk: Uint8Array): Uint8Array {
    const atMs = this.#now();
    this.sink.pollPlayed();
    const channels = this.microphone.format.channels;
    const interleaved = pcm16BytesToInt16(chunk.subarray(0, chunk.byteLength - (chunk.byteLength % (2 * channels))));
    const mic = channels === 1 ? interleaved : downmixToMono(interleaved, channels);
    if (mic.length === 0) return new Uint8Array(0);
    const framesBefore = this.#clock.frames;
    const originMs = this.#clock.observe(mic.length, atMs);
    const delayMs = this.#delay();
    let restart = false;
    if (this.#originMs === undefined || Math.abs(originMs - this.#originMs) > REANCHOR_TOLERANCE_MS || Math.abs(delayMs - this.#delayMs) > REANCHOR_TOLERANCE_MS) {
      this.#originMs = originMs;
      this.#delayMs = delayMs;
      restart = true;
    }
    const startMs = this.#originMs + (framesBefore * 1000) / this.format.sampleRate - this.#delayMs;
    const reference = this.#stream.read(startMs, mic.length, restart);
    return int16ToPcm16Bytes(interleave([mic, reference]));
  }

  #restart(): void {
    this.#clock.reset();
    this.#originMs = undefined;
  }
}
