import { EventEmitter } from "eventemitter3";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import type { ReceivedServerEvent } from "../events/event-map.js";
import type { InputAudioFormat, OutputAudioFormat, ResponseSession } from "../protocol/session.js";
import type { AudioSink, AudioSinkChunk, AudioSource } from "./contracts.js";
import { decodeALaw, decodeMuLaw, encodeALaw, encodeMuLaw } from "./pcm/g711.js";
import type { PcmFormat } from "./pcm/pcm-format.js";
import { deinterleave } from "./pcm/channel-mixing.js";
import { int16ToPcm16Bytes, pcm16BytesToInt16 } from "./pcm/sample-conversion.js";
import { PcmConverter } from "./pcm-converter.js";

/** The part of a session a pipeline uses; `VoiceLiveSession` has it. */
export interface PipelineSession {
  readonly session: ResponseSession | undefined;
  sendAudio(audio: Uint8Array): Promise<void>;
  truncateItem(itemId: string, audioEndMs: number, options?: { contentIndex?: number }): Promise<unknown>;
  on(event: "response.audio.delta", listener: (event: ReceivedServerEvent<"response.audio.delta">) => void): unknown;
  on(event: "input_audio_buffer.speech_started", listener: (event: ReceivedServerEvent<"input_audio_buffer.speech_started">) => void): unknown;
  on(event: "session.updated", listener: (event: ReceivedServerEvent<"session.updated">) => void): unknown;
  on(event: "response.audio.done", listener: (event: ReceivedServerEvent<"response.audio.done">) => void): unknown;
  off(event: "response.audio.done", listener: (event: ReceivedServerEvent<"response.audio.done">) => void): unknown;
  off(event: "response.audio.delta", listener: (event: ReceivedServerEvent<"response.audio.delta">) => void): unknown;
  off(event: "input_audio_buffer.speech_started", listener: (event: ReceivedServerEvent<"input_audio_buffer.speech_started">) => void): unknown;
  off(event: "session.updated", listener: (event: ReceivedServerEvent<"session.updated">) => void): unknown;
}

/** Options of `session.attachAudio()`. */
export interface AudioPipelineOptions {
  /** Microphone or file to send; omit for output only. */
  readonly source?: AudioSource | undefined;
  /** Speaker or file to play replies on; omit for input only. */
  readonly sink?: AudioSink | undefined;
  /**
   * Cut the assistant item at what the listener heard when the user barges in:
   * `auto` does so unless the session's `turn_detection.auto_truncate` already makes the
   * service do it; `always` / `never` force it.
   * @default "auto"
   */
  readonly truncate?: "auto" | "always" | "never" | undefined;
}

/** Events of an `AudioPipeline`; `atMs` is `performance.now()` when it happened. */
export interface AudioPipelineEvents {
  /** The first audio of an assistant item went to the sink. */
  speaking: (info: { readonly itemId: string; readonly atMs: number }) => void;
  /** The service heard the user start speaking. */
  listening: (info: { readonly atMs: number; readonly audioStartMs: number }) => void;
  /** Playback was cut by the user speaking; `truncatedMs` is what the item lost (0 when nothing was cut). */
  interrupted: (info: {
    readonly itemId: string;
    readonly playedMs: number;
    readonly truncatedMs: number;
    readonly atMs: number;
  }) => void;
  /** Sending, playing or truncating failed; the pipeline keeps going where it can. */
  error: (error: unknown) => void;
}

const OUTPUT_RATES: Record<OutputAudioFormat, number> = {
  pcm16: 24000,
  pcm16_8000hz: 8000,
  pcm16_16000hz: 16000,
  g711_ulaw: 8000,
  g711_alaw: 8000,
};

const inputFormatOf = (session: ResponseSession | undefined): { format: InputAudioFormat; rate: number } => {
  const format = session?.input_audio_format ?? "pcm16";
  return { format, rate: format === "pcm16" ? (session?.input_audio_sampling_rate ?? 24000) : 8000 };
};

/** 2 for a stereo source when the session takes a client echo reference as channel 1 (REFERENCE §4.1), else 1. */
const inputChannelsOf = (session: ResponseSession | undefined, source: PcmFormat, format: InputAudioFormat): number =>
  source.channels === 2 && format === "pcm16" && session?.input_audio_echo_cancellation?.channels === 2 ? 2 : 1;

