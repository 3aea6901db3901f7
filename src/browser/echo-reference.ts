/**
 * The browser convenience for a client echo reference: `MicrophoneSource` and
 * `SpeakerSink` paired by `EchoReferenceSource`.
 */
import type { AudioSink } from "../audio/contracts.js";
import { EchoReferenceSource } from "../audio/echo-reference-source.js";
import { echoReferenceSessionConfig, type EchoReferenceSessionConfig } from "../audio/echo-session-config.js";
import type { PlaybackTap } from "../audio/echo-tapped-sink.js";
import { MicrophoneSource, type MicrophoneSourceOptions } from "./microphone-source.js";
import { SpeakerSink, type SpeakerSinkOptions } from "./speaker-sink.js";

/** Options for `createBrowserEchoReference`. */
export interface BrowserEchoReferenceOptions {
  /** A `MicrophoneSource`, or its options. @default 24 kHz, 20 ms chunks, browser echo cancellation off */
  readonly microphone?: MicrophoneSource | MicrophoneSourceOptions;
  /** A `SpeakerSink`, or its options. @default 24 kHz mono */
  readonly speaker?: SpeakerSink | SpeakerSinkOptions;
  /**
   * See `EchoReferenceSourceOptions.referenceDelayMs`; `"output-latency"` uses the speaker
   * context's `baseLatency + outputLatency` (what plays after the worklet renders), read
   * for every chunk. @default 0
   */
  readonly referenceDelayMs?: number | "output-latency";
}

/** What an echo reference needs in the browser. */
export interface BrowserEchoReferenceKit {
  /** Stereo input (microphone, played reference): pass as `attachAudio({ source })`. */
  readonly source: EchoReferenceSource;
  /** The speaker, tapped: pass as `attachAudio({ sink })`. */
  readonly sink: AudioSink & PlaybackTap;
  /** The untapped speaker (its `audioContext`, `node`). */
  readonly speaker: SpeakerSink;
  /** `echoReferenceSessionConfig()`. */
  readonly session: EchoReferenceSessionConfig;
}

/**
 * Pairs the microphone with the speaker for a client echo reference. A microphone built
 * here turns the browser's own echo cancellation off, since the service now cancels with
 * the reference (pass your own `MicrophoneSource` to keep it).
 *
 * Alignment is on `performance.now()`: the speaker's `playedMs()` (worklet reports plus the
 * context clock, which Chromium advances once per render callback, not per 128-frame
 * quantum: 384 to 512 frames, ≈ 10 ms, so the played tone's onset lands within about one
 * callback, measured 2 to 9 ms late in headless Chromium at 44.1 kHz)
 * and the microphone's chunk arrivals (whose lowest latency is the origin; capture batches
 * of 512 frames only delay arrivals, ≈ 11 ms at 48 kHz, and do not move it). Device output
 * and input latency are invisible to both; `"output-latency"` covers the output side.
 * Throws what the adapters' constructors throw for bad options.
 */
export function createBrowserEchoReference(options: BrowserEchoReferenceOptions = {}): BrowserEchoReferenceKit {
  if (typeof options !== "object" || options === null) throw new TypeError("options must be an object.");
  const microphone = options.microphone instanceof MicrophoneSource ? options.microphone : new MicrophoneSource({ echoCancellation: false, ...options.microphone });
  const speaker = options.speaker instanceof SpeakerSink ? options.speaker : new SpeakerSink(options.speaker ?? {});
  const delay = options.referenceDelayMs;
  if (delay !== undefined && delay !== "output-latency" && (typeof delay !== "number" || !Number.isFinite(delay))) {
    throw new TypeError(`options.referenceDelayMs must be a finite number of milliseconds or "output-latency".`);
  }
  const outputLatencyMs = (): number => {
    const context = speaker.audioContext;
    if (context === undefined) return 0;
    return ((context.baseLatency || 0) + ((context as { outputLatency?: number }).outputLatency || 0)) * 1000;
  };
  const source = new EchoReferenceSource({ microphone, sink: speaker, referenceDelayMs: delay === "output-latency" ? outputLatencyMs : (delay ?? 0) });
  return { source, sink: source.sink, speaker, session: echoReferenceSessionConfig() };
}
