/**
 * The bench server: a WebSocket server on 127.0.0.1 that speaks just enough Voice Live.
 * The scenario rides in the `model` query parameter, which every contender puts in its URL:
 *   idle                       session.created only
 *   recv.<ms>.<deltas>.<warm>  the first response.create streams a warm-up of <warm> audio
 *                              deltas of <ms> ms, every later one <deltas> deltas
 *   pipe.<seconds>             response.create streams <seconds> s of 20 ms deltas
 *   send                       counts input_audio_buffer.append frames
 * Every scenario answers input_audio_buffer.commit with input_audio_buffer.committed.
 * Replies are prebuilt as raw frames and written straight to the socket, so the server
 * costs next to nothing while a client is measured. It never parses an append.
 * Run as a child: it sends { port } over IPC once listening.
 */
import { WebSocketServer, type WebSocket } from "ws";
import { buildReply, deltasPerResponse, serviceId, sessionCreated } from "./lib/traffic.js";

/** A reply as raw WebSocket bytes: unmasked text frames, packed into ~1 MiB writes. */
interface Framed {
  readonly writes: Buffer[];
}

/** Frames text payloads once, so streaming a reply is only socket writes and never the bottleneck. */
function frame(payloads: readonly Buffer[]): Framed {
  const writes: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  for (const payload of payloads) {
    const n = payload.length;
    const header = n < 126 ? Buffer.from([0x81, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
    if (n >= 126 && n < 65536) {
      header[0] = 0x81;
      header[1] = 126;
      header.writeUInt16BE(n, 2);
    } else if (n >= 65536) {
      header[0] = 0x81;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(n), 2);
    }
    parts.push(header, payload);
    size += header.length + n;
    if (size >= 1 << 20) {
      writes.push(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) writes.push(Buffer.concat(parts));
  return { writes };
}

const replies = new Map<string, Framed>();
function reply(chunkMs: number, deltas: number): Framed {
  const key = `${chunkMs}.${deltas}`;
  let r = replies.get(key);
  if (r === undefined) {
    r = frame(buildReply({ chunkMs, deltas, perResponse: deltasPerResponse(chunkMs) }).frames);
    replies.set(key, r);
  }
  return r;
}

interface RawSocket extends NodeJS.EventEmitter {
  write(data: Buffer): boolean;
}
const socketOf = (ws: WebSocket): RawSocket => (ws as unknown as { _socket: RawSocket })._socket;

async function stream(ws: WebSocket, reply: Framed): Promise<void> {
  const socket = socketOf(ws);
  for (const bytes of reply.writes) {
    if (ws.readyState !== ws.OPEN) return;
    if (!socket.write(bytes)) await new Promise((resolve) => socket.once("drain", resolve));
  }
}

const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
wss.on("connection", (ws, request) => {
  const model = new URL(request.url ?? "/", "http://127.0.0.1").searchParams.get("model") ?? "idle";
  const [mode, a, b, c] = model.split(".");
  const plans: Framed[] = [];
  if (mode === "recv") {
    plans.push(reply(Number(a), Number(c)), reply(Number(a), Number(b)));
  } else if (mode === "pipe") {
    plans.push(reply(20, Number(a) * 50));
  }
  let sending = Promise.resolve();
  ws.on("message", (data: Buffer) => {
    const head = data.toString("latin1", 0, Math.min(data.length, 48));
    // Appends are only received (the send test counts on the client side).
    if (head.includes('"input_audio_buffer.append"')) {
      return;
    } else if (head.includes('"response.create"')) {
      // The last plan repeats, so a client may measure the same reply several times.
      const plan = plans.length > 1 ? plans.shift() : plans[0];
      if (plan !== undefined) sending = sending.then(() => stream(ws, plan));
    } else if (head.includes('"input_audio_buffer.commit"')) {
      const itemId = serviceId("item");
      ws.send(JSON.stringify({ type: "input_audio_buffer.committed", event_id: serviceId("event"), previous_item_id: null, item_id: itemId }));
    }
  });
  ws.on("error", () => {});
  ws.send(sessionCreated(model));
});
wss.on("listening", () => {
  const address = wss.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  if (process.send) process.send({ port });
  else console.log(`bench server on ws://127.0.0.1:${port}`);
});
// The runner ends the server by closing the IPC channel; never outlive it.
process.on("disconnect", () => {
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
});
