import { isSafeQueryValue } from "./query-value.js";

/** The query keys whose values are safe to show; every other value is replaced. */
export const SHOWN_QUERY_KEYS: ReadonlySet<string> = new Set([
  "api-version",
  "model",
  "profile",
  "agent-name",
  "agent-project-name",
  "agent-version",
]);

/** What replaces a hidden value, key or fragment. */
export const REDACTED = "REDACTED";

/** Shown in place of a URL that cannot be parsed, since any part of it might be a secret. */
const UNPARSABLE = "[unparsable URL]";

const SHOWABLE_KEY = /^[A-Za-z0-9._~-]{1,64}$/;

function redactPair(pair: string): string {
  const equals = pair.indexOf("=");
  const key = equals === -1 ? pair : pair.slice(0, equals);
  // A key that is long or oddly spelled may itself be a token pasted into the URL.
  if (!SHOWABLE_KEY.test(key)) return equals === -1 ? REDACTED : `${REDACTED}=${REDACTED}`;
  if (equals === -1) return key;
  const value = pair.slice(equals + 1);
  // Allow-listed values are shown only when plainly spelled, so an encoded "&api-key=…"
  // inside a model value cannot slip through.
  const shown = SHOWN_QUERY_KEYS.has(key) && (value === "" || isSafeQueryValue(value));
  return `${key}=${shown ? value : REDACTED}`;
}

/**
 * Returns the only form of a URL the SDK ever shows: no user name or password, query
 * values replaced by `REDACTED` except for `api-version`, `model`, `profile`,
 * `agent-name`, `agent-project-name` and `agent-version`, and any fragment replaced.
 * Never throws; an unparsable URL becomes a fixed placeholder.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = url instanceof URL ? url : new URL(String(url));
  } catch {
    return UNPARSABLE;
  }
  // Opaque URLs (data:, mailto:, ...) have no host, and their path may be anything.
  if (parsed.host === "" && parsed.protocol !== "file:") return `${parsed.protocol}${REDACTED}`;
  const pairs = parsed.search.slice(1).split("&").filter((pair) => pair !== "");
  const query = pairs.length > 0 ? `?${pairs.map(redactPair).join("&")}` : "";
  const fragment = parsed.hash === "" ? "" : `#${REDACTED}`;
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}${fragment}`;
}
