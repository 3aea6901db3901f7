// Compile-time checks: `npm run typecheck` fails when narrowing or the event map breaks.
// Nothing here runs; each line is an assertion the type checker enforces.
import { expectTypeOf } from "vitest";
import type {
  AnyServerEvent,
  AudioDeltaEvent,
  AzureStandardVoice,
  ConversationRequestItem,
  ErrorEvent,
  OpenString,
  ReceivedServerEvent,
  ResponseDoneEvent,
  ResponseItem,
  Tool,
  TurnDetection,
  VoiceLiveEvents,
  VoiceLiveServiceError,
  Voice,
} from "../../src/index.js";

declare const voice: Voice;
if (typeof voice !== "string" && voice.type === "azure-standard") {
  expectTypeOf(voice).toExtend<AzureStandardVoice>();
  expectTypeOf(voice.name).toEqualTypeOf<string>();
}

declare const tool: Tool;
if (tool.type === "function") expectTypeOf(tool.name).toEqualTypeOf<string>();

declare const turn: TurnDetection;
if (turn.type === "semantic_vad") expectTypeOf(turn.eagerness).toEqualTypeOf<"auto" | "low" | "medium" | "high" | undefined>();

declare const item: ResponseItem;
if (item.type === "function_call") expectTypeOf(item.call_id).toEqualTypeOf<string>();

declare const request: ConversationRequestItem;
if (request.type === "message" && request.role === "assistant") {
  expectTypeOf(request.content[0]!.type).toEqualTypeOf<"text">();
}

declare const any: AnyServerEvent;
if (any.type === "response.done") {
  expectTypeOf(any).toEqualTypeOf<ResponseDoneEvent>();
  // @ts-expect-error narrowed: a response.done event has no audio field
  void any.audio;
}
if (any.type === "response.audio.delta") expectTypeOf(any.audio).toEqualTypeOf<Uint8Array>();

expectTypeOf<ReceivedServerEvent<"response.audio.delta">>().toEqualTypeOf<AudioDeltaEvent>();
expectTypeOf<Parameters<VoiceLiveEvents["response.done"]>[0]>().toEqualTypeOf<ResponseDoneEvent>();
expectTypeOf<Parameters<VoiceLiveEvents["error"]>[0]>().not.toEqualTypeOf<ErrorEvent>();
expectTypeOf<VoiceLiveServiceError>().toExtend<Parameters<VoiceLiveEvents["error"]>[0]>();

// Extensible enums keep their literals for autocompletion and take new values.
expectTypeOf<"gpt-realtime">().toExtend<OpenString<"gpt-realtime">>();
expectTypeOf<"a-future-model">().toExtend<OpenString<"gpt-realtime">>();

// @ts-expect-error an unknown voice kind cannot be built without a cast
const madeUp: Voice = { type: "azure-imaginary", name: "x" };
void madeUp;
