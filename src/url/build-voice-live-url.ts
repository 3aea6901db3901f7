import type { Profile } from "../protocol/profile-rules.js";
import { parseEndpoint } from "./parse-endpoint.js";
import { assertProfile, assertQueryKey, assertQueryValue } from "./query-value.js";

/** The api-version sent when none is given. */
export const DEFAULT_API_VERSION = "2025-10-01";

/** The path every realtime WebSocket lives at, appended to the endpoint's base path. */
export const REALTIME_PATH = "/voice-live/realtime";

/** A Foundry agent to talk to instead of a model (agent mode; Entra ID only). */
export interface AgentTarget {
  /** Foundry agent name; sent as `agent-name`. */
  readonly name: string;
  /** Foundry project name (last segment of the project endpoint); sent as `agent-project-name`. */
  readonly projectName: string;
  /** Agent version; the latest when omitted. Sent as `agent-version`. */
  readonly version?: string | undefined;
  /** A conversation to resume; sent as `conversation-id`. */
  readonly conversationId?: string | undefined;
  /** Client id of a user-assigned managed identity for cross-resource agent auth. */
  readonly authenticationIdentityClientId?: string | undefined;
}

/** Everything the realtime URL is built from. */
export interface VoiceLiveUrlOptions {
  /** Resource endpoint, e.g. `https://my-res.services.ai.azure.com`; a base path is kept. */
  readonly endpoint: string;
  /** @default "2025-10-01" */
  readonly apiVersion?: string | undefined;
  /** Managed model name, or the deployment name in BYOM; required unless `agent` is given. */
  readonly model?: string | undefined;
  /** BYOM mode; requires `model` (the deployment name). */
  readonly profile?: Profile | undefined;
  /** Foundry resource name (without domain) that holds the deployment or agent. */
  readonly foundryResourceOverride?: string | undefined;
  /** Agent mode; excludes `model` and `profile`. */
  readonly agent?: AgentTarget | undefined;
  /** Extra query entries, appended after the SDK's own; they cannot replace them. */
  readonly query?: Readonly<Record<string, string>> | undefined;
  /**
   * Allows `http://` / `ws://` endpoints on loopback hosts (local simulators).
   * @default false
   */
  readonly allowInsecureConnection?: boolean | undefined;
}

/** Query keys the SDK sets itself or that carry credentials; `query` may not contain them. */
const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "api-version",
  "model",
  "profile",
  "foundry-resource-override",
  "agent-name",
  "agent-project-name",
  "agent-version",
  "conversation-id",
  "agent-authentication-identity-client-id",
  "api-key",
  "authorization",
]);

type Pairs = [key: string, value: string][];

function optionalValue(pairs: Pairs, key: string, option: string, value: unknown): void {
  if (value !== undefined) pairs.push([key, assertQueryValue(option, value)]);
}

function agentPairs(pairs: Pairs, agent: unknown): void {
  if (typeof agent !== "object" || agent === null || Array.isArray(agent)) {
    throw new TypeError("agent must be an object { name, projectName, version?, conversationId?, authenticationIdentityClientId? }.");
  }
  const a = agent as Partial<Record<keyof AgentTarget, unknown>>;
  pairs.push(["agent-name", assertQueryValue("agent.name", a.name)]);
  pairs.push(["agent-project-name", assertQueryValue("agent.projectName", a.projectName)]);
  optionalValue(pairs, "agent-version", "agent.version", a.version);
  optionalValue(pairs, "conversation-id", "agent.conversationId", a.conversationId);
  optionalValue(
    pairs,
    "agent-authentication-identity-client-id",
    "agent.authenticationIdentityClientId",
    a.authenticationIdentityClientId,
  );
}

function extraPairs(pairs: Pairs, query: unknown): void {
  if (typeof query !== "object" || query === null || Array.isArray(query)) {
    throw new TypeError("query must be an object mapping query keys to string values.");
  }
  for (const [key, value] of Object.entries(query)) {
    assertQueryKey("query", key);
    const lower = key.toLowerCase();
    if (lower === "api-key" || lower === "authorization") {
      throw new TypeError(`query must not contain "${key}"; pass the key or token as credential so it never lands in a URL.`);
    }
    if (RESERVED_KEYS.has(lower)) {
      throw new TypeError(`query must not contain "${key}"; the SDK sets it from its own option.`);
    }
    pairs.push([key, assertQueryValue(`query["${key}"]`, value)]);
  }
}

