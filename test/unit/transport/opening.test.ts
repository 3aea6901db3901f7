import { describe, expect, it, vi } from "vitest";
import { START_SOCKET, startSocket, whenSent, withSignal, type Opening, type SocketOptions } from "../../../src/transport/opening.js";
import type { Transport, TransportFactory, TransportOpenOptions } from "../../../src/transport/transport.js";

const options: SocketOptions = { url: "ws://127.0.0.1:1/voice-live/realtime", headers: { "x-test": "yes" }, maxMessageBytes: 1024 };

const fakeTransport = (): Transport & { terminated: number } => ({
  bufferedAmount: 0,
  canPing: false,
  handlers: { message() {}, close() {}, pong() {} },
  terminated: 0,
  send: () => true,
  ping() {},
  close() {},
  terminate() {
    this.terminated++;
  },
});

/** A factory of the app's own that settles only when the test says so. */
function appFactory() {
  const calls: TransportOpenOptions[] = [];
  let settle!: { resolve: (t: Transport) => void; reject: (e: unknown) => void };
  const factory: TransportFactory = (opts) => {
    calls.push(opts);
    return new Promise((resolve, reject) => (settle = { resolve, reject }));
  };
  return { factory, calls, settle: () => settle };
}

describe("startSocket with an app's own transport factory", () => {
  it("passes the options and a live signal, and resolves with the factory's transport", async () => {
    const app = appFactory();
    // The bridge for app factories loads on first use; the opening then starts.
    const opening = await startSocket(app.factory, options);
    expect(app.calls).toHaveLength(1);
    expect(app.calls[0]).toMatchObject({ url: options.url, headers: options.headers, maxMessageBytes: 1024 });
    expect(app.calls[0]!.signal.aborted).toBe(false);
    const transport = fakeTransport();
    app.settle().resolve(transport);
    await expect(opening.promise).resolves.toBe(transport);
    opening.cancel(new Error("late"));
    expect(app.calls[0]!.signal.aborted).toBe(false);
    expect(transport.terminated).toBe(0);
  });

  it("aborts the factory's signal with the reason, and rejects with that reason whatever the factory rejects with", async () => {
    const app = appFactory();
    const opening = await startSocket(app.factory, options);
    const reason = new Error("deadline");
    opening.cancel(reason);
    expect(app.calls[0]!.signal.aborted).toBe(true);
    expect(app.calls[0]!.signal.reason).toBe(reason);
    app.settle().reject(new Error("the factory's own abort error"));
    await expect(opening.promise).rejects.toBe(reason);
  });

  it("drops a transport the factory delivers after the opening was cancelled", async () => {
    const app = appFactory();
    const opening = await startSocket(app.factory, options);
    const reason = new Error("deadline");
    opening.cancel(reason);
    const transport = fakeTransport();
    app.settle().resolve(transport);
    await expect(opening.promise).rejects.toBe(reason);
    expect(transport.terminated).toBe(1);
  });

  it("reports a factory that throws as a rejection", async () => {
    const error = new TypeError("bad url");
    const opening = await startSocket(() => {
      throw error;
    }, options);
    await expect(opening.promise).rejects.toBe(error);
  });
});

