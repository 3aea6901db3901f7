/**
 * Every value the SDK writes into a Voice Live URL comes from this small alphabet, so no
 * user input can close a value, start another key or hide in a fragment. Real model,
 * deployment, resource, project and agent names, api versions, conversation ids and
 * client ids (GUIDs) all fit in it (REFERENCE §1.2, §7).
 */
const SAFE_VALUE = /^[A-Za-z0-9._~:-]+$/;
const SAFE_VALUE_CHAR = /[A-Za-z0-9._~:-]/;
const SAFE_KEY = /^[A-Za-z0-9._~-]+$/;
const SAFE_KEY_CHAR = /[A-Za-z0-9._~-]/;
const PROFILE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The longest value accepted in one query parameter. */
export const MAX_QUERY_VALUE_LENGTH = 256;

const ALLOWED_VALUE = `a string of 1 to ${MAX_QUERY_VALUE_LENGTH} characters from A-Z a-z 0-9 . _ ~ : -`;
const ALLOWED_KEY = `1 to ${MAX_QUERY_VALUE_LENGTH} characters from A-Z a-z 0-9 . _ ~ -`;

/** True when `value` may be written into a URL query without encoding. */
export function isSafeQueryValue(value: string): boolean {
  return value.length <= MAX_QUERY_VALUE_LENGTH && SAFE_VALUE.test(value);
}

/**
 * Names one offending character without echoing the rest of the value, which may be a
 * secret pasted into the wrong option.
 */
function describeFirstBad(value: string, allowed: RegExp): string {
  for (const char of value) {
    if (allowed.test(char)) continue;
    const hex = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
    const printable = char > " " && char <= "~";
    return printable ? `"${char}" (U+${hex})` : `U+${hex}`;
  }
  return "no character";
}

function reason(value: string, allowed: RegExp): string {
  if (value.length === 0) return "it is empty";
  if (value.trim() !== value) return "it has leading or trailing whitespace";
  if (value.length > MAX_QUERY_VALUE_LENGTH) return `it is ${value.length} characters long`;
  return `it contains ${describeFirstBad(value, allowed)}`;
}

/**
 * Returns `value` when it is a safe query value.
 * @throws TypeError naming `option` and the allowed characters otherwise.
 */
export function assertQueryValue(option: string, value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(`${option} must be ${ALLOWED_VALUE}; got ${value === null ? "null" : typeof value}.`);
  }
  if (!isSafeQueryValue(value)) {
    throw new TypeError(`${option} must be ${ALLOWED_VALUE}, but ${reason(value, SAFE_VALUE_CHAR)}.`);
  }
  return value;
}

/**
 * Returns `key` when it is a safe query key.
 * @throws TypeError naming `option` and the allowed characters otherwise.
 */
export function assertQueryKey(option: string, key: string): string {
  if (key.length > MAX_QUERY_VALUE_LENGTH || !SAFE_KEY.test(key)) {
    throw new TypeError(`${option} keys must be ${ALLOWED_KEY}, but one ${reason(key, SAFE_KEY_CHAR).replace(/^it /, "")}.`);
  }
  return key;
}

/**
 * Returns `value` when it is a well-formed profile: a known BYOM profile or a future one
 * spelled the same way.
 * @throws TypeError naming `profile` otherwise.
 */
export function assertProfile(value: unknown): string {
  if (typeof value !== "string" || value.length > MAX_QUERY_VALUE_LENGTH || !PROFILE.test(value)) {
    throw new TypeError(
      "profile must be lowercase letters and digits in hyphen-separated words, " +
        'e.g. "byom-azure-openai-realtime", "byom-azure-openai-chat-completion" or "byom-foundry-anthropic-messages".',
    );
  }
  return value;
}
