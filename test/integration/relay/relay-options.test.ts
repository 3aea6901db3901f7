import { AzureKeyCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { createVoiceLiveRelay, DEFAULT_ALLOWED_EVENT_TYPES, type VoiceLiveRelayOptions } from "../../../src/node/index.js";

const base: VoiceLiveRelayOptions = {
  endpoint: "https://my-res.services.ai.azure.com",
  credential: new AzureKeyCredential("k"),
  model: "gpt-realtime",
  authorize: () => true,
};
const create = (overrides: Record<string, unknown>) => () => createVoiceLiveRelay({ ...base, ...overrides } as VoiceLiveRelayOptions);

describe("relay: options", () => {
  it("allows every client event type except session.avatar.connect by default", () => {
    expect(DEFAULT_ALLOWED_EVENT_TYPES).toContain("input_audio_buffer.append");
    expect(DEFAULT_ALLOWED_EVENT_TYPES).toContain("session.update");
    expect(DEFAULT_ALLOWED_EVENT_TYPES).not.toContain("session.avatar.connect");
  });

  it("names the bad option with a TypeError or RangeError before any socket exists", () => {
    expect(create({ authorize: undefined })).toThrow(new TypeError("authorize must be a function (request) => boolean | RelayGrant; pass () => true only for a closed network."));
    expect(create({ credential: "key" })).toThrow(/^credential must be/);
    expect(create({ endpoint: "http://example.com" })).toThrow(/^endpoint uses http:/);
    expect(create({ model: "a b" })).toThrow(/^model must be/);
    expect(create({ session: { temperature: "hot" } })).toThrow(/^session\.temperature is not a valid session field/);
    expect(create({ allowedEventTypes: "response.create" })).toThrow(/^allowedEventTypes must be an array/);
    expect(create({ allowedOrigins: [""] })).toThrow(/^allowedOrigins must be/);
    expect(create({ maxMessageBytes: { fromBrowser: 10 } })).toThrow(RangeError);
    expect(create({ maxMessageBytes: { fromBrowser: 10 } })).toThrow(/^maxMessageBytes\.fromBrowser must be an integer/);
    expect(create({ pingIntervalMs: -1 })).toThrow(/^pingIntervalMs must be an integer/);
    expect(create({ onClose: "log" })).toThrow(/^onClose must be a function/);
  });

  it("rejects a bad attach path and refuses to attach once closed", async () => {
    const relay = createVoiceLiveRelay(base);
    const server = { on: () => undefined, off: () => undefined } as never;
    expect(() => relay.attach(server, { path: "voice" })).toThrow(/^path must be a URL path/);
    await relay.close();
    expect(() => relay.attach(server)).toThrow(/closed/);
  });
});
