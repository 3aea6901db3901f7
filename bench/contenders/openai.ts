/**
 * openai's realtime WebSocket client (`openai/realtime/ws`). It always builds a `wss:` URL
 * (it rewrites the protocol of `baseURL` and rejects custom non-wss URLs), so it is pointed
 * at the plain bench server through `ws`'s documented `createConnection` option, which
 * hands it a plain TCP socket to 127.0.0.1 instead of a TLS one. Users decode `delta` themselves.
 */
import net from "node:net";
import OpenAI from "openai";
import { OpenAIRealtimeWS } from "openai/realtime/ws";
import { drained } from "./floor.js";
import { HIGH_WATER_BYTES, Signal, noop, type Connection, type Contender } from "./contender.js";

export const openai: Contender = (port, model) =>
  new Promise((resolve, reject) => {
    const client = new OpenAI({ apiKey: "bench-key", baseURL: `http://127.0.0.1:${port}/v1` });
    const rt = new OpenAIRealtimeWS(
      { model, options: { createConnection: () => net.connect(port, "127.0.0.1") } as never },
      client,
    );
    const on = rt.on.bind(rt) as (type: string, listener: (event: { delta?: string }) => void) => void;
    const committed = new Signal();
    const connection: Connection = {
      onAudio: noop,
      onResponseDone: noop,
      requestResponse: () => rt.send({ type: "response.create" }),
      sendAudio(pcm) {
        rt.send({ type: "input_audio_buffer.append", audio: Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength).toString("base64") });
        // Its send() has no backpressure; the same check as the floor keeps the comparison fair.
        return rt.socket.bufferedAmount > HIGH_WATER_BYTES ? drained(rt.socket) : undefined;
      },
      commit() {
        const done = committed.wait();
        rt.send({ type: "input_audio_buffer.commit" });
        return done;
      },
      close: () =>
        new Promise((done) => {
          rt.socket.once("close", () => done());
          rt.close();
        }),
    };
    on("response.audio.delta", (event) => connection.onAudio(Buffer.from(event.delta!, "base64").byteLength));
    on("response.done", () => connection.onResponseDone());
    on("input_audio_buffer.committed", () => committed.fire());
    on("session.created", () => resolve(connection));
    rt.on("error", (error) => reject(error));
  });
