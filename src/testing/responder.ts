import type { ResponseItem } from "../protocol/items.js";
import type { ResponseCreateParams } from "../protocol/response.js";
import type { ResponseSession } from "../protocol/session.js";
import type { Tool } from "../protocol/tools.js";

/** A tool call the scripted model makes. */
export interface ScriptedToolCall {
  /** A function declared in the session's or the response's `tools`. */
  readonly name: string;
  /** JSON text, or an object the simulator serializes. */
  readonly arguments: string | Readonly<Record<string, unknown>>;
  /** Defaults to a generated `call_…` id. */
  readonly callId?: string;
}

/** What the simulated model answers for one response. */
export interface ResponseScript {
  /** The assistant's words: streamed as text, or as transcript plus synthesized speech. */
  readonly text?: string;
  /** Speech to send instead of the synthesized voice (resampled to the output format). */
  readonly audio?: { readonly samples: Int16Array; readonly sampleRate: number };
  /** Function calls made after the message. */
  readonly toolCalls?: readonly ScriptedToolCall[];
  /** Thinking time before the answer streams, ms; long enough, it triggers an interim response. */
  readonly delayMs?: number;
}

/** What a responder knows when it scripts a response. */
export interface ResponderContext {
  readonly sessionId: string;
  /** The effective session configuration. */
  readonly session: ResponseSession;
  /** The items the model sees for this response (the conversation, or `input_items`). */
  readonly conversation: readonly ResponseItem[];
  /** The newest user message as text: its text parts, or what the transcriber heard. */
  readonly lastUserText: string | undefined;
  /** The newest item when it is a function result, so the turn can continue after a tool call. */
  readonly lastFunctionOutput: { readonly callId: string; readonly output: string } | undefined;
  /** Instructions for this response (session instructions, overrides and additions applied). */
  readonly instructions: string;
  /** Function tools the model may call in this response. */
  readonly tools: readonly Tool[];
  /** The `response` field of `response.create`, when a client asked. */
  readonly request: ResponseCreateParams | undefined;
  /** Aborted when the response is cancelled. */
  readonly signal: AbortSignal;
}

/** Scripts the simulated model's answer. May be async (a slow model). */
export type Responder = (context: ResponderContext) => ResponseScript | Promise<ResponseScript>;

/** Turns committed user audio into deterministic text. */
export type Transcriber = (audio: Int16Array, sampleRate: number) => string;

/** Describes the audio instead of recognising it: `"(1.2 s of audio)"`. */
export const describeAudio: Transcriber = (audio, sampleRate) => `(${(audio.length / sampleRate).toFixed(1)} s of audio)`;

/**
 * Answers deterministically: reports a function result when the turn continues after
 * a tool call, echoes the user's words otherwise, and greets when there are none.
 */
export const echoResponder: Responder = (context) => {
  if (context.lastFunctionOutput !== undefined) {
    return { text: `The tool returned ${context.lastFunctionOutput.output}.` };
  }
  if (context.lastUserText !== undefined && context.lastUserText.length > 0) {
    return { text: `You said: ${context.lastUserText}` };
  }
  return { text: "Hello from the Voice Live simulator." };
};
