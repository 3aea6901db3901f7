import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { initialChunks } from "../../bench/lib/bundle.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The source modules an app's initial chunk holds for one import, and those it loads later. */
async function chunksOf(entry: string): Promise<{ initial: Set<string>; deferred: Set<string> }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    outdir: "/nonexistent-out",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const outputs = result.metafile.outputs;
  const staticChunks = initialChunks(result.metafile);
  const modules = (names: string[]) =>
    new Set(names.flatMap((name) => Object.entries((outputs[name] as Metafile["outputs"][string]).inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k)));
  return { initial: modules([...staticChunks]), deferred: modules(Object.keys(outputs).filter((n) => !staticChunks.has(n))) };
}

describe("the initial bundle of `import { connect }`", () => {
  it("leaves zod, the schemas, history, rotation, replay, tracing (spans and tables), the token cache and token handshake, base64, the audio send frame, the send queue, response handles, the ws transport, the reconnect loop, liveness timers, the audio pipeline and the URL builder to deferred chunks", async () => {
    const { initial, deferred } = await chunksOf('export { connect } from "./src/index.ts";');
    const initialList = [...initial];
    expect(initialList.filter((m) => m.includes("node_modules/zod/"))).toEqual([]);
    expect(initialList.filter((m) => m.startsWith("src/protocol/"))).toEqual([]);
    // The credential checks are our own: @azure/core-auth's entry would bring @azure/core-util.
    expect(initialList.filter((m) => /node_modules\/@azure\/core-(auth|util)\//.test(m))).toEqual([]);
    // @azure/logger (and the runtime under it) comes with the session modules; logger.ts holds early lines.
    expect(initialList.filter((m) => /node_modules\/(@azure\/logger|@typespec\/ts-http-runtime)\//.test(m))).toEqual([]);
    expect([...deferred].some((m) => m.includes("node_modules/@azure/logger/"))).toBe(true);
    for (const late of ["src/events/codec.ts", "src/client/conversation-history.ts", "src/client/session-rotation.ts", "src/client/session-replay.ts", "src/client/tracing-session.ts", "src/audio/audio-pipeline.ts", "src/auth/token-cache.ts", "src/encoding/base64.ts", "src/client/send-queue.ts", "src/client/pending-requests.ts", "src/client/event-stream.ts", "src/client/tracing.ts", "src/client/response-handle.ts", "src/transport/ws-open.ts", "src/client/reconnect-loop.ts", "src/auth/handshake-auth.ts", "src/client/liveness-timers.ts", "src/client/validate-pcm.ts", "src/client/audio-append-frame.ts", "src/transport/signal-bridge.ts", "src/client/token-attempt.ts", "src/client/attempt-failure.ts", "src/url/build-voice-live-url.ts", "src/url/parse-endpoint.ts"]) {
      expect(initial.has(late), late).toBe(false);
      expect(deferred.has(late), late).toBe(true);
    }
    expect(initial.has("src/client/voice-live-session.ts")).toBe(true);
  });
});
