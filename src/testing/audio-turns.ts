import { decodeBase64 } from "../encoding/base64.js";
import type { StoredItem } from "./conversation.js";
import { newId } from "./ids.js";
import { decodeInputAudio, encodeOutputAudio } from "./pcm.js";
import { SIMULATOR_ERROR_CODES, type SessionCore } from "./session-core.js";
import { turnFlag, vadSettings } from "./session-config.js";
import { truncateItemAudio } from "./item-handlers.js";

const MIN_COMMIT_MS = 100;
// Idle audio kept for a manual commit while VAD waits for speech; older audio is dropped.
const IDLE_KEEP_MS = 10_000;

const inputRate = (core: SessionCore): number =>
  core.config.input_audio_format === "pcm16" || core.config.input_audio_format === undefined ? (core.config.input_audio_sampling_rate ?? 24000) : 8000;

/** Handles `input_audio_buffer.append`: buffers the audio and runs server VAD over it. */
export function appendAudio(core: SessionCore, base64: string, eventId: string | undefined): void {
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(base64);
  } catch {
    core.sendError({ code: SIMULATOR_ERROR_CODES.invalidValue, param: "audio", message: "audio must be standard base64." }, eventId);
    return;
  }
  const format = core.config.input_audio_format ?? "pcm16";
  const channels = core.config.input_audio_echo_cancellation?.channels ?? 1;
  const samples = decodeInputAudio(bytes, format, channels);
  const rate = inputRate(core);
  const startMs = core.input.clockMs;
  core.input.append(samples, rate);
  const settings = vadSettings(core.config);
  if (settings === undefined) return;
  for (const event of core.vad.process(samples, rate, startMs, settings)) {
    if (event.kind === "speech_started") speechStarted(core, event.audioStartMs);
    else speechStopped(core, event.audioEndMs);
  }
  if (!core.vad.inSpeech) core.input.trim(IDLE_KEEP_MS);
}

function speechStarted(core: SessionCore, audioStartMs: number): void {
  const itemId = newId("item");
  core.turn = { itemId, startMs: audioStartMs };
  core.send({ type: "input_audio_buffer.speech_started", audio_start_ms: Math.round(audioStartMs), item_id: itemId });
  const active = core.activeResponse;
  if (active === undefined || !turnFlag(core.config, "interrupt_response")) return;
  const audio = active.lastAudio;
  active.cancel("turn_detected");
  if (audio !== undefined && turnFlag(core.config, "auto_truncate")) {
    const stored = core.conversation.get(audio.itemId);
    if (stored !== undefined) truncateItemAudio(core, stored, Math.floor(audio.sentMs));
  }
}

function speechStopped(core: SessionCore, audioEndMs: number): void {
  const turn = core.turn ?? { itemId: newId("item"), startMs: audioEndMs };
  core.turn = undefined;
  core.send({ type: "input_audio_buffer.speech_stopped", audio_end_ms: Math.round(audioEndMs), item_id: turn.itemId });
  commitSamples(core, core.input.take(turn.startMs, audioEndMs), turn.itemId);
  if (turnFlag(core.config, "create_response")) core.startTurnResponse();
}

/** Handles `input_audio_buffer.commit`: at least 100 ms of audio becomes a user item; no response starts. */
export function commitAudio(core: SessionCore, eventId: string | undefined): void {
  if (core.input.durationMs < MIN_COMMIT_MS) {
    core.sendError(
      {
        code: SIMULATOR_ERROR_CODES.commitEmpty,
        message: `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${core.input.durationMs.toFixed(2)}ms of audio.`,
      },
      eventId,
    );
    return;
  }
  const itemId = core.turn?.itemId ?? newId("item");
  core.turn = undefined;
  core.vad.reset(core.input.clockMs);
  commitSamples(core, core.input.take(), itemId);
}

/** Handles `input_audio_buffer.clear` (and the turn-cancel events): drops buffered audio and any turn. */
export function clearAudio(core: SessionCore, announce: boolean): void {
  core.input.clear();
  core.vad.reset(core.input.clockMs);
  core.turn = undefined;
  if (announce) core.send({ type: "input_audio_buffer.cleared" });
}

function commitSamples(core: SessionCore, samples: Int16Array, itemId: string): void {
  const rate = core.input.sampleRate;
  const format = core.config.input_audio_format ?? "pcm16";
  const heard = core.options.transcriber(samples, rate);
  const stored: StoredItem = {
    item: { id: itemId, object: "realtime.item", type: "message", role: "user", status: "completed", content: [{ type: "input_audio", transcript: null }] },
    audio: { bytes: encodeOutputAudio(samples, format), format, sampleRate: rate },
    heard,
  };
  const previous = core.conversation.items.at(-1)?.item.id ?? null;
  core.send({ type: "input_audio_buffer.committed", previous_item_id: previous, item_id: itemId });
  core.addItem(stored);
  if (core.config.input_audio_transcription == null) return;
  core.send({ type: "conversation.item.input_audio_transcription.delta", item_id: itemId, content_index: 0, delta: heard });
  const part = stored.item.type === "message" ? stored.item.content[0] : undefined;
  if (part !== undefined && part.type === "input_audio") part.transcript = heard;
  core.send({ type: "conversation.item.input_audio_transcription.completed", item_id: itemId, content_index: 0, transcript: heard });
}
