import { createClientLogger } from "@azure/logger";

/**
 * The relay's logger (`AZURE_LOG_LEVEL=info`). Lines name connection ids, close codes,
 * HTTP statuses and redacted URLs only: never keys, tokens, frames or browser headers.
 */
export const relayLogger = createClientLogger("voicelive-client:relay");
