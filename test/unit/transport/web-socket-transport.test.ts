import type { IncomingMessage } from "node:http";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { createWebSocketTransport, loadWebSocket, type WebSocketConstructor } from "../../../src/transport/index.js";
import type { Transport, TransportOpenOptions } from "../../../src/transport/transport.js";
import { loadedWsOpen } from "../../../src/transport/web-socket-impl.js";

// The `ws` half of the transport (ws-open.ts) is a dynamic import; this file's module
// registry is its own, so the first test sees it unloaded.

let server: WebSocketServer | undefined;
const transports: Transport[] = [];
afterEach(async () => {
  for (const t of transports.splice(0)) t.terminate();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(): Promise<{ port: number; handshakes: IncomingMessage[] }> {
  const handshakes: IncomingMessage[] = [];
  server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  server.on("connection", (_socket, request) => handshakes.push(request));
  await new Promise((r) => server!.once("listening", r));
  return { port: (server.address() as { port: number }).port, handshakes };
}

const openOptions = (port: number): TransportOpenOptions => ({
  url: `ws://127.0.0.1:${port}/voice-live/realtime`,
  headers: { "x-test": "yes" },
  maxMessageBytes: 1 << 20,
  signal: new AbortController().signal,
});

describe("the ws half of the WebSocket transport", () => {
  it("opens an injected ws socket in the same tick once the ws half has loaded", async () => {
    expect(loadedWsOpen()).toBeUndefined();
    const { port, handshakes } = await listen();
    let created = 0;
    class CountingWs extends WebSocket {
      constructor(...args: ConstructorParameters<typeof WebSocket>) {
        super(...args);
        created++;
      }
    }
    const factory = createWebSocketTransport(CountingWs as unknown as WebSocketConstructor);

    const first = await factory(openOptions(port));
    transports.push(first);
    expect(created).toBe(1);
    expect(first.canPing).toBe(true);

    const opening = factory(openOptions(port));
    // Created by the call itself: no microtask between the factory call and the handshake.
    expect(created).toBe(2);
    transports.push(await opening);
    expect(handshakes.map((h) => h.headers["x-test"])).toEqual(["yes", "yes"]);
  });

  it("loads the ws half with ws, so the default factory never waits for it after the first connect", async () => {
    const { port } = await listen();
    const found = await loadWebSocket();
    expect(found.isWs).toBe(true);
    expect(loadedWsOpen()).toBeTypeOf("function");
    const transport = await createWebSocketTransport()(openOptions(port));
    transports.push(transport);
    expect(transport.canPing).toBe(true);
  });
});

describe("text frames over ws", () => {
  /** Opens a transport to a server that sends `frames` (text frames, as raw bytes) once connected. */
  async function receive(frames: readonly Uint8Array[]): Promise<{ messages: unknown[]; closed: Promise<{ code: number; wasClean: boolean }> }> {
    const { port } = await listen();
    server!.on("connection", (socket) => {
      for (const frame of frames) socket.send(frame, { binary: false });
    });
    const transport = await createWebSocketTransport()(openOptions(port));
    transports.push(transport);
    const messages: unknown[] = [];
    const closed = new Promise<{ code: number; wasClean: boolean }>((resolve) => {
      transport.handlers = {
        message: (frame) => messages.push(frame),
        close: (code, _reason, wasClean) => resolve({ code, wasClean }),
        pong: () => {},
      };
    });
    return { messages, closed };
  }
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("delivers multi-byte text and a real U+FFFD as sent", async () => {
    const texts = ['{"type":"x","delta":"¿Qué tal? 你好 👋"}', '{"type":"x","delta":"replacement \uFFFD kept"}'];
    const { messages } = await receive(texts.map(utf8));
    await expect.poll(() => messages.length).toBe(2);
    expect(messages).toEqual(texts);
  });

  it("fails the connection with 1007 on a text frame that is not UTF-8, delivering nothing from it on", async () => {
    const bad = new Uint8Array([...utf8('{"type":"x","delta":"'), 0xc3, 0x28, ...utf8('"}')]);
    const { messages, closed } = await receive([utf8('{"type":"before"}'), bad, utf8('{"type":"after"}')]);
    expect(await closed).toMatchObject({ code: 1007 });
    expect(messages).toEqual(['{"type":"before"}']);
  });
});

describe("aborting a ws handshake through the public factory", () => {
  it("rejects with the signal's reason and drops the socket the server holds", async () => {
    // A server that accepts the TCP connection and never answers the upgrade.
    const held: Socket[] = [];
    const silent = createServer((socket) => {
      held.push(socket);
      // Reading, so the drop is seen.
      socket.resume();
    });
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const controller = new AbortController();
      const opening = createWebSocketTransport()({ ...openOptions((silent.address() as AddressInfo).port), signal: controller.signal });
      await expect.poll(() => held.length).toBe(1);
      const dropped = new Promise((r) => held[0]!.once("close", r));
      const reason = new Error("the app gave up");
      controller.abort(reason);
      await expect(opening).rejects.toBe(reason);
      await dropped;
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((r) => silent.close(r));
    }
  });
});

describe("work that waits for the handshake request to go out (afterSend)", () => {
  /** A ws whose request never reports 'finish': only the handshake settling can run the work. */
  class NoFinishWs extends WebSocket {
    constructor(url: string, options: object) {
      super(url, { ...options, finishRequest: (request: { end(): void }) => request.end() } as never);
    }
  }

  it("runs once, in the tick the request is written, while the handshake is still open", async () => {
    const { port } = await listen();
    const { startWs } = await import("../../../src/transport/ws-open.js");
    // A ws subclass that sees the request's 'finish' before the SDK's own listener.
    let inFinish = false;
    let finishes = 0;
    class SpyWs extends WebSocket {
      constructor(url: string, options: { finishRequest: (request: { on(e: string, l: () => void): void }, ws: unknown) => void }) {
        super(url, {
          ...options,
          finishRequest: (request: { on(e: string, l: () => void): void; end(): void }, ws: unknown) => {
            request.on("finish", () => {
              finishes++;
              inFinish = true;
              queueMicrotask(() => (inFinish = false));
            });
            options.finishRequest(request, ws);
          },
        } as never);
      }
    }
    const opening = startWs(SpyWs as unknown as WebSocketConstructor, openOptions(port));
    let settled = false;
    void opening.promise.then(() => (settled = true));
    const runs: { inFinish: boolean; settled: boolean }[] = [];
    opening.afterSend!(() => runs.push({ inFinish, settled }));
    expect(runs).toHaveLength(0);
    transports.push(await opening.promise);
    expect(finishes).toBe(1);
    expect(runs).toEqual([{ inFinish: true, settled: false }]);
    // The two-turn fallback finds it done.
    await new Promise((r) => setImmediate(() => setImmediate(() => setImmediate(r))));
    expect(runs).toHaveLength(1);
  });

  it("runs in the same tick as a refused connect fails, so the failure has a listener at once", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const { startWs } = await import("../../../src/transport/ws-open.js");
    const opening = startWs(NoFinishWs as unknown as WebSocketConstructor, openOptions(port));
    let runs = 0;
    // The rejection's first handler, a microtask after the failure: the work has run by then.
    const runsWhenFailed = opening.promise.then(
      () => undefined,
      () => runs,
    );
    opening.afterSend!(() => runs++);
    await expect(opening.promise).rejects.toMatchObject({ code: "network_error" });
    expect(await runsWhenFailed).toBe(1);
  });

  it("runs when the handshake opens, for a ws that never reports its request written", async () => {
    const { port } = await listen();
    const { startWs } = await import("../../../src/transport/ws-open.js");
    const opening = startWs(NoFinishWs as unknown as WebSocketConstructor, openOptions(port));
    let runs = 0;
    // The opening's first handler, a microtask after it opened: the work has run by then.
    const runsWhenOpen = opening.promise.then((transport) => {
      transports.push(transport);
      return runs;
    });
    opening.afterSend!(() => runs++);
    expect(await runsWhenOpen).toBe(1);
    // Asked again after it ran, the work runs at once.
    opening.afterSend!(() => runs++);
    expect(runs).toBe(2);
  });
});