function modelPairs(pairs: Pairs, options: VoiceLiveUrlOptions): void {
  const { model, profile, agent } = options;
  if (agent !== undefined) {
    if (model !== undefined) throw new TypeError("model must be omitted in agent mode; pass either model or agent, not both.");
    if (profile !== undefined) throw new TypeError("profile must be omitted in agent mode; profiles select a BYOM model.");
    return;
  }
  if (model === undefined && profile !== undefined) {
    throw new TypeError("profile requires model: set model to the name of your deployment.");
  }
  if (model === undefined) {
    throw new TypeError("model is required unless agent is given: pass a model name, or the deployment name with a BYOM profile.");
  }
  pairs.push(["model", assertQueryValue("model", model)]);
  if (profile !== undefined) pairs.push(["profile", assertProfile(profile)]);
}

/**
 * Builds the realtime WebSocket URL for a resource endpoint; it holds no credential.
 * Query order: `api-version`, `model`, `profile`, `foundry-resource-override`, the agent
 * keys, then `query` entries.
 * @throws TypeError naming the option (`endpoint`, `model`, `profile`, `agent.name`,
 *   `query`, ...) and what it allows, before any I/O.
 */
export function buildVoiceLiveUrl(options: VoiceLiveUrlOptions): URL {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("buildVoiceLiveUrl options must be an object with at least endpoint.");
  }
  const insecure = options.allowInsecureConnection;
  if (insecure !== undefined && typeof insecure !== "boolean") {
    throw new TypeError("allowInsecureConnection must be a boolean.");
  }
  const { protocol, host, basePath } = parseEndpoint(options.endpoint, insecure === true);
  const pairs: Pairs = [["api-version", assertQueryValue("apiVersion", options.apiVersion === undefined ? DEFAULT_API_VERSION : options.apiVersion)]];
  modelPairs(pairs, options);
  optionalValue(pairs, "foundry-resource-override", "foundryResourceOverride", options.foundryResourceOverride);
  if (options.agent !== undefined) agentPairs(pairs, options.agent);
  if (options.query !== undefined) extraPairs(pairs, options.query);

  // A full realtime URL pasted as the endpoint keeps its path instead of doubling it.
  const path = basePath.endsWith(REALTIME_PATH) ? basePath : `${basePath}${REALTIME_PATH}`;
  // Every value is from the safe alphabet, so the query is written as is: URLSearchParams
  // would turn ":" into "%3A" and make the URL harder to read and compare.
  const search = pairs.map(([key, value]) => `${key}=${value}`).join("&");
  return new URL(`${protocol}//${host}${path}?${search}`);
}

/** The credential a browser puts in the URL because it cannot send handshake headers. */
export interface CredentialQuery {
  /** Resource key; sent as `api-key`. */
  readonly apiKey?: string | undefined;
  /** Entra token; sent as `authorization=Bearer <token>` (not documented by the service). */
  readonly bearerToken?: string | undefined;
}

/**
 * Returns a copy of `url` carrying exactly one credential in its query, replacing any
 * `api-key` / `authorization` already there. For browsers only (REFERENCE §1.4); show the
 * result only through `redactUrl`.
 * @throws TypeError when `url` is not a URL or when not exactly one non-empty credential is given.
 */
export function appendCredentialQuery(url: URL, credential: CredentialQuery): URL {
  if (!(url instanceof URL)) throw new TypeError("url must be a URL, as returned by buildVoiceLiveUrl.");
  const { apiKey, bearerToken } = credential ?? {};
  if ((apiKey === undefined) === (bearerToken === undefined)) {
    throw new TypeError("appendCredentialQuery needs exactly one of apiKey or bearerToken.");
  }
  const [key, secret, option] =
    apiKey !== undefined ? ["api-key", apiKey, "apiKey"] : ["authorization", bearerToken, "bearerToken"];
  if (typeof secret !== "string" || secret === "") {
    throw new TypeError(`${option} must be a non-empty string.`);
  }
  const value = key === "api-key" ? encodeURIComponent(secret) : `Bearer%20${encodeURIComponent(secret)}`;
  const kept = url.search
    .slice(1)
    .split("&")
    .filter((pair) => {
      if (pair === "") return false;
      const name = pair.split("=", 1)[0] ?? "";
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // An undecodable key cannot be a credential key the service reads; keep it.
      }
      const lower = decoded.toLowerCase();
      return lower !== "api-key" && lower !== "authorization";
    });
  const copy = new URL(url.href);
  copy.search = `?${[...kept, `${key}=${value}`].join("&")}`;
  return copy;
}
