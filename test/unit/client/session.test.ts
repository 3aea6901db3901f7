import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  connect,
  VoiceLiveConnectionError,
  VoiceLiveProtocolError,
  VoiceLiveClient,
  VoiceLiveServiceError,
  type ConnectOptions,
} from "../../../src/index.js";
import type { TransportFactory } from "../../../src/transport/transport.js";
import { FakeServer, closeFakeSessions, fakeConnectOptions, loadDeferredModules, openFakeSession, sessionCreated } from "../../helpers/fake-transport.js";

// The fake-timer tests below would otherwise depend on an earlier test having connected.
beforeAll(loadDeferredModules);

afterEach(async () => {
  await closeFakeSessions();
  vi.useRealTimers();
});
const open = openFakeSession;

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("VoiceLiveSession over a fake transport", () => {
  it("resolves connect() after session.created, with the key in a header and never in the URL", async () => {
    const server = new FakeServer();
    const session = await open(server);
    expect(session.state).toEqual({ status: "open", sessionId: "sess_1" });
    expect(server.opens[0]!.headers["api-key"]).toBe("key-123");
    expect(server.opens[0]!.url).toBe("wss://res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime");
    expect(session.url).not.toContain("key-123");
  });

  it("sends each connect a distinct client request id in GUID form", async () => {
    const server = new FakeServer();
    for (let i = 0; i < 3; i++) await open(server);
    const ids = server.opens.map((o) => o.headers["x-ms-client-request-id"]);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(3);
  });

  it("builds each connect's URL from its own options, and still refuses a bad option after good ones", async () => {
    const server = new FakeServer();
    await open(server, { model: "url-memo-a" });
    await open(server, { model: "url-memo-a" });
    await open(server, { model: "url-memo-b", profile: "byom-azure-openai-chat-completion" });
    expect(server.opens.map((o) => o.url)).toEqual([
      "wss://res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=url-memo-a",
      "wss://res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=url-memo-a",
      "wss://res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=url-memo-b&profile=byom-azure-openai-chat-completion",
    ]);
    // The same options apart from one value the URL builder refuses: refused before any socket, every time.
    for (let i = 0; i < 2; i++) {
      await expect(open(server, { model: "url-memo-a", profile: "BYOM Unknown" as never })).rejects.toThrow(/profile must be/);
      await expect(open(server, { model: "url-memo-a", endpoint: "ftp://res.services.ai.azure.com" })).rejects.toThrow(TypeError);
    }
    expect(server.opens).toHaveLength(3);
    // Each option is part of what a remembered URL is found by: change any one, get its own URL.
    await open(server, { model: "url-memo-a", endpoint: "https://other.services.ai.azure.com" });
    await open(server, { model: "url-memo-a", apiVersion: "2026-01-01-preview" });
    await open(server, { model: "url-memo-a", foundryResourceOverride: "other-resource" });
    await open(server, { model: "url-memo-a", endpoint: "http://127.0.0.1:9", allowInsecureConnection: true });
    expect(server.opens.slice(3).map((o) => o.url)).toEqual([
      "wss://other.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&model=url-memo-a",
      "wss://res.services.ai.azure.com/voice-live/realtime?api-version=2026-01-01-preview&model=url-memo-a",
      expect.stringMatching(/^wss:\/\/res\.services\.ai\.azure\.com\/voice-live\/realtime\?.*foundry-resource-override=other-resource/),
      "ws://127.0.0.1:9/voice-live/realtime?api-version=2025-10-01&model=url-memo-a",
    ]);
    // Without the opt-in, the same endpoint over http is refused, though its ws:// URL is remembered.
    await expect(open(server, { model: "url-memo-a", endpoint: "http://127.0.0.1:9" })).rejects.toThrow(/allowInsecureConnection/);
    await open(server, { model: "url-memo-c" });
    // A getter that answers differently on each read: the URL is built from, and remembered
    // with, one value, so a later connect with the other value gets its own URL.
    // (connect() itself, not the helper, which copies its options first.)
    let reads = 0;
    const shifting = Object.defineProperty({ ...fakeConnectOptions(server) }, "model", {
      get: () => (reads++ === 0 ? "url-memo-g1" : "url-memo-g2"),
      enumerable: true,
    });
    await (await connect(shifting)).close();
    await open(server, { model: "url-memo-g2" });
    expect(server.opens.slice(7).map((o) => new URL(o.url).searchParams.get("model"))).toEqual(["url-memo-c", "url-memo-g1", "url-memo-g2"]);
  });

  it("rejects connect() at once with a VoiceLiveProtocolError when session.created fails its schema", async () => {
    const server = new FakeServer();
    server.autoCreate = false;
    const factory = server.factory;
    const started = Date.now();
    const error = await connect({
      endpoint: "https://res.services.ai.azure.com",
      credential: new AzureKeyCredential("key-123"),
      model: "gpt-realtime",
      transport: async (o) => {
        const transport = await factory(o);
        setTimeout(() => server.last.receive({ type: "session.created", event_id: "e0", session: { id: 42 } }), 0);
        return transport;
      },
      pingIntervalMs: 0,
      connectTimeoutMs: 60_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveProtocolError);
    expect(error).toMatchObject({ code: "schema_mismatch", eventType: "session.created" });
    // Not the handshake deadline: the connect failed on the event itself.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(server.last.terminated).toBe(true);
  });

  it("resolves connect() with a session config only after the matching session.updated", async () => {
    const server = new FakeServer();
    const pending = open(server, { session: { instructions: "Be brief." } });
    await vi.waitFor(() => expect(server.last?.sentOfType("session.update")).toHaveLength(1));
    let resolved = false;
    void pending.then(() => (resolved = true));
    await tick();
    expect(resolved).toBe(false);
    server.last.receive({ type: "session.updated", session: { id: "sess_1", instructions: "Be brief." } });
    const session = await pending;
    expect(session.session?.instructions).toBe("Be brief.");
  });

  it("rejects updateSession() with VoiceLiveServiceError when the error echoes its event_id", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const onError = vi.fn();
    session.on("error", onError);
    const call = session.updateSession({ voice: { type: "azure-standard", name: "x" } });
    await tick();
    const sent = server.last.sentOfType("session.update")[0]!;
    server.last.receive({ type: "error", error: { type: "invalid_request_error", code: "bad_voice", message: "nope", param: "session.voice", event_id: sent.event_id } });
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveServiceError);
    expect(error).toMatchObject({ code: "bad_voice", param: "session.voice", eventId: sent.event_id });
    expect(onError).not.toHaveBeenCalled();
  });

  it("emits a server error that matches no call on `error`, code null falling back to the type", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const onError = vi.fn();
    session.on("error", onError);
    server.last.receive({ type: "error", error: { type: "server_error", code: null, message: "boom" } });
    expect(onError).toHaveBeenCalledOnce();
    expect(onError.mock.calls[0]![0]).toMatchObject({ name: "VoiceLiveServiceError", code: "server_error" });
  });

  it("matches createItem() to its own conversation.item.created, not to a VAD item before it", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const call = session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "hi" }] });
    await tick();
    const sent = server.last.sentOfType("conversation.item.create")[0]! as { item: { id: string } };
    server.last.receive({ type: "conversation.item.created", item: { id: "item_vad", type: "message", role: "user", status: "completed", content: [] } });
    server.last.receive({ type: "conversation.item.created", item: { ...sent.item, status: "completed" } });
    const item = await call;
    expect(item.id).toBe(sent.item.id);
  });

  it("resolves a response handle with response.done and exposes response.created", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const handle = session.createResponse({ modalities: ["text"] });
    await tick();
    server.last.receive({ type: "response.created", response: { id: "resp_1", status: "in_progress" } });
    expect((await handle.created).id).toBe("resp_1");
    server.last.receive({ type: "response.done", response: { id: "resp_1", status: "completed" } });
    expect((await handle).status).toBe("completed");
  });

  it("resolves a response handle when response.created and response.done arrive in one chunk", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const handle = session.createResponse();
    await tick();
    server.last.receive({ type: "response.created", response: { id: "resp_9", status: "in_progress" } });
    server.last.receive({ type: "response.done", response: { id: "resp_9", status: "completed" } });
    expect((await handle).status).toBe("completed");
  });

  it("rejects both the created and the done wait when the service refuses response.create", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const handle = session.createResponse();
    await tick();
    const sent = server.last.sentOfType("response.create")[0]!;
    server.last.receive({ type: "error", error: { type: "invalid_request_error", code: "conversation_already_has_active_response", message: "busy", event_id: sent.event_id } });
    await expect(handle.created).rejects.toMatchObject({ code: "conversation_already_has_active_response" });
    await expect(handle.done).rejects.toMatchObject({ code: "conversation_already_has_active_response" });
  });

  it("delivers typed events, then the catch-all, then the iterator, in arrival order", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const order: string[] = [];
    session.on("response.text.delta", (e) => order.push(`typed:${e.delta}`));
    session.on("event", (e) => order.push(`any:${e.type}`));
    const iterator = session[Symbol.asyncIterator]();
    server.last.receive({ type: "response.text.delta", response_id: "r", item_id: "i", output_index: 0, content_index: 0, delta: "a" });
    server.last.receive({ type: "brand.new.event", x: 1 });
    expect(order).toEqual(["typed:a", "any:response.text.delta", "any:brand.new.event"]);
    expect((await iterator.next()).value.type).toBe("response.text.delta");
    expect((await iterator.next()).value.type).toBe("brand.new.event");
  });

  it("reports malformed frames on protocolError and keeps receiving", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const onProtocolError = vi.fn();
    const onCleared = vi.fn();
    session.on("protocolError", onProtocolError);
    session.on("input_audio_buffer.cleared", onCleared);
    server.last.receive("{not json");
    server.last.receive({ type: "conversation.item.deleted", item_id: 7 });
    server.last.receive({ type: "input_audio_buffer.cleared" });
    expect(onProtocolError.mock.calls.map((c) => c[0].code)).toEqual(["malformed_frame", "schema_mismatch"]);
    expect(onCleared).toHaveBeenCalledOnce();
  });

  it("keeps delivering when a listener throws, and reports the throw on `error`", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const onError = vi.fn();
    const onAny = vi.fn();
    session.on("error", onError);
    session.on("input_audio_buffer.cleared", () => {
      throw new Error("app bug");
    });
    session.on("event", onAny);
    server.last.receive({ type: "input_audio_buffer.cleared" });
    server.last.receive({ type: "input_audio_buffer.cleared" });
    expect(onAny).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[0]![0]).toMatchObject({ code: "listener_error" });
  });

  it.each([
    ["an empty chunk", new Uint8Array(0), /empty/],
    ["an odd byte length", new Uint8Array(3), /odd/],
    ["a WAV header", new TextEncoder().encode("RIFF\0\0\0\0WAVEfmt "), /WAV header/],
  ])("refuses %s in sendAudio() before sending", async (_name, chunk, message) => {
    const server = new FakeServer();
    const session = await open(server);
    expect(() => session.sendAudio(chunk)).toThrow(message);
    expect(server.last.sentOfType("input_audio_buffer.append")).toHaveLength(0);
  });

  it("sends audio as base64 in input_audio_buffer.append", async () => {
    const server = new FakeServer();
    const session = await open(server);
    await session.sendAudio(new Int16Array([1, -1, 256]));
    expect(server.last.sentOfType("input_audio_buffer.append")[0]).toEqual({ type: "input_audio_buffer.append", audio: "AQD//wAB" });
  });

  it("makes sendAudio() wait while the socket buffer is above the high-water mark", async () => {
    const server = new FakeServer();
    const session = await open(server, { highWaterMarkBytes: 1000 });
    server.last.bufferedAmount = 5000;
    let done = false;
    const sending = session.sendAudio(new Uint8Array(2)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    server.last.bufferedAmount = 0;
    await sending;
    expect(done).toBe(true);
  });

  it("rejects sends and pending calls once closed, and close() is idempotent", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const pending = session.clearAudio();
    const first = session.close();
    expect(session.close()).toBe(first);
    await first;
    await expect(pending).rejects.toBeInstanceOf(VoiceLiveConnectionError);
    await expect(session.send({ type: "input_audio_buffer.clear" })).rejects.toMatchObject({ code: "session_closed" });
    expect(server.last.closed?.code).toBe(1000);
    expect(session.state).toMatchObject({ status: "closed", code: 1000 });
  });

  it("ends the async iterator when the session closes", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const iterator = session[Symbol.asyncIterator]();
    const next = iterator.next();
    await session.close();
    expect(await next).toEqual({ value: undefined, done: true });
  });

  it("throws for a session update the profile forbids in strict mode, before sending", async () => {
    const server = new FakeServer();
    const session = await open(server, { profile: "byom-azure-openai-chat-completion", model: "my-gpt41" });
    await expect(session.updateSession({ voice: "alloy" })).rejects.toThrow(/Only Azure voice is supported/);
    expect(server.last.sentOfType("session.update")).toHaveLength(0);
  });

  it("turns profile violations into warning events in warn mode and still sends", async () => {
    const server = new FakeServer();
    const session = await open(server, { profile: "byom-azure-openai-chat-completion", model: "my-gpt41", profileCheck: "warn" });
    const warnings: string[] = [];
    session.on("warning", (e) => warnings.push(e.warning.code ?? ""));
    void session.updateSession({ voice: "alloy" }).catch(() => {});
    await tick();
    expect(warnings).toEqual(["profile_check.cascaded-azure-voice-only"]);
    expect(server.last.sentOfType("session.update")).toHaveLength(1);
  });

  it("retries a 503 handshake and then connects", async () => {
    const server = new FakeServer();
    server.failNext(new VoiceLiveConnectionError("handshake_rejected", "503", { retryable: true, status: 503 }));
    const session = await open(server, { retryDelayMs: 1 });
    expect(session.state.status).toBe("open");
    expect(server.opens).toHaveLength(2);
  });

  it("does not retry a 403 handshake", async () => {
    const server = new FakeServer();
    server.failNext(new VoiceLiveConnectionError("handshake_rejected", "403", { retryable: false, status: 403 }));
    await expect(open(server, { retryDelayMs: 1 })).rejects.toMatchObject({ status: 403 });
    expect(server.opens).toHaveLength(1);
  });

  it("retries a 401 once with a freshly fetched token, and not a second time", async () => {
    const server = new FakeServer();
    const unauthorized = () => new VoiceLiveConnectionError("handshake_rejected", "401", { retryable: false, status: 401 });
    server.failNext(unauthorized(), unauthorized());
    let calls = 0;
    const credential = { getToken: async () => ({ token: `tok${++calls}`, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    await expect(open(server, { credential })).rejects.toMatchObject({ status: 401 });
    expect(server.opens).toHaveLength(2);
    expect(server.opens.map((o) => o.headers["Authorization"])).toEqual(["Bearer tok1", "Bearer tok2"]);
  });

  it("still refreshes the token for a 401 that follows a retried 503, without spending a retry on it", async () => {
    const server = new FakeServer();
    const unavailable = () => new VoiceLiveConnectionError("handshake_rejected", "503", { retryable: true, status: 503 });
    server.failNext(unavailable(), new VoiceLiveConnectionError("handshake_rejected", "401", { retryable: false, status: 401 }), unavailable());
    let calls = 0;
    const credential = { getToken: async () => ({ token: `tok${++calls}`, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    // Two retries allowed, both taken by the 503s: the 401's refresh is not a retry.
    const session = await open(server, { credential, maxRetries: 2, retryDelayMs: 1 });
    expect(session.state.status).toBe("open");
    expect(server.opens.map((o) => o.headers["Authorization"])).toEqual(["Bearer tok1", "Bearer tok1", "Bearer tok2", "Bearer tok2"]);
  });

  it("queues sends while reconnecting, replays the configuration, then sends them in order", async () => {
    const server = new FakeServer();
    const session = await open(server, { reconnect: { retryDelayMs: 1, maxAttempts: 3 } });
    const update = session.updateSession({ instructions: "Remember me." });
    await tick();
    server.last.receive({ type: "session.updated", session: { id: "sess_1", instructions: "Remember me." } });
    await update;
    const events: string[] = [];
    session.on("reconnecting", (e) => events.push(`reconnecting:${e.attempt}`));
    session.on("reconnected", (e) => events.push(`reconnected:${e.sessionReset}`));
    server.last.drop(1006);
    const a = session.sendAudio(new Uint8Array([1, 0]));
    const b = session.send({ type: "input_audio_buffer.commit" });
    await vi.waitFor(() => expect(server.transports).toHaveLength(2));
    const second = server.last;
    await vi.waitFor(() => expect(second.sentOfType("session.update")).toHaveLength(1));
    expect(second.sent[0]).toMatchObject({ type: "session.update", session: { instructions: "Remember me." } });
    second.receive({ type: "session.updated", session: { id: "sess_2", instructions: "Remember me." } });
    await Promise.all([a, b]);
    expect(second.sent.slice(1).map((e) => e.type)).toEqual(["input_audio_buffer.append", "input_audio_buffer.commit"]);
    expect(events).toEqual(["reconnecting:1", "reconnected:true"]);
    expect(session.state).toEqual({ status: "open", sessionId: "sess_2" });
  });

  it("keeps a send made while a failing send is under way: both go out after the reconnect, in order", async () => {
    const server = new FakeServer();
    const session = await open(server, { reconnect: { retryDelayMs: 1, maxAttempts: 3 } });
    const first = server.last;
    // An app's transport whose socket fails inside send(): the drop starts the reconnect,
    // whose announcement a listener answers with a send of its own, before send() returns.
    let inner: Promise<void> | undefined;
    session.once("reconnecting", () => {
      inner = session.send({ type: "input_audio_buffer.commit" });
    });
    first.send = () => {
      first.drop(1006);
      return false;
    };
    const outer = session.sendAudio(new Uint8Array([1, 0]));
    expect(inner).toBeDefined();
    await vi.waitFor(() => expect(server.transports).toHaveLength(2));
    await Promise.all([inner, outer]);
    expect(server.last.sent.map((e) => e.type)).toEqual(["input_audio_buffer.commit", "input_audio_buffer.append"]);
  });

  it("closes for good on a drop when reconnect is off", async () => {
    const server = new FakeServer();
    const session = await open(server);
    const onClose = vi.fn();
    session.on("close", onClose);
    server.last.drop(1006);
    expect(onClose).toHaveBeenCalledWith({ code: 1006, reason: "", wasClean: false });
  });

  it("treats a missing pong as a drop", async () => {
    vi.useFakeTimers();
    const server = new FakeServer();
    const opening = open(server, { pingIntervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(1);
    const session = await opening;
    const onClose = vi.fn();
    session.on("close", onClose);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.last.pings).toBe(1);
    server.last.handlers.pong();
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.last.pings).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.last.terminated).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(onClose).toHaveBeenCalledWith(expect.objectContaining({ code: 1006 }));
  });

  it("emits sessionExpiring ahead of the service's cap", async () => {
    vi.useFakeTimers();
    const server = new FakeServer();
    const opening = open(server, { maxSessionDurationMs: 10_000, sessionExpiringNoticeMs: 3_000 });
    await vi.advanceTimersByTimeAsync(1);
    const session = await opening;
    const onExpiring = vi.fn();
    session.on("sessionExpiring", onExpiring);
    await vi.advanceTimersByTimeAsync(6_998);
    expect(onExpiring).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2);
    expect(onExpiring).toHaveBeenCalledWith({ remainingMs: 3_000 });
  });

  it("aborts connect() through its signal", async () => {
    const server = new FakeServer();
    server.autoCreate = false;
    const controller = new AbortController();
    const pending = open(server, { signal: controller.signal });
    await vi.waitFor(() => expect(server.transports).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(server.last.terminated).toBe(true);
  });

  it("rejects connect() with a signal that is already aborted, dropping the socket", async () => {
    const server = new FakeServer();
    const controller = new AbortController();
    controller.abort();
    await expect(open(server, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(server.transports.every((t) => t.terminated)).toBe(true);
  });

  it("gives an attempt one connectTimeoutMs for the handshake and session.created together", async () => {
    vi.useFakeTimers();
    const server = new FakeServer();
    server.autoCreate = false;
    // Each step alone fits in the 100 ms; both together do not.
    const factory: TransportFactory = (options) =>
      new Promise((resolve) => setTimeout(() => resolve(server.factory(options)), 60));
    const pending = open(server, { transport: factory, connectTimeoutMs: 100, maxRetries: 0 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60);
    expect(server.transports).toHaveLength(1);
    setTimeout(() => server.last.receive(sessionCreated()), 60);
    await vi.advanceTimersByTimeAsync(60);
    const error = await pending;
    expect(error).toMatchObject({ code: "handshake_timeout", message: "No session.created within 100 ms." });
    expect(server.last.terminated).toBe(true);
  });

  it("cancels an app transport's handshake at the deadline: its signal aborts with the timeout error", async () => {
    vi.useFakeTimers();
    const signals: AbortSignal[] = [];
    const never: TransportFactory = (options) => {
      signals.push(options.signal);
      return new Promise(() => undefined);
    };
    const pending = open(new FakeServer(), { transport: never, connectTimeoutMs: 100, maxRetries: 1, retryDelayMs: 10 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(signals).toHaveLength(1);
    expect(signals[0]!.reason).toMatchObject({ code: "handshake_timeout" });
    // The timeout is retried like any handshake timeout: a second attempt, its own deadline.
    await vi.advanceTimersByTimeAsync(200);
    expect(signals).toHaveLength(2);
    const error = await pending;
    expect(error).toBeInstanceOf(VoiceLiveConnectionError);
    expect(error).toMatchObject({ code: "handshake_timeout", retryable: true });
    expect((error as Error).message).toMatch(/^The handshake with wss:\/\/res\.services\.ai\.azure\.com\/.* did not finish within 100 ms\.$/);
  });

  it("honours an abort that lands after the socket opened and before session.created is awaited", async () => {
    const server = new FakeServer();
    server.autoCreate = false;
    const controller = new AbortController();
    const factory: TransportFactory = async (options) => {
      const transport = await server.factory(options);
      controller.abort();
      return transport;
    };
    await expect(open(server, { signal: controller.signal, transport: factory })).rejects.toMatchObject({ name: "AbortError" });
    expect(server.last.terminated).toBe(true);
  });

  it.each([
    [{ maxRetries: -1 }, /maxRetries/],
    [{ connectTimeoutMs: Number.NaN }, /connectTimeoutMs/],
    [{ profileCheck: "loud" }, /profileCheck/],
    [{ model: "" }, /model/],
    [{ profile: "Not A Profile" }, /profile/],
    [{ endpoint: "https://user:pw@res.example.com" }, /endpoint/],
    [{ allowInsecureConnection: "yes" }, /^allowInsecureConnection must be a boolean, got "yes"\.$/],
    [{ allowCredentialInUrl: 1 }, /^allowCredentialInUrl must be a boolean, got 1\.$/],
    [{ WebSocket: "ws" }, /^WebSocket must be a WebSocket constructor\.$/],
    [{ transport: {} }, /^transport must be a transport factory function\.$/],
    [{ reconnect: "yes" }, /^reconnect must be a boolean or an options object/],
    [{ reconnect: { maxAttempts: -1 } }, /^reconnect\.maxAttempts must be a whole number/],
    [{ reconnect: { restoreHistory: "all" } }, /^reconnect\.restoreHistory must be a boolean or a function/],
    [{ signal: {} }, /^signal must be an AbortSignal\.$/],
  ])("rejects bad options %j before any I/O", async (bad, message) => {
    const server = new FakeServer();
    await expect(open(server, bad as Partial<ConnectOptions>)).rejects.toThrow(message);
    expect(server.opens).toHaveLength(0);
  });
});

describe("new VoiceLiveClient()", () => {
  const key = new AzureKeyCredential("key-123");
  it.each([
    ["an endpoint without a credential", () => new VoiceLiveClient("https://res.services.ai.azure.com"), /^credential must be a TokenCredential/],
    ["an endpoint with something else as credential", () => new VoiceLiveClient("https://res.services.ai.azure.com", {} as never), /^credential must be a TokenCredential/],
    ["a relay URL with a credential", () => new VoiceLiveClient({ url: "ws://127.0.0.1:1/relay" }, key), /^credential must be omitted with \{ url \}/],
    ["neither an endpoint string nor { url }", () => new VoiceLiveClient(42 as never, key), /^endpoint must be a string/],
    ["null", () => new VoiceLiveClient(null as never, key), /^endpoint must be a string/],
  ])("refuses %s with a TypeError", (_what, make, message) => {
    expect(make).toThrow(TypeError);
    expect(make).toThrow(message);
  });

  it("takes a relay URL without a credential, and an endpoint with a key", () => {
    expect(new VoiceLiveClient({ url: "ws://127.0.0.1:1/relay" })).toBeInstanceOf(VoiceLiveClient);
    expect(new VoiceLiveClient("https://res.services.ai.azure.com", key)).toBeInstanceOf(VoiceLiveClient);
  });
});
