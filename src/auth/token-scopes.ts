// Apart from the cache so that a client can check its options before any I/O without
// loading the cache, which only token credentials need.

/** The scope Voice Live tokens are requested for unless told otherwise (REFERENCE §1.3). */
export const DEFAULT_TOKEN_SCOPES: readonly string[] = ["https://ai.azure.com/.default"];

/** Returns the scopes to request, or throws `TypeError` naming what is allowed. */
export function assertScopes(value: unknown): readonly string[] {
  if (value === undefined) return DEFAULT_TOKEN_SCOPES;
  if (!Array.isArray(value) || value.length === 0 || !value.every((s) => typeof s === "string" && s !== "")) {
    throw new TypeError('scopes must be a non-empty array of non-empty strings, e.g. ["https://ai.azure.com/.default"].');
  }
  return Object.freeze([...(value as string[])]);
}
