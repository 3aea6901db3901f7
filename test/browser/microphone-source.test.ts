import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUESTION_WAV, skipBrowserTests } from "./chromium.js";
import { openTestPage, runScenario, type OpenTestPage } from "./test-page.js";

// Chromium's fake microphone loops the question fixture: 300 ms of silence, ~1.8 s of speech, 800 ms of silence.
describe.skipIf(skipBrowserTests())("MicrophoneSource in Chromium with a fake microphone", () => {
  let opened: OpenTestPage;

  beforeAll(async () => {
    opened = await openTestPage({ fakeMicrophoneWav: QUESTION_WAV });
  });

  afterAll(async () => {
    await opened?.close();
  });

  for (const contextSampleRate of [48000, 44100]) {
    it(`yields 20 ms chunks at 24 kHz in real time that follow the spoken fixture (context at ${contextSampleRate} Hz)`, async () => {
      const result = await runScenario(opened.page, "micCapture", { contextSampleRate, seconds: 3 });
      const loud = result.levels.filter((level) => level > 0.02).length;
      const quiet = result.levels.filter((level) => level < 0.002).length;
      console.info(
        `[mic ${result.contextRate} Hz] ${result.chunks} chunks, measured ${result.measuredRate.toFixed(1)} samples/s; ` +
          `100 ms windows: ${loud} loud, ${quiet} quiet of ${result.levels.length}, max RMS ${Math.max(...result.levels).toFixed(3)}`,
      );
      expect(result.contextRate).toBe(contextSampleRate);
      expect(result.chunkBytes).toEqual([960]);
      // Arrival times jitter by a batch or two (~10-20 ms) over 3 s when other suites load the CPU.
      expect(Math.abs(result.measuredRate - 24000) / 24000).toBeLessThan(0.03);
      // Speech fills ~62 % of each loop and silence the rest; both must show.
      expect(loud).toBeGreaterThanOrEqual(result.levels.length * 0.3);
      expect(quiet).toBeGreaterThanOrEqual(3);
    });
  }

  it("reports no page errors", () => {
    expect(opened.browser.errors).toEqual([]);
  });
});
