import { afterEach, describe, expect, it, vi } from "vitest";
import { VoiceLiveServiceError, type VoiceLiveProtocolError } from "../../../src/index.js";
import { countingCredential, SimHarness } from "../../helpers/sim-connect.js";

const h = new SimHarness();
afterEach(() => h.stop());

const sessionId = (i = 0) => h.sim.sessions[i]!.id;

describe("a live session against the simulator: stream faults", () => {
  it("reports a mid-stream drop as close code 1006 when reconnect is off", async () => {
    await h.start();
    const session = await h.connect();
    const closed = new Promise((r) => session.once("close", r));
    h.sim.faults.inject({ type: "drop" }, sessionId());
    expect(await closed).toMatchObject({ code: 1006, wasClean: false });
    expect(session.state.status).toBe("closed");
  });

  it.each([1000, 1001, 1008, 1011, 4429])("reports server close %i with its code", async (code) => {
    await h.start();
    const session = await h.connect();
    const closed = new Promise((r) => session.once("close", r));
    h.sim.faults.inject({ type: "close", code, reason: "bye" }, sessionId());
    expect(await closed).toMatchObject({ code, reason: "bye" });
  });

  it.each([
    [1001, true],
    [1011, true],
    [4429, true],
    [1000, false],
    [1008, false],
  ])("with reconnect on, a close %i reconnects: %s", async (code, reconnects) => {
    await h.start();
    const session = await h.connect({ reconnect: { retryDelayMs: 5, maxAttempts: 2 } });
    const outcome = new Promise((r) => {
      session.once("reconnected", () => r("reconnected"));
      session.once("close", () => r("closed"));
    });
    h.sim.faults.inject({ type: "close", code }, sessionId());
    expect(await outcome).toBe(reconnects ? "reconnected" : "closed");
  });

  it("after a drop, reconnects to a new server session and replays the configuration", async () => {
    await h.start();
    const session = await h.connect({ reconnect: { retryDelayMs: 5 }, session: { instructions: "Keep this." } });
    const first = sessionId();
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" }, first);
    expect(await reconnected).toEqual({ attempt: 1, sessionReset: true });
    // sim.sessions lists live sessions: only the new one is left.
    expect(h.sim.sessions.map((s) => s.id)).not.toContain(first);
    expect(h.sim.sessions[0]!.config.instructions).toBe("Keep this.");
    expect(session.state).toEqual({ status: "open", sessionId: sessionId(0) });
  });

  it("fetches a fresh token for a reconnect when the cached one has expired", async () => {
    const accepted: string[] = [];
    await h.start({ verifyToken: (token) => (accepted.push(token), true) });
    const credential = countingCredential(["t1", "t2", "t3"], 200);
    const session = await h.connect({ credential, reconnect: { retryDelayMs: 5 } });
    const calls = credential.calls;
    await new Promise((r) => setTimeout(r, 300));
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" }, sessionId());
    await reconnected;
    expect(credential.calls).toBeGreaterThan(calls);
    expect(accepted.at(-1)).not.toBe(accepted[0]);
  });

  it("names a missing pong as heartbeat_timeout when reconnecting", async () => {
    await h.start();
    const session = await h.connect({ pingIntervalMs: 50, reconnect: { retryDelayMs: 5 } });
    const reconnecting = new Promise<{ error: { code: string } }>((r) => session.once("reconnecting", r));
    h.sim.faults.inject({ type: "stop-pings" }, sessionId());
    expect((await reconnecting).error.code).toBe("heartbeat_timeout");
    await new Promise((r) => session.once("reconnected", r));
  });

  it("treats a peer that stops answering pings as a drop", async () => {
    await h.start();
    const session = await h.connect({ pingIntervalMs: 50 });
    const closed = new Promise((r) => session.once("close", r));
    h.sim.faults.inject({ type: "stop-pings" }, sessionId());
    expect(await closed).toMatchObject({ code: 1006 });
  });

  it("reports malformed, binary and mismatched frames on protocolError, passes unknown types through, and stays open", async () => {
    await h.start();
    const session = await h.connect();
    const errors: VoiceLiveProtocolError[] = [];
    const seen: string[] = [];
    session.on("protocolError", (e) => errors.push(e));
    session.on("event", (e) => seen.push(e.type));
    h.sim.faults.inject({ type: "send-malformed-json" }, sessionId());
    h.sim.faults.inject({ type: "send-binary" }, sessionId());
    h.sim.faults.inject({ type: "send-unknown-type", eventType: "response.hologram.delta" }, sessionId());
    await vi.waitFor(() => expect(seen).toContain("response.hologram.delta"));
    expect(errors.map((e) => e.code)).toEqual(["malformed_frame", "binary_frame"]);
    await session.clearAudio();
    expect(session.state.status).toBe("open");
  });

  it("closes with 1009 when a frame exceeds maxMessageBytes", async () => {
    await h.start();
    const session = await h.connect({ maxMessageBytes: 4096 });
    const closed = new Promise((r) => session.once("close", r));
    h.sim.faults.inject({ type: "send-oversized", bytes: 10_000 }, sessionId());
    expect(await closed).toMatchObject({ code: 1009 });
  });

  it("emits session_expired as a service error, then the 1001 close", async () => {
    await h.start({ maxSessionDurationMs: 300 });
    const session = await h.connect();
    const order: string[] = [];
    session.on("error", (e) => order.push(`error:${e.code}`));
    const closed = new Promise((r) => session.once("close", (info) => r(order.push(`close:${info.code}`))));
    await closed;
    expect(order).toEqual(["error:session_expired", "close:1001"]);
  });

  it("rejects commitAudio() on an empty buffer with the service's code", async () => {
    await h.start();
    const session = await h.connect();
    const error = await session.commitAudio().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveServiceError);
    expect(error).toMatchObject({ code: "input_audio_buffer_commit_empty", type: "invalid_request_error" });
  });

  it("rejects a second response while one is active", async () => {
    await h.start();
    const session = await h.connect({ session: { modalities: ["text"], turn_detection: null } });
    h.sim.faults.inject({ type: "stall-responses" }, sessionId());
    const first = session.createResponse();
    await first.created;
    const second = session.createResponse();
    await expect(second.created).rejects.toMatchObject({ code: "conversation_already_has_active_response" });
    await first.cancel();
    expect((await first).status).toBe("cancelled");
  });

  it("runs a text response end to end and resolves the handle with the completed response", async () => {
    await h.start();
    const session = await h.connect({ session: { modalities: ["text"], turn_detection: null } });
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Hello there" }] });
    let text = "";
    session.on("response.text.delta", (e) => (text += e.delta));
    const response = await session.createResponse();
    expect(response.status).toBe("completed");
    expect(text.length).toBeGreaterThan(0);
  });

  it("rejects sends after close, and close() twice is fine", async () => {
    await h.start();
    const session = await h.connect();
    await session.close();
    await session.close();
    await expect(session.sendAudio(new Uint8Array(2))).rejects.toMatchObject({ code: "session_closed" });
  });
});
