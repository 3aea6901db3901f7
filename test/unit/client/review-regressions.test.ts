import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeServer, closeFakeSessions, openFakeSession } from "../../helpers/fake-transport.js";

afterEach(closeFakeSessions);
const open = openFakeSession;
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("review regressions", () => {
  it("rejects a call made while closing without leaving a wait that rejects later, unhandled", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const closing = session.close();
    await expect(session.updateSession({ instructions: "x" })).rejects.toMatchObject({ code: "session_closed" });
    const handle = session.createResponse();
    await expect(handle.created).rejects.toMatchObject({ code: "session_closed" });
    await expect(handle.done).rejects.toMatchObject({ code: "session_closed" });
    await closing;
    await tick(); // an orphaned wait rejected by close would surface as an unhandled rejection here
  });

  it("finishes a reconnect when the app updates the session while it runs", async () => {
    const server = new FakeServer();
    const session = await open(server, { reconnect: { retryDelayMs: 1 } });
    const first = session.updateSession({ instructions: "one" });
    await tick();
    server.last.receive({ type: "session.updated", session: { id: "sess_1", instructions: "one" } });
    await first;
    const reconnected = new Promise((r) => session.once("reconnected", r));
    server.last.drop(1006);
    const during = session.updateSession({ instructions: "two" });
    await vi.waitFor(() => expect(server.transports).toHaveLength(2));
    const second = server.last;
    await vi.waitFor(() => expect(second.sentOfType("session.update")).toHaveLength(1));
    expect(second.sentOfType("session.update")[0]).toMatchObject({ session: { instructions: "one" } });
    second.receive({ type: "session.updated", session: { id: "sess_2", instructions: "one" } });
    await reconnected;
    await vi.waitFor(() => expect(second.sentOfType("session.update")).toHaveLength(2));
    second.receive({ type: "session.updated", session: { id: "sess_2", instructions: "two" } });
    expect((await during).instructions).toBe("two");
  });

  it("runs one reconnect loop when the new socket drops during the restore", async () => {
    const server = new FakeServer();
    const session = await open(server, { reconnect: { retryDelayMs: 1, maxAttempts: 3 }, session: undefined });
    const update = session.updateSession({ instructions: "keep" });
    await tick();
    server.last.receive({ type: "session.updated", session: { id: "sess_1" } });
    await update;
    const attempts: number[] = [];
    session.on("reconnecting", (e) => attempts.push(e.attempt));
    const reconnected = new Promise((r) => session.once("reconnected", r));
    server.last.drop(1006);
    await vi.waitFor(() => expect(server.transports).toHaveLength(2));
    const second = server.last;
    await vi.waitFor(() => expect(second.sentOfType("session.update")).toHaveLength(1));
    second.drop(1006); // drops while the configuration is being restored
    await vi.waitFor(() => expect(server.transports).toHaveLength(3));
    await vi.waitFor(() => expect(server.last.sentOfType("session.update")).toHaveLength(1));
    server.last.receive({ type: "session.updated", session: { id: "sess_3" } });
    await reconnected;
    expect(attempts).toEqual([1, 2]);
    expect(server.transports).toHaveLength(3);
  });

  it("resolves close() even when an app close listener throws", async () => {
    const server = new FakeServer();
    const session = await open(server);
    session.on("close", () => {
      throw new Error("app bug in a close listener");
    });
    const onError = vi.fn();
    session.on("error", onError);
    await session.close();
    expect(session.state.status).toBe("closed");
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ code: "listener_error" }));
  });

  it("still calls later listeners when an earlier one throws", async () => {
    const server = new FakeServer();
    const session = await open(server);
    session.on("error", () => {});
    session.on("input_audio_buffer.cleared", () => {
      throw new Error("app bug");
    });
    const later = vi.fn();
    session.on("input_audio_buffer.cleared", later);
    session.once("input_audio_buffer.cleared", later);
    server.last.receive({ type: "input_audio_buffer.cleared" });
    server.last.receive({ type: "input_audio_buffer.cleared" });
    expect(later).toHaveBeenCalledTimes(3);
  });

  it("keeps a frame sent into a closing socket and delivers it after the reconnect", async () => {
    const server = new FakeServer();
    const session = await open(server, { reconnect: { retryDelayMs: 1 } });
    const first = server.last;
    first.closed = { code: 1001, reason: "going away" }; // the close frame is in, the event not yet
    const sending = session.send({ type: "input_audio_buffer.commit" });
    expect(first.sentOfType("input_audio_buffer.commit")).toHaveLength(0);
    first.drop(1001);
    await vi.waitFor(() => expect(server.transports).toHaveLength(2));
    await sending;
    expect(server.last.sentOfType("input_audio_buffer.commit")).toHaveLength(1);
  });
});
