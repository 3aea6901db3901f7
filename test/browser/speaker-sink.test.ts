import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipBrowserTests } from "./chromium.js";
import { openTestPage, runScenario, type OpenTestPage } from "./test-page.js";

describe.skipIf(skipBrowserTests())("SpeakerSink in Chromium", () => {
  let opened: OpenTestPage;

  beforeAll(async () => {
    opened = await openTestPage();
  });

  afterAll(async () => {
    await opened?.close();
  });

  for (const contextSampleRate of [48000, 44100]) {
    it(`advances playedMs at real time while playing (context at ${contextSampleRate} Hz)`, async () => {
      const result = await runScenario(opened.page, "speakerClock", { contextSampleRate, windowMs: 500 });
      console.info(`[speaker clock ${result.contextRate} Hz] played ${result.playedMs.toFixed(2)} ms over ${result.wallMs.toFixed(2)} ms of wall time`);
      expect(result.contextRate).toBe(contextSampleRate);
      expect(Math.abs(result.playedMs - result.wallMs)).toBeLessThanOrEqual(20);
    });
  }

  for (const [contextSampleRate, playMs] of [[48000, 137], [48000, 300], [44100, 211], [44100, 300]] as const) {
    it(`silences the output within one render quantum of the flush, and freezes the played time (context at ${contextSampleRate} Hz, cleared after ${playMs} ms)`, async () => {
      const result = await runScenario(opened.page, "speakerClear", { contextSampleRate, playMs });
      const errorMs = result.cleared.playedMs - result.exactPlayedMs;
      console.info(
        `[speaker clear ${result.contextRate} Hz] clear() said ${result.cleared.playedMs.toFixed(2)} ms, the worklet rendered ${result.exactPlayedMs.toFixed(2)} ms ` +
          `up to its flush (error ${errorMs.toFixed(2)} ms); flush at frame ${result.flushFrame}, ${(result.flushFrame - result.calledAtFrame).toFixed(0)} frames after ` +
          `the call's context time; last sound at frame ${result.lastSoundFrame}`,
      );
      expect(result.cleared).toMatchObject({ itemId: "a", contentIndex: 0 });
      expect(result.cleared.queuedMs).toBeCloseTo(2000, 6);
      // The worklet drops its queue before rendering the next quantum after the flush arrives.
      expect(result.lastSoundFrame).toBeGreaterThan(0);
      expect(result.lastSoundFrame).toBeLessThan(result.flushFrame + 128);
      expect(result.playingAfter).toBe(false);
      expect(result.frozen).toBe(result.cleared.playedMs);
      expect(result.frozenLater).toBe(result.cleared.playedMs);
      // clear() reads the clock before the flush message reaches the audio thread.
      expect(result.cleared.playedMs).toBeLessThanOrEqual(result.exactPlayedMs + 1);
      expect(result.exactPlayedMs - result.cleared.playedMs).toBeLessThan(20);
    });
  }

  it("counts two items played back to back separately", async () => {
    const result = await runScenario(opened.page, "speakerTwoItems", {});
    console.info(`[speaker two items] midway a=${result.midway.a.toFixed(2)} b=${result.midway.b.toFixed(2)}; worklet rendered ${result.renderedMs.toFixed(2)} ms`);
    expect(result.midway.a).toBeCloseTo(300, 6);
    expect(result.midway.b).toBeGreaterThan(100);
    expect(result.midway.b).toBeLessThan(300);
    expect(result.end.a).toBeCloseTo(300, 6);
    expect(result.end.b).toBeCloseTo(300, 6);
    // Each item resamples to whole frames at the context rate: at most one frame over per item.
    expect(Math.abs(result.renderedMs - 600)).toBeLessThan((2 / result.contextRate) * 1000 + 1e-9);
  });

  it("reports no page errors", () => {
    expect(opened.browser.errors).toEqual([]);
  });
});
