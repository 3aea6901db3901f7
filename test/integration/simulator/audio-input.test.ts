import { afterEach, describe, expect, it } from "vitest";
import type { VoiceLiveSimulatorOptions } from "../../../src/testing/index.js";
import { encodeMuLaw } from "../../../src/audio/pcm/g711.js";
import { SimHarness } from "../../helpers/sim-client.js";
import { appendEvents, concatSamples, pcmBase64, silence, tone } from "../../helpers/sim-audio.js";

const harness = new SimHarness();
afterEach(() => harness.stop());

const connect = (options: VoiceLiveSimulatorOptions = {}, session?: Record<string, unknown>) => harness.connect(options, { session });

/** 1 s silence, 600 ms tone, 800 ms silence. */
const burst = (rate = 24000, amplitude = 0.3) => concatSamples(silence(1000, rate), tone(600, rate, amplitude), silence(800, rate));

describe("input audio buffer", () => {
  it("refuses to commit less than 100 ms with input_audio_buffer_commit_empty, then commits enough", async () => {
    const client = await connect({}, { turn_detection: null });
    client.send({ type: "input_audio_buffer.append", audio: pcmBase64(silence(50)) });
    client.send({ type: "input_audio_buffer.commit", event_id: "commit1" });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "input_audio_buffer_commit_empty", event_id: "commit1" });
    client.send({ type: "input_audio_buffer.append", audio: pcmBase64(silence(100)) });
    client.send({ type: "input_audio_buffer.commit" });
    const committed = await client.waitFor("input_audio_buffer.committed");
    const created = await client.waitFor("conversation.item.created");
    expect((created.item as { id: string; role: string }).id).toBe(committed.item_id);
    expect((created.item as { role: string }).role).toBe("user");
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(client.types("response.")).toEqual([]);
  });

  it("clears the buffer so a following commit is empty", async () => {
    const client = await connect({}, { turn_detection: null });
    client.send({ type: "input_audio_buffer.append", audio: pcmBase64(silence(300)) });
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    client.send({ type: "input_audio_buffer.commit" });
    expect((await client.waitFor("error")).error).toMatchObject({ code: "input_audio_buffer_commit_empty" });
  });
});

