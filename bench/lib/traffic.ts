/**
 * Server traffic as the Voice Live service writes it: compact JSON, `type` first,
 * an `event_id` on every event, audio deltas of PCM16 24 kHz in base64, and transcript
 * deltas interleaved a little ahead of the audio they describe.
 */

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
let seed = 0x2f6b1d;
const random = (): number => {
  seed = (seed * 1103515245 + 12345) >>> 0;
  return seed / 2 ** 32;
};
/** A service-style id: prefix plus 22 random alphanumerics. */
export const serviceId = (prefix: string): string => {
  let id = `${prefix}_`;
  for (let i = 0; i < 22; i++) id += ALNUM[Math.floor(random() * ALNUM.length)];
  return id;
};

/** Speech-like PCM16: a few harmonics with a slow envelope and a little noise. */
export function speechLikePcm16(sampleRate: number, frames: number, offset = 0): Buffer {
  const out = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) {
    const t = (i + offset) / sampleRate;
    const envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
    const v = envelope * (0.3 * Math.sin(2 * Math.PI * 180 * t) + 0.15 * Math.sin(2 * Math.PI * 360 * t) + 0.05 * Math.sin(2 * Math.PI * 1250 * t)) + 0.02 * (random() - 0.5);
    out.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(v * 32767))), i * 2);
  }
  return out;
}

export function sessionCreated(model: string): string {
  return JSON.stringify({
    type: "session.created",
    event_id: serviceId("event"),
    session: {
      id: serviceId("sess"),
      object: "realtime.session",
      model,
      modalities: ["text", "audio"],
      instructions: "",
      voice: { type: "azure-standard", name: "en-US-Ava:DragonHDLatestNeural" },
      input_audio_format: "pcm16",
      input_audio_sampling_rate: 24000,
      output_audio_format: "pcm16",
      turn_detection: { type: "server_vad", threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500, create_response: true, interrupt_response: true, auto_truncate: false },
      input_audio_noise_reduction: null,
      input_audio_echo_cancellation: null,
      input_audio_transcription: null,
      tools: [],
      tool_choice: "auto",
      temperature: 0.8,
      max_response_output_tokens: "inf",
    },
  });
}

const WORDS = "Sure, here is a short answer to your question about the weather in Seattle today and tomorrow afternoon. ".split(/(?<= )/);

/** What one streamed reply contains. */
export interface ReplyPlan {
  /** Audio deltas in the reply. */
  readonly deltas: number;
  /** Milliseconds of 24 kHz audio per delta. */
  readonly chunkMs: number;
  /** Audio deltas per response; a reply of many deltas is several responses back to back. */
  readonly perResponse: number;
}

/** Counts of what `buildReply` produced. */
export interface Reply {
  readonly frames: Buffer[];
  readonly events: number;
  readonly audioDeltas: number;
  readonly audioBytes: number;
  readonly responses: number;
}

const responseObject = (id: string, status: string, output: unknown[], audioMs: number, chars: number): unknown => ({
  id,
  object: "realtime.response",
  status,
  status_details: null,
  output,
  usage:
    status === "in_progress"
      ? null
      : {
          total_tokens: 120 + Math.ceil(audioMs / 50) + Math.ceil(chars / 4),
          input_tokens: 120,
          output_tokens: Math.ceil(audioMs / 50) + Math.ceil(chars / 4),
          input_token_details: { cached_tokens: 0, text_tokens: 110, audio_tokens: 10, cached_tokens_details: { text_tokens: 0, audio_tokens: 0 } },
          output_token_details: { text_tokens: Math.ceil(chars / 4), audio_tokens: Math.ceil(audioMs / 50) },
        },
  conversation_id: "conv_bench",
  modalities: ["text", "audio"],
  voice: { type: "azure-standard", name: "en-US-Ava:DragonHDLatestNeural" },
  output_audio_format: "pcm16",
  temperature: 0.8,
  max_output_tokens: "inf",
});

