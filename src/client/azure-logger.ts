import { createClientLogger } from "@azure/logger";

/** The SDK's `@azure/logger` client logger; loaded with the session modules and installed into logger.ts. */
export const azureLogger = createClientLogger("voicelive-client");
