import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import { connect, decodeMuLaw, encodeBase64, type VoiceLiveSession } from "../../../src/index.js";
import { FakeServer } from "../../helpers/fake-transport.js";
import { ArraySource, MemorySink } from "../../helpers/memory-audio.js";

const sessions: VoiceLiveSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function open(server: FakeServer): Promise<VoiceLiveSession> {
  const session = await connect({
    endpoint: "https://res.services.ai.azure.com",
    credential: new AzureKeyCredential("k"),
    model: "gpt-realtime",
    transport: server.factory,
    pingIntervalMs: 0,
  });
  sessions.push(session);
  return session;
}

const tone = (samples: number, channels = 1): Uint8Array => {
  const out = new Int16Array(samples * channels);
  for (let i = 0; i < samples; i++) for (let c = 0; c < channels; c++) out[i * channels + c] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 48000));
  return new Uint8Array(out.buffer);
};
const appendedSamples = (server: FakeServer): number =>
  server.last.sentOfType("input_audio_buffer.append").reduce((n, e) => n + Buffer.from(e.audio as string, "base64").length, 0);
const delta = (itemId: string, ms: number) => ({
  type: "response.audio.delta",
  response_id: "resp_1",
  item_id: itemId,
  output_index: 0,
  content_index: 0,
  delta: encodeBase64(new Uint8Array((24000 * 2 * ms) / 1000)),
});

