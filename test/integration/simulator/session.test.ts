import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveSimulator } from "../../../src/testing/index.js";
import { SimClient, closeAllClients } from "../../helpers/sim-client.js";

let sim: VoiceLiveSimulator | undefined;
afterEach(async () => {
  closeAllClients();
  await sim?.close();
  sim = undefined;
});

type Session = Record<string, unknown> & { id: string };
const sessionOf = (event: Record<string, unknown> | undefined) => (event as { session: Session }).session;

describe("simulated session configuration", () => {
  it("sends session.created first with a sess_ id and the documented defaults", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    expect(client.events[0]?.type).toBe("session.created");
    const session = sessionOf(client.events[0]);
    expect(session.id).toMatch(/^sess_/);
    expect(session).toMatchObject({
      model: "gpt-realtime",
      modalities: ["text", "audio"],
      voice: { type: "openai", name: "alloy" },
      input_audio_format: "pcm16",
      input_audio_sampling_rate: 24000,
      output_audio_format: "pcm16",
      turn_detection: { type: "server_vad", threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 },
    });
    expect(sim.sessions[0]?.id).toBe(session.id);
  });

  it("defaults to an Azure voice for a cascaded model", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim, { query: { "api-version": "2025-10-01", model: "gpt-4.1" } });
    expect(sessionOf(client.events[0]).voice).toMatchObject({ type: "azure-standard" });
  });

  it("merges only the fields present in session.update and answers with the full session", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.send({ type: "session.update", session: { instructions: "Be brief.", turn_detection: null } });
    const first = sessionOf(await client.waitFor("session.updated"));
    expect(first).toMatchObject({ instructions: "Be brief.", turn_detection: null, voice: { type: "openai", name: "alloy" }, output_audio_format: "pcm16" });
    client.send({ type: "session.update", session: { output_audio_format: "g711_ulaw" } });
    const second = sessionOf(await client.waitFor("session.updated", 2));
    expect(second).toMatchObject({ instructions: "Be brief.", turn_detection: null, output_audio_format: "g711_ulaw" });
    expect(sim.sessions[0]?.config.output_audio_format).toBe("g711_ulaw");
  });

  it("refuses a model change with an error that carries the client's event_id", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.send({ type: "session.update", event_id: "evt_1", session: { model: "gpt-4o" } });
    const error = await client.waitFor("error");
    expect(error.error).toMatchObject({ type: "invalid_request_error", param: "session.model", event_id: "evt_1" });
    expect(sim.sessions[0]?.config.model).toBe("gpt-realtime");
  });

  it("refuses a voice change once the assistant has produced audio", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.send({ type: "session.update", session: { voice: { type: "openai", name: "echo" } } });
    await client.waitFor("session.updated");
    client.send({ type: "response.create" });
    await client.waitFor("response.done");
    client.send({ type: "session.update", event_id: "v2", session: { voice: { type: "openai", name: "sage" } } });
    const error = await client.waitFor("error");
    expect(error.error).toMatchObject({ param: "session.voice", event_id: "v2" });
  });

  it("refuses an input sampling rate the format cannot have", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.send({ type: "session.update", session: { input_audio_sampling_rate: 44100 } });
    expect((await client.waitFor("error")).error).toMatchObject({ param: "session.input_audio_sampling_rate" });
    client.send({ type: "session.update", session: { input_audio_format: "g711_alaw" } });
    expect(sessionOf(await client.waitFor("session.updated"))).toMatchObject({ input_audio_format: "g711_alaw", input_audio_sampling_rate: 8000 });
  });
});

describe("simulated session validation", () => {
  it("answers an invalid event with error param = the issue path and keeps the session open", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.send({ type: "session.update", event_id: "bad1", session: { turn_detection: { type: "server_vad", threshold: 3 } } });
    const error = await client.waitFor("error");
    expect(error.error).toMatchObject({ type: "invalid_request_error", code: "invalid_value", param: "session.turn_detection.threshold", event_id: "bad1" });
    client.send({ type: "session.update", session: { instructions: "still here" } });
    expect(sessionOf(await client.waitFor("session.updated")).instructions).toBe("still here");
  });

  it("answers a non-JSON frame and an unknown type with errors and stays open", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.ws.send("this is not json");
    expect((await client.waitFor("error")).error).toMatchObject({ code: "invalid_json" });
    client.send({ type: "session.destroy", event_id: "u1" });
    expect((await client.waitFor("error", 2)).error).toMatchObject({ code: "unknown_event_type", param: "type", event_id: "u1" });
    client.send({ type: "input_audio_buffer.clear" });
    await client.waitFor("input_audio_buffer.cleared");
  });

  it("logs every frame both ways with session id, time and parsed event", async () => {
    sim = await VoiceLiveSimulator.start({ pace: "fast" });
    const client = await SimClient.connect(sim);
    client.send({ type: "input_audio_buffer.clear", event_id: "c1" });
    await client.waitFor("input_audio_buffer.cleared");
    const id = sim.sessions[0]!.id;
    const frames = sim.frames.filter((f) => f.sessionId === id);
    expect(frames.map((f) => [f.direction, f.event?.["type"]])).toEqual([
      ["sent", "session.created"],
      ["received", "input_audio_buffer.clear"],
      ["sent", "input_audio_buffer.cleared"],
    ]);
    expect(frames[1]!.timestamp).toBeGreaterThan(0);
    expect(frames[2]!.atMs).toBeGreaterThanOrEqual(frames[1]!.atMs);
  });
});
