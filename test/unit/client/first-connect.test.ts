// A file of its own: vitest gives each file fresh modules, so the connect below is the
// first of its "process" and waits for the URL builder's chunk.
import { AzureKeyCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { VoiceLiveClient } from "../../../src/index.js";
import { loadUrlModule } from "../../../src/client/load-session-modules.js";
import { FakeServer } from "../../helpers/fake-transport.js";

describe("the first connect with an endpoint", () => {
  it("waits for the URL builder, yet builds the URL from the options as they were when connect() was called", async () => {
    const server = new FakeServer();
    expect(loadUrlModule.loaded).toBeUndefined();
    const client = new VoiceLiveClient("https://res.services.ai.azure.com", new AzureKeyCredential("key-123"), { transport: server.factory, pingIntervalMs: 0 });
    const options = { model: "first-model" };
    const pending = client.connect(options);
    // Changed after the call, while the builder loads: the connect must not see it.
    options.model = "changed-later";
    const session = await pending;
    expect(loadUrlModule.loaded).toBeDefined();
    expect(new URL(server.opens[0]!.url).searchParams.get("model")).toBe("first-model");
    await session.close();
  });
});
