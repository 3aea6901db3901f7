import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { SimulatorFaults, type FaultTarget } from "./faults.js";
import { checkHandshake, writeRefusal } from "./handshake.js";
import { newId } from "./ids.js";
import { resolveOptions, type ResolvedOptions, type VoiceLiveSimulatorOptions } from "./options.js";
import { readRecording, toJsonl, type RecordedFrame, type SimulatorFrame } from "./recording.js";
import { ReplaySession, recordedSessionId } from "./replay-session.js";
import { SimSession, type SimulatorSession } from "./sim-session.js";
import type { ChannelHooks } from "./socket-channel.js";

/**
 * A local Voice Live service: a real WebSocket server on loopback that speaks the
 * realtime protocol (handshake, session, VAD, responses, tools, items), with fault
 * injection and record/replay for tests.
 *
 * @example
 * const sim = await VoiceLiveSimulator.start({ pace: "fast" });
 * // connect to `${sim.endpoint}/voice-live/realtime?api-version=2025-10-01&model=gpt-realtime`
 * await sim.close();
 */
export class VoiceLiveSimulator {
  /** `http://<host>:<port>`: pass it as the client's endpoint. */
  readonly endpoint: string;
  /** Fault injection: `sim.faults.next({ refuse: { status: 503, retryAfterSeconds: 1 } })`. */
  readonly faults: SimulatorFaults;
  readonly #options: ResolvedOptions;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #replay: readonly RecordedFrame[] | undefined;
  readonly #live = new Map<string, SimSession | ReplaySession>();
  readonly #frames: SimulatorFrame[] = [];
  readonly #writers = new Map<string, WriteStream>();
  readonly #flushing = new Set<Promise<void>>();

  private constructor(options: ResolvedOptions, server: Server, wss: WebSocketServer, replay: readonly RecordedFrame[] | undefined) {
    this.#options = options;
    this.#server = server;
    this.#wss = wss;
    this.#replay = replay;
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(":") ? `[${options.host}]` : options.host;
    this.endpoint = `http://${host}:${port}`;
    this.faults = new SimulatorFaults(() => [...this.#live.values()].map((s): FaultTarget => ({ sessionId: s.sessionId, applyFault: (a) => this.#fault(s, a) })));
    server.on("upgrade", (request: IncomingMessage, socket: Duplex, head: Buffer) => void this.#upgrade(request, socket, head));
  }

  /**
   * Starts a simulator and resolves once it listens. Throws `TypeError` / `RangeError`
   * for bad options before binding, and rejects when the port cannot be bound.
   */
  static async start(options: VoiceLiveSimulatorOptions = {}): Promise<VoiceLiveSimulator> {
    const resolved = resolveOptions(options);
    const replay = typeof resolved.replay === "string" ? await readRecording(resolved.replay) : resolved.replay;
    if (resolved.recordTo !== undefined) await mkdir(resolved.recordTo, { recursive: true });
    const server = createServer((_request, response) => {
      // Plain HTTP requests get the same Azure-shaped answer as a wrong WebSocket path.
      response.writeHead(404, { "Content-Type": "application/json; charset=utf-8" });
      response.end(JSON.stringify({ error: { code: "404", message: "Resource not found" } }));
    });
    const wss = new WebSocketServer({ noServer: true, maxPayload: resolved.maxMessageBytes, autoPong: false, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(resolved.port, resolved.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    return new VoiceLiveSimulator(resolved, server, wss, replay);
  }

  /** Open sessions (not closing) with their effective configuration and conversation (copies). */
  get sessions(): readonly SimulatorSession[] {
    return [...this.#live.values()].flatMap((s) => (s instanceof SimSession && s.live ? [s.view()] : []));
  }

  /** Every frame received and sent so far, in order, across sessions (empty with `keepFrames: false`). */
  get frames(): readonly SimulatorFrame[] {
    return this.#frames;
  }

  /** A session's frames as JSONL (see `RecordedFrame`), live or closed. Throws `Error` for an unknown session. */
  record(sessionId: string): string {
    const frames = this.#frames.filter((frame) => frame.sessionId === sessionId);
    if (frames.length === 0) throw new Error(`record: no frames for session "${sessionId}" (keepFrames may be off).`);
    return toJsonl(frames);
  }

  /** Terminates every connection, stops listening and flushes recordings; leaves no open handle. */
  async close(): Promise<void> {
    for (const session of this.#live.values()) session.terminate();
    this.#live.clear();
    for (const client of this.#wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const sessionId of [...this.#writers.keys()]) this.#endWriter(sessionId);
    await Promise.all(this.#flushing);
  }

  async #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const fault = this.faults.take();
    if (fault?.refuse !== undefined) {
      const { status, retryAfterSeconds, code, message } = fault.refuse;
      writeRefusal(socket, {
        status,
        code: code ?? String(status),
        message: message ?? "The simulator refused this handshake (fault injection).",
        ...(retryAfterSeconds !== undefined ? { headers: { "Retry-After": String(retryAfterSeconds) } } : {}),
      });
      return;
    }
    const outcome = await checkHandshake(request, this.#options);
    if (!outcome.ok) {
      writeRefusal(socket, outcome);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      if (this.#replay !== undefined) {
        const id = recordedSessionId(this.#replay) ?? newId("sess");
        const replay = new ReplaySession(ws, this.#replay, this.#options.replayPace === "timed", id, this.#hooks());
        this.#live.set(id, replay);
        replay.start();
        return;
      }
      const session = new SimSession(ws, outcome.params, this.#options, this.#hooks());
      this.#live.set(session.id, session);
      session.open(fault?.actions, fault?.afterClientEvent);
    });
  }

  #hooks(): ChannelHooks {
    return {
      log: (frame) => {
        if (this.#options.keepFrames) this.#frames.push(frame);
        if (this.#options.recordTo !== undefined) this.#writer(frame.sessionId).write(toJsonl([frame]));
      },
      closed: (sessionId) => {
        this.#live.delete(sessionId);
        this.#endWriter(sessionId);
      },
    };
  }

  #writer(sessionId: string): WriteStream {
    let writer = this.#writers.get(sessionId);
    if (writer === undefined) {
      writer = createWriteStream(join(this.#options.recordTo!, `${sessionId}.jsonl`), { flags: "a" });
      this.#writers.set(sessionId, writer);
    }
    return writer;
  }

  #endWriter(sessionId: string): void {
    const writer = this.#writers.get(sessionId);
    if (writer === undefined) return;
    this.#writers.delete(sessionId);
    const done = new Promise<void>((resolve) => writer.end(resolve));
    this.#flushing.add(done);
    void done.then(() => this.#flushing.delete(done));
  }

  #fault(session: SimSession | ReplaySession, action: Parameters<FaultTarget["applyFault"]>[0]): void {
    if (session instanceof SimSession) session.applyFault(action);
    else throw new Error("faults.inject: replayed sessions only play their recording.");
  }
}
