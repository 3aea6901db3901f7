import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeBase64 } from "../../../src/index.js";
import { SimHarness } from "../../helpers/sim-connect.js";
import { receivedBySession, rotatingSession, rotations, say, seen, watch, weatherResponder, weatherTurn } from "./conversation.js";

const h = new SimHarness();
beforeEach(() => {
  seen.length = 0;
});
afterEach(() => h.stop());

const ids = (events: readonly Record<string, unknown>[]) => events.map((e) => (e["item"] as { id: string }).id);

describe("rotation to a fresh connection ahead of the session time cap", () => {
  it("carries a conversation with a function call through two rotations, replaying it in order each time", async () => {
    await h.start({ maxSessionDurationMs: 3000, responder: weatherResponder });
    const session = await h.connect(rotatingSession());
    const log = watch(session);
    const two = rotations(session, 2);

    expect(await say(session, "Hello")).toBe("You said: Hello");
    expect(await weatherTurn(session)).toBe('The tool returned {"sky":"clear"}.');
    const beforeFirst = session.history.map((item) => item.id);
    expect(session.history.map((item) => item.type)).toEqual([
      "message",
      "message",
      "message",
      "function_call",
      "function_call_output",
      "message",
    ]);

    const first = await rotations(session, 1);
    expect(first[0]).toMatchObject({ itemsReplayed: 6, sessionId: session.state.status === "open" ? session.state.sessionId : "" });
    expect(await say(session, "Still there?")).toBe("You said: Still there?");
    const beforeSecond = session.history.map((item) => item.id);
    const [, second] = await two;
    expect(second!.itemsReplayed).toBe(8);
    expect(await say(session, "And now?")).toBe("You said: And now?");

    // Three server sessions in order; the second and third each begin with the replay.
    const creates = receivedBySession(h.sim.frames, "conversation.item.create");
    const [s1, s2, s3] = [...creates.keys()];
    expect(creates.size).toBe(3);
    expect(ids(creates.get(s2!)!).slice(0, 6)).toEqual(beforeFirst);
    expect(ids(creates.get(s3!)!).slice(0, 8)).toEqual(beforeSecond);
    const replayed = creates.get(s3!)!.slice(0, 8).map((e) => e["item"] as Record<string, unknown>);
    expect(replayed[3]).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"city":"Paris"}' });
    expect(replayed[4]).toMatchObject({ type: "function_call_output", call_id: replayed[3]!["call_id"], output: '{"sky":"clear"}' });
    expect(replayed[5]).toMatchObject({ type: "message", role: "assistant", content: [{ type: "text", text: 'The tool returned {"sky":"clear"}.' }] });
    // The configuration came first on each new connection.
    const updates = receivedBySession(h.sim.frames, "session.update");
    expect(updates.get(s2!)![0]!["session"]).toMatchObject({ modalities: ["text"], tools: [{ name: "get_weather" }] });
    // The model on the third connection saw the whole conversation before the last turn.
    const lastSeen = seen.at(-1)!;
    expect(lastSeen.sessionId).toBe(s3);
    expect(lastSeen.conversation.slice(0, 8)).toEqual(beforeSecond);
    expect(h.sim.sessions.map((s) => s.id)).toEqual([s3]);
    expect(h.sim.sessions[0]!.conversation.map((item) => item.id)).toEqual(session.history.map((item) => item.id));
    expect(s1).not.toBe(s2);

    // One unbroken stream: no close, no error, the iterator still running, no replay echo shown.
    expect(log.closes).toBe(0);
    expect(log.errors).toEqual([]);
    expect(log.iteratorEnded).toBe(false);
    expect(log.rotating).toEqual([{ reason: "expiring" }, { reason: "expiring" }]);
    expect(log.order.filter((type) => type === "session.created")).toEqual([]);
    expect(log.order.filter((type) => type === "conversation.item.created")).toHaveLength(10);
    expect(session.state.status).toBe("open");
  });

  it("delivers every audio chunk sent during the switch, in order, on the old and new sockets combined", async () => {
    await h.start({ maxSessionDurationMs: 3000 });
    const session = await h.connect(rotatingSession({ retryDelayMs: 100 }));
    // The new connection's first handshake is refused, so the switch lasts at least one
    // backoff (50-100 ms) and chunks go out while it is under way, however fast a connect is.
    h.sim.faults.next({ refuse: { status: 503 } });
    const log = watch(session);
    let rotating = false;
    let sentWhileRotating = 0;
    let midSwitch: Promise<unknown> | undefined;
    session.on("rotating", () => {
      rotating = true;
      midSwitch = session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "said mid-switch" }] });
    });
    const done = rotations(session, 1);
    let finished = false;
    void done.then(() => (finished = true));
    const sends: Promise<void>[] = [];
    let index = 0;
    let afterSwitch = 0;
    while (afterSwitch < 20) {
      const chunk = new Int16Array(240);
      chunk[0] = index++;
      sends.push(session.sendAudio(chunk));
      if (rotating && !finished) sentWhileRotating++;
      if (finished) afterSwitch++;
      await new Promise((r) => setTimeout(r, 4));
    }
    await Promise.all(sends);
    await session.clearAudio(); // a round trip on the new socket: every append before it has arrived
    const appends = receivedBySession(h.sim.frames, "input_audio_buffer.append");
    const perSession = [...appends.values()].map((events) =>
      events.map((e) => {
        const bytes = decodeBase64(e["audio"] as string);
        return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getInt16(0, true);
      }),
    );
    expect(perSession).toHaveLength(2);
    expect(perSession[1]!.length).toBeGreaterThanOrEqual(20);
    expect(perSession.flat()).toEqual(Array.from({ length: index }, (_, i) => i));
    expect(sentWhileRotating).toBeGreaterThan(0);
    // A call made during the switch is sent on, and answered by, the new connection.
    const item = (await midSwitch) as { id: string };
    const creates = receivedBySession(h.sim.frames, "conversation.item.create");
    expect(ids([...creates.values()][1]!)).toEqual([item.id]);
    expect(session.history.map((i) => i.id)).toEqual([item.id]);
    expect(log.closes).toBe(0);
  });

  it("waits for a response in progress to finish before rotating", async () => {
    await h.start({ maxSessionDurationMs: 3000 });
    const session = await h.connect(rotatingSession());
    const log = watch(session);
    h.sim.faults.inject({ type: "delay-responses", delayMs: 1200 });
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Take your time" }] });
    const response = await session.createResponse();
    expect(response.status).toBe("completed");
    await rotations(session, 1);
    expect(log.rotating).toEqual([{ reason: "expiring" }]);
    expect(log.order.indexOf("response.done")).toBeLessThan(log.order.indexOf("rotating:expiring"));
  });

  it("at the deadline cancels a response still in progress, then rotates before the cap", async () => {
    await h.start({ maxSessionDurationMs: 3000 });
    const session = await h.connect(rotatingSession());
    const log = watch(session);
    h.sim.faults.inject({ type: "stall-responses" });
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Never mind" }] });
    const stalled = session.createResponse();
    await stalled.created;
    const [info] = await rotations(session, 1);
    expect((await stalled).status).toBe("cancelled");
    expect(log.rotating).toEqual([{ reason: "deadline" }]);
    const cancels = receivedBySession(h.sim.frames, "response.cancel");
    const [s1, s2] = [...cancels.keys()];
    expect(cancels.get(s1!)).toHaveLength(1);
    expect(cancels.get(s2!)).toEqual([]);
    // The user item was replayed; the cancelled, empty assistant message was not.
    expect(info!.itemsReplayed).toBe(1);
    expect(log.errors).toEqual([]);
    expect(log.closes).toBe(0);
    expect(await say(session, "Hello again")).toBe("You said: Hello again");
  });

  it('starts the new connection empty with history: "none"', async () => {
    await h.start({ maxSessionDurationMs: 3000 });
    const session = await h.connect(rotatingSession({ rotate: { beforeExpiryMs: 2200, deadlineMs: 1000, history: "none" } }));
    await say(session, "Forget me");
    const [info] = await rotations(session, 1);
    expect(info!.itemsReplayed).toBe(0);
    expect(session.history).toEqual([]);
    expect(h.sim.sessions.find((s) => s.id === info!.sessionId)!.conversation).toEqual([]);
  });

  it("replays what a history function returns", async () => {
    await h.start({ maxSessionDurationMs: 3000 });
    const session = await h.connect(
      rotatingSession({
        rotate: {
          beforeExpiryMs: 2200,
          deadlineMs: 1000,
          history: (items) => [
            { type: "message", id: "summary", role: "system", text: `Summary of ${items.length} items.` },
            ...items.slice(-1),
          ],
        },
      }),
    );
    await say(session, "One");
    await say(session, "Two");
    const last = session.history.at(-1)!.id;
    const [info] = await rotations(session, 1);
    expect(info!.itemsReplayed).toBe(2);
    expect(session.history.map((item) => item.id)).toEqual(["summary", last]);
    expect(h.sim.sessions.find((s) => s.id === info!.sessionId)!.conversation.map((item) => item.id)).toEqual(["summary", last]);
  });
});
