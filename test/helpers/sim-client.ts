import { WebSocket } from "ws";
import { VoiceLiveSimulator, type VoiceLiveSimulatorOptions } from "../../src/testing/index.js";

/** A server event as the plain client received it. */
export type WireEvent = Record<string, unknown> & { type: string };

const DEFAULT_QUERY = { "api-version": "2025-10-01", model: "gpt-realtime" };

/** The WebSocket URL of a simulator with the given query (defaults: api-version and model). */
export function simUrl(sim: VoiceLiveSimulator, query: Record<string, string | undefined> = DEFAULT_QUERY, path = "/voice-live/realtime"): string {
  const url = new URL(path, sim.endpoint.replace(/^http/, "ws"));
  for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

const open = new Set<WebSocket>();

/** A plain `ws` client that keeps every server event and lets a test wait for one. */
export class SimClient {
  readonly events: WireEvent[] = [];
  readonly raw: { data: string; binary: boolean }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly ws: WebSocket;
  #wake: (() => void)[] = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    open.add(ws);
    ws.on("message", (data, binary) => {
      const text = Buffer.isBuffer(data) ? data.toString("utf8") : String(data);
      this.raw.push({ data: text, binary });
      try {
        const event = JSON.parse(text) as WireEvent;
        if (typeof event === "object" && event !== null) this.events.push(event);
      } catch {
        // Malformed frames stay in `raw` only.
      }
      this.#notify();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        open.delete(ws);
        this.#notify();
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on("error", () => undefined);
  }

  /** Connects and waits for `session.created`. */
  static async connect(
    sim: VoiceLiveSimulator,
    options: { query?: Record<string, string | undefined>; headers?: Record<string, string>; maxPayload?: number } = {},
  ): Promise<SimClient> {
    const ws = new WebSocket(simUrl(sim, options.query), {
      headers: options.headers ?? { "api-key": "test-key" },
      ...(options.maxPayload !== undefined ? { maxPayload: options.maxPayload } : {}),
    });
    const client = new SimClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_req, res) => reject(new Error(`handshake refused with ${res.statusCode}`)));
      ws.once("error", reject);
    });
    await client.waitFor("session.created");
    return client;
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** Resolves with the `count`-th event of a type (or matching a predicate); rejects after `timeoutMs`. */
  async waitFor(match: string | ((event: WireEvent) => boolean), count = 1, timeoutMs = 5000): Promise<WireEvent> {
    const test = typeof match === "string" ? (e: WireEvent) => e.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.filter(test);
      if (found.length >= count) return found[count - 1]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`no ${typeof match === "string" ? match : "matching event"} (#${count}); got: ${this.events.map((e) => e.type).join(", ")}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Event types received so far, optionally only those matching a prefix. */
  types(prefix = ""): string[] {
    return this.events.map((e) => e.type).filter((t) => t.startsWith(prefix));
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const fn of wake) fn();
  }
}

/** Terminates every client socket a test opened (call in `afterEach`). */
export function closeAllClients(): void {
  for (const ws of open) ws.terminate();
  open.clear();
}

/**
 * One fast simulator per test with plain clients on it. Call `stop()` in `afterEach`: it
 * drops every client and closes the simulator.
 */
export class SimHarness {
  #sim: VoiceLiveSimulator | undefined;

  /** The simulator the last `connect` started. */
  get sim(): VoiceLiveSimulator {
    if (this.#sim === undefined) throw new Error("no simulator: call connect() first");
    return this.#sim;
  }

  /**
   * Starts a simulator (`pace: "fast"` unless `options` say otherwise), connects a client
   * and, with `session`, applies it and waits for `session.updated`.
   */
  async connect(
    options: VoiceLiveSimulatorOptions = {},
    client: { query?: Record<string, string | undefined>; session?: Record<string, unknown> } = {},
  ): Promise<SimClient> {
    this.#sim = await VoiceLiveSimulator.start({ pace: "fast", ...options });
    const connected = await SimClient.connect(this.#sim, client.query === undefined ? {} : { query: client.query });
    if (client.session !== undefined) {
      connected.send({ type: "session.update", session: client.session });
      await connected.waitFor("session.updated");
    }
    return connected;
  }

  async stop(): Promise<void> {
    closeAllClients();
    await this.#sim?.close();
    this.#sim = undefined;
  }
}

/** Opens a handshake expected to fail; resolves with the status, headers and JSON body. */
export function refusedHandshake(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    open.add(ws);
    ws.on("error", () => undefined);
    ws.once("open", () => reject(new Error("handshake unexpectedly succeeded")));
    ws.once("unexpected-response", (_request, response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        ws.terminate();
        open.delete(ws);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(body) as unknown });
      });
    });
  });
}
