/**
 * The physical limit: `ws` frame parsing plus base64 decoding of the delta, found by a
 * byte search, without JSON.parse. No SDK can beat this; it shows the ceiling.
 */
import WebSocket from "ws";
import type { Contender, Connection } from "./contender.js";
import { noop } from "./contender.js";
import { floorUrl } from "./floor.js";

const AUDIO = Buffer.from('{"type":"response.audio.delta"');
const DONE = Buffer.from('{"type":"response.done"');
const CREATED = Buffer.from('{"type":"session.created"');
const DELTA_KEY = Buffer.from('"delta":"');

const startsWith = (data: Buffer, prefix: Buffer): boolean => data.length >= prefix.length && data.compare(prefix, 0, prefix.length, 0, prefix.length) === 0;

export const limit: Contender = (port, model) =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(floorUrl(port, model), { headers: { "api-key": "bench-key" }, perMessageDeflate: false });
    const connection: Connection = {
      onAudio: noop,
      onResponseDone: noop,
      requestResponse: () => ws.send('{"type":"response.create"}'),
      sendAudio: () => Promise.reject(new Error("the limit contender only receives")),
      commit: () => Promise.reject(new Error("the limit contender only receives")),
      close: () =>
        new Promise((done) => {
          ws.once("close", () => done());
          ws.close(1000);
        }),
    };
    ws.on("message", (data: Buffer) => {
      if (startsWith(data, AUDIO)) {
        const start = data.indexOf(DELTA_KEY, AUDIO.length) + DELTA_KEY.length;
        connection.onAudio(Buffer.from(data.toString("latin1", start, data.length - 2), "base64").byteLength);
      } else if (startsWith(data, DONE)) connection.onResponseDone();
      else if (startsWith(data, CREATED)) resolve(connection);
    });
    ws.once("error", reject);
  });

