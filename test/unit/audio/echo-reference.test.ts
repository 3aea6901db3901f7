import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { EchoReferenceSource } from "../../../src/audio/echo-reference-source.js";
import { echoReferenceSessionConfig } from "../../../src/audio/echo-session-config.js";
import { TappedSink, isPlaybackTap } from "../../../src/audio/echo-tapped-sink.js";
import { connect, deinterleave, type AudioSink, type AudioSource, type PcmFormat, type VoiceLiveSession } from "../../../src/index.js";
import { FakeServer } from "../../helpers/fake-transport.js";
import { ArraySource, MemorySink } from "../../helpers/memory-audio.js";

/** A microphone the test feeds by hand: each `push` is one chunk arriving now. */
class PushSource implements AudioSource {
  readonly #queue: Uint8Array[] = [];
  #wake: (() => void) | undefined;
  closed = false;
  constructor(readonly format: PcmFormat) {}
  push(samples: Int16Array): void {
    this.#queue.push(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    this.#wake?.();
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async close(): Promise<void> {
    this.closed = true;
    this.#wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const next = this.#queue.shift();
      if (next !== undefined) yield next;
      else if (this.closed) return;
      else await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

const sine = (ms: number, rate: number, hz = 1000, amplitude = 0.5): Int16Array =>
  Int16Array.from({ length: Math.round((rate * ms) / 1000) }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / rate)));
const bytes = (samples: Int16Array): Uint8Array => new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);

/** First sample index whose magnitude passes `threshold`, or -1. */
const onset = (samples: Int16Array, threshold = 2000): number => samples.findIndex((s) => Math.abs(s) > threshold);
const lastLoud = (samples: Int16Array, threshold = 2000): number => {
  for (let i = samples.length - 1; i >= 0; i--) if (Math.abs(samples[i]!) > threshold) return i;
  return -1;
};
const peak = (samples: Int16Array): number => samples.reduce((m, s) => Math.max(m, Math.abs(s)), 0);

interface Rig {
  clock: { ms: number };
  mic: PushSource;
  echo: EchoReferenceSource;
  sink: MemorySink;
  /** Advances the clock by `ms` then delivers `samples` (default: silence of `ms`) as one chunk; returns the stereo output. */
  tick(ms: number, samples?: Int16Array): Promise<Int16Array>;
}

async function rig(micFormat: PcmFormat = { sampleRate: 24000, channels: 1 }, sinkFormat: PcmFormat = { sampleRate: 24000, channels: 1 }): Promise<Rig> {
  const clock = { ms: 1000 };
  const now = (): number => clock.ms;
  const mic = new PushSource(micFormat);
  const sink = new MemorySink(sinkFormat, now);
  const echo = new EchoReferenceSource({ microphone: mic, sink, now });
  await echo.start();
  const iterator = echo[Symbol.asyncIterator]();
  return {
    clock,
    mic,
    echo,
    sink,
    async tick(ms, samples) {
      clock.ms += ms;
      mic.push(samples ?? new Int16Array(Math.round((micFormat.sampleRate * ms) / 1000) * micFormat.channels));
      const result = await iterator.next();
      return new Int16Array((result.value as Uint8Array).slice().buffer);
    },
  };
}

/** Runs `chunks` ticks of 20 ms, calling `at(i)` before tick i; returns [mic, reference] planes. */
async function run(r: Rig, chunks: number, at: (i: number) => Promise<void> | void, micAudio?: (i: number) => Int16Array | undefined): Promise<Int16Array[]> {
  const out: Int16Array[] = [];
  for (let i = 0; i < chunks; i++) {
    await at(i);
    out.push(await r.tick(20, micAudio?.(i)));
  }
  const all = new Int16Array(out.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of out) {
    all.set(c, offset);
    offset += c.length;
  }
  return deinterleave(all, 2);
}