describe("AudioPipeline", () => {
  it("sends a 48 kHz stereo source as 24 kHz mono PCM16", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const source = new ArraySource({ sampleRate: 48000, channels: 2 }, [tone(4800, 2), tone(4800, 2)]);
    const pipeline = session.attachAudio({ source });
    await vi.waitFor(() => expect(appendedSamples(server)).toBeGreaterThan(0));
    await pipeline.stop();
    // 200 ms of stereo at 48 kHz becomes 200 ms of mono at 24 kHz: 4,800 samples, 9,600 bytes (± filter edge).
    expect(Math.abs(appendedSamples(server) - 9600)).toBeLessThanOrEqual(4);
    expect(source.closed).toBe(true);
  });

  it("sends only the microphone channel of an echo-reference source to a mono session", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const stereo = new Int16Array(2 * 2400);
    for (let i = 0; i < 2400; i++) stereo[i * 2 + 1] = 20000; // loud reference, silent microphone
    const source = Object.assign(new ArraySource({ sampleRate: 24000, channels: 2 }, [new Uint8Array(stereo.buffer)]), { referenceChannel: 1 });
    const pipeline = session.attachAudio({ source });
    await vi.waitFor(() => expect(appendedSamples(server)).toBe(4800));
    await pipeline.stop();
    const sent = Buffer.from(server.last.sentOfType("input_audio_buffer.append")[0]!.audio as string, "base64");
    expect(new Int16Array(sent.buffer, sent.byteOffset, sent.length / 2).every((v) => v === 0)).toBe(true);
  });

  it("encodes μ-law at 8 kHz when the session's input format is g711_ulaw", async () => {
    const server = new FakeServer();
    const session = await open(server);
    server.last.receive({ type: "session.updated", session: { id: "s", input_audio_format: "g711_ulaw" } });
    const source = new ArraySource({ sampleRate: 8000, channels: 1 }, [tone(800)]);
    const pipeline = session.attachAudio({ source });
    await vi.waitFor(() => expect(appendedSamples(server)).toBe(800));
    await pipeline.stop();
    const sent = Buffer.from(server.last.sentOfType("input_audio_buffer.append")[0]!.audio as string, "base64");
    const decoded = decodeMuLaw(new Uint8Array(sent));
    const expected = new Int16Array(tone(800).buffer);
    for (let i = 0; i < 800; i += 97) expect(Math.abs(decoded[i]! - expected[i]!)).toBeLessThan(300);
  });

  it("plays audio deltas on the sink in the sink's format, tagged with their item", async () => {
    const server = new FakeServer();
    const session = await open(server);
    let now = 0;
    const sink = new MemorySink({ sampleRate: 16000, channels: 1 }, () => now);
    const pipeline = session.attachAudio({ sink });
    const speaking = vi.fn();
    pipeline.on("speaking", speaking);
    server.last.receive(delta("item_A", 100));
    server.last.receive(delta("item_A", 100));
    server.last.receive({ type: "response.audio.done", response_id: "resp_1", item_id: "item_A", output_index: 0, content_index: 0 });
    await pipeline.flush();
    expect(sink.chunks.every((c) => c.itemId === "item_A" && c.contentIndex === 0)).toBe(true);
    expect(Math.abs(sink.bytesFor("item_A") - 6400)).toBeLessThanOrEqual(4); // 200 ms at 16 kHz
    expect(speaking).toHaveBeenCalledOnce();
    now += 1;
    await pipeline.stop();
  });

  it("on barge-in clears the sink and truncates at what the listener heard", async () => {
    const server = new FakeServer();
    const session = await open(server);
    let now = 0;
    const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => now);
    const pipeline = session.attachAudio({ sink });
    const interrupted = vi.fn();
    pipeline.on("interrupted", interrupted);
    for (let i = 0; i < 10; i++) server.last.receive(delta("item_A", 100));
    await pipeline.flush();
    now += 340;
    server.last.receive({ type: "input_audio_buffer.speech_started", audio_start_ms: 5000, item_id: "item_U" });
    await vi.waitFor(() => expect(server.last.sentOfType("conversation.item.truncate")).toHaveLength(1));
    expect(server.last.sentOfType("conversation.item.truncate")[0]).toMatchObject({ item_id: "item_A", content_index: 0, audio_end_ms: 340 });
    expect(interrupted).toHaveBeenCalledWith(expect.objectContaining({ itemId: "item_A", playedMs: 340, truncatedMs: 660 }));
    // Deltas of the interrupted item that still arrive are not played.
    server.last.receive(delta("item_A", 100));
    await pipeline.flush();
    expect(sink.bytesFor("item_A")).toBe(48000);
    now += 1000;
    expect(sink.playedMs("item_A")).toBe(340);
    await pipeline.stop();
  });

  it("does not truncate when the user speaks after playback finished", async () => {
    const server = new FakeServer();
    const session = await open(server);
    let now = 0;
    const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => now);
    const pipeline = session.attachAudio({ sink });
    server.last.receive(delta("item_A", 100));
    await pipeline.flush();
    now += 500;
    server.last.receive({ type: "input_audio_buffer.speech_started", audio_start_ms: 100, item_id: "item_U" });
    await new Promise((r) => setTimeout(r, 10));
    expect(sink.clears).toBe(0);
    expect(server.last.sentOfType("conversation.item.truncate")).toHaveLength(0);
    await pipeline.stop();
  });

  it("leaves truncation to the service when auto_truncate is on, unless told to always truncate", async () => {
    for (const [truncate, expected] of [["auto", 0], ["always", 1]] as const) {
      const server = new FakeServer();
      const session = await open(server);
      server.last.receive({ type: "session.updated", session: { id: "s", turn_detection: { type: "server_vad", auto_truncate: true } } });
      let now = 0;
      const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => now);
      const pipeline = session.attachAudio({ sink, truncate });
      server.last.receive(delta("item_A", 500));
      await pipeline.flush();
      now += 100;
      server.last.receive({ type: "input_audio_buffer.speech_started", audio_start_ms: 1, item_id: "u" });
      await new Promise((r) => setTimeout(r, 10));
      expect(sink.clears).toBe(1);
      expect(server.last.sentOfType("conversation.item.truncate")).toHaveLength(expected);
      await pipeline.stop();
    }
  });

  it("stops listening to the session after stop()", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => 0);
    const pipeline = session.attachAudio({ sink });
    await pipeline.stop();
    expect(sink.closed).toBe(true);
    expect(session.listenerCount("response.audio.delta")).toBe(0);
  });

  it("refuses to attach with neither a source nor a sink", async () => {
    const server = new FakeServer();
    const session = await open(server);
    expect(() => session.attachAudio({})).toThrow(TypeError);
  });
});