describe("server VAD", () => {
  it("reports speech_started at the tone onset minus prefix padding and speech_stopped at its end, from sample counts", async () => {
    const client = await connect();
    for (const event of appendEvents(burst())) client.send(event);
    const started = await client.waitFor("input_audio_buffer.speech_started");
    const stopped = await client.waitFor("input_audio_buffer.speech_stopped");
    expect(Math.abs((started.audio_start_ms as number) - 700)).toBeLessThanOrEqual(20);
    expect(Math.abs((stopped.audio_end_ms as number) - 1600)).toBeLessThanOrEqual(20);
    expect(stopped.item_id).toBe(started.item_id);
    await client.waitFor("response.done");
    const order = client.types().filter((t) => !t.includes("delta"));
    expect(order.slice(1, 6)).toEqual([
      "input_audio_buffer.speech_started",
      "input_audio_buffer.speech_stopped",
      "input_audio_buffer.committed",
      "conversation.item.created",
      "response.created",
    ]);
  });

  it("honours prefix_padding_ms and silence_duration_ms", async () => {
    const client = await connect({}, { turn_detection: { type: "server_vad", prefix_padding_ms: 100, silence_duration_ms: 200, create_response: false } });
    const audio = concatSamples(silence(1000), tone(300), silence(150), tone(200), silence(400));
    for (const event of appendEvents(audio)) client.send(event);
    const started = await client.waitFor("input_audio_buffer.speech_started");
    const stopped = await client.waitFor("input_audio_buffer.speech_stopped");
    // A 150 ms gap is shorter than silence_duration_ms, so both bursts are one turn.
    expect(Math.abs((started.audio_start_ms as number) - 900)).toBeLessThanOrEqual(20);
    expect(Math.abs((stopped.audio_end_ms as number) - 1650)).toBeLessThanOrEqual(20);
    expect(client.types("input_audio_buffer.speech_")).toHaveLength(2);
  });

  it("honours threshold: a quiet tone is speech at 0.5 but not at 0.9", async () => {
    const quiet = burst(24000, 0.08);
    const low = await connect({}, { turn_detection: { type: "server_vad", threshold: 0.5, create_response: false } });
    for (const event of appendEvents(quiet)) low.send(event);
    await low.waitFor("input_audio_buffer.speech_stopped");
    await harness.stop();

    const high = await connect({}, { turn_detection: { type: "server_vad", threshold: 0.9, create_response: false } });
    for (const event of appendEvents(quiet)) high.send(event);
    high.send({ type: "input_audio_buffer.clear" });
    await high.waitFor("input_audio_buffer.cleared");
    expect(high.types("input_audio_buffer.speech_")).toEqual([]);
  });

  it("detects speech in G.711 μ-law input at 8 kHz", async () => {
    const client = await connect({}, { input_audio_format: "g711_ulaw", turn_detection: { type: "server_vad", create_response: false } });
    const encode = (s: Int16Array) => Buffer.from(encodeMuLaw(s)).toString("base64");
    for (const event of appendEvents(burst(8000), 8000, 20, encode)) client.send(event);
    const started = await client.waitFor("input_audio_buffer.speech_started");
    expect(Math.abs((started.audio_start_ms as number) - 700)).toBeLessThanOrEqual(20);
    await client.waitFor("input_audio_buffer.committed");
  });

  it("detects speech in 16 kHz pcm16 input", async () => {
    const client = await connect({}, { input_audio_sampling_rate: 16000, turn_detection: { type: "server_vad", create_response: false } });
    for (const event of appendEvents(burst(16000), 16000)) client.send(event);
    const stopped = await client.waitFor("input_audio_buffer.speech_stopped");
    expect(Math.abs((stopped.audio_end_ms as number) - 1600)).toBeLessThanOrEqual(20);
  });

  it("creates no response when create_response is false", async () => {
    const client = await connect({}, { turn_detection: { type: "server_vad", create_response: false } });
    for (const event of appendEvents(burst())) client.send(event);
    await client.waitFor("conversation.item.created");
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(client.types("response.")).toEqual([]);
  });
});

describe("input transcription", () => {
  it("sends transcription events with the default description of the audio", async () => {
    const client = await connect({}, { input_audio_transcription: { model: "whisper-1" }, turn_detection: { type: "server_vad", create_response: false } });
    for (const event of appendEvents(burst())) client.send(event);
    const committed = await client.waitFor("input_audio_buffer.committed");
    const completed = await client.waitFor("conversation.item.input_audio_transcription.completed");
    expect(completed).toMatchObject({ item_id: committed.item_id, content_index: 0, transcript: "(0.9 s of audio)" });
    expect(harness.sim.sessions[0]!.conversation[0]).toMatchObject({ content: [{ type: "input_audio", transcript: "(0.9 s of audio)" }] });
  });

  it("uses a pluggable transcriber, and the default responder echoes it", async () => {
    const client = await connect(
      { transcriber: (audio, rate) => `heard ${Math.round((audio.length / rate) * 1000)} ms` },
      { input_audio_transcription: { model: "azure-speech" } },
    );
    for (const event of appendEvents(burst())) client.send(event);
    expect((await client.waitFor("conversation.item.input_audio_transcription.completed")).transcript).toBe("heard 900 ms");
    expect((await client.waitFor("response.audio_transcript.done")).transcript).toBe("You said: heard 900 ms");
  });

  it("sends no transcription events when input_audio_transcription is off", async () => {
    const client = await connect({}, { turn_detection: { type: "server_vad", create_response: false } });
    for (const event of appendEvents(burst())) client.send(event);
    await client.waitFor("conversation.item.created");
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
    expect(client.types("conversation.item.input_audio_transcription")).toEqual([]);
  });
});
