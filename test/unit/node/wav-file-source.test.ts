import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { float32ToPcm16Bytes, pcm16BytesToFloat32 } from "../../../src/audio/pcm/sample-conversion.js";
import { parseWav } from "../../../src/audio/pcm/wav-parse.js";
import { decodeWavSamples, encodeWavSamples } from "../../../src/audio/pcm/wav-samples.js";
import { writeWav } from "../../../src/audio/pcm/wav-write.js";
import { VoiceLiveAudioError } from "../../../src/errors/audio-device-error.js";
import { WavFileSource } from "../../../src/node/wav-file-source.js";
import { audioFixture, tempDir } from "./node-test-helpers.js";

const tonePath = audioFixture("tone-1k-500ms-24k.wav");
const tone = new Uint8Array(parseWav(readFileSync(tonePath)).data);

async function collect(source: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}

const concat = (chunks: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
};

describe("WavFileSource", () => {
  const open: WavFileSource[] = [];
  const temps: (() => void)[] = [];
  const track = (source: WavFileSource): WavFileSource => (open.push(source), source);

  afterEach(async () => {
    vi.useRealTimers();
    for (const source of open.splice(0)) await source.close();
    for (const remove of temps.splice(0)) remove();
  });

  it("takes its format and duration from the file", async () => {
    const source = track(await WavFileSource.open(audioFixture("question-16k.wav")));
    expect(source.format).toEqual({ sampleRate: 16000, channels: 1 });
    expect(source.durationMs).toBeCloseTo(2884.6875, 3);
  });

  it("hands out the file in chunkMs chunks, the last one shorter, and nothing else", async () => {
    const source = track(await WavFileSource.open(tonePath, { chunkMs: 30 }));
    await source.start();
    const chunks = await collect(source);
    // 500 ms = 16 chunks of 30 ms (720 samples) + one of 20 ms.
    expect(chunks.map((c) => c.byteLength)).toEqual([...Array<number>(16).fill(1440), 960]);
    expect(concat(chunks)).toEqual(tone);
  });

  it("converts float, 24-bit and μ-law files to PCM16 in the file's rate and channels", async () => {
    const temp = tempDir();
    temps.push(temp.remove);
    const samples = pcm16BytesToFloat32(tone.subarray(0, 4800));
    const stereo = new Float32Array(samples.length * 2);
    samples.forEach((v, i) => {
      stereo[2 * i] = v;
      stereo[2 * i + 1] = -v;
    });
    for (const sampleType of ["float32", "pcm24", "mulaw"] as const) {
      const path = join(temp.dir, `${sampleType}.wav`);
      writeFileSync(path, writeWav({ sampleRate: 8000, channels: 2, sampleType }, encodeWavSamples(stereo, sampleType)));
      const source = track(await WavFileSource.open(path));
      expect(source.format).toEqual({ sampleRate: 8000, channels: 2 });
      await source.start();
      const pcm = concat(await collect(source));
      const wav = parseWav(readFileSync(path));
      expect(wav.format.sampleType).toBe(sampleType);
      expect(pcm).toEqual(float32ToPcm16Bytes(decodeWavSamples(wav.data, sampleType)));
      expect(pcm.byteLength).toBe(4800 * 2);
    }
  });

  it("loops without a gap or a short chunk when loop is set", async () => {
    const source = track(await WavFileSource.open(tonePath, { loop: true, chunkMs: 30 }));
    await source.start();
    const iterator = source[Symbol.asyncIterator]();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 40; i++) chunks.push((await iterator.next()).value as Uint8Array);
    expect(chunks.every((c) => c.byteLength === 1440)).toBe(true);
    const all = concat(chunks);
    expect(all.subarray(0, tone.byteLength)).toEqual(tone);
    expect(all.subarray(tone.byteLength, 2 * tone.byteLength)).toEqual(tone);
  });

  it("paces chunks in real time like a microphone, and holds the clock while stopped", async () => {
    const source = track(await WavFileSource.open(tonePath, { realtime: true }));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    await source.start();
    const iterator = source[Symbol.asyncIterator]();
    let settled = false;
    const first = iterator.next().then((r) => ((settled = true), r));
    await vi.advanceTimersByTimeAsync(19);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await first).value).toHaveLength(960);

    await source.stop();
    settled = false;
    const second = iterator.next().then((r) => ((settled = true), r));
    await vi.advanceTimersByTimeAsync(500);
    expect(settled).toBe(false);
    await source.start();
    await vi.advanceTimersByTimeAsync(19);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await second).done).toBe(false);
  });

  it("closes when a for-await loop is left early, ending later pulls", async () => {
    const source = track(await WavFileSource.open(tonePath));
    await source.start();
    for await (const chunk of source) {
      expect(chunk.byteLength).toBe(960);
      break;
    }
    await expect(source.start()).rejects.toMatchObject({ name: "VoiceLiveAudioError", code: "closed" });
    await expect(source[Symbol.asyncIterator]().next()).resolves.toEqual({ done: true, value: undefined });
  });

  it("rejects bad options before touching the file", async () => {
    const missing = "/nonexistent/never.wav";
    await expect(WavFileSource.open(missing, { chunkMs: 0 })).rejects.toThrow(RangeError);
    await expect(WavFileSource.open(missing, { chunkMs: 0 })).rejects.toThrow(/options\.chunkMs/);
    await expect(WavFileSource.open(missing, { realtime: "yes" as unknown as boolean })).rejects.toThrow(TypeError);
    await expect(WavFileSource.open(missing, { loop: 1 as unknown as boolean })).rejects.toThrow(/options\.loop/);
    await expect(WavFileSource.open(missing, null as unknown as object)).rejects.toThrow(TypeError);
    await expect(WavFileSource.open(42 as unknown as string)).rejects.toThrow(TypeError);
  });

  it("rejects a missing or non-WAV file with a file_error naming the path", async () => {
    const missing = WavFileSource.open("/nonexistent/never.wav");
    await expect(missing).rejects.toBeInstanceOf(VoiceLiveAudioError);
    await expect(missing).rejects.toMatchObject({ code: "file_error", message: expect.stringContaining("ENOENT") as unknown });
    const temp = tempDir();
    temps.push(temp.remove);
    const path = join(temp.dir, "notes.txt");
    writeFileSync(path, "not audio at all");
    await expect(WavFileSource.open(path)).rejects.toMatchObject({ code: "file_error", message: expect.stringContaining("Not a WAV file") as unknown });
  });
});

