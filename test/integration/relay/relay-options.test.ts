import { AzureKeyCredential } from "@azure/core-auth";
import { describe, expect, it } from "vitest";
import { createVoiceLiveRelay, DEFAULT_ALLOWED_EVENT_TYPES, type VoiceLiveRelayOptions } from "../../../src/node/index.js";
import { captureLogs } from "../../helpers/secrets.js";

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

describe("relay: the forced session against the model's audio path", () => {
  const logs = captureLogs();
  const chat = { profile: "byom-azure-openai-chat-completion", model: "gpt-4.1" };

  it("refuses at creation what the service refuses for the profile or model, naming the field and what is allowed", () => {
    expect(create({ ...chat, session: { voice: "alloy" } })).toThrow(TypeError);
    expect(create({ ...chat, session: { voice: "alloy" } })).toThrow(
      /^session\.voice: Only Azure voice is supported \(profile "byom-azure-openai-chat-completion", cascaded audio\); allowed: a voice object of type /,
    );
    expect(create({ session: { input_audio_transcription: { model: "azure-speech", phrase_list: ["Contoso"] } } })).toThrow(
      /^session\.input_audio_transcription\.phrase_list: phrase lists are not supported with realtime models \(model "gpt-realtime"/,
    );
    // Checked at creation from the profile alone, when the model comes from grants.
    expect(create({ model: undefined, profile: chat.profile, session: { voice: "alloy" } })).toThrow(/^session\.voice: Only Azure voice is supported/);
    // The same fields are fine where the audio path allows them.
    expect(create({ session: { voice: "alloy" } })).not.toThrow();
    expect(create({ ...chat, session: { voice: { type: "azure-standard", name: "en-US-AvaNeural" } } })).not.toThrow();
  });

  it("only logs with profileCheck \"warn\", skips with \"off\", and rejects any other value", () => {
    logs.length = 0;
    expect(create({ ...chat, session: { voice: "alloy" }, profileCheck: "warn" })).not.toThrow();
    expect(logs.filter((line) => line.includes("session.voice: Only Azure voice is supported"))).toHaveLength(1);
    logs.length = 0;
    expect(create({ ...chat, session: { voice: "alloy" }, profileCheck: "off" })).not.toThrow();
    expect(logs.filter((line) => line.includes("session.voice"))).toEqual([]);
    expect(create({ profileCheck: "loose" })).toThrow(new TypeError('profileCheck must be "strict", "warn" or "off".'));
  });

  it("logs what the service may only ignore, once per relay, and accepts it", () => {
    logs.length = 0;
    const warning = (line: string): boolean => /relay: session\.turn_detection\.type: OpenAI semantic_vad needs a realtime model/.test(line);
    expect(create({ ...chat, session: { turn_detection: { type: "semantic_vad" } } })).not.toThrow();
    expect(logs.filter(warning)).toHaveLength(1);
    // A second relay logs it again; the next test sees that one relay logs it once over many browsers.
    expect(create({ ...chat, session: { turn_detection: { type: "semantic_vad" } } })).not.toThrow();
    expect(logs.filter(warning)).toHaveLength(2);
  });
});
