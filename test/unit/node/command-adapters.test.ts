import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseWav } from "../../../src/audio/pcm/wav-parse.js";
import { VoiceLiveAudioError } from "../../../src/errors/audio-device-error.js";
import { CommandSink } from "../../../src/node/command-sink.js";
import { CommandSource } from "../../../src/node/command-source.js";
import { audioFixture, pidAlive, skipWithoutSox, soxRaw, tempDir } from "./node-test-helpers.js";

const format = { sampleRate: 24000, channels: 1 } as const;
const fixture = audioFixture("question-24k.wav");
const question = new Uint8Array(parseWav(readFileSync(fixture)).data);
const tone = new Uint8Array(parseWav(readFileSync(audioFixture("tone-1k-500ms-24k.wav"))).data);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe("CommandSource and CommandSink", () => {
  const closers: (() => Promise<void>)[] = [];
  const pids: number[] = [];
  let temp: ReturnType<typeof tempDir> | undefined;

  afterEach(async () => {
    for (const close of closers.splice(0)) await close().catch(() => {});
    for (const pid of pids.splice(0)) expect(pidAlive(pid), `pid ${pid} leaked`).toBe(false);
    temp?.remove();
    temp = undefined;
  });

  const source = (command: { command: string; args: string[] }): CommandSource => {
    const s = new CommandSource({ format, command });
    closers.push(() => s.close());
    return s;
  };
  const sink = (command: { command: string; args: string[] }): CommandSink => {
    const s = new CommandSink({ format, command });
    closers.push(() => s.close({ drain: false }));
    return s;
  };

  it("surfaces a recorder that is not installed as spawn_failed, from start() and from iteration", async () => {
    const s = source({ command: "voicelive-no-such-recorder", args: ["-x"] });
    const started = s.start();
    await expect(started).rejects.toBeInstanceOf(VoiceLiveAudioError);
    await expect(started).rejects.toMatchObject({ code: "spawn_failed", command: "voicelive-no-such-recorder -x", message: expect.stringContaining("ENOENT") as unknown });
    await expect(s[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "spawn_failed" });
  });

  it("surfaces a player that is not installed as spawn_failed on write", async () => {
    const s = sink({ command: "voicelive-no-such-player", args: [] });
    await expect(s.write({ itemId: "a", contentIndex: 0, audio: tone })).rejects.toMatchObject({ name: "VoiceLiveAudioError", code: "spawn_failed" });
  });

  it("maps a player that closed its stdin to broken_pipe, and kills it on close", async () => {
    const s = sink({ command: "sh", args: ["-c", "exec 0<&-; exec sleep 30"] });
    await s.start();
    pids.push(s.pid!);
    let error: unknown;
    try {
      for (let i = 0; i < 50; i++) await s.write({ itemId: "a", contentIndex: 0, audio: tone });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(VoiceLiveAudioError);
    expect(error).toMatchObject({ code: "broken_pipe", message: expect.stringContaining("EPIPE") as unknown });
    expect(pidAlive(pids[0]!)).toBe(true);
    await s.close({ drain: false });
    expect(s.pid).toBeUndefined();
  });

  it("reports a player that exits by itself as process_exited with its code, and stops the clock", async () => {
    const s = sink({ command: "sh", args: ["-c", "sleep 0.2; echo 'device busy' >&2; exit 3"] });
    await s.write({ itemId: "a", contentIndex: 0, audio: tone });
    const pid = s.pid!;
    pids.push(pid);
    // Write again only once the player is gone: this is the exit found by a later write
    // (a write racing the exit is the next test).
    while (pidAlive(pid)) await sleep(20);
    await sleep(50);
    await expect(s.write({ itemId: "a", contentIndex: 0, audio: tone.subarray(0, 480) })).rejects.toMatchObject({
      code: "process_exited",
      exitCode: 3,
      message: expect.stringContaining("device busy") as unknown,
    });
    expect(s.playing).toBe(false);
  });

  it("reports a player that quits while a write is under way as process_exited, not as the broken pipe its exit left", async () => {
    // The player closes its stdin and says why, then exits when the test tells it to: a
    // write in between meets EPIPE before the exit, as when a player cannot open its device.
    temp = tempDir();
    const closed = join(temp.dir, "stdin-closed");
    const quit = join(temp.dir, "quit");
    const script = `exec 0<&-; touch '${closed}'; echo 'device busy' >&2; while [ ! -e '${quit}' ]; do sleep 0.01; done; echo 'giving up' >&2; exit 3`;
    const s = sink({ command: "sh", args: ["-c", script] });
    await s.start();
    pids.push(s.pid!);
    while (!existsSync(closed)) await sleep(5);
    // The first write after the close meets EPIPE (reported a moment later) or already fails.
    const first = s.write({ itemId: "a", contentIndex: 0, audio: tone.subarray(0, 480) }).catch((caught: unknown) => caught);
    await sleep(20);
    const second = s.write({ itemId: "a", contentIndex: 0, audio: tone.subarray(0, 480) }).catch((caught: unknown) => caught);
    writeFileSync(quit, "");
    const error = (await first) ?? (await second);
    expect(error).toBeInstanceOf(VoiceLiveAudioError);
    // Its stderr up to the very end is in the message; the EPIPE is the cause.
    expect(error).toMatchObject({ code: "process_exited", exitCode: 3, message: expect.stringMatching(/device busy\s+giving up$/) as unknown });
    expect((error as Error).cause).toMatchObject({ code: "EPIPE" });
    expect(s.playing).toBe(false);
  });

  it("reports a broken pipe once when close() comes while the write waits for the player's exit", async () => {
    temp = tempDir();
    const closed = join(temp.dir, "stdin-closed");
    const s = sink({ command: "sh", args: ["-c", `exec 0<&-; touch '${closed}'; exec sleep 30`] });
    await s.start();
    pids.push(s.pid!);
    while (!existsSync(closed)) await sleep(5);
    await s.write({ itemId: "a", contentIndex: 0, audio: tone.subarray(0, 480) }).catch(() => undefined);
    await sleep(20);
    const waiting = s.write({ itemId: "a", contentIndex: 0, audio: tone.subarray(0, 480) }).then(
      () => "resolved",
      (caught: unknown) => caught,
    );
    // close() kills the player, which is no exit of its own: the write reports the broken
    // pipe, and close() does not report it a second time.
    await expect(s.close({ drain: false })).resolves.toBeUndefined();
    expect(await waiting).toMatchObject({ code: "broken_pipe" });
  });

  describe.skipIf(skipWithoutSox)("with sox", () => {
    it("reads exactly the file's samples through a sox recorder and ends when it exits", async () => {
      const s = source({ command: "sox", args: ["-q", fixture, ...soxRaw(24000), "-"] });
      await s.start();
      pids.push(s.pid!);
      let total = 0;
      const parts: Uint8Array[] = [];
      for await (const chunk of s) {
        parts.push(chunk);
        total += chunk.byteLength;
      }
      expect(total).toBe(question.byteLength);
      expect(parts.slice(0, -1).every((c) => c.byteLength === 960)).toBe(true);
      expect(Buffer.concat(parts).equals(Buffer.from(question))).toBe(true);
    });

    it("makes iteration throw process_exited with sox's exit code and stderr when the recorder fails", async () => {
      const s = source({ command: "sox", args: ["-q", "/nonexistent/missing.wav", ...soxRaw(24000), "-"] });
      await s.start();
      const next = s[Symbol.asyncIterator]().next();
      await expect(next).rejects.toBeInstanceOf(VoiceLiveAudioError);
      await expect(next).rejects.toMatchObject({ code: "process_exited", exitCode: 2, message: expect.stringContaining("missing.wav") as unknown });
    });

    it("kills a recorder that is still running on close and leaves no process behind", async () => {
      // 10 minutes of tone: sox blocks on the full pipe, as a live recorder would keep going.
      const s = source({ command: "sox", args: ["-q", "-n", ...soxRaw(24000), "-", "synth", "600", "sine", "440"] });
      await s.start();
      const pid = s.pid!;
      pids.push(pid);
      const iterator = s[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      await s.close();
      expect(pidAlive(pid)).toBe(false);
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    });

    it("plays through a sox player into a WAV file, byte for byte, on a drained close", async () => {
      temp = tempDir();
      const out = join(temp.dir, "played.wav");
      const s = sink({ command: "sox", args: ["-q", ...soxRaw(24000), "-", out] });
      await s.write({ itemId: "a", contentIndex: 0, audio: tone });
      pids.push(s.pid!);
      await s.close();
      expect(s.playedMs("a")).toBeCloseTo(500, 6);
      expect(new Uint8Array(parseWav(readFileSync(out)).data)).toEqual(tone);
    });

    it("kills the player on clear() so playback stops at once, and plays the next write on a fresh one", async () => {
      temp = tempDir();
      const s = sink({ command: "sox", args: ["-q", ...soxRaw(24000), "-", join(temp.dir, "cleared.wav")] });
      await s.write({ itemId: "a", contentIndex: 0, audio: tone });
      const first = s.pid!;
      pids.push(first);
      await sleep(50);
      expect(s.clear()).toMatchObject({ itemId: "a", contentIndex: 0, queuedMs: 500 });
      await s.write({ itemId: "b", contentIndex: 0, audio: tone });
      const second = s.pid!;
      pids.push(second);
      expect(second).not.toBe(first);
      await expect.poll(() => pidAlive(first)).toBe(false);
      expect(s.playing).toBe(true);
      await s.close({ drain: false });
    });
  });

  it("throws on bad options before spawning anything", () => {
    expect(() => new CommandSource(undefined as unknown as { format: typeof format })).toThrow(/options\.format/);
    expect(() => new CommandSource({ format, chunkMs: -1 })).toThrow(RangeError);
    expect(() => new CommandSource({ format, command: "gstreamer" as "sox" })).toThrow(/preset must be one of "sox", "ffmpeg", "arecord"/);
    expect(() => new CommandSink({ format, command: { command: "", args: [] } })).toThrow(TypeError);
    expect(() => new CommandSink({ format, command: { command: "sox", args: [1 as unknown as string] } })).toThrow(/options\.command\.args/);
    expect(() => new CommandSink({ format: { sampleRate: 24000, channels: 9 } })).toThrow(RangeError);
  });
});
