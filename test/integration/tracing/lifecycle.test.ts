import { AzureKeyCredential } from "@azure/core-auth";
import { EventEmitter } from "eventemitter3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fromOpenTelemetry, SPAN_STATUS, TRACING_ATTRIBUTES as A, TRACING_EVENT_NAMES as E, TRACING_SPAN_NAMES as N, type TracingSpan } from "../../../src/client/tracing.js";
import { traceAudioPipeline } from "../../../src/client/tracing-audio.js";
import { SessionTracer, type TracedSession } from "../../../src/client/tracing-session.js";
import { VoiceLiveClient, VoiceLiveConnectionError, type ConnectOptions } from "../../../src/index.js";
import { SimHarness } from "../../helpers/sim-connect.js";
import { MemoryTracer } from "./memory-tracer.js";

const h = new SimHarness();
afterEach(() => h.stop());

/** The harness's connect with `tracer`, which `ConnectOptions` will hold once it moves into connect-options.ts. */
const connectTraced = (options: Partial<ConnectOptions>) => h.connect(options);

const openSessionId = (state: { status: string; sessionId?: string }): string | undefined => state.sessionId;

describe("tracing connection failures, reconnects and rotations", () => {
  it("ends the connect and session spans with the HTTP status and error type when the handshake is refused", async () => {
    const wrongKey = "vl-WRONG-key-never-in-a-span-987654321";
    await h.start();
    const tracer = new MemoryTracer();
    const error = await connectTraced({ credential: new AzureKeyCredential(wrongKey), tracer }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveConnectionError);
    expect(tracer.tree()).toEqual([{ name: N.session, children: [{ name: N.connect, children: [] }] }]);
    const [session, connect] = [tracer.named(N.session)[0]!, tracer.named(N.connect)[0]!];
    expect(connect.attributes).toMatchObject({ [A.connectAttempts]: 1, [A.httpStatus]: 401, [A.errorType]: "handshake_rejected" });
    expect(connect.status).toEqual({ code: SPAN_STATUS.ERROR, message: "handshake_rejected" });
    expect(connect.exceptions).toEqual([{ name: "VoiceLiveConnectionError", code: "handshake_rejected", message: (error as Error).message }]);
    expect(connect.events.map((e) => e.attributes)).toEqual([{ [A.attempt]: 1, [A.errorType]: "handshake_rejected", [A.httpStatus]: 401 }]);
    expect(session.status?.code).toBe(SPAN_STATUS.ERROR);
    expect(session.attributes).not.toHaveProperty(A.sessionId);
    expect(tracer.spans.every((s) => s.ended)).toBe(true);
    expect(tracer.strings().filter((s) => s.includes(wrongKey))).toEqual([]);
  });

  it("adds a reconnect span with each attempt, the new session id and the duration after a drop", async () => {
    await h.start();
    const tracer = new MemoryTracer();
    const session = await connectTraced({ tracer, reconnect: { maxAttempts: 3, retryDelayMs: 5 } });
    const firstId = openSessionId(session.state);
    // The first reconnect attempt is refused, the second holds.
    h.sim.faults.next({ refuse: { status: 503 } });
    const reconnected = new Promise((r) => session.once("reconnected", r));
    h.sim.faults.inject({ type: "drop" });
    await reconnected;
    const secondId = openSessionId(session.state);
    await session.close();

    expect(tracer.tree()).toEqual([{ name: N.session, children: [{ name: N.connect, children: [] }, { name: N.reconnect, children: [] }] }]);
    const [reconnect] = tracer.named(N.reconnect);
    expect(reconnect!.attributes).toEqual({
      [A.errorType]: "connection_closed",
      [A.reconnectAttempts]: 2,
      [A.reconnectDurationMs]: expect.any(Number),
      [A.sessionId]: secondId,
    });
    expect(reconnect!.events).toEqual([
      { name: E.reconnectAttempt, attributes: { [A.attempt]: 1, [A.reconnectDelayMs]: 5 } },
      { name: E.attemptFailed, attributes: { [A.attempt]: 1, [A.errorType]: "handshake_rejected", [A.httpStatus]: 503 } },
      { name: E.reconnectAttempt, attributes: { [A.attempt]: 2, [A.reconnectDelayMs]: 10 } },
    ]);
    expect(reconnect!.status).toBeUndefined();
    expect(secondId).not.toBe(firstId);
    expect(tracer.named(N.session)[0]!.attributes).toMatchObject({ [A.sessionId]: firstId, [A.reconnects]: 1, [A.closeCode]: 1000 });
  });

  it("keeps the session working and emits no error when the tracer throws", async () => {
    await h.start();
    const broken: TracingSpan = {
      setAttribute: () => {
        throw new Error("exporter down");
      },
      setAttributes: () => {
        throw new Error("exporter down");
      },
      addEvent: () => undefined,
      setStatus: () => undefined,
      recordException: () => undefined,
      end: () => undefined,
    };
    const session = await connectTraced({ tracer: { startSpan: () => broken, contextWithSpan: () => undefined } });
    const onError = vi.fn();
    session.on("error", onError);
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Hi." }] });
    expect((await session.createResponse({ modalities: ["text"] })).status).toBe("completed");
    expect(onError).not.toHaveBeenCalled();
  });

  it("connects untraced when startSpan itself throws", async () => {
    await h.start();
    const session = await connectTraced({
      tracer: {
        startSpan: () => {
          throw new Error("no provider");
        },
        contextWithSpan: () => undefined,
      },
    });
    expect(session.state.status).toBe("open");
  });

  it("rejects a tracer without startSpan and contextWithSpan before any I/O", () => {
    expect(() => new VoiceLiveClient("https://x.services.ai.azure.com", new AzureKeyCredential("k"), { tracer: {} as never })).toThrow(TypeError);
    expect(() => new VoiceLiveClient("https://x.services.ai.azure.com", new AzureKeyCredential("k"), { tracer: { startSpan: () => ({}) } as never })).toThrow(
      /contextWithSpan/,
    );
  });

  it("adds a rotation span with the refused attempt, the replayed items and the new session id when the session rotates", async () => {
    await h.start();
    const tracer = new MemoryTracer();
    const session = await connectTraced({ tracer, maxSessionDurationMs: 3_000, rotate: { beforeExpiryMs: 2_500, deadlineMs: 500 } });
    const firstId = openSessionId(session.state);
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Remember the word lighthouse." }] });
    h.sim.faults.next({ refuse: { status: 503 } });
    const rotated = await new Promise<{ itemsReplayed: number; sessionId: string }>((r) => session.once("rotated", r));
    await session.close();

    expect(tracer.tree()).toEqual([{ name: N.session, children: [{ name: N.connect, children: [] }, { name: N.rotation, children: [] }] }]);
    const [rotation] = tracer.named(N.rotation);
    expect(rotation!.attributes).toEqual({
      [A.rotation]: 1,
      [A.rotationReason]: "expiring",
      [A.rotationAttempts]: 1,
      [A.rotationItems]: rotated.itemsReplayed,
      [A.rotationDurationMs]: expect.any(Number),
      [A.sessionId]: rotated.sessionId,
    });
    expect(rotated.itemsReplayed).toBe(1);
    expect(rotated.sessionId).not.toBe(firstId);
    expect(rotation!.events).toEqual([
      { name: E.attemptFailed, attributes: { [A.attempt]: 1, [A.errorType]: "handshake_rejected", [A.httpStatus]: 503, [A.retryDelayMs]: expect.any(Number) } },
    ]);
    expect(tracer.named(N.session)[0]!.attributes).toMatchObject({ [A.sessionId]: firstId, [A.reconnects]: 0, [A.closeCode]: 1000 });
    expect(tracer.strings().filter((s) => s.includes("lighthouse"))).toEqual([]);
  });

  it("traces a rotation by its event names, keeping only the reason word, the item count and the new session id", () => {
    const tracer = new MemoryTracer();
    const tracing = SessionTracer.start(tracer, { url: new URL("wss://res.services.ai.azure.com/voice-live/realtime?api-version=2025-10-01&api-key=SECRET"), model: "m", profile: undefined })!;
    const session = new EventEmitter() as unknown as TracedSession & EventEmitter;
    tracing.observe(session);
    session.emit("open", { sessionId: "sess_one" });
    tracing.connectSucceeded();
    session.emit("rotating", { reason: "expiring" });
    session.emit("rotated", { itemsReplayed: 4, durationMs: 812.4, sessionId: "sess_two" });
    session.emit("rotating", { reason: "Free text the user said" });
    session.emit("close", { code: 1006, reason: "", wasClean: false });

    expect(tracer.tree()).toEqual([
      { name: N.session, children: [{ name: N.connect, children: [] }, { name: N.rotation, children: [] }, { name: N.rotation, children: [] }] },
    ]);
    const [first, second] = tracer.named(N.rotation);
    expect(first!.attributes).toEqual({
      [A.rotation]: 1,
      [A.rotationReason]: "expiring",
      [A.sessionId]: "sess_two",
      [A.rotationItems]: 4,
      [A.rotationAttempts]: 1,
      [A.rotationDurationMs]: 812,
    });
    expect(second!.attributes).toEqual({ [A.rotation]: 2, [A.rotationAttempts]: 1, [A.errorType]: "session_closed" });
    expect(second!.status?.code).toBe(SPAN_STATUS.ERROR);
    const root = tracer.named(N.session)[0]!;
    expect(root.attributes).toMatchObject({ [A.serverAddress]: "res.services.ai.azure.com", [A.sessionId]: "sess_one", [A.closeCode]: 1006 });
    expect(root.status).toEqual({ code: SPAN_STATUS.ERROR, message: "closed with 1006" });
    expect(tracer.strings().filter((s) => s.includes("SECRET"))).toEqual([]);
    // After close the session is let go: later events and pipelines change nothing.
    expect(SessionTracer.of(session)).toBeUndefined();
    const pipeline = new EventEmitter();
    traceAudioPipeline(pipeline as never, session);
    expect(pipeline.listenerCount("interrupted")).toBe(0);
  });

  it("adapts an OpenTelemetry-shaped tracer: children get trace.setSpan(context.active(), parent) as context", () => {
    interface Context {
      readonly active: boolean;
      readonly parent?: string;
    }
    type NamedSpan = TracingSpan & { readonly name: string };
    const calls: { name: string; context: Context | undefined }[] = [];
    const otelTracer = {
      startSpan(name: string, _options?: unknown, context?: Context): NamedSpan {
        calls.push({ name, context });
        return { name, setAttribute() {}, setAttributes() {}, addEvent() {}, setStatus() {}, recordException() {}, end() {} };
      },
    };
    const tracer = fromOpenTelemetry(otelTracer, {
      trace: { setSpan: (context: Context, span: NamedSpan): Context => ({ ...context, parent: span.name }) },
      context: { active: (): Context => ({ active: true }) },
    });
    SessionTracer.start(tracer, { url: new URL("wss://h/voice-live/realtime"), model: undefined, profile: undefined });
    expect(calls).toEqual([
      { name: N.session, context: undefined },
      { name: N.connect, context: { active: true, parent: N.session } },
    ]);
    expect(() => fromOpenTelemetry({} as never, { trace: {}, context: {} } as never)).toThrow(TypeError);
  });
});
