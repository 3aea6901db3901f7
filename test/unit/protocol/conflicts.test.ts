import { describe, expect, it } from "vitest";
import {
  decode,
  encode,
  RequestSessionSchema,
  ResponseCreateParamsSchema,
  ToolChoiceSchema,
  VoiceSchema,
  type ClientEvent,
} from "../../../src/index.js";

const frame = (event: object) => JSON.stringify(event);
const ids = { response_id: "resp_1", item_id: "item_1", output_index: 0, content_index: 0 };

describe("documented variants where sources conflict (REFERENCE CONFLICT notes)", () => {
  it("accepts the status spelling `canceled` next to `cancelled`", () => {
    for (const status of ["cancelled", "canceled"]) {
      const result = decode(
        frame({ type: "response.done", response: { id: "r", status, status_details: { type: status, reason: "client_cancelled" } } }),
      );
      expect(result.kind).toBe("event");
    }
  });

  it("accepts item objects labelled `conversation.item` as well as `realtime.item`", () => {
    for (const object of ["realtime.item", "conversation.item"]) {
      const item = { id: "i", object, type: "message", role: "user", status: "completed", content: [] };
      expect(decode(frame({ type: "conversation.item.created", item })).kind).toBe("event");
    }
  });

  it("accepts `max_response_output_tokens` (docs) and `max_output_tokens` (spec) on the response object", () => {
    for (const key of ["max_output_tokens", "max_response_output_tokens"]) {
      expect(decode(frame({ type: "response.created", response: { id: "r", [key]: "inf" } })).kind).toBe("event");
      expect(decode(frame({ type: "response.created", response: { id: "r", [key]: 400 } })).kind).toBe("event");
    }
  });

  it("accepts `response.function_call_arguments.done` without `name` (D1) and with it (S1)", () => {
    const base = { type: "response.function_call_arguments.done", response_id: "r", item_id: "i", output_index: 0, call_id: "c", arguments: "{}" };
    expect(decode(frame(base)).kind).toBe("event");
    expect(decode(frame({ ...base, name: "f" })).kind).toBe("event");
  });

  it("accepts `response.audio_timestamp.done` with only response and item ids (D3)", () => {
    expect(decode(frame({ type: "response.audio_timestamp.done", response_id: "r", item_id: "i" })).kind).toBe("event");
  });

  it("accepts blendshape frames as number arrays and as a string", () => {
    for (const frames of [[[0.1, 0.2]], "AAAA"]) {
      const event = { type: "response.animation_blendshapes.delta", ...ids, frame_index: 0, frames };
      expect(decode(frame(event)).kind).toBe("event");
    }
  });

  it("accepts every `tool_choice` shape seen in the sources", () => {
    for (const choice of ["auto", "none", "required", "get_time", { type: "function", name: "f" }, { type: "function", function: { name: "f" } }]) {
      expect(ToolChoiceSchema.safeParse(choice).success).toBe(true);
    }
  });

  it("accepts a bare OpenAI voice name and the object forms", () => {
    for (const voice of ["alloy", { type: "openai", name: "marin" }, { type: "azure-standard", name: "en-US-AvaNeural" }]) {
      expect(VoiceSchema.safeParse(voice).success).toBe(true);
    }
  });

  it("sends `max_output_tokens` in response.create as the spec names it", () => {
    expect(ResponseCreateParamsSchema.safeParse({ max_output_tokens: 400 }).success).toBe(true);
    const text = encode({ type: "response.create", response: { max_output_tokens: 400 } });
    expect(JSON.parse(text).response).toEqual({ max_output_tokens: 400 });
  });

  it("accepts either personal voice model list, and new models, as the enum is open", () => {
    for (const model of ["PhoenixV2Neural", "MAI-Voice-1", "SomeFutureNeural"]) {
      expect(VoiceSchema.safeParse({ type: "azure-personal", name: "p", model }).success).toBe(true);
    }
  });

  it("accepts `speech_duration_ms` on server_vad (D1) as well as on the semantic VADs", () => {
    const session = { turn_detection: { type: "server_vad", speech_duration_ms: 200 } };
    expect(RequestSessionSchema.safeParse(session).success).toBe(true);
  });

  it("rejects `event` types outside the client union before anything is sent", () => {
    expect(() => encode({ type: "transcription_session.update" } as unknown as ClientEvent)).toThrow(/Unknown client event type/);
  });
});
