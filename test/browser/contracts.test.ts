import { afterAll, beforeAll, describe, expect } from "vitest";
import { runAudioSinkContract } from "../contracts/audio-sink-contract.js";
import { runAudioSourceContract } from "../contracts/audio-source-contract.js";
import { QUESTION_WAV, skipBrowserTests } from "./chromium.js";
import { PageHost } from "./remote/page-host.js";
import { RemoteMicrophoneSource } from "./remote/remote-microphone-source.js";
import { RemoteSpeakerSink } from "./remote/remote-speaker-sink.js";

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The suites run in Node; each call on the adapter goes to the real object in Chromium.
describe.skipIf(skipBrowserTests())("browser adapters in Chromium, through a page proxy", () => {
  let host: PageHost;

  beforeAll(async () => {
    host = await PageHost.open({ fakeMicrophoneWav: QUESTION_WAV });
  }, 60_000);

  afterAll(async () => {
    await host?.close();
  });

  runAudioSinkContract("SpeakerSink", async () => ({ sink: await RemoteSpeakerSink.create(host), realtime: true }));

  runAudioSinkContract("SpeakerSink { format: 48 kHz stereo, contextSampleRate: 44100 }", async () => ({
    sink: await RemoteSpeakerSink.create(host, { format: { sampleRate: 48000, channels: 2 }, contextSampleRate: 44100 }),
    realtime: true,
  }));

  for (const contextSampleRate of [48000, 44100]) {
    runAudioSourceContract(`MicrophoneSource { contextSampleRate: ${contextSampleRate} }`, async () => {
      const source = await RemoteMicrophoneSource.create(host, { contextSampleRate });
      return {
        source,
        finite: false,
        afterClose: async () => {
          // The context closes asynchronously; give it a moment.
          for (let i = 0; i < 50 && !(await source.released()); i++) await sleep(20);
          expect(await source.released()).toBe(true);
        },
      };
    });
  }
});
