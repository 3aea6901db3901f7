import { checkSessionForProfile, type ProfileCheckMode } from "../protocol/profile-rules.js";
import type { RequestSession } from "../protocol/session.js";
import type { WarningEvent } from "../protocol/server-events.js";

/**
 * Checks a session update against the BYOM profile rules before it is sent: in `strict`
 * mode what the service refuses throws a `TypeError` naming the field, the profile and
 * what is allowed; every other finding becomes a local `warning` event.
 */
export function checkProfile(
  session: RequestSession,
  target: { readonly profile: string | undefined; readonly model: string | undefined; readonly settings: { readonly profileCheck: ProfileCheckMode } },
  warn: (warning: WarningEvent) => void,
): void {
  const mode = target.settings.profileCheck;
  if (mode === "off") return;
  for (const violation of checkSessionForProfile(session, { profile: target.profile, model: target.model })) {
    if (violation.rule.severity === "reject" && mode === "strict") throw new TypeError(violation.message);
    warn({
      type: "warning",
      warning: { message: violation.message, code: `profile_check.${violation.rule.id}`, param: `session.${violation.rule.field}` },
    });
  }
}
