import { describe, expect, it } from "vitest";
import type { AnyServerEvent } from "../../../src/index.js";
import { resolveSettings } from "../../../src/client/connect-options.js";
import { ConversationHistory, selectHistory, toReplayItems, type HistoryItem } from "../../../src/client/conversation-history.js";

const ev = (event: Record<string, unknown>) => event as unknown as AnyServerEvent;
const created = (item: Record<string, unknown>, previous: string | null | undefined = undefined) =>
  ev({ type: "conversation.item.created", ...(previous !== undefined && { previous_item_id: previous }), item: { object: "realtime.item", ...item } });
const userText = (id: string, text: string) => created({ id, type: "message", role: "user", status: "completed", content: [{ type: "input_text", text }] });
const userAudio = (id: string) => created({ id, type: "message", role: "user", status: "completed", content: [{ type: "input_audio", transcript: null }] });
const assistantAudio = (id: string) =>
  created({ id, type: "message", role: "assistant", status: "in_progress", content: [] });

describe("ConversationHistory", () => {
  it("keeps typed and spoken messages as text, with transcripts filled in when they arrive", () => {
    const history = new ConversationHistory(10);
    history.observe(userText("u1", "Hi"), false);
    history.observe(userAudio("u2"), true);
    expect(history.awaitingTranscript).toBe(true);
    history.observe(ev({ type: "conversation.item.input_audio_transcription.completed", item_id: "u2", content_index: 0, transcript: "Hello?" }), true);
    expect(history.awaitingTranscript).toBe(false);
    history.observe(assistantAudio("a1"), true);
    history.observe(ev({ type: "response.audio_transcript.done", response_id: "r", item_id: "a1", output_index: 0, content_index: 0, transcript: "Hi there." }), true);
    expect(history.items).toEqual([
      { type: "message", id: "u1", role: "user", text: "Hi", audio: false, status: "completed" },
      { type: "message", id: "u2", role: "user", text: "Hello?", audio: true, status: "completed" },
      { type: "message", id: "a1", role: "assistant", text: "Hi there.", audio: false, status: "in_progress" },
    ]);
  });

  it("takes the final item from response.output_item.done and keeps where it was truncated", () => {
    const history = new ConversationHistory(10);
    history.observe(assistantAudio("a1"), false);
    history.observe(ev({ type: "conversation.item.truncated", item_id: "a1", content_index: 0, audio_end_ms: 1200 }), false);
    history.observe(
      ev({
        type: "response.output_item.done",
        response_id: "r",
        output_index: 0,
        item: { id: "a1", type: "message", role: "assistant", status: "incomplete", content: [{ type: "audio", transcript: "The whole sentence." }] },
      }),
      false,
    );
    expect(history.items[0]).toEqual({
      type: "message",
      id: "a1",
      role: "assistant",
      text: "The whole sentence.",
      audio: true,
      status: "incomplete",
      truncatedAtMs: 1200,
    });
  });

  it("orders items by previous_item_id, ignores repeats and deletes on conversation.item.deleted", () => {
    const history = new ConversationHistory(10);
    history.observe(userText("b", "B"), false);
    history.observe(userText("a", "A"), false);
    history.observe(userText("root", "first"), false);
    history.observe(created({ id: "c", type: "message", role: "user", status: "completed", content: [{ type: "input_text", text: "C" }] }, "b"), false);
    history.observe(userText("a", "again"), false);
    history.observe(ev({ type: "conversation.item.deleted", item_id: "root" }), false);
    expect(history.items.map((item) => item.id)).toEqual(["b", "c", "a"]);
    expect(history.items.find((item) => item.id === "a")).toMatchObject({ text: "A" });
  });

  it("drops the oldest items past the limit, keeps nothing with limit 0, and hands out frozen snapshots", () => {
    const history = new ConversationHistory(2);
    for (const id of ["1", "2", "3"]) history.observe(userText(id, id), false);
    expect(history.items.map((item) => item.id)).toEqual(["2", "3"]);
    expect(Object.isFrozen(history.items)).toBe(true);
    expect(Object.isFrozen(history.items[0])).toBe(true);
    expect(history.items).toBe(history.items);
    const none = new ConversationHistory(0);
    none.observe(userText("1", "x"), false);
    expect(none.items).toEqual([]);
  });

  it("keeps function calls and outputs but not MCP or other server-side items", () => {
    const history = new ConversationHistory(10);
    history.observe(created({ id: "f1", type: "function_call", name: "get_weather", call_id: "c1", arguments: "{}", status: "completed" }), false);
    history.observe(created({ id: "o1", type: "function_call_output", call_id: "c1", output: "sunny" }), false);
    history.observe(created({ id: "m1", type: "mcp_list_tools", server_label: "x", tools: [] }), false);
    expect(history.items).toEqual([
      { type: "function_call", id: "f1", name: "get_weather", callId: "c1", arguments: "{}", status: "completed" },
      { type: "function_call_output", id: "o1", callId: "c1", output: "sunny" },
    ]);
  });
});

