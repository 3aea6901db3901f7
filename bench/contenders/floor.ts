/**
 * The floor: `ws` + `JSON.parse` + `Buffer.from(delta, "base64")`, with nothing else.
 * Sending is `ws.send(JSON.stringify(event))` with a bufferedAmount check.
 */
import WebSocket from "ws";
import { HIGH_WATER_BYTES, Signal, noop, type Connection, type Contender } from "./contender.js";

export const floorUrl = (port: number, model: string): string =>
  `ws://127.0.0.1:${port}/voice-live/realtime?api-version=2025-10-01&model=${model}`;

/** Resolves once the socket's buffer is at or below the mark, checking on each turn of the loop. */
export function drained(ws: { readonly bufferedAmount: number }): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (ws.bufferedAmount <= HIGH_WATER_BYTES) resolve();
      else setImmediate(check);
    };
    setImmediate(check);
  });
}

export const floor: Contender = (port, model) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(floorUrl(port, model), { headers: { "api-key": "bench-key" }, perMessageDeflate: false });
    const committed = new Signal();
    const connection: Connection = {
      onAudio: noop,
      onResponseDone: noop,
      requestResponse: () => ws.send('{"type":"response.create"}'),
      sendAudio(pcm) {
        ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString("base64") }));
        return ws.bufferedAmount > HIGH_WATER_BYTES ? drained(ws) : undefined;
      },
      commit() {
        const done = committed.wait();
        ws.send('{"type":"input_audio_buffer.commit"}');
        return done;
      },
      close: () =>
        new Promise((done) => {
          ws.once("close", () => done());
          ws.close(1000);
        }),
    };
    ws.on("message", (data: Buffer) => {
      const event = JSON.parse(data.toString()) as { type: string; delta?: string };
      switch (event.type) {
        case "response.audio.delta":
          connection.onAudio(Buffer.from(event.delta!, "base64").byteLength);
          break;
        case "response.done":
          connection.onResponseDone();
          break;
        case "input_audio_buffer.committed":
          committed.fire();
          break;
        case "session.created":
          resolve(connection);
          break;
      }
    });
    ws.once("error", reject);
  });