describe("EchoReferenceSource on a fake clock", () => {
  it("puts a 1 kHz tone the sink plays on channel 1 at the moment it played, with a silent microphone on channel 0", async () => {
    const r = await rig();
    expect(r.echo.format).toEqual({ sampleRate: 24000, channels: 2 });
    // Chunk i covers [20 i, 20 i + 20) ms of capture; the tone starts playing at 200 ms and lasts 500 ms.
    const [mic, reference] = await run(r, 50, async (i) => {
      if (i === 10) for (let k = 0; k < 5; k++) await r.echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(sine(100, 24000)) });
    });
    expect(peak(mic!)).toBe(0);
    expect(onset(reference!)).toBeGreaterThanOrEqual(4800);
    expect(onset(reference!)).toBeLessThanOrEqual(4801);
    expect(lastLoud(reference!)).toBeGreaterThan(16800 - 24);
    expect(lastLoud(reference!)).toBeLessThan(16800);
    // Sample for sample, the reference is the tone that was written.
    expect(Array.from(reference!.subarray(4800, 16800))).toEqual(Array.from(sine(500, 24000)));
  });

  it("keeps the reference silent and passes a microphone tone through unchanged when nothing plays", async () => {
    const r = await rig();
    const tone = sine(1000, 24000);
    const [mic, reference] = await run(r, 50, () => {}, (i) => tone.slice(i * 480, i * 480 + 480));
    expect(peak(reference!)).toBe(0);
    expect(Array.from(mic!)).toEqual(Array.from(tone));
  });

  it("places playback that starts between two microphone chunks at its start, and silence after it ends", async () => {
    const r = await rig();
    const [, reference] = await run(r, 30, async (i) => {
      if (i === 5) {
        r.clock.ms += 7; // the reply arrives 7 ms into chunk 5
        await r.echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(sine(50, 24000)) });
        r.clock.ms -= 7;
      }
    });
    // Chunk 5 ends at 120 ms, so it covers 100..120 ms: the tone starts at 107 ms and ends at 157 ms.
    expect(onset(reference!)).toBe(107 * 24 + 1);
    expect(lastLoud(reference!)).toBeLessThan(157 * 24);
    expect(lastLoud(reference!)).toBeGreaterThan(156 * 24);
  });

  it("keeps only what played before a clear() (barge-in) in the reference", async () => {
    const r = await rig();
    const [, reference] = await run(r, 40, async (i) => {
      if (i === 5) await r.echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(sine(1000, 24000)) });
      if (i === 15) r.echo.sink.clear();
    });
    expect(onset(reference!)).toBeLessThanOrEqual(100 * 24 + 1);
    expect(lastLoud(reference!)).toBeGreaterThan(299 * 24);
    expect(lastLoud(reference!)).toBeLessThan(300 * 24);
  });

  it("aligns chunks that arrive in bursts by their sample count, not their arrival", async () => {
    const r = await rig();
    const out: Int16Array[] = [];
    await r.echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(sine(300, 24000)) });
    r.clock.ms += 20;
    // The first delivery is on time; later ones come 5 chunks at a time, 100 ms late at worst.
    out.push(await r.tick(0, new Int16Array(480)));
    for (let burst = 0; burst < 4; burst++) {
      r.clock.ms += 100;
      for (let k = 0; k < 5; k++) out.push(await r.tick(0, new Int16Array(480)));
    }
    const [, reference] = deinterleave(Int16Array.from(out.flatMap((c) => Array.from(c))), 2);
    expect(Array.from(reference!.subarray(0, 300 * 24))).toEqual(Array.from(sine(300, 24000)));
    expect(peak(reference!.subarray(300 * 24))).toBe(0);
  });

  it("resamples a 24 kHz stereo sink to a 16 kHz microphone, lagging by the filter's half length (1.6 ms)", async () => {
    const r = await rig({ sampleRate: 16000, channels: 1 }, { sampleRate: 24000, channels: 2 });
    const stereoTone = new Int16Array(2 * 12000);
    sine(500, 24000).forEach((s, i) => stereoTone.fill(s, 2 * i, 2 * i + 2));
    const [, reference] = await run(r, 50, async (i) => {
      if (i === 10) await r.echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(stereoTone) });
    });
    const start = onset(reference!);
    // 200 ms at 16 kHz is sample 3200, plus the resampler's lag (38 input frames at 24 kHz and one output sample).
    const lagFrames = (38 / 24000 + 1 / 16000) * 16000;
    expect(Math.abs(start - (3200 + lagFrames))).toBeLessThanOrEqual(3);
    expect(peak(reference!.subarray(4000, 10000))).toBeGreaterThan(0.45 * 32767);
    expect(peak(reference!.subarray(11400))).toBeLessThan(2000);
  });

  it("restarts the capture clock after stop() and start()", async () => {
    const r = await rig();
    await run(r, 5, () => {});
    await r.echo.stop();
    r.clock.ms += 1000; // paused a second; the microphone captured nothing meanwhile
    await r.echo.start();
    const [, reference] = await run(r, 20, async (i) => {
      if (i === 5) await r.echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(sine(100, 24000)) });
    });
    expect(onset(reference!)).toBeGreaterThanOrEqual(100 * 24);
    expect(onset(reference!)).toBeLessThanOrEqual(100 * 24 + 1);
  });

  it("wraps a plain sink in a TappedSink and uses a TappedSink as is", () => {
    const mic = new PushSource({ sampleRate: 24000, channels: 1 });
    const plain = new MemorySink({ sampleRate: 24000, channels: 1 }, () => 0);
    const wrapped = new EchoReferenceSource({ microphone: mic, sink: plain });
    expect(wrapped.sink).toBeInstanceOf(TappedSink);
    expect((wrapped.sink as TappedSink).inner).toBe(plain);
    const tapped = new TappedSink(plain);
    expect(new EchoReferenceSource({ microphone: mic, sink: tapped }).sink).toBe(tapped);
    expect(isPlaybackTap(plain)).toBe(false);
    expect(() => new EchoReferenceSource({ microphone: mic } as never)).toThrow(TypeError);
    expect(() => new EchoReferenceSource({ microphone: mic, sink: plain, referenceDelayMs: Number.NaN })).toThrow(TypeError);
  });

  it("shifts the reference later by referenceDelayMs", async () => {
    const clock = { ms: 0 };
    const now = (): number => clock.ms;
    const mic = new PushSource({ sampleRate: 24000, channels: 1 });
    const echo = new EchoReferenceSource({ microphone: mic, sink: new MemorySink({ sampleRate: 24000, channels: 1 }, now), now, referenceDelayMs: 30 });
    await echo.start();
    const iterator = echo[Symbol.asyncIterator]();
    await echo.sink.write({ itemId: "a", contentIndex: 0, audio: bytes(sine(100, 24000)) });
    const chunks: Int16Array[] = [];
    for (let i = 0; i < 10; i++) {
      clock.ms += 20;
      mic.push(new Int16Array(480));
      chunks.push(new Int16Array(((await iterator.next()).value as Uint8Array).slice().buffer));
    }
    const [, reference] = deinterleave(Int16Array.from(chunks.flatMap((c) => Array.from(c))), 2);
    expect(onset(reference!)).toBeGreaterThanOrEqual(30 * 24);
    expect(onset(reference!)).toBeLessThanOrEqual(30 * 24 + 1);
  });
});

