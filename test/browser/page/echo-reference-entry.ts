/**
 * The echo-reference test bundle's entry: runs `createBrowserEchoReference` wholly inside
 * the page (no RPC latency between the clocks it compares) and puts the scenario on
 * `window.voiceliveEcho`.
 */
import { createBrowserEchoReference } from "../../../src/browser/echo-reference.js";
import type { ClearedPlayback } from "../../../src/audio/contracts.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** PCM16 of a sine tone at half of full scale. */
function tone(ms: number, sampleRate: number, hz: number): Int16Array {
  const samples = new Int16Array(Math.round((ms * sampleRate) / 1000));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(16384 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return samples;
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error("timed out waiting in the page");
    await sleep(1);
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Options for `echoTone`. */
export interface EchoToneOptions {
  /** Length of the 1 kHz tone written to the sink. */
  readonly toneMs: number;
  /** When to write it, after the source starts. */
  readonly writeAtMs: number;
  /** How long to iterate the stereo source. */
  readonly runMs: number;
  /** Clears the sink once this much of the tone has played. */
  readonly clearAtPlayedMs?: number;
}

/**
 * Starts an echo reference with the default options, writes a 1 kHz tone through its sink
 * in 20 ms chunks tagged with an item id (as the pipeline does), and iterates the stereo
 * source for `runMs`. Returns the stereo samples, when each chunk arrived, each report of
 * played audio (`[atMs, ms]`), and when the tone started playing by the sink's own clock
 * (`performance.now() − playedMs`, median of readings taken while it played).
 */
export async function echoTone(options: EchoToneOptions) {
  const kit = createBrowserEchoReference();
  const itemId = "reply-1";
  await kit.sink.start();
  await kit.source.start();
  let tapStartMs = Number.NaN;
  const reports: Array<[number, number]> = [];
  const unsubscribe = kit.sink.onPlayed((audio, atMs) => {
    if (Number.isNaN(tapStartMs)) tapStartMs = atMs;
    reports.push([atMs, (audio.byteLength / kit.sink.format.channels / 2 / kit.sink.format.sampleRate) * 1000]);
  });
  const startedAtMs = performance.now();
  const playStartReadings: number[] = [];
  let cleared: ClearedPlayback | null = null;
  const player = (async () => {
    await sleep(options.writeAtMs);
    const rate = kit.sink.format.sampleRate;
    const samples = tone(options.toneMs, rate, 1000);
    const chunkFrames = rate / 50;
    for (let offset = 0; offset < samples.length; offset += chunkFrames) {
      await kit.sink.write({ itemId, contentIndex: 0, audio: new Uint8Array(samples.slice(offset, offset + chunkFrames).buffer) });
    }
    await until(() => kit.sink.playedMs(itemId) > 0, 2000);
    const stopReadingAt = Math.min(options.clearAtPlayedMs ?? options.toneMs, options.toneMs) - 10;
    for (;;) {
      const played = kit.sink.playedMs(itemId);
      if (options.clearAtPlayedMs !== undefined && played >= options.clearAtPlayedMs) {
        cleared = kit.sink.clear() ?? null;
        break;
      }
      if (played < stopReadingAt) playStartReadings.push(performance.now() - played);
      else if (options.clearAtPlayedMs === undefined) break;
      await sleep(3);
    }
  })();
  const chunks: Uint8Array[] = [];
  const arrivals: number[] = [];
  const iterator = kit.source[Symbol.asyncIterator]();
  while (performance.now() - startedAtMs < options.runMs) {
    const result = await iterator.next();
    if (result.done === true) break;
    arrivals.push(performance.now());
    chunks.push(result.value);
  }
  await iterator.return?.();
  await player;
  const speakerContext = kit.speaker.audioContext!;
  const result = {
    format: kit.source.format,
    microphoneFormat: kit.source.microphone.format,
    speakerContextRate: speakerContext.sampleRate,
    outputLatencyMs: ((speakerContext.baseLatency || 0) + (speakerContext.outputLatency || 0)) * 1000,
    samples: chunks.flatMap((chunk) => Array.from(new Int16Array(chunk.slice().buffer))),
    chunkFrames: chunks.map((chunk) => chunk.byteLength / 4),
    arrivals,
    playedFromMs: median(playStartReadings),
    playStartReadings: playStartReadings.length,
    playStartMinMs: Math.min(...playStartReadings),
    tapStartMs,
    reports,
    playStartSpreadMs: Math.max(...playStartReadings) - Math.min(...playStartReadings),
    // Assigned in the player task, which TypeScript's narrowing does not follow.
    cleared: cleared as ClearedPlayback | null,
  };
  unsubscribe();
  await kit.source.close();
  await kit.sink.close({ drain: false });
  return result;
}

/** What the echo-reference test page exposes. */
export interface EchoReferenceTestPage {
  readonly echoTone: typeof echoTone;
}

(globalThis as unknown as { voiceliveEcho: EchoReferenceTestPage }).voiceliveEcho = { echoTone };
