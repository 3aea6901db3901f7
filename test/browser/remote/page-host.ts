/**
 * The main-thread handle on a test page that a worker thread drives. `call` is
 * asynchronous; `callSync` blocks the thread until the page answers, so synchronous
 * interface members (`AudioSink.playedMs`, `playing`, `clear`) can be proxied honestly:
 * every answer comes from the real object in the browser.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { VoiceLiveAudioError, type AudioErrorCode } from "../../../src/errors/audio-device-error.js";
import type { LaunchOptions } from "../chromium.js";
import type { RpcError, RpcMethod, RpcResult } from "../page/rpc.js";
import type { HostReply, HostRequest } from "./page-host-worker.js";

const SHARED_BYTES = 1 << 20;
const SYNC_TIMEOUT_MS = 10_000;

// The worker is TypeScript: a tiny CommonJS bootstrap registers tsx, then imports it.
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

/** Rebuilds an error from the page with its original class. */
export function rebuildError(error: RpcError): Error {
  if (error.name === "RangeError") return new RangeError(error.message);
  if (error.name === "TypeError") return new TypeError(error.message);
  if (error.name === "VoiceLiveAudioError" && error.code !== undefined) return new VoiceLiveAudioError(error.code as AudioErrorCode, error.message);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

function unwrap(result: RpcResult): unknown {
  if (!result.ok) throw rebuildError(result.error);
  return result.value;
}

/** A test page in Chromium, run by a worker thread. */
export class PageHost {
  readonly #worker: Worker;
  readonly #header: Int32Array;
  readonly #body: Uint8Array;
  readonly #pending = new Map<number, (result: RpcResult) => void>();
  #nextId = 1;

  private constructor() {
    const buffer = new SharedArrayBuffer(8 + SHARED_BYTES);
    this.#header = new Int32Array(buffer, 0, 2);
    this.#body = new Uint8Array(buffer, 8);
    const require = createRequire(import.meta.url);
    this.#worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        buffer,
        // The ESM build of tsx's API (its CommonJS build cannot register from a worker).
        tsx: pathToFileURL(join(dirname(require.resolve("tsx/package.json")), "dist/esm/api/index.mjs")).href,
        entry: new URL("./page-host-worker.ts", import.meta.url).href,
      },
    });
    this.#worker.on("message", (reply: HostReply) => {
      this.#pending.get(reply.id)?.(reply.result);
      this.#pending.delete(reply.id);
    });
    this.#worker.on("error", (error) => {
      for (const resolve of this.#pending.values()) resolve({ ok: false, error: { name: "Error", message: `page host worker failed: ${error.message}` } });
      this.#pending.clear();
    });
  }

  /** Starts the worker, launches Chromium and opens the test page. */
  static async open(options: LaunchOptions = {}): Promise<PageHost> {
    const host = new PageHost();
    try {
      unwrap(await host.#request({ kind: "open", id: host.#nextId++, options }));
    } catch (error) {
      await host.#worker.terminate();
      throw error;
    }
    return host;
  }

  /** Calls a page method and resolves with its value, or rejects with the page's error. */
  async call(method: RpcMethod, args: readonly unknown[]): Promise<unknown> {
    return unwrap(await this.#request({ kind: "call", id: this.#nextId++, method, args, sync: false }));
  }

  /** Calls a page method and blocks this thread until it answers. */
  callSync(method: RpcMethod, args: readonly unknown[]): unknown {
    Atomics.store(this.#header, 0, 0);
    this.#worker.postMessage({ kind: "call", id: this.#nextId++, method, args, sync: true } satisfies HostRequest);
    if (Atomics.wait(this.#header, 0, 0, SYNC_TIMEOUT_MS) === "timed-out") {
      throw new Error(`the page did not answer ${method} within ${SYNC_TIMEOUT_MS} ms`);
    }
    const length = Atomics.load(this.#header, 1);
    const text = new TextDecoder().decode(this.#body.slice(0, length));
    return unwrap(JSON.parse(text) as RpcResult);
  }

  /** Closes the page, the browser and the worker. */
  async close(): Promise<void> {
    await this.#request({ kind: "close", id: this.#nextId++ }).catch(() => {});
    await this.#worker.terminate();
  }

  #request(request: HostRequest): Promise<RpcResult> {
    return new Promise((resolve) => {
      this.#pending.set(request.id, resolve);
      this.#worker.postMessage(request);
    });
  }
}
