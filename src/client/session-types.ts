import type { ResolvedSettings } from "./connect-options.js";
import type { ConnectionTarget } from "./session-connection.js";

/** Where a session is in its life. */
export type SessionState =
  | { readonly status: "connecting" }
  | { readonly status: "open"; readonly sessionId: string }
  | { readonly status: "reconnecting"; readonly attempt: number }
  | { readonly status: "closing" }
  | { readonly status: "closed"; readonly code: number; readonly reason: string };

/** What a session is built from; `connect()` and `VoiceLiveClient` assemble it. */
export interface SessionInit {
  readonly target: ConnectionTarget;
  readonly settings: ResolvedSettings;
  readonly profile: string | undefined;
  readonly model: string | undefined;
}
