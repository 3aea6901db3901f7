import { AzureLogger, createClientLogger, setLogLevel } from "@azure/logger";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type * as LoggerModule from "../../../src/client/logger.js";
import type * as Sdk from "../../../src/index.js";
import { FakeServer, fakeConnectOptions } from "../../helpers/fake-transport.js";

// The SDK's logger waits for @azure/logger, which comes with the deferred session modules.
// Each test takes a fresh module registry, so its logger starts uninstalled. Lines are read
// where @azure/logger writes them (AzureLogger.log), at info level.

let lines: string[] = [];
const originalLog = AzureLogger.log;
beforeEach(() => {
  vi.resetModules();
  lines = [];
  setLogLevel("info");
  AzureLogger.log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
});
afterEach(() => {
  AzureLogger.log = originalLog;
  setLogLevel("warning");
});

const freshLogger = (): Promise<typeof LoggerModule> => import("../../../src/client/logger.js");

describe("the SDK logger before and after @azure/logger is installed", () => {
  it("keeps lines logged before the install and writes them first, in order", async () => {
    const { logger, installLogger } = await freshLogger();
    logger.warning("first");
    logger.info("second");
    expect(logger.info.enabled).toBe(true);
    expect(lines).toEqual([]);

    installLogger(createClientLogger("voicelive-client"));
    logger.info("third");
    expect(lines.map((l) => l.replace(/^.*voicelive-client:/, ""))).toEqual(["warning first", "info second", "info third"]);
  });

  it("follows the installed logger's level once installed", async () => {
    const { logger, installLogger } = await freshLogger();
    setLogLevel("warning");
    installLogger(createClientLogger("voicelive-client"));
    expect(logger.info.enabled).toBe(false);
    expect(logger.warning.enabled).toBe(true);
    logger.info("hidden");
    logger.warning("shown");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("shown");
  });

  it("counts the lines past its limit and logs the count instead of dropping them silently", async () => {
    const { logger, installLogger } = await freshLogger();
    for (let i = 0; i < 205; i++) logger.info(`line ${i}`);
    installLogger(createClientLogger("voicelive-client"));
    expect(lines).toHaveLength(201);
    expect(lines[199]).toContain("line 199");
    expect(lines[200]).toContain("5 more early log lines were not kept");
  });

  it("has written a failed first attempt's line by the time connect() resolves", async () => {
    const { connect, VoiceLiveConnectionError } = (await import("../../../src/index.js")) as typeof Sdk;
    const server = new FakeServer();
    server.failNext(new VoiceLiveConnectionError("network_error", "down", { retryable: true }));
    const session = await connect({ ...fakeConnectOptions(server), retryDelayMs: 1 });
    try {
      expect(lines.filter((l) => l.includes("connect attempt 1") && l.includes("failed (network_error); retrying in"))).toHaveLength(1);
      expect(lines.some((l) => l.includes("session sess_") && l.includes(" open on wss://res.services.ai.azure.com/voice-live/realtime"))).toBe(true);
    } finally {
      await session.close();
    }
  });
});
