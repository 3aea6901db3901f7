import { VoiceLiveError } from "./voice-live-error.js";

/** The fields of a server `error` event this error is built from. */
export interface ServiceErrorDetails {
  readonly type?: string | null | undefined;
  readonly code?: string | null | undefined;
  readonly message: string;
  readonly param?: string | null | undefined;
  readonly event_id?: string | null | undefined;
}

/**
 * The service reported an error in-band (an `error` event). `code` is the service's
 * code, or its error `type` when the code is missing or `null`.
 */
export class VoiceLiveServiceError extends VoiceLiveError {
  override name = "VoiceLiveServiceError" as const;
  /** The service's error class, e.g. `invalid_request_error` or `server_error`. */
  readonly type: string | undefined;
  /** The request field at fault, when the service names one. */
  readonly param: string | undefined;
  /** The `event_id` of the client event that failed, when the service echoes it. */
  readonly eventId: string | undefined;
  /** The server event's own id. */
  readonly serverEventId: string | undefined;

  constructor(details: ServiceErrorDetails, serverEventId?: string) {
    super(details.code ?? details.type ?? "unknown", details.message);
    this.type = details.type ?? undefined;
    this.param = details.param ?? undefined;
    this.eventId = details.event_id ?? undefined;
    this.serverEventId = serverEventId;
  }

  protected override safeFields(): Record<string, unknown> {
    return { type: this.type, param: this.param, eventId: this.eventId, serverEventId: this.serverEventId };
  }
}
