import { decodeBase64 } from "../encoding/base64.js";
import type { AudioDeltaEvent } from "./event-map.js";

/** The prefix the service writes on every audio delta: `type` first, no white space. */
export const AUDIO_DELTA_PREFIX = '{"type":"response.audio.delta",';

const QUOTE = 34;
const COLON = 58;
const COMMA = 44;
const CLOSE_BRACE = 125;
const ZERO = 48;
const NINE = 57;
const MAX_INT32 = 2147483647;

const hasControlCharacter = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x20) return true;
  return false;
};

/**
 * Reads a `response.audio.delta` frame without `JSON.parse`. It accepts only the
 * compact, flat shape the service sends: known keys once each, strings without escapes,
 * non-negative integers. Anything else returns `undefined` so the general path (parse +
 * schema) decides, which keeps both paths in agreement: this one never accepts a frame
 * the schema would reject, and never rejects one.
 */
export function readAudioDeltaFrame(frame: string): AudioDeltaEvent | undefined {
  if (!frame.startsWith(AUDIO_DELTA_PREFIX)) return undefined;
  // One native scan: with no backslash anywhere, every string ends at its next quote.
  if (frame.indexOf("\\", AUDIO_DELTA_PREFIX.length) !== -1) return undefined;
  const end = frame.length - 1;
  if (frame.charCodeAt(end) !== CLOSE_BRACE) return undefined;

  let eventId: string | undefined;
  let responseId: string | undefined;
  let itemId: string | undefined;
  let delta: string | undefined;
  let outputIndex = -1;
  let contentIndex = -1;

  let pos = AUDIO_DELTA_PREFIX.length;
  for (;;) {
    if (frame.charCodeAt(pos) !== QUOTE) return undefined;
    const keyEnd = frame.indexOf('"', pos + 1);
    if (keyEnd === -1 || frame.charCodeAt(keyEnd + 1) !== COLON) return undefined;
    const key = frame.slice(pos + 1, keyEnd);
    pos = keyEnd + 2;
    const first = frame.charCodeAt(pos);
    if (first === QUOTE) {
      const valueEnd = frame.indexOf('"', pos + 1);
      if (valueEnd === -1) return undefined;
      const value = frame.slice(pos + 1, valueEnd);
      pos = valueEnd + 1;
      // JSON forbids raw control characters in strings. The delta needs no scan: every
      // base64 backend rejects them; the ids are short.
      if (key !== "delta" && hasControlCharacter(value)) return undefined;
      switch (key) {
        case "delta":
          if (delta !== undefined) return undefined;
          delta = value;
          break;
        case "item_id":
          if (itemId !== undefined) return undefined;
          itemId = value;
          break;
        case "response_id":
          if (responseId !== undefined) return undefined;
          responseId = value;
          break;
        case "event_id":
          if (eventId !== undefined) return undefined;
          eventId = value;
          break;
        default:
          return undefined;
      }
    } else if (first >= ZERO && first <= NINE) {
      let value = first - ZERO;
      pos++;
      let c = frame.charCodeAt(pos);
      // JSON forbids leading zeros; let the general path reject "01".
      if (value === 0 && c >= ZERO && c <= NINE) return undefined;
      while (c >= ZERO && c <= NINE) {
        value = value * 10 + (c - ZERO);
        if (value > MAX_INT32) return undefined;
        c = frame.charCodeAt(++pos);
      }
      switch (key) {
        case "output_index":
          if (outputIndex !== -1) return undefined;
          outputIndex = value;
          break;
        case "content_index":
          if (contentIndex !== -1) return undefined;
          contentIndex = value;
          break;
        default:
          return undefined;
      }
    } else {
      return undefined;
    }
    const separator = frame.charCodeAt(pos);
    if (separator === COMMA) {
      pos++;
      continue;
    }
    if (separator === CLOSE_BRACE && pos === end) break;
    return undefined;
  }

  if (delta === undefined || itemId === undefined || responseId === undefined) return undefined;
  if (outputIndex === -1 || contentIndex === -1) return undefined;
  let audio: Uint8Array;
  try {
    audio = decodeBase64(delta);
  } catch {
    return undefined;
  }
  return {
    type: "response.audio.delta",
    event_id: eventId,
    response_id: responseId,
    item_id: itemId,
    output_index: outputIndex,
    content_index: contentIndex,
    delta,
    audio,
  };
}
