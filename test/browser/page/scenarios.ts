/**
 * Measurements that run wholly inside the page, so no RPC latency blurs them: each returns
 * plain numbers for the Node-side test to assert on.
 */
import { MicrophoneSource } from "../../../src/browser/microphone-source.js";
import { SpeakerSink } from "../../../src/browser/speaker-sink.js";
import { createBase64Codec } from "../../../src/encoding/base64.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** PCM16 of a sine tone at 0.5 full scale. */
function tone(ms: number, sampleRate = 24000, hz = 440): Uint8Array {
  const samples = new Int16Array(Math.round((ms * sampleRate) / 1000));
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(16384 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return new Uint8Array(samples.buffer);
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error("timed out waiting in the page");
    await sleep(2);
  }
}

/** Captures for `seconds` and reports the sample rate seen and the level in 100 ms windows. */
export async function micCapture(options: { contextSampleRate?: number; seconds: number }) {
  const mic = new MicrophoneSource(options.contextSampleRate === undefined ? {} : { contextSampleRate: options.contextSampleRate });
  await mic.start();
  const iterator = mic[Symbol.asyncIterator]();
  const levels: number[] = [];
  const chunkBytes = new Set<number>();
  let window: number[] = [];
  let firstAt = 0;
  let lastAt = 0;
  let countedSamples = 0;
  let chunks = 0;
  const warmupEnd = performance.now() + 300;
  const end = warmupEnd + options.seconds * 1000;
  while (performance.now() < end) {
    const { done, value } = await iterator.next();
    if (done === true) break;
    const now = performance.now();
    chunkBytes.add(value.byteLength);
    if (now < warmupEnd) continue;
    const samples = new Int16Array(value.buffer, value.byteOffset, value.byteLength / 2);
    // The first chunk after warm-up only marks the start; samples are counted after it.
    if (chunks++ === 0) firstAt = now;
    else countedSamples += samples.length;
    lastAt = now;
    for (const s of samples) window.push(s / 32768);
    if (window.length >= mic.format.sampleRate / 10) {
      levels.push(Math.sqrt(window.reduce((sum, x) => sum + x * x, 0) / window.length));
      window = [];
    }
  }
  const contextRate = mic.audioContext!.sampleRate;
  await mic.close();
  return { contextRate, chunks, chunkBytes: [...chunkBytes], measuredRate: (countedSamples / (lastAt - firstAt)) * 1000, levels };
}

/** Plays a long tone and compares the played-time advance with wall time over `windowMs`. */
export async function speakerClock(options: { contextSampleRate?: number; windowMs: number }) {
  const sink = new SpeakerSink(options.contextSampleRate === undefined ? {} : { contextSampleRate: options.contextSampleRate });
  await sink.write({ itemId: "a", contentIndex: 0, audio: tone(3000) });
  await until(() => sink.playedMs("a") > 100, 2000);
  const wall0 = performance.now();
  const played0 = sink.playedMs("a");
  await sleep(options.windowMs);
  const wall1 = performance.now();
  const played1 = sink.playedMs("a");
  const contextRate = sink.audioContext!.sampleRate;
  await sink.close({ drain: false });
  return { contextRate, wallMs: wall1 - wall0, playedMs: played1 - played0 };
}

interface WorkletMessage {
  type: string;
  frame: number;
  played: number[];
}

/** A processor that records the last frame at which its input was not silent. */
const PROBE_SOURCE = `registerProcessor("test-probe", class extends AudioWorkletProcessor {
  constructor() { super(); this.last = -1; this.port.onmessage = () => this.port.postMessage(this.last); }
  process(inputs) {
    const input = inputs[0];
    for (const channel of input) for (let i = 0; i < channel.length; i++) if (channel[i] !== 0) this.last = Math.max(this.last, currentFrame + i);
    return true;
  }
});`;

/** Plays a tone, clears it mid-item and reports what the worklet and a downstream probe saw. */
export async function speakerClear(options: { contextSampleRate?: number; playMs: number }) {
  const sink = new SpeakerSink(options.contextSampleRate === undefined ? {} : { contextSampleRate: options.contextSampleRate });
  await sink.start();
  const context = sink.audioContext!;
  const rate = context.sampleRate;
  await context.audioWorklet.addModule(URL.createObjectURL(new Blob([PROBE_SOURCE], { type: "text/javascript" })));
  const probe = new AudioWorkletNode(context, "test-probe", { numberOfOutputs: 0 });
  sink.node!.connect(probe);
  // The worklet's own counters, read alongside the sink (the sink keeps its onmessage).
  const messages: WorkletMessage[] = [];
  sink.node!.port.addEventListener("message", (event: MessageEvent<WorkletMessage>) => messages.push(event.data));
  await sink.write({ itemId: "a", contentIndex: 0, audio: tone(2000) });
  await until(() => sink.playedMs("a") >= options.playMs, 3000);
  const calledAtFrame = context.currentTime * rate;
  const cleared = sink.clear()!;
  const frozen = sink.playedMs("a");
  await until(() => messages.some((m) => m.type === "flushed"), 1000);
  await sleep(200);
  const flushed = messages.find((m) => m.type === "flushed")!;
  let renderedFrames = 0;
  for (const m of messages.slice(0, messages.indexOf(flushed) + 1)) for (let i = 1; i < m.played.length; i += 2) renderedFrames += m.played[i]!;
  const lastSoundFrame = await new Promise<number>((resolve) => {
    probe.port.onmessage = (event: MessageEvent<number>) => resolve(event.data);
    probe.port.postMessage("last");
  });
  const result = {
    contextRate: rate,
    cleared,
    frozen,
    frozenLater: sink.playedMs("a"),
    playingAfter: sink.playing,
    exactPlayedMs: (renderedFrames / rate) * 1000,
    flushFrame: flushed.frame,
    calledAtFrame,
    lastSoundFrame,
  };
  await sink.close({ drain: false });
  return result;
}

