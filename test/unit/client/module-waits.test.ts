// A file of its own: vitest gives each file fresh modules, so the token and tracing
// chunks have not loaded when these connects start.
import { AzureKeyCredential } from "@azure/core-auth";
import { beforeAll, describe, expect, it } from "vitest";
import { VoiceLiveClient } from "../../../src/index.js";
import { loadTokenModules, loadTracingModules, loadUrlModule } from "../../../src/client/load-session-modules.js";
import { FakeServer } from "../../helpers/fake-transport.js";
import { MemoryTracer } from "../../integration/tracing/memory-tracer.js";

const endpoint = "https://res.services.ai.azure.com";

// The URL builder's wait has a test of its own (first-connect-wait.test.ts): these start after it.
beforeAll(async () => {
  await loadUrlModule();
});

describe("a connect's wait for a chunk it needs ends when its signal aborts", () => {
  it("the token cache's chunk, for a token credential", async () => {
    const server = new FakeServer();
    let tokens = 0;
    const credential = { getToken: async () => ({ token: `tok${++tokens}`, expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const controller = new AbortController();
    const pending = new VoiceLiveClient(endpoint, credential, { transport: server.factory, pingIntervalMs: 0 }).connect({ model: "m", signal: controller.signal });
    const reason = new Error("stop waiting");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    // Rejected before the chunk arrived, not by an attempt after it.
    expect(loadTokenModules.loaded).toBeUndefined();
    expect(tokens).toBe(0);
    expect(server.opens).toHaveLength(0);
  });

  it("the tracing chunk, for a tracer", async () => {
    const server = new FakeServer();
    const tracer = new MemoryTracer();
    const controller = new AbortController();
    const client = new VoiceLiveClient(endpoint, new AzureKeyCredential("key-123"), { transport: server.factory, pingIntervalMs: 0, tracer });
    const pending = client.connect({ model: "m", signal: controller.signal });
    const reason = new Error("stop waiting");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(loadTracingModules.loaded).toBeUndefined();
    expect(server.opens).toHaveLength(0);
  });
});
