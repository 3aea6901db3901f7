/**
 * The session's uncommitted input audio as mono samples, placed on the session's
 * input clock (ms of input audio since the session started, from sample counts).
 */
export class InputAudioBuffer {
  #chunks: Int16Array[] = [];
  #length = 0;
  #startMs = 0;
  #sampleRate = 24000;
  #clockMs = 0;

  /** Ms of input audio received in this session: the end of the buffer on the input clock. */
  get clockMs(): number {
    return this.#clockMs;
  }

  get sampleRate(): number {
    return this.#sampleRate;
  }

  /** Ms of audio in the buffer. */
  get durationMs(): number {
    return (this.#length * 1000) / this.#sampleRate;
  }

  /** Adds samples; a new rate drops what is buffered, since mixed rates cannot form one item. */
  append(samples: Int16Array, sampleRate: number): void {
    if (sampleRate !== this.#sampleRate) {
      this.clear();
      this.#sampleRate = sampleRate;
    }
    if (this.#length === 0) this.#startMs = this.#clockMs;
    this.#chunks.push(samples);
    this.#length += samples.length;
    this.#clockMs += (samples.length * 1000) / sampleRate;
  }

  /** Empties the buffer; the clock keeps running. */
  clear(): void {
    this.#chunks = [];
    this.#length = 0;
    this.#startMs = this.#clockMs;
  }

  /**
   * Removes and returns the audio between two clock times (whole buffer by default);
   * audio before `toMs` is dropped, audio after it stays for the next turn.
   */
  take(fromMs = this.#startMs, toMs = this.#clockMs): Int16Array {
    const all = this.#joined();
    const from = this.#indexOf(fromMs);
    const to = Math.max(from, this.#indexOf(toMs));
    const taken = all.slice(from, to);
    const rest = all.slice(to);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    this.#startMs = this.#clockMs - (rest.length * 1000) / this.#sampleRate;
    return taken;
  }

  /** Drops audio older than `keepMs` before the clock, bounding memory while nobody speaks. */
  trim(keepMs: number): void {
    if (this.durationMs <= keepMs * 2) return;
    this.take(this.#startMs, this.#clockMs - keepMs);
  }

  #indexOf(ms: number): number {
    const index = Math.round(((ms - this.#startMs) * this.#sampleRate) / 1000);
    return Math.min(this.#length, Math.max(0, index));
  }

  #joined(): Int16Array {
    if (this.#chunks.length === 1) return this.#chunks[0]!;
    const out = new Int16Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    this.#chunks = [out];
    return out;
  }
}