/**
 * A sink whose playback clock the test sets, per item, as a browser sink's clock moves
 * between (possibly late) reports from its audio thread.
 */
class ScriptedClockSink implements AudioSink {
  readonly format: PcmFormat = { sampleRate: 24000, channels: 1 };
  readonly played = new Map<string, number>();
  playing = false;
  async start(): Promise<void> {}
  async write(): Promise<void> {
    this.playing = true;
  }
  playedMs(itemId: string): number {
    return this.played.get(itemId) ?? 0;
  }
  clear(): undefined {
    this.playing = false;
    return undefined;
  }
  async close(): Promise<void> {}
}

describe("TappedSink when the sink's clock stops while audio is queued", () => {
  interface TapRig {
    clock: { ms: number };
    sink: ScriptedClockSink;
    tap: TappedSink;
    reports: Array<{ atMs: number; ms: number }>;
    /** Sets the clock to `atMs` and the item's played time to `playedMs`, then polls. */
    poll(atMs: number, playedMs: number, itemId?: string): void;
  }

  async function tapped(): Promise<TapRig> {
    const clock = { ms: 1000 };
    const sink = new ScriptedClockSink();
    const tap = new TappedSink(sink, { now: () => clock.ms });
    const reports: Array<{ atMs: number; ms: number }> = [];
    tap.onPlayed((audio, atMs) => reports.push({ atMs, ms: audio.byteLength / 48 }));
    // 200 ms of one item, written at once at 1000 ms.
    for (let i = 0; i < 10; i++) await tap.write({ itemId: "reply", contentIndex: 0, audio: bytes(sine(20, 24000)) });
    return {
      clock,
      sink,
      tap,
      reports,
      poll(atMs, playedMs, itemId = "reply") {
        clock.ms = atMs;
        sink.played.set(itemId, playedMs);
        tap.pollPlayed();
      },
    };
  }

  // Each case: polls as [wall ms, played ms], then the length of each report.
  it.each([
    {
      // A report from the audio thread is late: the clock stays at 30 ms for 6 ms of wall time.
      clock: "pauses for a few ms and catches up",
      polls: [[1010, 10], [1020, 20], [1030, 30], [1033, 30], [1036, 30], [1040, 40], [1050, 50]],
      reports: [10, 10, 10, 10, 10],
    },
    {
      // A browser's clock advances once per render callback: two readings lag by 8 and 7 ms.
      clock: "reads a render callback behind, as a browser's does",
      polls: [[1010, 10], [1020, 20], [1030, 22], [1040, 33], [1050, 50]],
      reports: [10, 10, 2, 11, 17],
    },
  ])("reports one continuous stretch when the clock $clock", async ({ polls, reports }) => {
    const r = await tapped();
    for (const [atMs, playedMs] of polls) r.poll(atMs!, playedMs!);
    expect(r.reports.map((report) => report.ms)).toEqual(reports);
    // Each report starts where the one before ended: no gap inside the played audio.
    let endMs = 1000;
    for (const report of r.reports) {
      expect(report.atMs).toBe(endMs);
      endMs += report.ms;
    }
  });

  // The clock stops at 20 ms (a stall: 180 ms still queued), then moves 10 ms by the last
  // poll: that audio ends at the poll, 24 or 26 ms after the last report ended.
  it.each([
    { gapMs: 24, lastPollMs: 1054, placedAtMs: 1020 },
    { gapMs: 26, lastPollMs: 1056, placedAtMs: 1046 },
  ])("after a stall, continues the last report across a $gapMs ms gap only if it is under 25 ms", async ({ lastPollMs, placedAtMs }) => {
    const r = await tapped();
    r.poll(1010, 10);
    r.poll(1020, 20);
    r.poll(1030, 20);
    r.poll(1050, 20);
    r.poll(lastPollMs, 30);
    expect(r.reports.at(-1)).toEqual({ atMs: placedAtMs, ms: 10 });
  });

  it("places audio after a stop that lasted (a jitter buffer filling again) when it really played", async () => {
    const r = await tapped();
    r.poll(1010, 10);
    r.poll(1020, 20);
    // The sink ran dry and waited 40 ms for its buffer; the queued audio then played on.
    r.poll(1040, 20);
    r.poll(1060, 20);
    r.poll(1070, 30);
    expect(r.reports).toEqual([
      { atMs: 1000, ms: 10 },
      { atMs: 1010, ms: 10 },
      { atMs: 1060, ms: 10 },
    ]);
  });

  // The last report ended at 1200 ms; the sink went idle, then new audio was written 150
  // or 10 ms later. Even 10 ms after, a gap under 25 ms, the new audio starts at the write.
  it.each([{ writeMs: 1350 }, { writeMs: 1210 }])("still places audio written to an idle sink no earlier than the write (at $writeMs ms)", async ({ writeMs }) => {
    const r = await tapped();
    r.poll(1200, 200);
    r.sink.playing = false;
    r.poll(writeMs - 5, 200);
    r.clock.ms = writeMs;
    await r.tap.write({ itemId: "next", contentIndex: 0, audio: bytes(sine(20, 24000)) });
    // A sink faster than real time: all 20 ms played 2 ms after the write.
    r.poll(writeMs + 2, 20, "next");
    expect(r.reports.at(-1)).toEqual({ atMs: writeMs, ms: 20 });
  });
});

