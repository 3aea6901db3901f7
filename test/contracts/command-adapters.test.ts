import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect } from "vitest";
import { parseWav } from "../../src/audio/pcm/wav-parse.js";
import { CommandSink } from "../../src/node/command-sink.js";
import { CommandSource } from "../../src/node/command-source.js";
import { audioFixture, pidAlive, skipWithoutSox, soxRaw, tempDir } from "../unit/node/node-test-helpers.js";
import { runAudioSinkContract } from "./audio-sink-contract.js";
import { runAudioSourceContract } from "./audio-source-contract.js";

const fixture = audioFixture("question-24k.wav");
const question = parseWav(readFileSync(fixture));

// sox stands in for a recorder and a player by reading and writing files, not devices.
describe.skipIf(skipWithoutSox)("command adapters over sox", () => {
  runAudioSourceContract("CommandSource (sox reading a WAV file)", () => {
    const source = new CommandSource({
      format: { sampleRate: 24000, channels: 1 },
      command: { command: "sox", args: ["-q", fixture, ...soxRaw(24000), "-"] },
    });
    let pid: number | undefined;
    const start = source.start.bind(source);
    source.start = async () => {
      await start();
      pid ??= source.pid;
    };
    return {
      source,
      finite: true,
      expectedBytes: question.data.byteLength,
      afterClose: () => {
        expect(source.pid).toBeUndefined();
        if (pid !== undefined) expect(pidAlive(pid)).toBe(false);
      },
    };
  });

  runAudioSinkContract("CommandSink (sox writing a WAV file)", () => {
    const temp = tempDir();
    const sink = new CommandSink({
      format: { sampleRate: 24000, channels: 1 },
      command: { command: "sox", args: ["-q", ...soxRaw(24000), "-", join(temp.dir, "out.wav")] },
    });
    const pids = new Set<number>();
    const write = sink.write.bind(sink);
    sink.write = async (chunk) => {
      const pending = write(chunk);
      if (sink.pid !== undefined) pids.add(sink.pid);
      await pending;
      if (sink.pid !== undefined) pids.add(sink.pid);
    };
    return {
      sink,
      realtime: true,
      afterClose: () => {
        expect(sink.pid).toBeUndefined();
        for (const pid of pids) expect(pidAlive(pid)).toBe(false);
        temp.remove();
      },
    };
  });
});