/** Plays two items back to back and reports each item's clock midway and at the end. */
export async function speakerTwoItems(options: { contextSampleRate?: number }) {
  const sink = new SpeakerSink(options.contextSampleRate === undefined ? {} : { contextSampleRate: options.contextSampleRate });
  const messages: WorkletMessage[] = [];
  await sink.start();
  sink.node!.port.addEventListener("message", (event: MessageEvent<WorkletMessage>) => messages.push(event.data));
  await sink.write({ itemId: "a", contentIndex: 0, audio: tone(300) });
  await sink.write({ itemId: "b", contentIndex: 0, audio: tone(300, 24000, 660) });
  await until(() => sink.playedMs("b") > 100, 3000);
  const midway = { a: sink.playedMs("a"), b: sink.playedMs("b") };
  await until(() => !sink.playing, 3000);
  const end = { a: sink.playedMs("a"), b: sink.playedMs("b") };
  let renderedFrames = 0;
  for (const m of messages) for (let i = 1; i < m.played.length; i += 2) renderedFrames += m.played[i]!;
  const rate = sink.audioContext!.sampleRate;
  await sink.close();
  return { contextRate: rate, midway, end, renderedMs: (renderedFrames / rate) * 1000 };
}

/** Runs the native base64 backend against the table backend on random and malformed inputs. */
export function base64Agreement(cases: number) {
  const native = createBase64Codec("native");
  const table = createBase64Codec("table");
  const mismatches: string[] = [];
  for (let n = 0; n < cases; n++) {
    const bytes = crypto.getRandomValues(new Uint8Array(n % 7 === 0 ? n * 13 : n % 97));
    const a = native.encode(bytes);
    const b = table.encode(bytes);
    if (a !== b) mismatches.push(`encode ${bytes.length}`);
    const unpadded = b.replace(/=+$/, "");
    for (const text of [b, unpadded]) {
      const x = native.decode(text);
      const y = table.decode(text);
      if (x.length !== y.length || x.some((v, i) => v !== y[i]) || y.some((v, i) => v !== bytes[i])) mismatches.push(`decode ${text.length}`);
    }
  }
  const malformed = ["A", "AB=C", "AB C", "ABC\n", "AB-_", "ABC==", "=", "AB==AB==", "ÿÿÿÿ", "AAA*"];
  for (const text of malformed) {
    const outcome = (codec: typeof native) => {
      try {
        codec.decode(text);
        return "ok";
      } catch (error) {
        return (error as Error).name;
      }
    };
    const a = outcome(native);
    const b = outcome(table);
    if (a !== b) mismatches.push(`malformed ${JSON.stringify(text)}: native ${a}, table ${b}`);
  }
  return { backend: native.backend, cases, malformed: malformed.length, mismatches };
}

function describeError(error: unknown) {
  const e = error as { name?: string; code?: string; message?: string };
  return { name: String(e.name), code: e.code, message: String(e.message) };
}

/** Starts a sink (loading the worklet from `workletUrl` when given) and reports the outcome. */
export async function speakerStart(options: { workletUrl?: string }) {
  const sink = new SpeakerSink(options.workletUrl === undefined ? {} : { workletUrl: options.workletUrl });
  try {
    await sink.start();
    await sink.write({ itemId: "a", contentIndex: 0, audio: tone(100) });
    await until(() => !sink.playing, 2000);
    return { ok: true as const, playedMs: sink.playedMs("a") };
  } catch (error) {
    return { ok: false as const, error: describeError(error) };
  } finally {
    await sink.close({ drain: false });
  }
}

/** Opens a microphone with `deviceId` and reports the outcome. */
export async function micStart(options: { deviceId?: string }) {
  const mic = new MicrophoneSource(options.deviceId === undefined ? {} : { deviceId: options.deviceId });
  try {
    await mic.start();
    return { ok: true as const };
  } catch (error) {
    return { ok: false as const, error: describeError(error) };
  } finally {
    await mic.close();
  }
}

