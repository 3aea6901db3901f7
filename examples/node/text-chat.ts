/**
 * Text chat: a Voice Live session with audio turned off (`modalities: ["text"]`) and no turn
 * detection (`turn_detection: null`), so turns are explicit: a few scripted user messages go
 * in with `createItem()`, each answer is asked for with `createResponse()` and streams back
 * as `response.text.delta` events.
 *
 *   npm run example:text-chat                        # the built-in simulator, no Azure needed
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:text-chat -- --model gpt-realtime
 *
 * Environment: VOICELIVE_ENDPOINT (unset: an in-process simulator on 127.0.0.1),
 * VOICELIVE_API_KEY (unset: DefaultAzureCredential from @azure/identity, e.g. after `az login`).
 * Flags: --model <name> (default gpt-realtime), --byom <profile> (then --model is your deployment).
 */
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type VoiceLiveCredential } from "voicelive-client";
import { VoiceLiveSimulator } from "voicelive-client/testing";

const { values: args } = parseArgs({ options: { model: { type: "string" }, byom: { type: "string" } } });

const USER_TURNS = [
  "Hi! In one sentence, what is Voice Live?",
  "Name two things I could build with it.",
  "Thanks, that's all.",
];

/** What the simulated model answers to each scripted turn. */
const SIMULATED_REPLIES: Readonly<Record<string, string>> = {
  [USER_TURNS[0]!]: "Voice Live is an Azure API for low-latency speech conversations with AI models.",
  [USER_TURNS[1]!]: "A phone agent for customer support, or a hands-free assistant in a car.",
  [USER_TURNS[2]!]: "You're welcome, goodbye!",
};

async function main(): Promise<void> {
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  const sim =
    endpoint === undefined
      ? await VoiceLiveSimulator.start({ pace: "fast", responder: ({ lastUserText }) => ({ text: SIMULATED_REPLIES[lastUserText ?? ""] ?? "Sorry?" }) })
      : undefined;
  try {
    if (sim !== undefined) {
      console.log(`No VOICELIVE_ENDPOINT: using the simulator at ${sim.endpoint}`);
      await chat(sim.endpoint, new AzureKeyCredential("simulator-key"), true);
    } else {
      const key = process.env.VOICELIVE_API_KEY;
      await chat(endpoint!, key ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential(), false);
    }
  } finally {
    await sim?.close();
  }
}

async function chat(endpoint: string, credential: VoiceLiveCredential, simulated: boolean): Promise<void> {
  const session = await connect({
    endpoint,
    credential,
    profile: args.byom,
    model: args.model ?? (args.byom === undefined ? "gpt-realtime" : undefined),
    session: {
      modalities: ["text"],
      turn_detection: null,
      instructions: "You are a concise assistant. Answer in one sentence.",
    },
    allowInsecureConnection: simulated,
  });
  console.log(`Connected: ${session.url}`);
  session.on("response.text.delta", (e) => process.stdout.write(e.delta));
  session.on("error", (error) => console.error(`\nerror: ${error.code}: ${error.message}`));

  let outputTokens = 0;
  try {
    for (const text of USER_TURNS) {
      console.log(`\nYou: ${text}`);
      await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text }] });
      process.stdout.write("Assistant: ");
      // The handle resolves with the final response from `response.done`, whatever its status.
      const response = await session.createResponse();
      process.stdout.write("\n");
      if (response.status !== "completed") throw new Error(`The response ended ${response.status ?? "without a status"}.`);
      outputTokens += response.usage?.output_tokens ?? 0;
    }
  } finally {
    await session.close();
  }
  console.log(`\n${USER_TURNS.length} turns, ${outputTokens} output tokens.`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