describe("echoReferenceSessionConfig", () => {
  it("returns pcm16 input with a 2-channel client echo reference", () => {
    expect(echoReferenceSessionConfig()).toEqual({
      input_audio_format: "pcm16",
      input_audio_echo_cancellation: { type: "server_echo_cancellation", reference_source: "client", channels: 2 },
    });
  });
});

describe("AudioPipeline with a stereo source", () => {
  const sessions: VoiceLiveSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  async function pipelineSamples(config: object | undefined): Promise<Int16Array> {
    const server = new FakeServer();
    const session = await connect({
      endpoint: "https://res.services.ai.azure.com",
      credential: new AzureKeyCredential("k"),
      model: "gpt-realtime",
      transport: server.factory,
      pingIntervalMs: 0,
    });
    sessions.push(session);
    if (config !== undefined) server.last.receive({ type: "session.updated", session: { id: "s", ...config } });
    // 48 kHz stereo: a 1 kHz tone on the left, silence on the right, 200 ms.
    const left = sine(200, 48000, 1000, 0.5);
    const stereo = new Int16Array(2 * left.length);
    left.forEach((s, i) => (stereo[2 * i] = s));
    const source = new ArraySource({ sampleRate: 48000, channels: 2 }, [bytes(stereo.subarray(0, 4800)), bytes(stereo.subarray(4800))]);
    const pipeline = session.attachAudio({ source });
    await vi.waitFor(() => expect(server.last.sentOfType("input_audio_buffer.append").length).toBeGreaterThan(0));
    await pipeline.stop();
    const sent = Buffer.concat(server.last.sentOfType("input_audio_buffer.append").map((e) => Buffer.from(e.audio as string, "base64")));
    return new Int16Array(new Uint8Array(sent).buffer);
  }

  it("sends interleaved stereo, each channel resampled, when the session takes a 2-channel echo reference", async () => {
    const samples = await pipelineSamples(echoReferenceSessionConfig());
    // 200 ms at 24 kHz, two channels.
    expect(Math.abs(samples.length - 2 * 4800)).toBeLessThanOrEqual(8);
    const [left, right] = deinterleave(samples.subarray(0, samples.length - (samples.length % 2)), 2);
    expect(peak(left!.subarray(100, 4700))).toBeGreaterThan(0.45 * 32767);
    expect(peak(right!)).toBeLessThan(50);
  });

  it("still mixes a stereo source to mono when the session does not ask for 2 channels", async () => {
    const samples = await pipelineSamples({ input_audio_echo_cancellation: { type: "server_echo_cancellation" } });
    expect(Math.abs(samples.length - 4800)).toBeLessThanOrEqual(4);
    // The tone on one channel of two, averaged: half its amplitude.
    expect(peak(samples.subarray(100, 4700))).toBeLessThan(0.3 * 32767);
    expect(peak(samples.subarray(100, 4700))).toBeGreaterThan(0.2 * 32767);
  });
});
