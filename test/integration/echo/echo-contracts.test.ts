import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EchoReferenceSource } from "../../../src/audio/echo-reference-source.js";
import { TappedSink } from "../../../src/audio/echo-tapped-sink.js";
import { parseWav } from "../../../src/audio/pcm/wav-parse.js";
import { WavFileSink } from "../../../src/node/wav-file-sink.js";
import { WavFileSource } from "../../../src/node/wav-file-source.js";
import { runAudioSinkContract } from "../../contracts/audio-sink-contract.js";
import { runAudioSourceContract } from "../../contracts/audio-source-contract.js";
import { MemorySink } from "../../helpers/memory-audio.js";
import { audioFixture, tempDir } from "../../unit/node/node-test-helpers.js";

// The mono fixture comes out as stereo: twice the bytes.
const stereoBytes = 2 * parseWav(readFileSync(audioFixture("tone-1k-500ms-24k.wav"))).data.byteLength;

for (const realtime of [false, true]) {
  runAudioSinkContract(`TappedSink(WavFileSink { realtime: ${realtime} })`, () => {
    const temp = tempDir();
    return {
      sink: new TappedSink(new WavFileSink(join(temp.dir, "out.wav"), { format: { sampleRate: 24000, channels: 1 }, realtime })),
      realtime,
      afterClose: temp.remove,
    };
  });
}

runAudioSourceContract("EchoReferenceSource(WavFileSource { realtime: true })", async () => ({
  source: new EchoReferenceSource({
    microphone: await WavFileSource.open(audioFixture("tone-1k-500ms-24k.wav"), { realtime: true, chunkMs: 10 }),
    sink: new MemorySink({ sampleRate: 24000, channels: 1 }, () => performance.now()),
  }),
  finite: true,
  expectedBytes: stereoBytes,
}));

runAudioSourceContract("EchoReferenceSource(WavFileSource { loop: true })", async () => ({
  source: new EchoReferenceSource({
    microphone: await WavFileSource.open(audioFixture("tone-1k-500ms-24k.wav"), { loop: true, chunkMs: 40 }),
    sink: new MemorySink({ sampleRate: 16000, channels: 2 }, () => performance.now()),
  }),
  finite: false,
}));