describe("toReplayItems", () => {
  it("replays spoken turns as text, keeps ids and order, and skips empty messages, unfinished calls and orphan outputs", () => {
    const items: HistoryItem[] = [
      { type: "function_call_output", id: "o0", callId: "gone", output: "orphan" },
      { type: "message", id: "s", role: "system", text: "Be brief." },
      { type: "message", id: "u", role: "user", text: "Hello?", audio: true },
      { type: "message", id: "e", role: "user", text: "", audio: true },
      { type: "message", id: "a", role: "assistant", text: "Hi.", audio: true, truncatedAtMs: 300 },
      { type: "function_call", id: "f", name: "get_weather", callId: "c1", arguments: "{}", status: "completed" },
      { type: "function_call_output", id: "o", callId: "c1", output: "sunny" },
      { type: "function_call", id: "g", name: "get_weather", callId: "c2", arguments: '{"ci', status: "incomplete" },
      { type: "function_call_output", id: "p", callId: "c2", output: "never" },
    ];
    expect(toReplayItems(items)).toEqual([
      { type: "message", id: "s", role: "system", content: [{ type: "input_text", text: "Be brief." }] },
      { type: "message", id: "u", role: "user", content: [{ type: "input_text", text: "Hello?" }] },
      { type: "message", id: "a", role: "assistant", content: [{ type: "text", text: "Hi." }] },
      { type: "function_call", id: "f", name: "get_weather", call_id: "c1", arguments: "{}" },
      { type: "function_call_output", id: "o", call_id: "c1", output: "sunny" },
    ]);
  });

  it("applies the history mode", () => {
    const items: HistoryItem[] = [{ type: "message", id: "u", role: "user", text: "x" }];
    expect(selectHistory(items, "text")).toBe(items);
    expect(selectHistory(items, "none")).toEqual([]);
    expect(selectHistory(items, (all) => all.slice(1))).toEqual([]);
    expect(() => selectHistory(items, (() => "nope") as never)).toThrow(TypeError);
  });
});

describe("rotate, historyLimit and restoreHistory options", () => {
  it("applies defaults scaled to maxSessionDurationMs", () => {
    expect(resolveSettings({ rotate: true }).rotate).toEqual({ beforeExpiryMs: 300_000, deadlineMs: 60_000, history: "text" });
    expect(resolveSettings({ rotate: true, maxSessionDurationMs: 4000 }).rotate).toEqual({ beforeExpiryMs: 1000, deadlineMs: 200, history: "text" });
    expect(resolveSettings({}).rotate).toBeUndefined();
    expect(resolveSettings({}).historyLimit).toBe(200);
    expect(resolveSettings({ reconnect: true }).reconnect?.restoreHistory).toBe("none");
    expect(resolveSettings({ reconnect: { restoreHistory: true } }).reconnect?.restoreHistory).toBe("text");
  });

  it.each([
    [{ rotate: "yes" }, TypeError, /^rotate must be/],
    [{ rotate: { beforeExpiryMs: -1 } }, RangeError, /^rotate\.beforeExpiryMs/],
    [{ rotate: { beforeExpiryMs: 4000 }, maxSessionDurationMs: 4000 }, RangeError, /^rotate\.beforeExpiryMs must be less than maxSessionDurationMs/],
    [{ rotate: { beforeExpiryMs: 1000, deadlineMs: 1000 } }, RangeError, /^rotate\.deadlineMs must be less than rotate\.beforeExpiryMs/],
    [{ rotate: { history: "all" } }, TypeError, /^rotate\.history/],
    [{ historyLimit: 1.5 }, RangeError, /^historyLimit/],
    [{ reconnect: { restoreHistory: "yes" } }, TypeError, /^reconnect\.restoreHistory/],
  ])("rejects %j naming the option", (options, kind, message) => {
    expect(() => resolveSettings(options as never)).toThrow(kind);
    expect(() => resolveSettings(options as never)).toThrow(message);
  });
});
