import { afterEach, describe, expect, it } from "vitest";
import { SimHarness } from "../../helpers/sim-connect.js";
import { receivedBySession, say, weatherResponder, weatherTool, weatherTurn } from "./conversation.js";

const h = new SimHarness();
afterEach(() => h.stop());

const textSession = { modalities: ["text" as const], turn_detection: null, tools: [weatherTool] };

describe("reconnect with restoreHistory", () => {
  it("replays the conversation into the new server session after a drop, before queued sends", async () => {
    await h.start({ responder: weatherResponder });
    const session = await h.connect({ reconnect: { retryDelayMs: 5, restoreHistory: true }, session: { ...textSession, tools: [weatherTool] } });
    await say(session, "Hello");
    await weatherTurn(session);
    const before = session.history.map((item) => item.id);
    const first = h.sim.sessions[0]!.id;
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" }, first);
    await reconnected;

    const second = h.sim.sessions[0]!;
    expect(second.id).not.toBe(first);
    expect(second.conversation.map((item) => item.id)).toEqual(before);
    expect(second.conversation.map((item) => item.type)).toEqual(["message", "message", "message", "function_call", "function_call_output", "message"]);
    expect(session.history.map((item) => item.id)).toEqual(before);
    // The next turn builds on the restored conversation.
    expect(await say(session, "Again")).toBe("You said: Again");
    const creates = receivedBySession(h.sim.frames, "conversation.item.create").get(second.id)!;
    expect(creates.map((e) => (e["item"] as { id: string }).id).slice(0, 6)).toEqual(before);
    expect(h.sim.sessions[0]!.conversation).toHaveLength(8);
  });

  it("forgets the history after a reconnect without restoreHistory", async () => {
    await h.start();
    const session = await h.connect({ reconnect: { retryDelayMs: 5 }, session: textSession });
    await say(session, "Hello");
    expect(session.history).toHaveLength(2);
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" });
    await reconnected;
    expect(session.history).toEqual([]);
    expect(h.sim.sessions[0]!.conversation).toEqual([]);
  });

  it("keeps spoken turns as their transcripts", async () => {
    await h.start();
    const session = await h.connect({
      reconnect: { retryDelayMs: 5, restoreHistory: true },
      session: { turn_detection: null, input_audio_transcription: { model: "whisper-1" } },
    });
    await session.sendAudio(new Int16Array(24_000 * 0.5));
    const itemId = await session.commitAudio();
    const response = await session.createResponse();
    expect(response.status).toBe("completed");
    const user = session.history.find((item) => item.id === itemId);
    expect(user).toMatchObject({ type: "message", role: "user", audio: true, text: "(0.5 s of audio)" });
    const assistant = session.history.at(-1)!;
    expect(assistant).toMatchObject({ role: "assistant", audio: true, text: "You said: (0.5 s of audio)" });
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" });
    await reconnected;
    const restored = h.sim.sessions[0]!.conversation;
    expect(restored[0]).toMatchObject({ id: itemId, role: "user", content: [{ type: "input_text", text: "(0.5 s of audio)" }] });
    expect(restored[1]).toMatchObject({ role: "assistant", content: [{ type: "text", text: "You said: (0.5 s of audio)" }] });
  });
});
