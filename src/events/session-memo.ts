/**
 * A memo of `session.created` / `session.updated` frames that passed their schema. The
 * session is the largest object the service sends and validating it is most of what
 * `connect()` spends beyond the socket, yet a service sends the same session every time
 * for the same settings, with only `event_id` and `session.id` new. Those two are plain
 * strings to the schema, so a frame whose text equals a validated one's everywhere else
 * is the same document to the schema, and passes without running it again.
 */

/**
 * The two ids as the service writes them, first and without escapes: the match ends
 * right after `session.id`, so everything after it is the rest of the document. Sticky,
 * so a test leaves the end of the match in `lastIndex` and allocates nothing.
 */
// eslint-disable-next-line no-control-regex -- ids with raw control characters are not plain strings
const SESSION_IDS = /\{"type":"(?:session\.created|session\.updated)","event_id":"[^"\\\x00-\x1f]*","session":\{"id":"[^"\\\x00-\x1f]*",/y;

/** Frames longer than this are not remembered, so the memo stays small. */
const MAX_FRAME_CHARS = 16_384;
/** Distinct sessions remembered; an app typically has one or a few settings. */
const MAX_ENTRIES = 8;

/** What a remembered frame's text is after its ids, by event type; oldest first. */
const validated: { readonly type: string; readonly rest: string }[] = [];

/**
 * Where the rest of a session frame starts, right after its ids; -1 when the frame is not
 * in that layout (or too long to remember).
 */
export function sessionRestStart(frame: string): number {
  if (frame.length > MAX_FRAME_CHARS) return -1;
  SESSION_IDS.lastIndex = 0;
  return SESSION_IDS.test(frame) ? SESSION_IDS.lastIndex : -1;
}

/**
 * True when a frame of `type` whose text from `start` on equals a validated one's passed
 * its schema before. The comparison is of characters, with no key to build or hash.
 */
export function isKnownValidSession(type: string, frame: string, start: number): boolean {
  const restLength = frame.length - start;
  for (const entry of validated) {
    if (entry.rest.length === restLength && entry.type === type && frame.endsWith(entry.rest)) return true;
  }
  return false;
}

/** Remembers a frame that passed its schema, forgetting the oldest past the limit. */
export function rememberValidSession(type: string, frame: string, start: number): void {
  if (isKnownValidSession(type, frame, start)) return;
  if (validated.length >= MAX_ENTRIES) validated.shift();
  validated.push({ type, rest: frame.slice(start) });
}
