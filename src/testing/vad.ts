/** The VAD settings the simulator honours, from `turn_detection`. */
export interface VadSettings {
  readonly threshold: number;
  readonly prefixPaddingMs: number;
  readonly silenceDurationMs: number;
  readonly speechDurationMs: number;
}

/** A turn boundary found in the input audio, in ms of session input audio. */
export type VadEvent =
  | { readonly kind: "speech_started"; readonly audioStartMs: number }
  | { readonly kind: "speech_stopped"; readonly audioEndMs: number };

const FRAME_MS = 10;

/**
 * Level a 10 ms frame must reach (RMS as a fraction of full scale) to count as speech:
 * `threshold / 10`, so the default 0.5 means about −26 dBFS and a higher threshold
 * needs louder speech, as with the service.
 */
export function speechLevelFor(threshold: number): number {
  return threshold / 10;
}

/**
 * Energy-based voice activity detection over 10 ms frames. Times come from sample
 * counts, never the wall clock, so results are exact for generated audio.
 */
export class EnergyVad {
  #pending = new Int16Array(0);
  #pendingRate = 0;
  #positionMs = 0;
  #inSpeech = false;
  #runStartMs = 0;
  #runMs = 0;
  #silenceMs = 0;
  #lastSpeechEndMs = 0;

  /** True between `speech_started` and `speech_stopped`. */
  get inSpeech(): boolean {
    return this.#inSpeech;
  }

  /** Forgets a turn in progress (after a buffer clear or a VAD change). */
  reset(positionMs: number): void {
    this.#pending = new Int16Array(0);
    this.#positionMs = positionMs;
    this.#inSpeech = false;
    this.#runMs = 0;
    this.#silenceMs = 0;
  }

  /** Feeds samples that start at `startMs` of session audio and returns the turn boundaries they complete. */
  process(samples: Int16Array, sampleRate: number, startMs: number, settings: VadSettings): VadEvent[] {
    if (sampleRate !== this.#pendingRate || this.#pending.length === 0) {
      this.#pending = new Int16Array(0);
      this.#pendingRate = sampleRate;
      this.#positionMs = startMs;
    }
    const joined = new Int16Array(this.#pending.length + samples.length);
    joined.set(this.#pending);
    joined.set(samples, this.#pending.length);
    const frame = (sampleRate * FRAME_MS) / 1000;
    const level = speechLevelFor(settings.threshold);
    const events: VadEvent[] = [];
    let offset = 0;
    for (; offset + frame <= joined.length; offset += frame) {
      let sum = 0;
      for (let i = offset; i < offset + frame; i++) {
        const s = joined[i]! / 32768;
        sum += s * s;
      }
      const event = this.#frame(Math.sqrt(sum / frame) >= level, settings);
      if (event !== undefined) events.push(event);
      this.#positionMs += FRAME_MS;
    }
    this.#pending = joined.slice(offset);
    return events;
  }

  #frame(speech: boolean, settings: VadSettings): VadEvent | undefined {
    const start = this.#positionMs;
    if (speech) {
      this.#silenceMs = 0;
      this.#lastSpeechEndMs = start + FRAME_MS;
      if (this.#inSpeech) return undefined;
      if (this.#runMs === 0) this.#runStartMs = start;
      this.#runMs += FRAME_MS;
      if (this.#runMs < Math.max(FRAME_MS, settings.speechDurationMs)) return undefined;
      this.#inSpeech = true;
      this.#runMs = 0;
      return { kind: "speech_started", audioStartMs: Math.max(0, this.#runStartMs - settings.prefixPaddingMs) };
    }
    this.#runMs = 0;
    if (!this.#inSpeech) return undefined;
    this.#silenceMs += FRAME_MS;
    if (this.#silenceMs < settings.silenceDurationMs) return undefined;
    this.#inSpeech = false;
    this.#silenceMs = 0;
    return { kind: "speech_stopped", audioEndMs: this.#lastSpeechEndMs };
  }
}
