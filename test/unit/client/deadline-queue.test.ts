import { execFile } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { scheduleDeadline, type Expirable } from "../../../src/client/deadline-queue.js";

const ROOT = join(import.meta.dirname, "../../..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** What a fixture script prints before its process exits. */
const runAlone = (script: string, ...args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    execFile(process.execPath, [TSX, `test/fixtures/processes/${script}`, ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout.trim()),
    );
  });

/** A target that records when it expired, on the faked clock. */
function target(log: string[], name: string): Expirable {
  return { expire: () => log.push(`${name}@${Math.round(performance.now())}`) };
}

describe("deadline queue", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("expires a deadline once its delay has passed, not before", async () => {
    vi.useFakeTimers();
    const start = Math.round(performance.now());
    const log: string[] = [];
    scheduleDeadline(target(log, "a"), 100);
    await vi.advanceTimersByTimeAsync(99);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual([`a@${start + 100}`]);
  });

  it("never expires a cancelled deadline, and still expires the ones after it on time", async () => {
    vi.useFakeTimers();
    const start = Math.round(performance.now());
    const log: string[] = [];
    const first = scheduleDeadline(target(log, "first"), 100);
    scheduleDeadline(target(log, "second"), 300);
    first.cancel();
    first.cancel();
    await vi.advanceTimersByTimeAsync(299);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual([`second@${start + 300}`]);
  });

  it("re-arms for a deadline earlier than the one the timer waits for", async () => {
    vi.useFakeTimers();
    const start = Math.round(performance.now());
    const log: string[] = [];
    scheduleDeadline(target(log, "late"), 1_000);
    scheduleDeadline(target(log, "early"), 10);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([`early@${start + 10}`, `late@${start + 1_000}`]);
  });

  it("keeps one runtime timer for any number of deadlines", () => {
    vi.useFakeTimers();
    const deadlines = Array.from({ length: 100 }, (_, i) => scheduleDeadline({ expire: () => undefined }, 30_000 + i));
    expect(vi.getTimerCount()).toBe(1);
    for (const deadline of deadlines) deadline.cancel();
  });

  it("does not expire a deadline that one expiring with it cancels", async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    // `second` is read when the first expires, after it was made.
    scheduleDeadline({ expire: () => (log.push("first"), second.cancel()) }, 50);
    const second = scheduleDeadline({ expire: () => log.push("second") }, 50);
    await vi.advanceTimersByTimeAsync(50);
    expect(log).toEqual(["first"]);
  });

  it("expires the rest when one target throws, and rethrows its error on its own", async () => {
    vi.useFakeTimers();
    const thrown: (() => void)[] = [];
    const queue = vi.spyOn(globalThis, "queueMicrotask").mockImplementation((callback) => void thrown.push(callback));
    const log: string[] = [];
    scheduleDeadline(
      {
        expire: () => {
          throw new Error("boom");
        },
      },
      20,
    );
    scheduleDeadline(target(log, "after"), 20);
    await vi.advanceTimersByTimeAsync(20);
    queue.mockRestore();
    expect(log).toHaveLength(1);
    expect(thrown).toHaveLength(1);
    expect(() => thrown[0]!()).toThrow("boom");
  });

  it("follows fake timers installed after the timer was armed for real, and the real ones after", async () => {
    // Armed on the real clock, 60 s away.
    const far = scheduleDeadline({ expire: () => undefined }, 60_000);
    // Fakes for the timers only: the clock runs on, so a later deadline is later on it too,
    // and only the change of setTimeout tells the queue that its real timer will not do.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const log: string[] = [];
    scheduleDeadline({ expire: () => log.push("faked") }, 120_000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(log).toEqual(["faked"]);
    // And back: a deadline on the real timers re-arms away from the fake one.
    const armedUnderFakes = scheduleDeadline({ expire: () => undefined }, 60_000);
    vi.useRealTimers();
    const expired = new Promise<void>((resolve) => scheduleDeadline({ expire: resolve }, 5));
    await expired;
    far.cancel();
    armedUnderFakes.cancel();
  });

  it("expires what its timer was armed for, and the next one on time, when the fake timers leave the clock alone", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const log: string[] = [];
    scheduleDeadline({ expire: () => log.push("first") }, 10_000);
    scheduleDeadline({ expire: () => log.push("second") }, 20_000);
    // The clock runs on by a few microseconds meanwhile: a millisecond's slack either side.
    await vi.advanceTimersByTimeAsync(10_001);
    expect(log).toEqual(["first"]);
    await vi.advanceTimersByTimeAsync(9_990);
    expect(log).toEqual(["first"]);
    await vi.advanceTimersByTimeAsync(20);
    expect(log).toEqual(["first", "second"]);
  });

  it("waits out a delay longer than a runtime timer takes (2^31 - 1 ms)", async () => {
    vi.useFakeTimers();
    const log: string[] = [];
    const delayMs = 2 ** 31 + 1_000;
    scheduleDeadline({ expire: () => log.push("expired") }, delayMs);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(delayMs - 1_001);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(["expired"]);
  });

  it("keeps the process alive for a keepAlive deadline, and not for the others", async () => {
    const [kept, plain] = await Promise.all([runAlone("deadline-keep-alive.ts", "keep-alive"), runAlone("deadline-keep-alive.ts", "plain")]);
    expect(kept).toBe("expired");
    expect(plain).toBe("");
  });

  it("keeps the process alive until a connect through an app's transport that holds no handle times out", async () => {
    expect(await runAlone("connect-never-opens.ts")).toBe("handshake_timeout");
  });
});
