import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type ConnectOptions, type Transport, type TransportFactory, type TransportHandlers, type TransportOpenOptions, type VoiceLiveSession } from "../../src/index.js";

/** An in-memory socket: the test plays the server by calling `receive` and reading `sent`. */
export class FakeTransport implements Transport {
  readonly sent: Record<string, unknown>[] = [];
  bufferedAmount = 0;
  canPing = true;
  pings = 0;
  closed: { code: number; reason: string } | undefined;
  terminated = false;
  handlers: TransportHandlers = { message() {}, close() {}, pong() {} };

  constructor(readonly options: TransportOpenOptions) {}

  send(text: string): boolean {
    if (this.closed || this.terminated) return false;
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
    return true;
  }
  ping(): void {
    this.pings++;
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
    queueMicrotask(() => this.handlers.close(code, reason, true));
  }
  terminate(): void {
    this.terminated = true;
    queueMicrotask(() => this.handlers.close(1006, "", false));
  }
  /** Delivers a server event (an object) or a raw frame (a string). */
  receive(event: object | string): void {
    this.handlers.message(typeof event === "string" ? event : JSON.stringify(event));
  }
  /** The server drops the connection. */
  drop(code = 1006): void {
    this.handlers.close(code, "", code !== 1006);
  }
  sentOfType(type: string): Record<string, unknown>[] {
    return this.sent.filter((e) => e.type === type);
  }
}

export const sessionCreated = (id = "sess_fake") => ({
  type: "session.created",
  event_id: "event_created",
  session: { id, model: "gpt-realtime", voice: { type: "openai", name: "alloy" } },
});

/**
 * A transport factory whose sockets the test controls. By default each open succeeds
 * and the fake server sends `session.created` right away; `failNext` queues failures.
 */
export class FakeServer {
  readonly transports: FakeTransport[] = [];
  readonly opens: TransportOpenOptions[] = [];
  autoCreate = true;
  readonly #failures: unknown[] = [];

  failNext(...errors: unknown[]): void {
    this.#failures.push(...errors);
  }

  get last(): FakeTransport {
    return this.transports[this.transports.length - 1]!;
  }

  readonly factory: TransportFactory = async (options) => {
    this.opens.push(options);
    options.signal.throwIfAborted();
    if (this.#failures.length > 0) throw this.#failures.shift();
    const transport = new FakeTransport(options);
    this.transports.push(transport);
    if (this.autoCreate) setTimeout(() => transport.receive(sessionCreated(`sess_${this.transports.length}`)), 0);
    return transport;
  };
}

/** `connect()` options for a session on `server`: a key credential (`key-123`), no pings. */
export const fakeConnectOptions = (server: FakeServer): ConnectOptions => ({
  endpoint: "https://res.services.ai.azure.com",
  credential: new AzureKeyCredential("key-123"),
  model: "gpt-realtime",
  transport: server.factory,
  pingIntervalMs: 0,
});

const openSessions: VoiceLiveSession[] = [];

/** Connects a session to `server`; `closeFakeSessions()` in `afterEach` closes it. */
export async function openFakeSession(server: FakeServer, options: Partial<ConnectOptions> = {}): Promise<VoiceLiveSession> {
  const session = await connect({ ...fakeConnectOptions(server), ...options });
  openSessions.push(session);
  return session;
}

/**
 * Opens and closes one session on real timers, so that the process's one-time dynamic
 * imports (the URL builder, the session modules, the transport bridge) are done: the first
 * connect of a process waits for them, and fake time cannot advance an import. Call it in
 * `beforeAll` of a file whose fake-timer tests connect, so each passes alone (`-t`) too.
 */
export async function loadDeferredModules(): Promise<void> {
  await (await connect(fakeConnectOptions(new FakeServer()))).close();
}

/** Closes every session `openFakeSession` opened. */
export async function closeFakeSessions(): Promise<void> {
  await Promise.all(openSessions.splice(0).map((s) => s.close()));
}
