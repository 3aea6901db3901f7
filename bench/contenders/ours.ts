/** voicelive-client: `connect()` as a user writes it, listening on `response.audio.delta`. */
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type ConnectOptions, type VoiceLiveSession } from "../../src/index.js";
import { noop, type Connection, type Contender } from "./contender.js";

/** Protocol errors seen by every session of this process: the bench expects none. */
export const ourProtocolErrors = { count: 0 };

/** What the bench connects with: a key, the bench server, no pings. */
const ourOptions = (port: number, model: string): ConnectOptions => ({
  endpoint: `http://127.0.0.1:${port}`,
  credential: new AzureKeyCredential("bench-key"),
  model,
  allowInsecureConnection: true,
  pingIntervalMs: 0,
});

export async function openOurs(port: number, model: string): Promise<VoiceLiveSession> {
  const session = await connect(ourOptions(port, model));
  session.on("protocolError", () => ourProtocolErrors.count++);
  return session;
}

export const ours: Contender = async (port, model) => {
  // `await connect()` and the listeners, as an app writes it: no helper in between.
  const session = await connect(ourOptions(port, model));
  session.on("protocolError", () => ourProtocolErrors.count++);
  const connection: Connection = {
    onAudio: noop,
    onResponseDone: noop,
    requestResponse: () => void session.send({ type: "response.create" }),
    sendAudio: (pcm) => session.sendAudio(pcm),
    commit: async () => {
      await session.commitAudio();
    },
    close: () => session.close(),
  };
  session.on("response.audio.delta", (event) => connection.onAudio(event.audio.byteLength));
  session.on("response.done", () => connection.onResponseDone());
  return connection;
};
