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
 * right after `session.id`, so everything after it is the rest of the document.
 */
// eslint-disable-next-line no-control-regex -- ids with raw control characters are not plain strings
const SESSION_IDS = /^\{"type":"(session\.created|session\.updated)","event_id":"[^"\\\x00-\x1f]*","session":\{"id":"[^"\\\x00-\x1f]*",/;

/** Frames longer than this are not remembered, so the memo stays small. */
const MAX_FRAME_CHARS = 16_384;
/** Distinct sessions remembered; an app typically has one or a few settings. */
const MAX_ENTRIES = 8;

const validated = new Set<string>();

/** The memo key of a frame: its type and everything after the ids; undefined when the frame is not in that layout. */
export function sessionMemoKey(frame: string): string | undefined {
  if (frame.length > MAX_FRAME_CHARS) return undefined;
  const ids = SESSION_IDS.exec(frame);
  return ids === null ? undefined : `${ids[1]}${frame.slice(ids[0].length)}`;
}

/** True when a frame with this key passed its schema before. */
export function isKnownValidSession(key: string): boolean {
  return validated.has(key);
}

/** Remembers a key whose frame passed its schema, forgetting the oldest past the limit. */
export function rememberValidSession(key: string): void {
  if (validated.has(key)) return;
  if (validated.size >= MAX_ENTRIES) validated.delete(validated.values().next().value!);
  validated.add(key);
}
