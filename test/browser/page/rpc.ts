/**
 * In-page side of the remote adapters: keeps the real `MicrophoneSource` / `SpeakerSink`
 * instances by id and exposes their methods as JSON-in, JSON-out calls, so a Node-side
 * proxy can drive them through `page.evaluate`. Errors come back as data (name, code,
 * message) so the proxy can rethrow the same class.
 */
import { MicrophoneSource, type MicrophoneSourceOptions } from "../../../src/browser/microphone-source.js";
import { SpeakerSink, type SpeakerSinkOptions } from "../../../src/browser/speaker-sink.js";
import { createBase64Codec } from "../../../src/encoding/base64.js";
import type { PcmFormat } from "../../../src/audio/pcm/pcm-format.js";

/** An outcome as it crosses `page.evaluate`. */
export type RpcResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: RpcError };

/** An error as it crosses `page.evaluate`. */
export interface RpcError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

const table = createBase64Codec("table");
const sinks = new Map<number, SpeakerSink>();
const mics = new Map<number, MicrophoneSource>();
let nextId = 1;

function get<T>(map: Map<number, T>, id: number): T {
  const value = map.get(id);
  if (value === undefined) throw new Error(`no object ${id}`);
  return value;
}

async function settle(run: () => unknown): Promise<RpcResult> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const e = error as { name?: string; message?: string; code?: string };
    return { ok: false, error: { name: String(e.name ?? "Error"), message: String(e.message ?? error), ...(typeof e.code === "string" ? { code: e.code } : {}) } };
  }
}

const methods = {
  createSink(options: SpeakerSinkOptions): { id: number; format: PcmFormat } {
    const sink = new SpeakerSink(options);
    const id = nextId++;
    sinks.set(id, sink);
    return { id, format: sink.format };
  },
  sinkStart: (id: number) => get(sinks, id).start(),
  sinkWrite: (id: number, itemId: string, contentIndex: number, audio: string) =>
    get(sinks, id).write({ itemId, contentIndex, audio: table.decode(audio) }),
  sinkPlayedMs: (id: number, itemId: string) => get(sinks, id).playedMs(itemId),
  sinkPlaying: (id: number) => get(sinks, id).playing,
  sinkClear: (id: number) => get(sinks, id).clear() ?? null,
  sinkClose: (id: number, drain: boolean | null) => get(sinks, id).close(drain === null ? undefined : { drain }),
  createMic(options: MicrophoneSourceOptions): { id: number; format: PcmFormat } {
    const mic = new MicrophoneSource(options);
    const id = nextId++;
    mics.set(id, mic);
    return { id, format: mic.format };
  },
  micStart: (id: number) => get(mics, id).start(),
  micStop: (id: number) => get(mics, id).stop(),
  micClose: (id: number) => get(mics, id).close(),
  micNext: async (id: number) => {
    const result = await get(mics, id)[Symbol.asyncIterator]().next();
    return result.done === true ? { done: true } : { done: false, value: table.encode(result.value) };
  },
  /** Whether every track the source opened has ended and its context is closed or was never made. */
  micReleased: (id: number) => {
    const mic = get(mics, id);
    return mic.node === undefined && (mic.audioContext === undefined || mic.audioContext.state === "closed");
  },
};

/** The method names a remote proxy may call. */
export type RpcMethod = keyof typeof methods;

/** Calls a method by name and returns its outcome as data. */
export function callRpc(method: string, args: readonly unknown[]): Promise<RpcResult> {
  const fn = (methods as Record<string, (...a: unknown[]) => unknown>)[method];
  if (fn === undefined) return Promise.resolve({ ok: false, error: { name: "TypeError", message: `unknown method ${method}` } });
  return settle(() => fn(...args));
}
