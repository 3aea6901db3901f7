/**
 * Which delivered events skipped validation. Kept apart from the codec so that asking
 * does not pull the schemas into a bundle. Only the rare unknown and invalid events are
 * recorded, so the hot path pays nothing.
 */
const unvalidated = new WeakSet<object>();

/** @internal Marks an event delivered raw (unknown type, or failed its schema). */
export function markUnvalidated(event: object): void {
  unvalidated.add(event);
}

/**
 * True when `decode` validated this event against its schema; false for events of
 * unknown types and for known types that failed validation (delivered raw).
 */
export function isValidatedServerEvent(event: object): boolean {
  return !unvalidated.has(event);
}
