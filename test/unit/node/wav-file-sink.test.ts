import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseWav } from "../../../src/audio/pcm/wav-parse.js";
import { VoiceLiveAudioError } from "../../../src/errors/audio-device-error.js";
import { WavFileSink } from "../../../src/node/wav-file-sink.js";
import { audioFixture, tempDir } from "./node-test-helpers.js";

const format = { sampleRate: 24000, channels: 1 } as const;
const tone = new Uint8Array(parseWav(readFileSync(audioFixture("tone-1k-500ms-24k.wav"))).data);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("WavFileSink", () => {
  let temp: ReturnType<typeof tempDir>;
  const sinks: WavFileSink[] = [];
  const sinkAt = (name: string, realtime: boolean): { sink: WavFileSink; path: string } => {
    temp ??= tempDir();
    const path = join(temp.dir, name);
    const sink = new WavFileSink(path, { format, realtime });
    sinks.push(sink);
    return { sink, path };
  };

  afterEach(async () => {
    for (const sink of sinks.splice(0)) await sink.close({ drain: false }).catch(() => {});
    temp?.remove();
    temp = undefined as unknown as ReturnType<typeof tempDir>;
  });

  it("writes everything it is given to a valid WAV file when not real-time", async () => {
    const { sink, path } = sinkAt("plain.wav", false);
    await sink.write({ itemId: "a", contentIndex: 0, audio: tone.subarray(0, 4800) });
    await sink.write({ itemId: "b", contentIndex: 0, audio: tone.subarray(4800) });
    expect(sink.playedMs("a")).toBeCloseTo(100, 9);
    expect(sink.clear()).toBeUndefined();
    await sink.close();
    const wav = parseWav(readFileSync(path));
    expect(wav.format).toEqual({ ...format, sampleType: "pcm16" });
    expect(new Uint8Array(wav.data)).toEqual(tone);
  });

  it("writes an empty but valid WAV file when closed without audio", async () => {
    const { sink, path } = sinkAt("empty.wav", false);
    await sink.close();
    expect(parseWav(readFileSync(path)).frameCount).toBe(0);
  });

  it("keeps in the file only the audio heard before a clear, then what follows it", async () => {
    const { sink, path } = sinkAt("cut.wav", true);
    await sink.write({ itemId: "a", contentIndex: 0, audio: tone });
    await sleep(120);
    const cleared = sink.clear()!;
    expect(cleared.itemId).toBe("a");
    expect(cleared.playedMs).toBeGreaterThan(100);
    expect(cleared.playedMs).toBeLessThan(500);
    const heardMs = sink.playedMs("a");
    const after = tone.subarray(0, 2400);
    await sink.write({ itemId: "b", contentIndex: 0, audio: after });
    await sink.close({ drain: true });
    const data = new Uint8Array(parseWav(readFileSync(path)).data);
    const heardBytes = data.byteLength - after.byteLength;
    // The file is cut where the clock stopped, to the nearest sample.
    expect(Math.abs(heardBytes / 2 - heardMs * 24)).toBeLessThanOrEqual(0.5);
    expect(data.subarray(0, heardBytes)).toEqual(tone.subarray(0, heardBytes));
    expect(data.subarray(heardBytes)).toEqual(after);
  });

  it("keeps only what was played when closed without draining", async () => {
    const { sink, path } = sinkAt("nodrain.wav", true);
    await sink.write({ itemId: "a", contentIndex: 0, audio: tone });
    await sleep(60);
    await sink.close({ drain: false });
    const played = sink.playedMs("a");
    const data = new Uint8Array(parseWav(readFileSync(path)).data);
    expect(played).toBeLessThan(500);
    expect(Math.abs(data.byteLength / 2 - played * 24)).toBeLessThanOrEqual(0.5);
    expect(data).toEqual(tone.subarray(0, data.byteLength));
  });

  it("rejects with a file_error when the file cannot be created", async () => {
    const sink = new WavFileSink("/nonexistent-dir/out.wav", { format });
    sinks.push(sink);
    const started = sink.start();
    await expect(started).rejects.toBeInstanceOf(VoiceLiveAudioError);
    await expect(started).rejects.toMatchObject({ code: "file_error", message: expect.stringContaining("ENOENT") as unknown });
    await expect(sink.write({ itemId: "a", contentIndex: 0, audio: tone })).rejects.toMatchObject({ code: "file_error" });
    await expect(sink.close()).rejects.toMatchObject({ code: "file_error" });
  });

  it("rejects writes after close with code closed", async () => {
    const { sink } = sinkAt("closed.wav", false);
    await sink.close();
    await expect(sink.write({ itemId: "a", contentIndex: 0, audio: tone })).rejects.toMatchObject({ name: "VoiceLiveAudioError", code: "closed" });
  });

  it("throws on bad arguments before touching the file", () => {
    expect(() => new WavFileSink("", { format })).toThrow(TypeError);
    expect(() => new WavFileSink("x.wav", undefined as unknown as { format: typeof format })).toThrow(/options\.format/);
    expect(() => new WavFileSink("x.wav", { format: { sampleRate: 0, channels: 1 } })).toThrow(RangeError);
    expect(() => new WavFileSink("x.wav", { format, realtime: "no" as unknown as boolean })).toThrow(/options\.realtime/);
  });
});
