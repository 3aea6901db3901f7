/**
 * The behaviour every `AudioSource` shares, as one suite each adapter's test runs.
 * Runtime-neutral on purpose (no Node built-ins), so a browser test can run it too.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AudioSource } from "../../src/audio/contracts.js";
import { validatePcmFormat } from "../../src/audio/pcm/pcm-format.js";

/** A source under test and what the suite may expect of it. */
export interface AudioSourceHarness {
  readonly source: AudioSource;
  /** The source runs out by itself (a file, a finite stream), so iteration must end unclosed. */
  readonly finite: boolean;
  /** When known, the exact PCM bytes a finite source yields in total. */
  readonly expectedBytes?: number;
  /** Extra checks after the source is closed (e.g. that a child process is gone). */
  readonly afterClose?: () => Promise<void> | void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves to "pending" when `promise` has not settled within `ms`. */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | "pending"> {
  return Promise.race([promise, sleep(ms).then(() => "pending" as const)]);
}

/** Declares the `AudioSource` contract suite for one adapter; `factory` builds a fresh source per test. */
export function runAudioSourceContract(name: string, factory: () => Promise<AudioSourceHarness> | AudioSourceHarness): void {
  describe(`${name} (AudioSource contract)`, () => {
    let harness: AudioSourceHarness;

    beforeEach(async () => {
      harness = await factory();
    });

    afterEach(async () => {
      await harness.source.close();
      await harness.afterClose?.();
    });

    it("declares a valid PCM16 format", () => {
      const { format } = harness.source;
      expect(() => validatePcmFormat(format)).not.toThrow();
    });

    it("yields non-empty chunks of whole PCM16 frames", async () => {
      const { source } = harness;
      const frameBytes = 2 * source.format.channels;
      await source.start();
      const iterator = source[Symbol.asyncIterator]();
      for (let i = 0; i < 5; i++) {
        const result = await iterator.next();
        expect(result.done).toBe(false);
        expect(result.value).toBeInstanceOf(Uint8Array);
        expect(result.value.byteLength).toBeGreaterThan(0);
        expect(result.value.byteLength % frameBytes).toBe(0);
      }
    });

    it("accepts start, stop and close more than once", async () => {
      const { source } = harness;
      await source.start();
      await source.start();
      await source.stop();
      await source.stop();
      await source.start();
      await source.close();
      await expect(source.close()).resolves.toBeUndefined();
    });

    it("hands out nothing before start() and resumes after a stop", async () => {
      const { source } = harness;
      const iterator = source[Symbol.asyncIterator]();
      const first = iterator.next();
      expect(await settledWithin(first, 60)).toBe("pending");
      await source.start();
      expect((await first).done).toBe(false);
      await source.stop();
      const afterStop = iterator.next();
      expect(await settledWithin(afterStop, 60)).toBe("pending");
      await source.start();
      await expect(afterStop).resolves.toBeDefined();
    });

    it("ends iteration once closed, also for a pull that was waiting", async () => {
      const { source } = harness;
      await source.start();
      const iterator = source[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      await source.stop();
      const waiting = iterator.next();
      await source.close();
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
      await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    });

    it("finishes iteration by itself when it runs out", async (context) => {
      if (!harness.finite) context.skip("this source never runs out by itself");
      const { source } = harness;
      await source.start();
      let total = 0;
      for await (const chunk of source) total += chunk.byteLength;
      expect(total).toBeGreaterThan(0);
      if (harness.expectedBytes !== undefined) expect(total).toBe(harness.expectedBytes);
    });
  });
}
