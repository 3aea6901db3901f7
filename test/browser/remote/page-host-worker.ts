/**
 * Runs in a worker thread: owns Chromium and the test page, and answers calls from the
 * main thread. Synchronous calls are answered through a SharedArrayBuffer the main thread
 * blocks on (Atomics.wait), which is why Playwright must live here and not there.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { LaunchOptions } from "../chromium.js";
import type { RpcResult } from "../page/rpc.js";
import { openTestPage, type OpenTestPage } from "../test-page.js";

/** A request from `PageHost`. */
export type HostRequest =
  | { readonly kind: "open"; readonly id: number; readonly options: LaunchOptions }
  | { readonly kind: "call"; readonly id: number; readonly method: string; readonly args: readonly unknown[]; readonly sync: boolean }
  | { readonly kind: "close"; readonly id: number };

/** A reply to an asynchronous request. */
export interface HostReply {
  readonly id: number;
  readonly result: RpcResult;
}

const port = parentPort!;
const shared = workerData as { readonly buffer: SharedArrayBuffer };
const header = new Int32Array(shared.buffer, 0, 2);
const body = new Uint8Array(shared.buffer, 8);
const encoder = new TextEncoder();
let opened: OpenTestPage | undefined;

function replySync(result: RpcResult): void {
  let bytes = encoder.encode(JSON.stringify(result));
  if (bytes.byteLength > body.byteLength) {
    bytes = encoder.encode(JSON.stringify({ ok: false, error: { name: "Error", message: `reply of ${bytes.byteLength} bytes is too large` } }));
  }
  body.set(bytes);
  Atomics.store(header, 1, bytes.byteLength);
  Atomics.store(header, 0, 1);
  Atomics.notify(header, 0);
}

async function handle(request: HostRequest): Promise<RpcResult> {
  try {
    switch (request.kind) {
      case "open":
        opened = await openTestPage(request.options);
        return { ok: true, value: null };
      case "close":
        await opened?.close();
        opened = undefined;
        return { ok: true, value: null };
      case "call": {
        if (opened === undefined) throw new Error("the page is not open");
        return await opened.page.evaluate(
          ([method, args]) => (globalThis as unknown as { voicelive: { callRpc(m: string, a: readonly unknown[]): Promise<RpcResult> } }).voicelive.callRpc(method, args),
          [request.method, request.args] as const,
        );
      }
    }
  } catch (error) {
    return { ok: false, error: { name: "Error", message: `page host: ${(error as Error).message}` } };
  }
}

port.on("message", (request: HostRequest) => {
  void handle(request).then((result) => {
    if (request.kind === "call" && request.sync) replySync(result);
    else port.postMessage({ id: request.id, result } satisfies HostReply);
  });
});
