import { describe, expect, it } from "vitest";
import { checkSessionForProfile, modelAudioPath, type RequestSession } from "../../../src/index.js";

const chat = { profile: "byom-azure-openai-chat-completion" };
const realtime = { profile: "byom-azure-openai-realtime" };
const ruleIds = (session: RequestSession, target: { profile?: string; model?: string }) =>
  checkSessionForProfile(session, target).map((v) => `${v.rule.severity}:${v.rule.id}`);

describe("profile rules", () => {
  it("tells the audio path from the profile first, then from a managed model name", () => {
    expect(modelAudioPath("byom-azure-openai-realtime", "my-deployment")).toBe("speech-native");
    expect(modelAudioPath("byom-azure-openai-chat-completion", "gpt-realtime")).toBe("cascaded");
    expect(modelAudioPath("byom-foundry-anthropic-messages", undefined)).toBe("cascaded");
    expect(modelAudioPath(undefined, "gpt-realtime-mini")).toBe("speech-native");
    expect(modelAudioPath(undefined, "gpt-4.1")).toBe("cascaded");
    expect(modelAudioPath(undefined, "my-deployment")).toBe("unknown");
    expect(modelAudioPath("byom-some-future-mode", "x")).toBe("unknown");
  });

  it("rejects an OpenAI voice, bare or as an object, in chat-completion mode with the service's words", () => {
    for (const voice of ["alloy", { type: "openai", name: "alloy" }] as const) {
      const [violation] = checkSessionForProfile({ voice }, chat);
      expect(violation?.rule.severity).toBe("reject");
      expect(violation?.message).toContain("session.voice");
      expect(violation?.message).toContain("Only Azure voice is supported");
      expect(violation?.message).toContain('profile "byom-azure-openai-chat-completion"');
      expect(violation?.message).toContain("azure-standard");
    }
    expect(ruleIds({ voice: { type: "azure-standard", name: "en-US-AvaNeural" } }, chat)).toEqual([]);
  });

  it("rejects phrase lists and interim responses with a realtime model", () => {
    const session: RequestSession = {
      input_audio_transcription: { model: "whisper-1", phrase_list: ["Contoso"] },
      interim_response: { type: "static_interim_response", texts: ["One moment."] },
    };
    expect(ruleIds(session, realtime)).toEqual([
      "reject:speech-native-no-phrase-list",
      "reject:speech-native-no-interim-response",
    ]);
    expect(ruleIds(session, chat)).toEqual(["warn:cascaded-azure-transcription"]);
  });

  it("only warns about what is derived from capability statements", () => {
    const session: RequestSession = {
      turn_detection: { type: "semantic_vad" },
      input_audio_noise_reduction: { type: "near_field" },
    };
    expect(ruleIds(session, chat)).toEqual(["warn:cascaded-no-semantic-vad", "warn:cascaded-noise-reduction"]);
    expect(ruleIds(session, realtime)).toEqual([]);
  });

  it("checks nothing when the audio path is unknown", () => {
    expect(ruleIds({ voice: "alloy", interim_response: { type: "llm_interim_response" } }, { model: "my-deployment" })).toEqual([]);
  });
});
