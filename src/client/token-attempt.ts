import { resolveHandshakeAuth } from "../auth/handshake-auth.js";
import type { Opening } from "../transport/opening.js";
import { startWithAuth, type ConnectionTarget } from "./session-connection.js";

/** Starts one attempt's socket once a token credential has given its token. */
export async function startWithToken(target: ConnectionTarget, forceRefresh: boolean, signal: AbortSignal | undefined): Promise<Opening> {
  const auth = await resolveHandshakeAuth(target.credential!, {
    runtime: target.runtime,
    tokenCache: target.tokenCache,
    allowCredentialInUrl: target.allowCredentialInUrl,
    forceRefresh,
    abortSignal: signal,
  });
  // Aborted while the token was fetched: no socket is started.
  signal?.throwIfAborted();
  return startWithAuth(target, auth);
}
