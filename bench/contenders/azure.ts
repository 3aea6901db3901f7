/**
 * @azure/ai-voicelive 1.1.0 as its README shows it: `subscribe({ onResponseAudioDelta })`.
 * Its deserializer already turns `delta` into a Uint8Array, so the handler only reads it.
 * It asks for permessage-deflate; the bench server declines, as for every contender.
 */
import { AzureKeyCredential } from "@azure/core-auth";
import { VoiceLiveClient } from "@azure/ai-voicelive";
import { Signal, noop, type Connection, type Contender } from "./contender.js";

export const azure: Contender = async (port, model) => {
  const client = new VoiceLiveClient(`http://127.0.0.1:${port}`, new AzureKeyCredential("bench-key"));
  const session = client.createSession(model);
  const created = new Signal();
  const committed = new Signal();
  const ready = created.wait();
  const connection: Connection = {
    onAudio: noop,
    onResponseDone: noop,
    requestResponse: () => void session.sendEvent({ type: "response.create" }),
    sendAudio: (pcm) => session.sendAudio(pcm),
    commit: async () => {
      const done = committed.wait();
      await session.sendEvent({ type: "input_audio_buffer.commit" });
      await done;
    },
    close: () => session.dispose(),
  };
  session.subscribe({
    onSessionCreated: async () => created.fire(),
    onResponseAudioDelta: async (event) => connection.onAudio((event.delta as Uint8Array).byteLength),
    onResponseDone: async () => connection.onResponseDone(),
    onInputAudioBufferCommitted: async () => committed.fire(),
  });
  await session.connect();
  await ready;
  return connection;
};
