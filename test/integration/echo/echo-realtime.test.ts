import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EchoReferenceSource } from "../../../src/audio/echo-reference-source.js";
import { deinterleave } from "../../../src/index.js";
import { createCommandEchoReference } from "../../../src/node/echo-reference.js";
import { WavFileSink } from "../../../src/node/wav-file-sink.js";
import { tempDir } from "../../unit/node/node-test-helpers.js";
import { PacedSource, joinPcm, lastLoudIndex, onsetIndex, sine } from "./paced-source.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const toneBytes = (ms: number, rate: number): Uint8Array => new Uint8Array(sine(ms, rate).buffer);

describe("EchoReferenceSource on the real clock", () => {
  it("aligns a 1 kHz tone played through WavFileSink { realtime: true } with a silent paced microphone to within one 20 ms frame", async () => {
    const temp = tempDir();
    cleanups.push(temp.remove);
    const mic = new PacedSource(24000);
    const sink = new WavFileSink(join(temp.dir, "played.wav"), { format: { sampleRate: 24000, channels: 1 }, realtime: true });
    const echo = new EchoReferenceSource({ microphone: mic, sink });
    cleanups.push(() => echo.close(), () => sink.close({ drain: false }));
    // Opened ahead, so the write starts the sink's clock at once rather than after opening the file.
    await echo.sink.start();
    await echo.start();
    const chunks: Uint8Array[] = [];
    const collecting = (async () => {
      for await (const chunk of echo) {
        chunks.push(chunk);
        if (chunks.length === 60) break;
      }
    })();
    await sleep(300);
    await echo.sink.write({ itemId: "a", contentIndex: 0, audio: toneBytes(500, 24000) });
    // When the tone started by the sink's own playback clock.
    const playedFromMs = performance.now() - sink.playedMs("a");
    await collecting;
    const [micChannel, reference] = deinterleave(joinPcm(chunks), 2);
    expect(lastLoudIndex(micChannel!, 0)).toBe(-1);
    // Sample k of the microphone was captured at startedAtMs + k / 24 ms.
    const expectedOnset = (playedFromMs - mic.startedAtMs) * 24;
    const errorMs = (onsetIndex(reference!) - expectedOnset) / 24;
    expect(Math.abs(errorMs)).toBeLessThanOrEqual(20);
    const toneMs = (lastLoudIndex(reference!) - onsetIndex(reference!)) / 24;
    expect(Math.abs(toneMs - 500)).toBeLessThanOrEqual(20);
    process.stdout.write(`echo reference alignment on the real clock (WavFileSink): ${errorMs.toFixed(2)} ms, tone ${toneMs.toFixed(2)} ms\n`);
  });

  it("pairs a command recorder and player (createCommandEchoReference) and places the played tone at the chunk it played in", async () => {
    // A recorder that "captures" silence on the real clock (20 ms chunks, paced by elapsed
    // time, not by a drifting interval), and a player that swallows its input.
    const recorder = `const b = Buffer.alloc(960), t0 = performance.now(); let n = 0;
      setInterval(() => { while ((n + 1) * 20 <= performance.now() - t0) { process.stdout.write(b); n++; } }, 2);`;
    const echo = createCommandEchoReference({
      microphone: { command: { command: process.execPath, args: ["-e", recorder] } },
      speaker: { command: { command: process.execPath, args: ["-e", "process.stdin.resume()"] } },
    });
    cleanups.push(() => echo.source.close(), () => echo.sink.close({ drain: false }));
    expect(echo.session.input_audio_echo_cancellation.channels).toBe(2);
    expect(echo.source.format).toEqual({ sampleRate: 24000, channels: 2 });
    await echo.source.start();
    const chunks: { audio: Uint8Array; atMs: number }[] = [];
    let playedFromMs = 0;
    for await (const audio of echo.source) {
      chunks.push({ audio, atMs: performance.now() });
      if (chunks.length === 15) {
        await echo.sink.write({ itemId: "a", contentIndex: 0, audio: toneBytes(400, 24000) });
        playedFromMs = performance.now() - echo.sink.playedMs("a");
      }
      if (chunks.length === 60) break;
    }
    const [micChannel, reference] = deinterleave(joinPcm(chunks.map((c) => c.audio)), 2);
    expect(lastLoudIndex(micChannel!, 0)).toBe(-1);
    const start = onsetIndex(reference!);
    expect(start).toBeGreaterThan(0);
    // The chunk holding the onset cannot arrive before the tone started playing, and arrives
    // within the recorder's 20 ms writes plus pipe and event-loop jitter (a generous 3 chunks).
    let frames = 0;
    const holding = chunks.find((c) => (frames += c.audio.byteLength / 4) > start)!;
    expect(holding.atMs).toBeGreaterThanOrEqual(playedFromMs);
    expect(holding.atMs - playedFromMs).toBeLessThanOrEqual(60);
    expect(Math.abs((lastLoudIndex(reference!) - start) / 24 - 400)).toBeLessThanOrEqual(20);
  });
});
