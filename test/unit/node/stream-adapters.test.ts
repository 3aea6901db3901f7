import { PassThrough, Readable, Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveAudioError } from "../../../src/errors/audio-device-error.js";
import { ReadableSource } from "../../../src/node/readable-source.js";
import { WritableSink } from "../../../src/node/writable-sink.js";

const format = { sampleRate: 16000, channels: 1 } as const;
const bytes = (n: number, fill = 1): Uint8Array => new Uint8Array(n).fill(fill);
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("ReadableSource", () => {
  const sources: ReadableSource[] = [];
  const make = (stream: Readable, chunkMs?: number): ReadableSource => {
    const source = new ReadableSource(stream, { format, ...(chunkMs === undefined ? {} : { chunkMs }) });
    sources.push(source);
    return source;
  };
  afterEach(async () => {
    for (const source of sources.splice(0)) await source.close();
  });

  it("re-cuts odd pieces into chunkMs chunks and hands out the tail at the end", async () => {
    const stream = new PassThrough();
    const source = make(stream, 10);
    await source.start();
    stream.write(bytes(333));
    stream.end(bytes(10));
    const sizes: number[] = [];
    for await (const chunk of source) sizes.push(chunk.byteLength);
    expect(sizes).toEqual([320, 22]);
  });

  it("pauses the stream while stopped and loses nothing", async () => {
    const stream = new PassThrough();
    const source = make(stream, 10);
    await source.start();
    await source.stop();
    expect(stream.isPaused()).toBe(true);
    stream.end(bytes(640));
    await source.start();
    let total = 0;
    for await (const chunk of source) total += chunk.byteLength;
    expect(total).toBe(640);
  });

  it("stops reading a fast stream while about 50 chunks wait unread", async () => {
    const stream = new PassThrough({ highWaterMark: 1 << 20 });
    const source = make(stream, 10);
    await source.start();
    stream.write(bytes(320 * 80));
    await tick();
    expect(stream.isPaused()).toBe(true);
  });

  it("makes iteration throw stream_error when the stream fails or is destroyed early", async () => {
    const failing = new PassThrough();
    const a = make(failing);
    await a.start();
    failing.destroy(new Error("disk gone"));
    await expect(a[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: "VoiceLiveAudioError", code: "stream_error", message: expect.stringContaining("disk gone") as unknown });

    const cut = new PassThrough();
    const b = make(cut);
    await b.start();
    cut.destroy();
    await expect(b[Symbol.asyncIterator]().next()).rejects.toMatchObject({ code: "stream_error" });
  });

  it("rejects a stream of strings with stream_error", async () => {
    const source = make(Readable.from(["text"]));
    await source.start();
    await expect(source[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(VoiceLiveAudioError);
  });

  it("destroys the stream on close", async () => {
    const stream = new PassThrough();
    const source = make(stream);
    await source.close();
    expect(stream.destroyed).toBe(true);
    await expect(source.start()).rejects.toMatchObject({ code: "closed" });
  });

  it("throws on bad arguments", () => {
    expect(() => new ReadableSource({} as Readable, { format })).toThrow(TypeError);
    expect(() => new ReadableSource(new PassThrough(), { format, chunkMs: 5000 })).toThrow(/options\.chunkMs/);
    expect(() => new ReadableSource(new PassThrough(), { format: { sampleRate: 1.5, channels: 1 } })).toThrow(RangeError);
  });
});

describe("WritableSink", () => {
  const sinks: WritableSink[] = [];
  afterEach(async () => {
    for (const sink of sinks.splice(0)) await sink.close({ drain: false }).catch(() => {});
  });
  const make = (stream: Writable, realtime = false): WritableSink => {
    const sink = new WritableSink(stream, { format, realtime });
    sinks.push(sink);
    return sink;
  };

  it("resolves a write only once the stream drains", async () => {
    const callbacks: (() => void)[] = [];
    const stream = new Writable({ highWaterMark: 100, write: (_chunk, _enc, cb) => void callbacks.push(() => cb()) });
    const sink = make(stream);
    let resolved = false;
    const pending = sink.write({ itemId: "a", contentIndex: 0, audio: bytes(320) }).then(() => (resolved = true));
    await tick();
    expect(resolved).toBe(false);
    callbacks.shift()!();
    await pending;
    expect(resolved).toBe(true);
    expect(sink.playedMs("a")).toBe(10);
  });

  it("rejects with broken_pipe when the stream fails with EPIPE", async () => {
    const stream = new Writable({
      write: (_chunk, _enc, cb) => cb(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })),
    });
    const sink = make(stream);
    await sink.write({ itemId: "a", contentIndex: 0, audio: bytes(32) }).catch(() => {});
    await tick();
    await expect(sink.write({ itemId: "a", contentIndex: 0, audio: bytes(32) })).rejects.toMatchObject({ name: "VoiceLiveAudioError", code: "broken_pipe" });
  });

  it("ends the stream on close and destroys it on close({ drain: false })", async () => {
    const ended = new PassThrough();
    ended.resume();
    await make(ended).close();
    expect(ended.writableFinished).toBe(true);
    const dropped = new PassThrough();
    await make(dropped, true).close({ drain: false });
    expect(dropped.destroyed).toBe(true);
  });

  it("throws on bad arguments", () => {
    expect(() => new WritableSink({} as Writable, { format })).toThrow(TypeError);
    expect(() => new WritableSink(new PassThrough(), { format, realtime: 1 as unknown as boolean })).toThrow(/options\.realtime/);
  });
});
