import { VoiceLiveError, type VoiceLiveErrorOptions } from "./voice-live-error.js";

/** Why no usable token could be obtained. */
export type AuthenticationErrorCode =
  /** The credential threw; the original error is on `cause`. */
  | "credential_failed"
  /** The credential resolved to `null` (e.g. no account signed in). */
  | "credential_returned_null"
  /** The credential returned something that is not a token with a finite expiry. */
  | "invalid_token"
  /** The credential returned a token that had already expired. */
  | "token_expired";

/**
 * A credential could not supply a usable access token. Its message, `toJSON()` and
 * inspected form name the scopes and the cause's class, never a token.
 */
export class VoiceLiveAuthenticationError extends VoiceLiveError {
  override name = "VoiceLiveAuthenticationError" as const;
  declare readonly code: AuthenticationErrorCode;
  /** The scopes the token was requested for. */
  readonly scopes: readonly string[];

  constructor(
    code: AuthenticationErrorCode,
    message: string,
    details: { scopes: readonly string[] } & VoiceLiveErrorOptions,
  ) {
    super(code, message, { cause: details.cause });
    this.scopes = [...details.scopes];
  }

  protected override safeFields(): Record<string, unknown> {
    return { scopes: this.scopes };
  }
}
