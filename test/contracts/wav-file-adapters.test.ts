import { join } from "node:path";
import { parseWav } from "../../src/audio/pcm/wav-parse.js";
import { WavFileSink } from "../../src/node/wav-file-sink.js";
import { WavFileSource } from "../../src/node/wav-file-source.js";
import { audioFixture, tempDir } from "../unit/node/node-test-helpers.js";
import { readFileSync } from "node:fs";
import { runAudioSinkContract } from "./audio-sink-contract.js";
import { runAudioSourceContract } from "./audio-source-contract.js";

const toneBytes = parseWav(readFileSync(audioFixture("tone-1k-500ms-24k.wav"))).data.byteLength;

runAudioSourceContract("WavFileSource", async () => ({
  source: await WavFileSource.open(audioFixture("tone-1k-500ms-24k.wav")),
  finite: true,
  expectedBytes: toneBytes,
}));

runAudioSourceContract("WavFileSource { realtime: true }", async () => ({
  source: await WavFileSource.open(audioFixture("tone-1k-500ms-24k.wav"), { realtime: true, chunkMs: 10 }),
  finite: true,
  expectedBytes: toneBytes,
}));

runAudioSourceContract("WavFileSource { loop: true }", async () => ({
  source: await WavFileSource.open(audioFixture("tone-1k-500ms-24k.wav"), { loop: true, chunkMs: 40 }),
  finite: false,
}));

for (const realtime of [false, true]) {
  runAudioSinkContract(`WavFileSink { realtime: ${realtime} }`, () => {
    const temp = tempDir();
    return {
      sink: new WavFileSink(join(temp.dir, "out.wav"), { format: { sampleRate: 24000, channels: 1 }, realtime }),
      realtime,
      afterClose: temp.remove,
    };
  });
}
