import type { ConnectOptions, RotatedInfo, RotatingInfo, VoiceLiveSession } from "../../../src/index.js";
import type { Responder, ResponderContext, SimulatorFrame } from "../../../src/testing/index.js";

/** The function tool the scripted model calls when asked about the weather. */
export const weatherTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather for a city.",
  parameters: { type: "object", properties: { city: { type: "string" } } },
} as const;

/** What each simulated response saw, in order: the session and the conversation item ids. */
export const seen: { sessionId: string; conversation: string[] }[] = [];

/** Calls the weather tool for a weather question, reports a tool result, echoes otherwise. */
export const weatherResponder: Responder = (context: ResponderContext) => {
  seen.push({ sessionId: context.sessionId, conversation: context.conversation.map((item) => item.id!) });
  if (context.lastFunctionOutput !== undefined) return { text: `The tool returned ${context.lastFunctionOutput.output}.` };
  if (context.lastUserText?.includes("weather") === true) return { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] };
  return { text: `You said: ${context.lastUserText ?? ""}` };
};

/** A text-only session with the weather tool and no VAD, rotating every ~second on a 3 s cap. */
export const rotatingSession = (overrides: Partial<ConnectOptions> = {}): Partial<ConnectOptions> => ({
  maxSessionDurationMs: 3000,
  rotate: { beforeExpiryMs: 2200, deadlineMs: 1000 },
  session: { modalities: ["text"], turn_detection: null, tools: [weatherTool] },
  ...overrides,
});

/** One typed user turn; resolves with the assistant's text. */
export async function say(session: VoiceLiveSession, text: string): Promise<string> {
  await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text }] });
  const response = await session.createResponse();
  const message = response.output?.find((item) => item.type === "message");
  return message?.type === "message" ? message.content.map((part) => (part.type === "text" ? part.text : "")).join("") : "";
}

/** A weather turn: the model calls the tool, the app answers it, the model reports the result. */
export async function weatherTurn(session: VoiceLiveSession): Promise<string> {
  await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "What is the weather?" }] });
  const first = await session.createResponse();
  const call = first.output?.find((item) => item.type === "function_call");
  if (call?.type !== "function_call") throw new Error("the model made no function call");
  await session.createItem({ type: "function_call_output", call_id: call.call_id, output: '{"sky":"clear"}' });
  const second = await session.createResponse();
  const message = second.output?.find((item) => item.type === "message");
  return message?.type === "message" ? message.content.map((part) => (part.type === "text" ? part.text : "")).join("") : "";
}

/** Records the lifecycle of a session: rotations, closes and every event type, in order. */
export function watch(session: VoiceLiveSession) {
  const log = {
    rotating: [] as RotatingInfo[],
    rotated: [] as RotatedInfo[],
    closes: 0,
    errors: [] as string[],
    order: [] as string[],
    iteratorEnded: false,
  };
  session.on("rotating", (info) => (log.rotating.push(info), log.order.push(`rotating:${info.reason}`)));
  session.on("rotated", (info) => (log.rotated.push(info), log.order.push("rotated")));
  session.on("close", () => log.closes++);
  session.on("error", (error) => log.errors.push(error.code));
  session.on("event", (event) => log.order.push(event.type));
  void (async () => {
    for await (const _event of session);
    log.iteratorEnded = true;
  })();
  return log;
}

/** Resolves at the `count`th `rotated` event. */
export const rotations = (session: VoiceLiveSession, count: number): Promise<RotatedInfo[]> =>
  new Promise((resolve) => {
    const infos: RotatedInfo[] = [];
    const on = (info: RotatedInfo) => {
      infos.push(info);
      if (infos.length === count) {
        session.off("rotated", on);
        resolve(infos);
      }
    };
    session.on("rotated", on);
  });

/** The client events each server session received, in order, grouped by session in order of connection. */
export function receivedBySession(frames: readonly SimulatorFrame[], type: string): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const frame of frames) {
    if (!out.has(frame.sessionId)) out.set(frame.sessionId, []);
    if (frame.direction === "received" && frame.event?.["type"] === type) out.get(frame.sessionId)!.push(frame.event as Record<string, unknown>);
  }
  return out;
}
