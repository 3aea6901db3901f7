import { checkSessionForProfile } from "../../protocol/profile-rules.js";
import type { RequestSession } from "../../protocol/session.js";
import { buildVoiceLiveUrl, type VoiceLiveUrlOptions } from "../../url/build-voice-live-url.js";
import type { RelayAuthorization, RelayGrant, ResolvedRelayOptions } from "./relay-options.js";
import { assertSession } from "./relay-options.js";
import { assertEventTypes } from "./allowed-event-types.js";
import { relayLogger } from "./relay-logger.js";

// Distinct profile warnings a relay logs; past this, new ones are not logged.
const MAX_PROFILE_WARNINGS = 100;

/** Everything one accepted connection is bound to. */
export interface RelayTarget {
  /** The upstream URL; it holds no credential, but is shown only through `redactUrl`. */
  readonly url: URL;
  /** Session fields forced at start and over every `session.update`. */
  readonly session: RequestSession | undefined;
  readonly allowedEventTypes: ReadonlySet<string>;
}

function asGrant(verdict: RelayAuthorization | undefined): RelayGrant {
  if (verdict === true) return {};
  if (typeof verdict !== "object" || verdict === null || Array.isArray(verdict)) {
    throw new TypeError("authorize must return true, false or a grant object { model?, profile?, agent?, query?, session?, allowedEventTypes? }.");
  }
  return verdict;
}

/**
 * Combines the relay options with what `authorize` returned for one browser. The browser's
 * own URL plays no part: model, profile and agent come from the server only.
 * @throws TypeError naming the bad grant field (a bug in `authorize`, answered with 500).
 */
export function resolveGrant(verdict: RelayAuthorization | undefined, resolved: ResolvedRelayOptions): RelayTarget {
  const grant = asGrant(verdict);
  const { options } = resolved;
  const agentMode = grant.agent !== undefined || (grant.model === undefined && options.agent !== undefined);
  const urlOptions: VoiceLiveUrlOptions = {
    endpoint: options.endpoint,
    apiVersion: options.apiVersion,
    foundryResourceOverride: options.foundryResourceOverride,
    allowInsecureConnection: options.allowInsecureConnection,
    query: grant.query ?? options.query,
    ...(agentMode
      ? { agent: grant.agent ?? options.agent }
      : { model: grant.model ?? options.model, profile: "profile" in grant ? grant.profile : options.profile }),
  };
  const url = buildVoiceLiveUrl(urlOptions);
  const forced = assertSession("grant.session", grant.session);
  const session = forced === undefined ? resolved.session : { ...resolved.session, ...forced };
  if (session !== undefined) checkForcedSession(session, forced, urlOptions, resolved);
  const allowed =
    grant.allowedEventTypes === undefined ? resolved.allowedEventTypes : assertEventTypes("grant.allowedEventTypes", grant.allowedEventTypes);
  return {
    url,
    session: session !== undefined && Object.keys(session).length > 0 ? session : undefined,
    allowedEventTypes: new Set(allowed),
  };
}

/**
 * Checks the forced session against the rules of the target's audio path (none in agent
 * mode: the agent's model is not known here); the message names `grant.session.…` when the
 * grant's own fields break the rule and `session.…` otherwise.
 * @throws TypeError for what the service refuses, in `strict` mode.
 */
export function checkForcedSession(
  session: RequestSession,
  forced: RequestSession | undefined,
  target: { readonly profile?: string | undefined; readonly model?: string | undefined },
  resolved: ResolvedRelayOptions,
): void {
  if (resolved.profileCheck === "off") return;
  for (const violation of checkSessionForProfile(session, { profile: target.profile, model: target.model })) {
    const message = `${forced !== undefined && violation.rule.violatedBy(forced) ? "grant." : ""}${violation.message}`;
    if (violation.rule.severity === "reject" && resolved.profileCheck === "strict") throw new TypeError(message);
    const warned = resolved.profileWarnings;
    if (!warned.has(message) && warned.size < MAX_PROFILE_WARNINGS) {
      warned.add(message);
      relayLogger.warning(`relay: ${message}`);
    }
  }
}
