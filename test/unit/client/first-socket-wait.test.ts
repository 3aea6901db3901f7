// A file of its own: vitest gives each file fresh modules, so the first connect here with
// an app's transport factory waits for the bridge between signals and sockets (a chunk).
import { AzureKeyCredential } from "@azure/core-auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { VoiceLiveClient } from "../../../src/index.js";
import { loadUrlModule } from "../../../src/client/load-session-modules.js";
import { FakeServer } from "../../helpers/fake-transport.js";

// The URL builder's wait has a test of its own (first-connect-wait.test.ts): this starts after it.
beforeAll(async () => {
  await loadUrlModule();
});

describe("the first socket's wait for its chunk", () => {
  it("ends when the signal aborts, and the socket that opens after all is dropped", async () => {
    const server = new FakeServer();
    const controller = new AbortController();
    const client = new VoiceLiveClient("https://res.services.ai.azure.com", new AzureKeyCredential("key-123"), { transport: server.factory, pingIntervalMs: 0 });
    const pending = client.connect({ model: "m", signal: controller.signal });
    const reason = new Error("stop waiting");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    // Rejected while the bridge was still loading: the factory had not been called.
    expect(server.opens).toHaveLength(0);
    // Once the bridge is here the attempt starts after all, and its socket is dropped.
    await vi.waitFor(() => expect(server.transports).toHaveLength(1), { timeout: 5_000 });
    await vi.waitFor(() => expect(server.transports[0]!.terminated).toBe(true), { timeout: 5_000 });
  });
});
