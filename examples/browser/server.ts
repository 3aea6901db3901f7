/**
 * The browser example's server: serves the page (index.html and app.ts, bundled in memory
 * with esbuild) on 127.0.0.1 and relays its WebSocket on /voice to Voice Live, so the
 * Azure credential stays on this server.
 *
 *   npm run example:browser                          # the local simulator, no Azure needed
 *   PORT=8080 npm run example:browser                # a fixed port (default: a free one, printed)
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:browser                        # Azure; without the key, DefaultAzureCredential
 *
 * VOICELIVE_MODEL picks the model (default gpt-realtime). Open the printed address in a
 * Chromium, Firefox or Safari on this machine, press Talk and allow the microphone. Without
 * VOICELIVE_ENDPOINT an in-process VoiceLiveSimulator answers: it hears when you speak and for
 * how long (it recognises no words) and replies with synthetic speech at real-time pace.
 *
 * The page runs under a strict Content-Security-Policy (see page-assets.ts), which is why
 * it loads the AudioWorklet module from /voicelive-worklets.js (`workletUrl`).
 * See docs/browser.md.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { AzureKeyCredential } from "@azure/core-auth";
import type { RequestSession, VoiceLiveCredential } from "voicelive-client";
import { WORKLET_MODULE_SOURCE } from "voicelive-client/browser";
import { createVoiceLiveRelay } from "voicelive-client/node";
import { VoiceLiveSimulator } from "voicelive-client/testing";
import { buildExamplePage, servePage } from "./page-assets.js";

/** Session fields the relay forces on every browser: the browser cannot change them. */
const SESSION: RequestSession = {
  instructions: "You are a friendly voice assistant. Answer in one or two short sentences.",
  voice: { type: "azure-standard", name: "en-US-AvaNeural" },
  input_audio_transcription: { model: "azure-speech" },
};

interface Upstream {
  readonly endpoint: string;
  readonly credential: VoiceLiveCredential;
  readonly model: string;
  readonly simulator: VoiceLiveSimulator | undefined;
}

async function upstream(): Promise<Upstream> {
  const model = process.env.VOICELIVE_MODEL ?? "gpt-realtime";
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  if (endpoint !== undefined && endpoint !== "") {
    const key = process.env.VOICELIVE_API_KEY;
    const credential =
      key !== undefined && key !== "" ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential();
    return { endpoint, credential, model, simulator: undefined };
  }
  // The simulator cannot understand speech: it reports how long you spoke and says so.
  const simulator = await VoiceLiveSimulator.start({
    pace: "realtime",
    transcriber: (audio, sampleRate) => `(${(audio.length / sampleRate).toFixed(1)} seconds of speech)`,
    responder: ({ lastUserText }) => ({
      text: `This is the local simulator, so I heard ${lastUserText ?? "nothing"} but no words. Set VOICELIVE_ENDPOINT to talk to a real model.`,
    }),
  });
  return { endpoint: simulator.endpoint, credential: new AzureKeyCredential("simulator"), model, simulator };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

async function main(): Promise<void> {
  const assets = await buildExamplePage(WORKLET_MODULE_SOURCE);
  const target = await upstream();
  const server = createServer(servePage(assets));
  const port = Number(process.env.PORT ?? 0);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: boundPort } = server.address() as AddressInfo;

  const relay = createVoiceLiveRelay({
    endpoint: target.endpoint,
    credential: target.credential,
    model: target.model,
    session: SESSION,
    allowInsecureConnection: target.simulator !== undefined,
    // Cookies ride along on cross-site WebSocket upgrades: accept only this page's origin.
    allowedOrigins: [`http://127.0.0.1:${boundPort}`, `http://localhost:${boundPort}`],
    // Demo only: everyone on this machine may talk. A real app must check its own
    // session here (a cookie, a signed token) and return false for strangers.
    authorize: (request: IncomingMessage) => LOOPBACK.has(request.socket.remoteAddress ?? ""),
    onConnection: ({ id }) => console.log(`browser connected (${id})`),
    onClose: ({ id, code }) => console.log(`browser disconnected (${id}, close code ${code})`),
    onError: ({ stage, error }) => console.error(`relay ${stage}: ${error instanceof Error ? error.message : String(error)}`),
  });
  relay.attach(server, { path: "/voice" });

  console.log(`Voice Live browser example on http://127.0.0.1:${boundPort}/`);
  console.log(target.simulator === undefined ? `Relaying /voice to ${target.endpoint} (model ${target.model})` : "No VOICELIVE_ENDPOINT: relaying /voice to the local simulator");

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await relay.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await target.simulator?.close();
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