/**
 * Builds the frames of a reply: for each response, created / item / part events, then
 * audio deltas with a transcript delta before every fourth one (about a word per 80 ms at
 * 20 ms chunks), then the done events. Audio payloads cycle through 16 distinct chunks so
 * building stays cheap while consecutive frames still differ.
 */
export function buildReply(plan: ReplyPlan): Reply {
  const frames: Buffer[] = [];
  const push = (event: unknown): void => {
    frames.push(Buffer.from(JSON.stringify(event)));
  };
  const frameSamples = (24000 * plan.chunkMs) / 1000;
  const payloads = Array.from({ length: 16 }, (_, k) => speechLikePcm16(24000, frameSamples, k * frameSamples).toString("base64"));
  let audioDeltas = 0;
  let audioBytes = 0;
  let responses = 0;
  while (audioDeltas < plan.deltas) {
    const count = Math.min(plan.perResponse, plan.deltas - audioDeltas);
    const responseId = serviceId("resp");
    const itemId = serviceId("item");
    responses++;
    const ids = { response_id: responseId, item_id: itemId, output_index: 0 };
    push({ type: "response.created", event_id: serviceId("event"), response: responseObject(responseId, "in_progress", [], 0, 0) });
    const item = { id: itemId, object: "realtime.item", type: "message", role: "assistant", status: "in_progress", content: [] };
    push({ type: "response.output_item.added", event_id: serviceId("event"), response_id: responseId, output_index: 0, item });
    push({ type: "conversation.item.created", event_id: serviceId("event"), previous_item_id: null, item });
    push({ type: "response.content_part.added", event_id: serviceId("event"), ...ids, content_index: 0, part: { type: "audio", transcript: "" } });
    let transcript = "";
    for (let i = 0; i < count; i++) {
      if (i % 4 === 0) {
        const word = WORDS[(i / 4) % WORDS.length]!;
        transcript += word;
        // Transcript deltas carry event_id after type, as the service writes them.
        push({ type: "response.audio_transcript.delta", event_id: serviceId("event"), ...ids, content_index: 0, delta: word });
      }
      const delta = payloads[i % payloads.length]!;
      // Exactly the field order the service uses for audio deltas.
      frames.push(
        Buffer.from(
          `{"type":"response.audio.delta","event_id":"${serviceId("event")}","response_id":"${responseId}","item_id":"${itemId}","output_index":0,"content_index":0,"delta":"${delta}"}`,
        ),
      );
      audioDeltas++;
      audioBytes += frameSamples * 2;
    }
    const part = { type: "audio", transcript };
    push({ type: "response.audio.done", event_id: serviceId("event"), ...ids, content_index: 0 });
    push({ type: "response.audio_transcript.done", event_id: serviceId("event"), ...ids, content_index: 0, transcript });
    push({ type: "response.content_part.done", event_id: serviceId("event"), ...ids, content_index: 0, part });
    const done = { ...item, status: "completed", content: [part] };
    push({ type: "response.output_item.done", event_id: serviceId("event"), response_id: responseId, output_index: 0, item: done });
    push({ type: "response.done", event_id: serviceId("event"), response: responseObject(responseId, "completed", [done], count * plan.chunkMs, transcript.length) });
  }
  return { frames, events: frames.length, audioDeltas, audioBytes, responses };
}

/** Responses and events `buildReply(plan)` produces, without building it. */
export function replyShape(plan: ReplyPlan): { responses: number; events: number } {
  let responses = 0;
  let events = 0;
  for (let left = plan.deltas; left > 0; left -= plan.perResponse) {
    const count = Math.min(plan.perResponse, left);
    responses++;
    events += 4 + count + Math.ceil(count / 4) + 5;
  }
  return { responses, events };
}

/** Audio deltas per response for a chunk size: ten seconds of audio per response. */
export const deltasPerResponse = (chunkMs: number): number => Math.round(10_000 / chunkMs);
