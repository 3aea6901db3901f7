/**
 * The test bundle's entry: puts the in-page RPC and the scenarios on `window.voicelive`.
 */
import { callRpc } from "./rpc.js";
import * as scenarios from "./scenarios.js";

/** What the test page exposes. */
export interface VoiceLiveTestPage {
  readonly callRpc: typeof callRpc;
  readonly scenarios: typeof scenarios;
}

(globalThis as unknown as { voicelive: VoiceLiveTestPage }).voicelive = { callRpc, scenarios };
