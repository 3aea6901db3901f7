import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AzureKeyCredential } from "@azure/core-auth";
import { WebSocket, type ClientOptions } from "ws";
import { createVoiceLiveRelay, type VoiceLiveRelay, type VoiceLiveRelayOptions } from "../../../src/node/index.js";
import { VoiceLiveSimulator, type VoiceLiveSimulatorOptions } from "../../../src/testing/index.js";

/** A server event as the browser side received it. */
export type WireEvent = Record<string, unknown> & { type: string };

/** A plain `ws` client standing in for a browser: no credential, keeps every frame. */
export class BrowserClient {
  readonly events: WireEvent[] = [];
  readonly raw: string[] = [];
  readonly ws: WebSocket;
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  #wake: (() => void)[] = [];

  constructor(url: string, options: ClientOptions = {}) {
    this.ws = new WebSocket(url, options);
    this.ws.on("error", () => undefined);
    this.ws.on("message", (data: Buffer) => {
      const text = data.toString("utf8");
      this.raw.push(text);
      try {
        this.events.push(JSON.parse(text) as WireEvent);
      } catch {
        // Kept in raw only.
      }
      this.#notify();
    });
    this.closed = new Promise((resolve) =>
      this.ws.on("close", (code, reason) => {
        this.#notify();
        resolve({ code, reason: reason.toString() });
      }),
    );
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("unexpected-response", (_req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
      this.ws.once("error", reject);
    });
    this.opened.catch(() => undefined);
  }

  send(event: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(event));
  }

  /** Resolves with the `count`-th event matching; rejects after `timeoutMs` or once closed. */
  async waitFor(match: string | ((event: WireEvent) => boolean), count = 1, timeoutMs = 5000): Promise<WireEvent> {
    const test = typeof match === "string" ? (e: WireEvent) => e.type === match : match;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.filter(test);
      if (found.length >= count) return found[count - 1]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(`no ${typeof match === "string" ? match : "matching event"}; got: ${this.events.map((e) => e.type).join(", ")}`);
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

  #notify(): void {
    const wake = this.#wake;
    this.#wake = [];
    for (const fn of wake) fn();
  }
}

/** A simulator, an http server with a relay in front of it, and the browsers a test opened. */
export class RelayHarness {
  sim!: VoiceLiveSimulator;
  server!: Server;
  relay!: VoiceLiveRelay;
  readonly browsers: BrowserClient[] = [];

  /** Starts the simulator (key `test-key`) and a relay on `/voice` that accepts everyone unless told otherwise. */
  async start(options: { sim?: VoiceLiveSimulatorOptions; relay?: Partial<VoiceLiveRelayOptions> } = {}): Promise<this> {
    this.sim = await VoiceLiveSimulator.start({ pace: "fast", apiKeys: ["test-key"], ...options.sim });
    this.server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.relay = createVoiceLiveRelay({
      endpoint: this.sim.endpoint,
      credential: new AzureKeyCredential("test-key"),
      model: "gpt-realtime",
      allowInsecureConnection: true,
      authorize: () => true,
      ...options.relay,
    });
    this.relay.attach(this.server, { path: "/voice" });
    return this;
  }

  /** `ws://127.0.0.1:<port><path>` of the app server. */
  url(path = "/voice"): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** Opens a browser socket to the relay. */
  browser(path = "/voice", options: ClientOptions = {}): BrowserClient {
    const client = new BrowserClient(this.url(path), options);
    this.browsers.push(client);
    return client;
  }

  /** Opens a browser socket and waits for `session.created`. */
  async connected(path = "/voice", options: ClientOptions = {}): Promise<BrowserClient> {
    const client = this.browser(path, options);
    await client.opened;
    await client.waitFor("session.created");
    return client;
  }

  /** Event types the simulator received from the relay. */
  receivedTypes(): string[] {
    return this.sim.frames.filter((f) => f.direction === "received" && f.event !== undefined).map((f) => String(f.event!.type));
  }

  async stop(): Promise<void> {
    for (const client of this.browsers.splice(0)) client.ws.terminate();
    await this.relay?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server?.listening ? this.server.close(() => resolve()) : resolve()));
    await this.sim?.close();
  }
}

/** Text for `conversation.item.create` with a user message. */
export const userText = (text: string): Record<string, unknown> => ({
  type: "conversation.item.create",
  item: { type: "message", role: "user", content: [{ type: "input_text", text }] },
});
