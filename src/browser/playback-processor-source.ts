/**
 * The playback AudioWorkletProcessor, as JavaScript source text (see
 * `capture-processor-source.ts` for why it is a string).
 */

/** The name the playback processor registers under. */
export const PLAYBACK_PROCESSOR_NAME = "voicelive-playback";

/**
 * Source of the playback processor: a queue of interleaved Float32 blocks at the context's
 * rate, each tagged with a segment number, played back to back. After the queue runs dry it
 * waits (primes) until `jitterFrames` are queued, or until queued plus waited frames reach
 * `jitterFrames`, so a short burst is not held longer than the buffer itself.
 *
 * It counts every frame it renders per segment and posts the counts since its last report
 * as `{ type: "report", frame, state, head, queued, played: [segment, frames, …] }`, where
 * `frame` is the context frame up to which it has rendered; it reports every `reportFrames`
 * frames while counts change, and at once when its state changes. Messages in:
 * `{ type: "push", segment, samples }`, `{ type: "flush", id }` (drop everything before the
 * next render quantum; answered by `{ type: "flushed", id, … }` with the same fields as a
 * report), `{ type: "drain" }` (stop priming: play what comes at once) and `{ type: "stop" }`.
 */
export const PLAYBACK_PROCESSOR_SOURCE = `
class VoiceLivePlaybackProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.channels = Math.max(1, o.channels | 0);
    this.jitterFrames = Math.max(0, o.jitterFrames | 0);
    this.reportFrames = Math.max(128, o.reportFrames | 0);
    this.queue = [];
    this.offset = 0;
    this.queued = 0;
    this.state = "idle";
    this.waited = 0;
    this.draining = false;
    this.alive = true;
    this.pending = new Map();
    this.sinceReport = 0;
    this.port.onmessage = (event) => this.receive(event.data);
  }

  receive(m) {
    if (m.type === "push") {
      this.queue.push(m);
      this.queued += m.samples.length / this.channels;
      if (this.state === "idle") {
        this.state = "priming";
        this.waited = 0;
      }
    } else if (m.type === "flush") {
      this.queue = [];
      this.offset = 0;
      this.queued = 0;
      this.state = "idle";
      this.post("flushed", m.id, currentFrame);
    } else if (m.type === "drain") {
      this.draining = true;
    } else if (m.type === "stop") {
      this.alive = false;
    }
  }

  // Between quanta currentFrame is the next quantum's first frame; inside process() the
  // caller adds the quantum's size, so a report always names the frame rendered up to.
  post(type, id, frame) {
    const played = [];
    for (const [segment, frames] of this.pending) played.push(segment, frames);
    this.pending.clear();
    this.sinceReport = 0;
    const head = this.queue.length > 0 ? this.queue[0].segment : -1;
    this.port.postMessage({ type, id, frame, state: this.state, head, queued: this.queued, played });
  }

  process(_inputs, outputs) {
    if (!this.alive) return false;
    const output = outputs[0];
    const size = output[0].length;
    const channels = Math.min(this.channels, output.length);
    const before = this.state;
    if (this.state === "priming") {
      if (this.draining || this.queued >= this.jitterFrames || this.queued + this.waited >= this.jitterFrames) {
        this.state = "playing";
      } else {
        this.waited += size;
      }
    }
    let written = 0;
    if (this.state === "playing") {
      while (written < size && this.queue.length > 0) {
        const block = this.queue[0];
        const frames = block.samples.length / this.channels - this.offset;
        const n = Math.min(frames, size - written);
        const samples = block.samples;
        for (let c = 0; c < channels; c++) {
          const out = output[c];
          for (let i = 0, s = this.offset * this.channels + c; i < n; i++, s += this.channels) out[written + i] = samples[s];
        }
        written += n;
        this.offset += n;
        this.queued -= n;
        this.pending.set(block.segment, (this.pending.get(block.segment) || 0) + n);
        if (this.offset * this.channels >= samples.length) {
          this.queue.shift();
          this.offset = 0;
        }
      }
      if (this.queue.length === 0) this.state = "idle";
    }
    for (let c = 0; c < output.length; c++) {
      const out = output[c];
      for (let i = c < channels ? written : 0; i < size; i++) out[i] = 0;
    }
    this.sinceReport += size;
    if (this.state !== before || (this.sinceReport >= this.reportFrames && this.pending.size > 0)) {
      this.post("report", undefined, currentFrame + size);
    }
    return true;
  }
}
registerProcessor("${PLAYBACK_PROCESSOR_NAME}", VoiceLivePlaybackProcessor);
`;
