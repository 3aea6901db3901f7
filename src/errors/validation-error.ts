import type { ProtocolIssue } from "./protocol-error.js";

/**
 * An outbound event or option failed validation before anything was sent. It is a
 * `TypeError` (a caller mistake); `issues` lists each path with what is allowed.
 */
export class VoiceLiveValidationError extends TypeError {
  override name = "VoiceLiveValidationError" as const;
  readonly code = "invalid_event" as const;
  /** The event `type` being validated, when known. */
  readonly eventType: string | undefined;
  readonly issues: readonly ProtocolIssue[];

  constructor(message: string, details: { eventType?: string; issues: readonly ProtocolIssue[] }) {
    super(message);
    this.eventType = details.eventType;
    this.issues = details.issues;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, eventType: this.eventType, issues: this.issues };
  }
}
