import { createClientLogger } from "@azure/logger";

/**
 * The SDK's logger (`AZURE_LOG_LEVEL=info` or `setLogLevel` from `@azure/logger`).
 * Lines name states, codes and redacted URLs only: never keys, tokens, audio or transcripts.
 */
export const logger = createClientLogger("voicelive-client");
