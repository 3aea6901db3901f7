// A file of its own: vitest gives each file fresh modules, so these connects are the first
// of their "process" and the URL builder's chunk has not loaded.
import { AzureKeyCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { VoiceLiveClient } from "../../../src/index.js";
import { loadUrlModule } from "../../../src/client/load-session-modules.js";
import { FakeServer } from "../../helpers/fake-transport.js";

describe("the first connect's wait for the URL builder", () => {
  const client = (server: FakeServer) =>
    new VoiceLiveClient("https://res.services.ai.azure.com", new AzureKeyCredential("key-123"), { transport: server.factory, pingIntervalMs: 0 });

  it("comes after the options are checked: a bad option rejects without it", async () => {
    const server = new FakeServer();
    await expect(client(server).connect({ model: "m", signal: {} as never })).rejects.toThrow(/^signal must be an AbortSignal\.$/);
    await expect(client(server).connect({ model: "m", maxRetries: -1 })).rejects.toThrow(/^maxRetries must be/);
    expect(loadUrlModule.loaded).toBeUndefined();
    expect(server.opens).toHaveLength(0);
  });

  it("ends with the signal's reason when the signal aborts during it", async () => {
    const server = new FakeServer();
    const controller = new AbortController();
    const pending = client(server).connect({ model: "m", signal: controller.signal });
    const reason = new Error("stop waiting");
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    // Rejected before the chunk arrived, not by the attempt that would follow it.
    expect(loadUrlModule.loaded).toBeUndefined();
    expect(server.opens).toHaveLength(0);
  });
});
