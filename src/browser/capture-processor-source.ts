/**
 * The capture AudioWorkletProcessor, as JavaScript source text. It is a string, not a
 * module, so it reaches the audio thread through a Blob URL with no bundler support and
 * no separate asset; `worklet-module.ts` joins it with the playback processor.
 */

/** The name the capture processor registers under. */
export const CAPTURE_PROCESSOR_NAME = "voicelive-capture";

/**
 * Source of the capture processor: it downmixes its input to mono and posts it to the main
 * thread in batches of `processorOptions.batchFrames` frames at the context's rate, as
 * `{ type: "audio", samples: Float32Array }` with the buffer transferred. Messages in:
 * `{ type: "run", running }` (while not running it posts nothing) and `{ type: "stop" }`.
 */
export const CAPTURE_PROCESSOR_SOURCE = `
class VoiceLiveCaptureProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = (options && options.processorOptions) || {};
    this.batchFrames = Math.max(128, o.batchFrames | 0);
    this.batch = new Float32Array(this.batchFrames);
    this.filled = 0;
    this.running = false;
    this.alive = true;
    this.port.onmessage = (event) => {
      const m = event.data;
      if (m.type === "run") {
        this.running = m.running === true;
        this.filled = 0;
      } else if (m.type === "stop") {
        this.alive = false;
      }
    };
  }

  process(inputs) {
    if (!this.alive) return false;
    if (!this.running) return true;
    const input = inputs[0] || [];
    const channels = input.length;
    // A source with no channels (a muted or ended track) still advances time: it is silence.
    const frames = channels > 0 ? input[0].length : 128;
    const scale = channels > 0 ? 1 / channels : 0;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += input[c][i];
      this.batch[this.filled++] = sum * scale;
      if (this.filled === this.batchFrames) {
        this.port.postMessage({ type: "audio", samples: this.batch }, [this.batch.buffer]);
        this.batch = new Float32Array(this.batchFrames);
        this.filled = 0;
      }
    }
    return true;
  }
}
registerProcessor("${CAPTURE_PROCESSOR_NAME}", VoiceLiveCaptureProcessor);
`;
