import { createServer, type Server, type Socket } from "node:net";
import { AzureKeyCredential } from "@azure/core-auth";
import { afterEach, describe, expect, it } from "vitest";
import { VoiceLiveAuthenticationError, VoiceLiveConnectionError } from "../../../src/index.js";
import { countingCredential, SimHarness } from "../../helpers/sim-connect.js";

const h = new SimHarness();
const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  await h.stop();
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A TCP server that accepts connections and never answers the upgrade. */
async function silentServer(): Promise<number> {
  const server = createServer((socket) => sockets.push(socket));
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as { port: number }).port;
}

const refusal = (status: number, retryAfterSeconds?: number) => ({ refuse: { status, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) } });

describe("connect() against the simulator: handshake faults", () => {
  it("opens a session with the key in a header and the BYOM query the simulator sees", async () => {
    await h.start();
    const session = await h.connect({ profile: "byom-azure-openai-chat-completion", model: "my-gpt41", session: { instructions: "Hi." } });
    expect(session.state.status).toBe("open");
    expect(session.session?.instructions).toBe("Hi.");
    const seen = h.sim.sessions[0]!;
    expect(seen.profile).toBe("byom-azure-openai-chat-completion");
    expect(seen.model).toBe("my-gpt41");
    expect(JSON.stringify(seen.query)).not.toContain("test-key");
  });

  it.each([401, 403, 404, 400, 501])("does not retry HTTP %i and reports the status", async (status) => {
    await h.start();
    h.sim.faults.next(refusal(status)).next(refusal(status));
    const error = await h.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveConnectionError);
    expect(error).toMatchObject({ code: "handshake_rejected", status, retryable: false });
    expect(h.sim.faults.pending).toBe(1);
  });

  it("reports the real status for a wrong path", async () => {
    await h.start();
    const error = await h.connect({ endpoint: `${h.sim.endpoint}/not-a-gateway` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  it("retries 503 and then connects", async () => {
    await h.start();
    h.sim.faults.next(refusal(503)).next(refusal(503));
    const session = await h.connect();
    expect(session.state.status).toBe("open");
    expect(h.sim.faults.pending).toBe(0);
  });

  it("retries 429 without Retry-After with backoff", async () => {
    await h.start();
    h.sim.faults.next(refusal(429));
    await h.connect();
    expect(h.sim.faults.pending).toBe(0);
  });

  it("waits at least Retry-After before retrying a 429", async () => {
    await h.start();
    h.sim.faults.next(refusal(429, 1));
    const started = performance.now();
    await h.connect();
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("gives up after maxRetries with the last status", async () => {
    await h.start();
    for (let i = 0; i < 5; i++) h.sim.faults.next(refusal(503));
    const error = await h.connect({ maxRetries: 2 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, retryable: true });
    expect(h.sim.faults.pending).toBe(2);
  });

  it("retries a 401 with a token once, with a freshly fetched token", async () => {
    await h.start({ verifyToken: (token) => token === "fresh" });
    const credential = countingCredential(["stale", "fresh"]);
    const session = await h.connect({ credential });
    expect(session.state.status).toBe("open");
    expect(credential.calls).toBe(2);
  });

  it("stops after one forced refresh when the new token is refused too", async () => {
    await h.start({ verifyToken: () => false });
    const credential = countingCredential(["a", "b", "c"]);
    await expect(h.connect({ credential })).rejects.toMatchObject({ status: 401 });
    expect(credential.calls).toBe(2);
  });

  it.each([
    ["throws", new Error("identity down")],
    ["returns null", null],
  ])("fails with VoiceLiveAuthenticationError when the credential %s", async (_name, result) => {
    await h.start();
    const error = await h.connect({ credential: countingCredential([result as Error | null]) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VoiceLiveAuthenticationError);
  });

  it("reports a refused port as a network error after its retries", async () => {
    await h.start();
    const endpoint = h.sim.endpoint;
    await h.sim.close();
    const error = await h.connect({ endpoint, maxRetries: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "VoiceLiveConnectionError", code: "network_error", retryable: true });
  });

  it("times out a handshake that is never answered", async () => {
    await h.start();
    const port = await silentServer();
    const error = await h.connect({ endpoint: `http://127.0.0.1:${port}`, connectTimeoutMs: 150, maxRetries: 0 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "handshake_timeout" });
  });

  it("times out and aborts a wss:// handshake whose TLS is never answered", async () => {
    // The request waits for TLS, so the connect's own work (deadline, signal) runs after two
    // turns of the event loop instead of when the request is written.
    await h.start();
    await h.connect();
    const port = await silentServer();
    const endpoint = `https://127.0.0.1:${port}`;
    const timedOut = await h.connect({ endpoint, connectTimeoutMs: 150, maxRetries: 0 }).catch((e: unknown) => e);
    expect(timedOut).toMatchObject({ code: "handshake_timeout" });
    const controller = new AbortController();
    const pending = h.connect({ endpoint, signal: controller.signal });
    const reason = new Error("the caller left");
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });

  it("aborts during the handshake and during backoff", async () => {
    await h.start();
    const port = await silentServer();
    const during = new AbortController();
    const pending = h.connect({ endpoint: `http://127.0.0.1:${port}`, signal: during.signal });
    setTimeout(() => during.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });

    h.sim.faults.next(refusal(503, 30));
    const backoff = new AbortController();
    const waiting = h.connect({ signal: backoff.signal });
    setTimeout(() => backoff.abort(), 100);
    await expect(waiting).rejects.toMatchObject({ name: "AbortError" });
  });

  it("aborts in the tick after connect() returns: the socket already started is dropped", async () => {
    await h.start();
    // A first connect loads what later ones start their socket with in the same tick.
    await h.connect();
    const port = await silentServer();
    const controller = new AbortController();
    const pending = h.connect({ endpoint: `http://127.0.0.1:${port}`, signal: controller.signal });
    const reason = new Error("the caller left");
    // Before the handshake request has gone out, so before the session exists.
    queueMicrotask(() => controller.abort(reason));
    await expect(pending).rejects.toBe(reason);
    // The server got the connection the SDK started, and sees it dropped.
    await expect.poll(() => sockets.length).toBe(1);
    const held = sockets[0]!;
    // Reading, so that the drop is seen.
    held.resume();
    await new Promise((r) => (held.destroyed ? r(undefined) : held.once("close", r)));
  });

  it("reads a rotated key at the next connect", async () => {
    await h.start({ apiKeys: ["new-key"] });
    const credential = new AzureKeyCredential("old-key");
    await expect(h.connect({ credential, maxRetries: 0 })).rejects.toMatchObject({ status: 401 });
    credential.update("new-key");
    expect((await h.connect({ credential })).state.status).toBe("open");
  });
});

describe("one client, many sessions", () => {
  it("shares one token fetch between concurrent connects", async () => {
    await h.start();
    const credential = countingCredential(["shared-token"]);
    const { VoiceLiveClient } = await import("../../../src/index.js");
    const client = new VoiceLiveClient(h.sim.endpoint, credential, { allowInsecureConnection: true, pingIntervalMs: 0 });
    const sessions = await Promise.all([1, 2, 3].map(() => client.connect({ model: "gpt-realtime" })));
    h.sessions.push(...sessions);
    expect(sessions.map((s) => s.state.status)).toEqual(["open", "open", "open"]);
    expect(new Set(sessions.map((s) => s.session?.id)).size).toBe(3);
    expect(credential.calls).toBe(1);
  });
});
