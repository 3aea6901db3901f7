/**
 * The behaviour every `AudioSink` shares, as one suite each adapter's test runs.
 * Runtime-neutral on purpose (no Node built-ins), so a browser test can run it too.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AudioSink } from "../../src/audio/contracts.js";
import { bytesFor, validatePcmFormat } from "../../src/audio/pcm/pcm-format.js";

/** A sink under test and what the suite may expect of it. */
export interface AudioSinkHarness {
  readonly sink: AudioSink;
  /** The sink plays on a real-time clock; false: every write counts as played at once. */
  readonly realtime: boolean;
  /** Extra checks after the sink is closed (e.g. that a child process is gone). */
  readonly afterClose?: () => Promise<void> | void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
// Timers and clocks disagree by a fraction of a millisecond; nothing here depends on more.
const CLOCK_SLACK_MS = 1;

/** Declares the `AudioSink` contract suite for one adapter; `factory` builds a fresh sink per test. */
export function runAudioSinkContract(name: string, factory: () => Promise<AudioSinkHarness> | AudioSinkHarness): void {
  describe(`${name} (AudioSink contract)`, () => {
    let harness: AudioSinkHarness;
    const silence = (ms: number): Uint8Array => new Uint8Array(bytesFor(ms, harness.sink.format));

    beforeEach(async () => {
      harness = await factory();
    });

    afterEach(async () => {
      await harness.sink.close({ drain: false }).catch(() => {});
      await harness.afterClose?.();
    });

    it("declares a valid PCM16 format", () => {
      expect(() => validatePcmFormat(harness.sink.format)).not.toThrow();
    });

    it("accepts start and close more than once", async () => {
      await harness.sink.start();
      await harness.sink.start();
      await harness.sink.close();
      await expect(harness.sink.close()).resolves.toBeUndefined();
    });

    it("never reports more played than was queued, and nothing for an unknown item", async () => {
      const { sink } = harness;
      await sink.start();
      await sink.write({ itemId: "a", contentIndex: 0, audio: silence(200) });
      expect(sink.playedMs("a")).toBeLessThanOrEqual(200 + CLOCK_SLACK_MS);
      expect(sink.playedMs("other")).toBe(0);
      if (!harness.realtime) expect(sink.playedMs("a")).toBeCloseTo(200, 6);
      await sleep(50);
      expect(sink.playedMs("a")).toBeLessThanOrEqual(200 + CLOCK_SLACK_MS);
    });

    it("advances the played time with the clock while audio plays, when real-time", async (context) => {
      if (!harness.realtime) context.skip("a sink that is not real-time counts a write as played at once");
      const { sink } = harness;
      await sink.write({ itemId: "a", contentIndex: 0, audio: silence(1000) });
      expect(sink.playing).toBe(true);
      await sleep(40);
      const early = sink.playedMs("a");
      await sleep(60);
      const later = sink.playedMs("a");
      expect(early).toBeGreaterThan(0);
      expect(later).toBeGreaterThan(early);
      expect(later).toBeLessThan(1000);
    });

    it("clear() reports the playing item's heard and queued time and freezes its clock", async (context) => {
      if (!harness.realtime) context.skip("a sink that is not real-time never has audio playing");
      const { sink } = harness;
      await sink.write({ itemId: "a", contentIndex: 1, audio: silence(600) });
      await sink.write({ itemId: "a", contentIndex: 1, audio: silence(400) });
      await sleep(80);
      const cleared = sink.clear();
      expect(cleared).toMatchObject({ itemId: "a", contentIndex: 1 });
      expect(cleared!.queuedMs).toBeCloseTo(1000, 6);
      expect(cleared!.playedMs).toBeGreaterThan(0);
      expect(cleared!.playedMs).toBeLessThanOrEqual(cleared!.queuedMs);
      expect(sink.playing).toBe(false);
      const frozen = sink.playedMs("a");
      // clear() reads the clock more than once, so its report and the frozen time may differ by a hair.
      expect(Math.abs(frozen - cleared!.playedMs)).toBeLessThanOrEqual(CLOCK_SLACK_MS);
      await sleep(60);
      expect(sink.playedMs("a")).toBe(frozen);
    });

    it("plays a new item after a clear()", async (context) => {
      if (!harness.realtime) context.skip("a sink that is not real-time never has audio playing");
      const { sink } = harness;
      await sink.write({ itemId: "a", contentIndex: 0, audio: silence(500) });
      await sleep(20);
      sink.clear();
      await sink.write({ itemId: "b", contentIndex: 0, audio: silence(500) });
      expect(sink.playing).toBe(true);
      await sleep(60);
      expect(sink.playedMs("b")).toBeGreaterThan(0);
    });

    it("clear() returns undefined when nothing is playing", async () => {
      const { sink } = harness;
      expect(sink.clear()).toBeUndefined();
      await sink.write({ itemId: "a", contentIndex: 0, audio: silence(30) });
      if (harness.realtime) await sleep(80);
      expect(sink.playing).toBe(false);
      expect(sink.clear()).toBeUndefined();
      expect(sink.playedMs("a")).toBeCloseTo(30, 6);
    });

    it("plays out what is queued on close({ drain: true })", async () => {
      const { sink } = harness;
      await sink.write({ itemId: "a", contentIndex: 0, audio: silence(150) });
      await sink.close({ drain: true });
      expect(sink.playedMs("a")).toBeCloseTo(150, 6);
      expect(sink.playing).toBe(false);
    });

    it("drops what is queued on close({ drain: false }) and stops the clock", async (context) => {
      if (!harness.realtime) context.skip("a sink that is not real-time has played everything it was given");
      const { sink } = harness;
      await sink.write({ itemId: "a", contentIndex: 0, audio: silence(1000) });
      await sink.close({ drain: false });
      const played = sink.playedMs("a");
      expect(played).toBeLessThan(1000);
      await sleep(40);
      expect(sink.playedMs("a")).toBe(played);
    });

    it("rejects writes after close", async () => {
      const { sink } = harness;
      await sink.close();
      await expect(sink.write({ itemId: "a", contentIndex: 0, audio: silence(20) })).rejects.toBeInstanceOf(Error);
    });

    it("rejects audio that is not whole PCM16 frames with a RangeError", async () => {
      const { sink } = harness;
      const frameBytes = 2 * sink.format.channels;
      await expect(sink.write({ itemId: "a", contentIndex: 0, audio: new Uint8Array(frameBytes + 1) })).rejects.toBeInstanceOf(RangeError);
    });
  });
}
