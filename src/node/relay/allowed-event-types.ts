import { ClientEventSchema } from "../../protocol/client-events.js";

/**
 * The client event types a relay forwards unless told otherwise: every type the protocol
 * knows except `session.avatar.connect`, since an avatar is billed on top of the session
 * and an app should opt in to it.
 */
export const DEFAULT_ALLOWED_EVENT_TYPES: readonly string[] = Object.freeze(
  ClientEventSchema.def.options
    .map((option) => option.shape.type.def.values[0] as string)
    .filter((type) => type !== "session.avatar.connect"),
);

/**
 * Returns a frozen copy of an event-type list.
 * @throws TypeError naming `option` when it is not an array of non-empty strings.
 */
export function assertEventTypes(option: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || !value.every((t) => typeof t === "string" && t !== "")) {
    throw new TypeError(`${option} must be an array of client event types such as ["session.update", "response.create"].`);
  }
  return Object.freeze([...(value as string[])]);
}
