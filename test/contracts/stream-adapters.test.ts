import { readFileSync } from "node:fs";
import { PassThrough, Readable } from "node:stream";
import { parseWav } from "../../src/audio/pcm/wav-parse.js";
import { ReadableSource } from "../../src/node/readable-source.js";
import { WritableSink } from "../../src/node/writable-sink.js";
import { audioFixture } from "../unit/node/node-test-helpers.js";
import { runAudioSinkContract } from "./audio-sink-contract.js";
import { runAudioSourceContract } from "./audio-source-contract.js";

const question = parseWav(readFileSync(audioFixture("question-16k.wav")));

runAudioSourceContract("ReadableSource", () => {
  // Odd-sized pieces, so the source has to re-cut them into whole frames.
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < question.data.byteLength; offset += 777) pieces.push(question.data.slice(offset, offset + 777));
  return {
    source: new ReadableSource(Readable.from(pieces, { objectMode: false }), { format: { sampleRate: 16000, channels: 1 } }),
    finite: true,
    expectedBytes: question.data.byteLength,
  };
});

for (const realtime of [false, true]) {
  runAudioSinkContract(`WritableSink { realtime: ${realtime} }`, () => {
    const stream = new PassThrough();
    stream.resume();
    return { sink: new WritableSink(stream, { format: { sampleRate: 24000, channels: 1 }, realtime }), realtime };
  });
}
