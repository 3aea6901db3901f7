import { VoiceLiveError } from "./voice-live-error.js";

/** Why a received frame was not handed to a typed listener. */
export type ProtocolErrorCode =
  /** A text frame that is not JSON, or JSON that is not an object with a string `type`. */
  | "malformed_frame"
  /** A binary frame whose bytes are not a JSON event. */
  | "binary_frame"
  /** A known event type whose fields do not match its schema. */
  | "schema_mismatch"
  /** A frame larger than the configured maximum. */
  | "frame_too_large";

/** One schema problem: where it is and what was expected. */
export interface ProtocolIssue {
  /** Path into the event, e.g. `["response", "output", 0, "status"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The server sent something this SDK could not accept. Messages name the event type,
 * the byte length and the schema paths, never the frame's text.
 */
export class VoiceLiveProtocolError extends VoiceLiveError {
  override name = "VoiceLiveProtocolError" as const;
  declare readonly code: ProtocolErrorCode;
  /** The event's `type` when it could be read. */
  readonly eventType: string | undefined;
  /** Size of the frame in bytes (UTF-16 code units for text frames). */
  readonly byteLength: number;
  readonly issues: readonly ProtocolIssue[];

  constructor(
    code: ProtocolErrorCode,
    message: string,
    details: { eventType?: string; byteLength: number; issues?: readonly ProtocolIssue[] },
  ) {
    super(code, message);
    this.eventType = details.eventType;
    this.byteLength = details.byteLength;
    this.issues = details.issues ?? [];
  }

  protected override safeFields(): Record<string, unknown> {
    return { eventType: this.eventType, byteLength: this.byteLength, issues: this.issues };
  }
}
