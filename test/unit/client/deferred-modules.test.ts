import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ConnectOptions, VoiceLiveSession } from "../../../src/index.js";
import type * as Sdk from "../../../src/index.js";
import { FakeServer, sessionCreated } from "../../helpers/fake-transport.js";

// The session's deferred modules (schemas, requests, history, pipeline) load when the test
// says so, or fail to: each test takes a fresh module registry with its own stand-in, so
// its connect is the process's first load.
let release: (() => void) | undefined;
let failLoads = 0;

async function freshSdk(): Promise<typeof Sdk> {
  vi.resetModules();
  release = undefined;
  vi.doMock("../../../src/client/session-modules.js", async (importOriginal) => {
    if (failLoads > 0) {
      failLoads--;
      throw new Error("chunk fetch failed");
    }
    await new Promise<void>((resolve) => (release = resolve));
    return importOriginal();
  });
  return import("../../../src/index.js");
}

const sessions: VoiceLiveSession[] = [];
afterEach(async () => {
  release?.();
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

const options = (server: FakeServer): ConnectOptions => ({
  endpoint: "https://res.services.ai.azure.com",
  credential: new AzureKeyCredential("key-123"),
  model: "gpt-realtime",
  transport: server.factory,
  pingIntervalMs: 0,
});

const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
};

describe("deferred session modules", () => {
  it("holds frames that arrive before the modules load and delivers them in order", async () => {
    const { connect } = await freshSdk();
    const server = new FakeServer();
    server.autoCreate = false;
    const opening = connect(options(server));
    await until(() => server.transports.length === 1 && release !== undefined);
    // The socket is open and the handlers attached; the modules are still on their way.
    server.last.receive(sessionCreated("sess_early"));
    const updated = { ...sessionCreated("sess_early"), type: "session.updated", event_id: "e2" };
    updated.session = { ...updated.session, voice: { type: "openai", name: "verse" } };
    server.last.receive(updated);
    await new Promise((r) => setTimeout(r, 20));
    release!();
    const session = await opening;
    sessions.push(session);
    expect(session.state).toMatchObject({ status: "open", sessionId: "sess_early" });
    // session.updated came second, so its configuration is the effective one.
    expect(session.session?.voice).toEqual({ type: "openai", name: "verse" });
  });

  it("keeps a close that came after session.created behind it", async () => {
    const { connect, VoiceLiveConnectionError } = await freshSdk();
    const server = new FakeServer();
    server.autoCreate = false;
    const opening = connect({ ...options(server), maxRetries: 0 }).catch((e: unknown) => e);
    await until(() => server.transports.length === 1 && release !== undefined);
    server.last.receive(sessionCreated("sess_closing"));
    server.last.drop(1011);
    release!();
    const error = await opening;
    expect(error).toBeInstanceOf(VoiceLiveConnectionError);
    expect((error as Error).message).toContain("right after session.created");
  });

  it("rejects with a retryable module_unavailable when the chunk cannot load, closes the socket, and loads again next time", async () => {
    const { connect, VoiceLiveConnectionError } = await freshSdk();
    failLoads = 1;
    const server = new FakeServer();
    const error = await connect(options(server)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveConnectionError);
    expect(error).toMatchObject({ code: "module_unavailable", retryable: true });
    expect(server.last.terminated).toBe(true);

    // The failure was not kept: the next connect imports again and succeeds.
    const next = connect(options(server));
    await until(() => release !== undefined);
    release!();
    const session = await next;
    sessions.push(session);
    expect(session.state.status).toBe("open");
  });

  it("keeps the handshake deadline while the modules load", async () => {
    const { connect } = await freshSdk();
    const server = new FakeServer();
    server.autoCreate = false;
    const error = await connect({ ...options(server), connectTimeoutMs: 50, maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "VoiceLiveConnectionError", code: "handshake_timeout" });
    expect(server.last.terminated).toBe(true);
  });

  it("ends with the abort's reason at once when an aborted attempt fails, without waiting for the modules", async () => {
    const { connect } = await freshSdk();
    const controller = new AbortController();
    const reason = new Error("user hung up");
    // The app's own transport: the abort lands while the socket opens, and the opening fails.
    const transport = async (): Promise<never> => {
      controller.abort(reason);
      throw new Error("socket closed");
    };
    const server = new FakeServer();
    const settled = connect({ ...options(server), transport, signal: controller.signal }).catch((e: unknown) => e);
    const timedOut = new Promise((resolve) => setTimeout(() => resolve("still waiting"), 500));
    expect(await Promise.race([settled, timedOut])).toBe(reason);
    // The modules were still loading: the rejection did not wait for them.
    expect(release).toBeDefined();
  });
});
