import { concatBytes } from "../encoding/bytes.js";
import { encodeBase64 } from "../encoding/base64.js";
import type { ResponseItem } from "../protocol/items.js";
import type { ResponseCreateParams } from "../protocol/response.js";
import type { ResponseSession } from "../protocol/session.js";
import type { Tool } from "../protocol/tools.js";
import { synthesizeSpeech } from "./audio-synth.js";
import type { StoredItem } from "./conversation.js";
import { newId } from "./ids.js";
import { OUTPUT_SAMPLE_RATES, encodeOutputAudio, resample } from "./pcm.js";
import type { Responder, ResponderContext, ResponseScript, ScriptedToolCall } from "./responder.js";
import { estimateUsage, responseObject } from "./response-summary.js";

/** What a response needs from its session. */
export interface ResponseHost {
  readonly sessionId: string;
  readonly pace: "realtime" | "fast";
  readonly audioChunkMs: number;
  readonly msPerCharacter: number;
  send(event: Record<string, unknown>): void;
  /** Adds an item to the conversation and announces it with `conversation.item.created`. */
  addItem(stored: StoredItem): void;
  onAudioProduced(): void;
  onFinished(run: ResponseRun): void;
}

/** What one response is built from, fixed when it starts. */
export interface ResponsePlan {
  readonly session: ResponseSession;
  readonly request: ResponseCreateParams | undefined;
  readonly context: Omit<ResponderContext, "signal" | "session" | "request" | "sessionId">;
  /** False for out-of-band responses (`conversation: "none"` or `commit: false`). */
  readonly inConversation: boolean;
  readonly responder: Responder;
  /** Fault injection: thinking time added before the responder runs, or no progress at all. */
  readonly delayMs: number;
  readonly stalled: boolean;
}

type CancelReason = "turn_detected" | "client_cancelled";
const CANCELLED = Symbol("cancelled");
const TIMEOUT = Symbol("timeout");
const ARGUMENT_CHUNK = 24;

/** Splits text into word-sized deltas that keep their spaces. */
const words = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];

/**
 * One response streamed in the REFERENCE §3.4 order. `cancel` is synchronous: the
 * closing "done" events and `response.done` are sent before it returns, so events
 * that follow a cancel (a new turn, a truncation) always come after them.
 */
export class ResponseRun {
  readonly id = newId("resp");
  /** The audio item streaming or last streamed, with the ms of audio actually sent. */
  lastAudio: { readonly itemId: string; sentMs: number } | undefined;
  readonly #host: ResponseHost;
  readonly #plan: ResponsePlan;
  readonly #output: (ResponseItem & { id: string })[] = [];
  readonly #abort = new AbortController();
  #finished = false;
  #closeOpen: ((status: "completed" | "incomplete") => void) | undefined;
  #wake: (() => void) | undefined;
  #textChars = 0;
  #audioMs = 0;
  #interimCount = 0;

  constructor(host: ResponseHost, plan: ResponsePlan) {
    this.#host = host;
    this.#plan = plan;
  }

  get finished(): boolean {
    return this.#finished;
  }

  /** Sends `response.created` now and streams the rest in the background. */
  start(): void {
    this.#host.send({ type: "response.created", response: this.#summary("in_progress", null, false) });
    void this.#run();
  }

