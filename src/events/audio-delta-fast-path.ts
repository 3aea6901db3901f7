import { decodeBase64 } from "../encoding/base64.js";
import type { ResponseAudioTranscriptDeltaEvent, ResponseTextDeltaEvent } from "../protocol/server-events.js";
import type { AudioDeltaEvent } from "./event-map.js";

/** The prefix the service writes on every audio delta: `type` first, no white space. */
export const AUDIO_DELTA_PREFIX = '{"type":"response.audio.delta",';

/** The streamed deltas the fast path reads: all share one flat shape. */
export type StreamedDeltaEvent = AudioDeltaEvent | ResponseAudioTranscriptDeltaEvent | ResponseTextDeltaEvent;

const AUDIO = "response.audio.delta";
const CLOSE_BRACE = 125;
const MAX_INT32 = 2147483647;

/**
 * Everything before the delta's value, in the order the service writes it. Strings are
 * plain: no raw control character (JSON forbids them) and no backslash (an escape the
 * general path must read). One anchored native match checks every literal and field at
 * once; the same checks as a `charCodeAt` loop cost several times more.
 */
const HEADER =
  // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in a string: the classes refuse them
  /^\{"type":"(response\.audio\.delta|response\.audio_transcript\.delta|response\.text\.delta)",(?:"event_id":"([^\x00-\x1f\\"]*)",)?"response_id":"([^\x00-\x1f\\"]*)","item_id":"([^\x00-\x1f\\"]*)","output_index":(0|[1-9][0-9]{0,9}),"content_index":(0|[1-9][0-9]{0,9}),"delta":"/;

/** The rest of a plain string through its closing quote; sticky, so it matches only at `lastIndex`. */
// eslint-disable-next-line no-control-regex -- raw control characters are what it must refuse
const PLAIN_STRING_REST = /[^\x00-\x1f\\"]*"/y;

/**
 * Reads a streamed delta frame (`response.audio.delta`, `response.audio_transcript.delta`,
 * `response.text.delta`) without `JSON.parse`. It accepts only the compact layout the
 * service writes: `type`, `event_id` (optional), `response_id`, `item_id`, `output_index`,
 * `content_index`, `delta`, in that order, strings without escapes, non-negative integers.
 * Anything else returns `undefined` so the general path (parse + schema) decides, which
 * keeps both paths in agreement: this one never accepts a frame the schema would reject,
 * and never rejects one. Audio comes back with its bytes decoded once.
 */
export function readDeltaFrame(frame: string): StreamedDeltaEvent | undefined {
  const header = HEADER.exec(frame);
  if (header === null) return undefined;
  const end = frame.length - 1;
  if (frame.charCodeAt(end) !== CLOSE_BRACE) return undefined;
  const start = header[0].length;
  const outputIndex = Number(header[5]);
  const contentIndex = Number(header[6]);
  if (outputIndex > MAX_INT32 || contentIndex > MAX_INT32) return undefined;
  const type = header[1]!;
  if (type !== AUDIO) {
    PLAIN_STRING_REST.lastIndex = start;
    if (!PLAIN_STRING_REST.test(frame) || PLAIN_STRING_REST.lastIndex !== end) return undefined;
    return {
      type: type as "response.text.delta",
      event_id: header[2],
      response_id: header[3]!,
      item_id: header[4]!,
      output_index: outputIndex,
      content_index: contentIndex,
      delta: frame.slice(start, end - 1),
    };
  }
  // The audio needs no scan of its own: every base64 backend rejects a backslash or a
  // control character, so a delta holding one fails the decode below and falls back.
  const closingQuote = frame.indexOf('"', start);
  if (closingQuote !== end - 1) return undefined;
  const delta = frame.slice(start, closingQuote);
  let audio: Uint8Array;
  try {
    audio = decodeBase64(delta);
  } catch {
    return undefined;
  }
  return {
    type: AUDIO,
    event_id: header[2],
    response_id: header[3]!,
    item_id: header[4]!,
    output_index: outputIndex,
    content_index: contentIndex,
    delta,
    audio,
  };
}

/** {@link readDeltaFrame} for `response.audio.delta` frames only; other types return `undefined`. */
export function readAudioDeltaFrame(frame: string): AudioDeltaEvent | undefined {
  const event = readDeltaFrame(frame);
  return event?.type === AUDIO ? (event as AudioDeltaEvent) : undefined;
}
