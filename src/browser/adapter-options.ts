/**
 * Option checks the browser adapters share; each throws before any device is touched.
 */
import { validateSampleRate } from "../audio/pcm/pcm-format.js";

/** Options both browser adapters take for their audio context and worklet module. */
export interface BrowserAudioContextOptions {
  /**
   * An AudioContext to run in instead of one the adapter creates; the adapter never
   * closes or suspends it. Excludes `contextSampleRate`.
   */
  readonly audioContext?: AudioContext;
  /**
   * Sample rate, in hertz, of the AudioContext the adapter creates. Unset, the browser
   * picks (usually the device's rate); the adapter resamples either way.
   */
  readonly contextSampleRate?: number;
  /**
   * URL of a hosted copy of `WORKLET_MODULE_SOURCE` (for pages whose Content-Security-Policy
   * forbids `blob:` scripts). Unset, the processors load from a Blob URL.
   */
  readonly workletUrl?: string | URL;
}

/** Returns `value` or `fallback`; throws `TypeError` naming `name` when it is not a boolean. */
export function optionalBoolean(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof value}.`);
  return value;
}

/** Returns a positive number of milliseconds; throws `RangeError` naming `name` otherwise. */
export function positiveMs(value: unknown, fallback: number, name: string, allowZero = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new RangeError(`${name} must be a ${allowZero ? "non-negative" : "positive"} finite number of milliseconds, got ${String(value)}.`);
  }
  return value;
}

/** Checks the context options; throws `TypeError` or `RangeError` naming the option. */
export function validateContextOptions(options: BrowserAudioContextOptions): void {
  const { audioContext, contextSampleRate, workletUrl } = options;
  if (audioContext !== undefined) {
    if (typeof audioContext !== "object" || audioContext === null || typeof audioContext.createGain !== "function") {
      throw new TypeError("options.audioContext must be an AudioContext.");
    }
    if (contextSampleRate !== undefined) {
      throw new TypeError("options.contextSampleRate cannot be combined with options.audioContext, whose rate is fixed.");
    }
  }
  if (contextSampleRate !== undefined) validateSampleRate(contextSampleRate, "options.contextSampleRate");
  if (workletUrl !== undefined && typeof workletUrl !== "string" && !(workletUrl instanceof URL)) {
    throw new TypeError("options.workletUrl must be a string or a URL.");
  }
}

/** Creates the adapter's own AudioContext, at `contextSampleRate` when one is given. */
export function createAudioContext(contextSampleRate: number | undefined, latencyHint: AudioContextLatencyCategory): AudioContext {
  return contextSampleRate === undefined ? new AudioContext({ latencyHint }) : new AudioContext({ latencyHint, sampleRate: contextSampleRate });
}