  /** Ends the response as cancelled, closing any part in progress; false when already over. */
  cancel(reason: CancelReason): boolean {
    if (this.#finished) return false;
    this.#closeOpen?.("incomplete");
    this.#finish("cancelled", { type: "cancelled", reason });
    return true;
  }

  /** Stops without sending anything (the connection is gone). */
  abandon(): void {
    this.#finished = true;
    this.#abort.abort();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    try {
      if (this.#plan.stalled) await this.#race(new Promise<never>(() => {}));
      const script = await this.#think();
      const tools = new Set(this.#plan.context.tools.map((tool) => (tool as { name?: string }).name));
      const undeclared = script.toolCalls?.find((call) => !tools.has(call.name));
      if (undeclared !== undefined) {
        throw new Error(`The responder called "${undeclared.name}", which is not a declared function tool.`);
      }
      const interim = this.#interim();
      if (interim?.onTool === true && this.#interimCount === 0 && (script.toolCalls?.length ?? 0) > 0) {
        await this.#streamMessage(interim.text, undefined, true);
      }
      if (script.text !== undefined || script.audio !== undefined) await this.#streamMessage(script.text ?? "", script.audio);
      for (const call of script.toolCalls ?? []) await this.#streamToolCall(call);
      this.#finish("completed", null);
    } catch (error) {
      if (this.#finished) return;
      this.#closeOpen?.("incomplete");
      const message = error instanceof Error ? error.message : String(error);
      this.#finish("failed", { type: "failed", error: { type: "server_error", code: "responder_failed", message } });
    }
  }

  /** Runs the responder; a slow one gets an interim message first when the session asks for it. */
  async #think(): Promise<ResponseScript> {
    const plan = this.#plan;
    const thinking = (async () => {
      if (plan.delayMs > 0) await this.#timer(plan.delayMs);
      const script = await plan.responder({
        ...plan.context,
        sessionId: this.#host.sessionId,
        session: structuredClone(plan.session),
        request: plan.request,
        signal: this.#abort.signal,
      });
      if (script.delayMs !== undefined && script.delayMs > 0) await this.#timer(script.delayMs);
      return script;
    })();
    const interim = this.#interim();
    if (interim?.latencyMs !== undefined) {
      const first = await this.#race(thinking, interim.latencyMs);
      if (first !== TIMEOUT) return first;
      await this.#streamMessage(interim.text, undefined, true);
    }
    return (await this.#race(thinking)) as ResponseScript;
  }

  #interim(): { text: string; latencyMs: number | undefined; onTool: boolean } | undefined {
    const session = this.#plan.session;
    const config = (session.interim_response ?? session.filler_response) as Record<string, unknown> | null | undefined;
    if (config == null) return undefined;
    const triggers = Array.isArray(config["triggers"]) ? (config["triggers"] as string[]) : ["latency"];
    const texts = Array.isArray(config["texts"]) && config["texts"].length > 0 ? (config["texts"] as string[]) : ["One moment, please."];
    const latency = typeof config["latency_threshold_ms"] === "number" ? config["latency_threshold_ms"] : 2000;
    return {
      text: texts[this.#interimCount % texts.length]!,
      latencyMs: triggers.includes("latency") ? latency : undefined,
      onTool: triggers.includes("tool"),
    };
  }

  async #streamMessage(text: string, audio?: ResponseScript["audio"], interim = false): Promise<void> {
    if (interim) this.#interimCount++;
    const { session, request } = this.#plan;
    const modalities = request?.modalities ?? session.modalities ?? ["text", "audio"];
    const withAudio = modalities.includes("audio");
    const { item, stored, ids } = this.#openItem({ type: "message", role: "assistant", status: "in_progress", content: [] });
    let sent = "";
    const partType = withAudio ? "audio" : "text";
    const emptyPart = withAudio ? { type: "audio", transcript: "" } : { type: "text", text: "" };
    this.#host.send({ type: "response.content_part.added", ...ids, content_index: 0, part: emptyPart });
    const partIds = { ...ids, content_index: 0 };
    const chunks: Uint8Array[] = [];
    this.#closeOpen = (status) => {
      this.#closeOpen = undefined;
      const part = withAudio ? { type: "audio", transcript: sent } : { type: "text", text: sent };
      if (withAudio) {
        stored.audio!.bytes = concatBytes(chunks);
        this.#host.send({ type: "response.audio.done", ...partIds });
        this.#host.send({ type: "response.audio_transcript.done", ...partIds, transcript: sent });
      } else {
        this.#host.send({ type: "response.text.done", ...partIds, text: sent });
      }
      this.#host.send({ type: "response.content_part.done", ...partIds, part });
      Object.assign(item, { status, content: [part] });
      this.#textChars += sent.length;
      this.#host.send({ type: "response.output_item.done", ...ids, item: structuredClone(item) });
    };
    const pieces = words(text);
    const perChar = this.#host.msPerCharacter;
    const t0 = performance.now();
    if (!withAudio) {
      for (const piece of pieces) {
        await this.#pause(t0 + sent.length * perChar);
        this.#host.send({ type: `response.${partType}.delta`, ...partIds, delta: piece });
        sent += piece;
      }
      this.#closeOpen("completed");
      return;
    }
    const format = request?.output_audio_format ?? session.output_audio_format ?? "pcm16";
    const rate = OUTPUT_SAMPLE_RATES[format as keyof typeof OUTPUT_SAMPLE_RATES] ?? 24000;
    const samples = audio !== undefined ? resample(audio.samples, audio.sampleRate, rate) : synthesizeSpeech(text, { sampleRate: rate, msPerCharacter: perChar });
    stored.audio = { bytes: new Uint8Array(0), format, sampleRate: rate };
    this.lastAudio = { itemId: item.id, sentMs: 0 };
    // Equal deltas no longer than audioChunkMs and, except for very short audio, no shorter than 20 ms.
    const minimum = Math.round((rate * 20) / 1000);
    let count = Math.max(1, Math.ceil(samples.length / Math.round((rate * this.#host.audioChunkMs) / 1000)));
    if (count > 1 && Math.ceil(samples.length / count) < minimum) count--;
    const chunkSamples = Math.ceil(samples.length / count);
    const chunkMs = (chunkSamples * 1000) / rate;
    let next = 0;
    for (let i = 0; i < count; i++) {
      await this.#pause(t0 + i * chunkMs);
      // Transcript runs just ahead of the audio it describes, as the service's does.
      const due = (text.length * (i + 1)) / count;
      let delta = "";
      while (next < pieces.length && sent.length + delta.length < due) delta += pieces[next++]!;
      if (delta.length > 0) {
        this.#host.send({ type: "response.audio_transcript.delta", ...partIds, delta });
        sent += delta;
      }
      const slice = samples.subarray(i * chunkSamples, Math.min(samples.length, (i + 1) * chunkSamples));
      if (slice.length === 0) continue;
      const bytes = encodeOutputAudio(slice, format);
      chunks.push(bytes);
      this.#host.onAudioProduced();
      this.#host.send({ type: "response.audio.delta", ...partIds, delta: encodeBase64(bytes) });
      const ms = (slice.length * 1000) / rate;
      this.lastAudio.sentMs += ms;
      this.#audioMs += ms;
    }
    this.#closeOpen("completed");
  }

  async #streamToolCall(call: ScriptedToolCall): Promise<void> {
    const args = typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments);
    const callId = call.callId ?? newId("call");
    const { item, ids } = this.#openItem({ type: "function_call", name: call.name, call_id: callId, arguments: "", status: "in_progress" });
    let sent = "";
    this.#closeOpen = (status) => {
      this.#closeOpen = undefined;
      this.#textChars += sent.length;
      this.#host.send({ type: "response.function_call_arguments.done", ...ids, call_id: callId, name: call.name, arguments: sent });
      Object.assign(item, { status, arguments: sent });
      this.#host.send({ type: "response.output_item.done", ...ids, item: structuredClone(item) });
    };
    for (let at = 0; at < args.length; at += ARGUMENT_CHUNK) {
      await this.#pause();
      const delta = args.slice(at, at + ARGUMENT_CHUNK);
      this.#host.send({ type: "response.function_call_arguments.delta", ...ids, call_id: callId, delta });
      sent += delta;
    }
    this.#closeOpen("completed");
  }

  #openItem(fields: Record<string, unknown>) {
    const item = { id: newId("item"), object: "realtime.item", ...fields } as unknown as ResponseItem & { id: string };
    const ids = { response_id: this.id, item_id: item.id, output_index: this.#output.length };
    this.#output.push(item);
    this.#host.send({ type: "response.output_item.added", response_id: this.id, output_index: ids.output_index, item: structuredClone(item) });
    const stored: StoredItem = { item };
    if (this.#plan.inConversation) this.#host.addItem(stored);
    return { item, stored, ids };
  }

  #finish(status: string, details: Record<string, unknown> | null): void {
    this.#finished = true;
    this.#abort.abort();
    this.#wake?.();
    this.#host.send({ type: "response.done", response: this.#summary(status, details, true) });
    this.#host.onFinished(this);
  }

  #summary(status: string, details: Record<string, unknown> | null, done: boolean): Record<string, unknown> {
    return responseObject({
      id: this.id,
      sessionId: this.#host.sessionId,
      plan: this.#plan,
      status,
      details,
      output: done ? this.#output : [],
      usage: done ? estimateUsage(this.#plan.context.conversation, this.#textChars, this.#audioMs) : null,
    });
  }

  /** Lets the socket breathe between deltas (fast pace) or waits for the realtime schedule. */
  async #pause(atTime?: number): Promise<void> {
    const wait = this.#host.pace === "realtime" && atTime !== undefined ? atTime - performance.now() : 0;
    if (wait > 1) await this.#race(new Promise<never>(() => {}), wait);
    else await this.#race(new Promise<void>((resolve) => setImmediate(resolve)));
  }

  /** A plain delay that ends with the response, so no timer outlives it. */
  #timer(ms: number): Promise<void> {
    return this.#race(new Promise<never>(() => {}), ms).then(() => undefined);
  }

  /** Waits for a promise or a timeout; rejects as soon as the response is over. */
  #race<T>(promise: Promise<T>, timeoutMs?: number): Promise<T | typeof TIMEOUT> {
    if (this.#finished) return Promise.reject(CANCELLED);
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const previousWake = this.#wake;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        if (this.#wake === wake) this.#wake = previousWake;
        return true;
      };
      const wake = (): void => {
        previousWake?.();
        if (settle()) reject(CANCELLED);
      };
      this.#wake = wake;
      if (timeoutMs !== undefined) timer = setTimeout(() => settle() && resolve(TIMEOUT), timeoutMs);
      promise.then(
        (value) => settle() && (this.#finished ? reject(CANCELLED) : resolve(value)),
        (error: unknown) => settle() && reject(error),
      );
    });
  }
}

/** Function tools from a session or response `tools` list. */
export function functionTools(tools: readonly Tool[] | undefined): Tool[] {
  return (tools ?? []).filter((tool) => tool.type === "function");
}