/**
 * Pumps a source into the session and the session's audio into a sink, converting
 * formats on the way, and makes barge-in exact: when the user speaks over the
 * assistant it clears the sink and truncates the item at what the listener heard.
 */
export class AudioPipeline extends EventEmitter<AudioPipelineEvents> {
  readonly #session: PipelineSession;
  readonly #source: AudioSource | undefined;
  readonly #sink: AudioSink | undefined;
  readonly #truncate: "auto" | "always" | "never";
  #stopped = false;
  #input: { converter: PcmConverter; encoding: InputAudioFormat } | undefined;
  #output: { converter: PcmConverter; format: OutputAudioFormat } | undefined;
  /** Milliseconds received per assistant item, to tell whether a clear cut anything. */
  readonly #receivedMs = new Map<string, number>();
  readonly #interrupted = new Set<string>();
  #writes: Promise<void> = Promise.resolve();
  #generation = 0;
  readonly #pump: Promise<void>;

  constructor(session: PipelineSession, options: AudioPipelineOptions) {
    super();
    if (options.source === undefined && options.sink === undefined) {
      throw new TypeError("attachAudio() needs a source, a sink, or both.");
    }
    const truncate = options.truncate ?? "auto";
    if (truncate !== "auto" && truncate !== "always" && truncate !== "never") {
      throw new TypeError(`truncate must be "auto", "always" or "never".`);
    }
    this.#session = session;
    this.#source = options.source;
    this.#sink = options.sink;
    this.#truncate = truncate;
    session.on("response.audio.delta", this.#onDelta);
    session.on("input_audio_buffer.speech_started", this.#onSpeechStarted);
    session.on("session.updated", this.#onSessionUpdated);
    session.on("response.audio.done", this.#onAudioDone);
    this.#pump = this.#source ? this.#runInput(this.#source) : Promise.resolve();
  }

  readonly #onSessionUpdated = (): void => {
    // Formats may change with an update; converters are rebuilt on the next chunk.
    this.#input = undefined;
    this.#output = undefined;
  };

  async #runInput(source: AudioSource): Promise<void> {
    try {
      await source.start();
      for await (const chunk of source) {
        if (this.#stopped) break;
        const bytes = this.#convertInput(source, chunk);
        if (bytes.byteLength > 0) await this.#session.sendAudio(bytes);
      }
      // The source ended: send what the resampler still holds.
      const tail = this.#input ? this.#encodeInput(this.#input.converter.flush(), this.#input.encoding) : undefined;
      if (!this.#stopped && tail !== undefined && tail.byteLength > 0) await this.#session.sendAudio(tail);
    } catch (error) {
      if (!this.#stopped) this.emit("error", error);
    }
  }

  #convertInput(source: AudioSource, chunk: Uint8Array): Uint8Array {
    const format = source.format;
    const target = inputFormatOf(this.#session.session);
    const channels = inputChannelsOf(this.#session.session, format, target.format);
    // A reference channel mixed into mono would feed the speaker's audio to the model as
    // if the user said it: keep only the microphone channel then.
    const micOnly = channels === 1 && format.channels === 2 && source.referenceChannel === 1;
    const from = micOnly ? { sampleRate: format.sampleRate, channels: 1 } : format;
    const current = this.#input?.converter;
    if (
      this.#input === undefined ||
      this.#input.encoding !== target.format ||
      current?.to.sampleRate !== target.rate ||
      current.to.channels !== channels ||
      current.from.channels !== from.channels
    ) {
      // Stereo stays interleaved (each channel resampled on its own); anything else is mixed to mono.
      this.#input = { converter: new PcmConverter(from, { sampleRate: target.rate, channels }), encoding: target.format };
    }
    let samples = pcm16BytesToInt16(chunk);
    if (micOnly) samples = deinterleave(samples, 2)[0]!;
    return this.#encodeInput(this.#input.converter.convert(samples), target.format);
  }

  #encodeInput(samples: Int16Array, encoding: InputAudioFormat): Uint8Array {
    if (samples.length === 0) return new Uint8Array(0);
    switch (encoding) {
      case "g711_ulaw":
        return encodeMuLaw(samples);
      case "g711_alaw":
        return encodeALaw(samples);
      default:
        return int16ToPcm16Bytes(samples);
    }
  }

  readonly #onDelta = (event: ReceivedServerEvent<"response.audio.delta">): void => {
    const sink = this.#sink;
    if (sink === undefined || this.#stopped || this.#interrupted.has(event.item_id)) return;
    const format = this.#session.session?.output_audio_format ?? "pcm16";
    if (this.#output === undefined || this.#output.format !== format) {
      this.#output = { converter: new PcmConverter({ sampleRate: OUTPUT_RATES[format], channels: 1 }, sink.format), format };
    }
    const decoded =
      format === "g711_ulaw" ? decodeMuLaw(event.audio) : format === "g711_alaw" ? decodeALaw(event.audio) : pcm16BytesToInt16(event.audio);
    const ms = (decoded.length / OUTPUT_RATES[format]) * 1000;
    const before = this.#receivedMs.get(event.item_id);
    this.#receivedMs.set(event.item_id, (before ?? 0) + ms);
    const audio = int16ToPcm16Bytes(this.#output.converter.convert(decoded));
    if (before === undefined) this.emit("speaking", { itemId: event.item_id, atMs: performance.now() });
    this.#write(sink, { itemId: event.item_id, contentIndex: event.content_index, audio });
  };

  readonly #onAudioDone = (event: ReceivedServerEvent<"response.audio.done">): void => {
    const sink = this.#sink;
    if (sink === undefined || this.#output === undefined || this.#interrupted.has(event.item_id)) return;
    // The item is complete: play what the resampler still holds rather than carry it into the next one.
    const tail = int16ToPcm16Bytes(this.#output.converter.flush());
    this.#write(sink, { itemId: event.item_id, contentIndex: event.content_index, audio: tail });
  };

  #write(sink: AudioSink, chunk: AudioSinkChunk): void {
    const generation = this.#generation;
    const audio = chunk.audio;
    // Writes run one after another; a clear in between makes the queued ones moot.
    this.#writes = this.#writes
      .then(() => (generation === this.#generation && audio.byteLength > 0 ? sink.write(chunk) : undefined))
      .catch((error: unknown) => {
        this.emit("error", error);
      });
  }

  readonly #onSpeechStarted = (event: ReceivedServerEvent<"input_audio_buffer.speech_started">): void => {
    const atMs = performance.now();
    this.emit("listening", { atMs, audioStartMs: event.audio_start_ms });
    const sink = this.#sink;
    if (sink === undefined || !sink.playing) return;
    this.#generation++;
    const cleared = sink.clear();
    this.#output?.converter.reset();
    if (cleared === undefined) return;
    this.#interrupted.add(cleared.itemId);
    const received = this.#receivedMs.get(cleared.itemId) ?? cleared.queuedMs;
    const playedMs = Math.floor(cleared.playedMs);
    const truncatedMs = Math.max(0, received - playedMs);
    this.emit("interrupted", { itemId: cleared.itemId, playedMs, truncatedMs, atMs });
    // Truncate only when something was cut: a clear at the very end lost nothing.
    if (truncatedMs < 1 || !this.#shouldTruncate()) return;
    this.#session.truncateItem(cleared.itemId, playedMs, { contentIndex: cleared.contentIndex }).catch((error: unknown) => {
      this.emit("error", error);
    });
  };

  #shouldTruncate(): boolean {
    if (this.#truncate !== "auto") return this.#truncate === "always";
    const detection = this.#session.session?.turn_detection as { auto_truncate?: boolean } | null | undefined;
    return detection?.auto_truncate !== true;
  }

  /** Resolves when every chunk handed to the sink so far has been written. */
  flush(): Promise<void> {
    return this.#writes;
  }

  /**
   * Detaches from the session, stops and closes the source, and closes the sink
   * (playing out what is queued unless `drain` is false).
   */
  async stop(options: { readonly drain?: boolean } = {}): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#session.off("response.audio.delta", this.#onDelta);
    this.#session.off("input_audio_buffer.speech_started", this.#onSpeechStarted);
    this.#session.off("session.updated", this.#onSessionUpdated);
    this.#session.off("response.audio.done", this.#onAudioDone);
    const closing: Promise<unknown>[] = [];
    if (this.#source) closing.push(this.#source.close());
    await this.#writes;
    if (this.#sink) closing.push(this.#sink.close({ drain: options.drain ?? true }));
    const results = await Promise.allSettled([...closing, this.#pump]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failure) throw failure.reason instanceof VoiceLiveError ? failure.reason : new VoiceLiveError("audio_stop_failed", "Stopping the audio pipeline failed.", { cause: failure.reason });
  }
}