describe("the signal-free entry of the SDK's factories", () => {
  it("is used instead of the public call, so no AbortController is made", async () => {
    const transport = fakeTransport();
    const start = vi.fn((_: SocketOptions): Opening => ({ promise: Promise.resolve(transport), cancel: () => undefined }));
    const publicCall = vi.fn();
    const factory = Object.assign(publicCall as unknown as TransportFactory, { [START_SOCKET]: start });
    const started = startSocket(factory, options);
    // The SDK's own entry starts in the same tick: an opening, not the promise of one.
    expect(started).not.toBeInstanceOf(Promise);
    await expect((started as Opening).promise).resolves.toBe(transport);
    expect(start).toHaveBeenCalledWith(options);
    expect(publicCall).not.toHaveBeenCalled();
  });

  it("turns a start that throws into a failed opening", async () => {
    const error = new SyntaxError("Invalid URL");
    const factory = withSignal(() => {
      throw error;
    });
    await expect(startSocket(factory, options)).rejects.toBe(error);
    await expect(factory({ ...options, signal: new AbortController().signal })).rejects.toBe(error);
  });

  it("cancels through the public signal: refused at once when already aborted, cancelled with the reason later", async () => {
    const cancels: unknown[] = [];
    let starts = 0;
    const factory = withSignal(() => {
      starts++;
      let reject!: (e: unknown) => void;
      const promise = new Promise<Transport>((_, r) => (reject = r));
      return {
        promise,
        cancel: (reason) => {
          cancels.push(reason);
          reject(reason);
        },
      };
    });
    const aborted = new AbortController();
    aborted.abort(new Error("before"));
    await expect(factory({ ...options, signal: aborted.signal })).rejects.toThrow("before");
    expect(starts).toBe(0);

    const later = new AbortController();
    const pending = factory({ ...options, signal: later.signal });
    const reason = new Error("during");
    later.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cancels).toEqual([reason]);
  });

  it("ends the wait for a start that needs a chunk when the signal aborts, and drops the socket that opens after all", async () => {
    const transport = fakeTransport();
    let arrive!: (opening: Opening) => void;
    const cancels: unknown[] = [];
    // An opening that has settled by the time it arrives: its cancel does nothing.
    const settled: Opening = { promise: Promise.resolve(transport), cancel: (reason) => void cancels.push(reason) };
    const factory = withSignal(() => new Promise<Opening>((resolve) => (arrive = resolve)));
    const controller = new AbortController();
    const pending = factory({ ...options, signal: controller.signal });
    const reason = new Error("stop waiting");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    arrive(settled);
    await vi.waitFor(() => expect(transport.terminated).toBe(1));
    expect(cancels).toEqual([reason]);
  });
  it("drops an opening that arrives as the signal aborts, and rejects with the reason", async () => {
    const transport = fakeTransport();
    const cancels: unknown[] = [];
    const controller = new AbortController();
    const reason = new Error("aborted while starting");
    // A start that gives its opening at once, already settled, with the signal aborted meanwhile.
    const factory = withSignal(() => {
      controller.abort(reason);
      return { promise: Promise.resolve(transport), cancel: (r) => void cancels.push(r) };
    });
    await expect(factory({ ...options, signal: controller.signal })).rejects.toBe(reason);
    expect(cancels).toEqual([reason]);
    await vi.waitFor(() => expect(transport.terminated).toBe(1));
  });
});

describe("whenSent", () => {
  /** An opening that reports its request sent when the test says so. */
  function sendingOpening() {
    let sent: (() => void) | undefined;
    let reject!: (e: unknown) => void;
    const cancelled: unknown[] = [];
    const opening: Opening = {
      promise: new Promise<Transport>((_resolve, r) => (reject = r)),
      cancel(reason) {
        cancelled.push(reason);
        reject(reason);
      },
      afterSend(run) {
        sent = run;
      },
    };
    opening.promise.catch(() => undefined);
    return { opening, cancelled, send: () => sent?.() };
  }

  it("runs the work once the opening says its request is out, and settles with what the work gives", async () => {
    const { opening, send } = sendingOpening();
    let ran = 0;
    const result = whenSent(opening, () => {
      ran++;
      return Promise.resolve("session");
    });
    await Promise.resolve();
    expect(ran).toBe(0);
    send();
    expect(ran).toBe(1);
    await expect(result).resolves.toBe("session");
  });

  it("runs at once for an opening that cannot tell", async () => {
    let ran = 0;
    const opening: Opening = { promise: new Promise(() => undefined), cancel() {} };
    const result = whenSent(opening, () => Promise.resolve(++ran));
    expect(ran).toBe(1);
    await expect(result).resolves.toBe(1);
  });

  it("runs the work after two turns of the event loop when the request never goes out, and only once", async () => {
    const { opening, send } = sendingOpening();
    let runs = 0;
    const result = whenSent(opening, () => Promise.resolve(++runs));
    await new Promise((r) => setImmediate(r));
    expect(runs).toBe(0);
    await new Promise((r) => setImmediate(() => setImmediate(r)));
    expect(runs).toBe(1);
    await expect(result).resolves.toBe(1);
    // The request going out after all runs nothing more.
    send();
    expect(runs).toBe(1);
  });

  it("runs at once for a start still under way", async () => {
    let ran = 0;
    const pending = new Promise<Opening>(() => undefined);
    const result = whenSent(pending, () => Promise.resolve(++ran));
    expect(ran).toBe(1);
    await expect(result).resolves.toBe(1);
  });

  it("drops the opening and rejects when the work throws before taking it over", async () => {
    const { opening, cancelled, send } = sendingOpening();
    const failure = new Error("could not build the session");
    const result = whenSent(opening, () => {
      throw failure;
    });
    send();
    await expect(result).rejects.toBe(failure);
    expect(cancelled).toEqual([failure]);
  });
});
