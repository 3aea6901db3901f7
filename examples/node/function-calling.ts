/**
 * Function calling: the session declares a `get_weather` tool; the model calls it, this app
 * runs the function locally, sends the result back as a `function_call_output` item and asks
 * for another response with `createResponse()`, which the model turns into the final answer.
 * Text only, so the exchange is easy to read; the same flow works with audio.
 *
 *   npm run example:function-calling                 # the built-in simulator, no Azure needed
 *   VOICELIVE_ENDPOINT=https://<resource>.services.ai.azure.com VOICELIVE_API_KEY=<key> \
 *     npm run example:function-calling -- --model gpt-realtime
 *
 * Environment: VOICELIVE_ENDPOINT (unset: an in-process simulator on 127.0.0.1),
 * VOICELIVE_API_KEY (unset: DefaultAzureCredential from @azure/identity, e.g. after `az login`).
 * Flags: --model <name> (default gpt-realtime), --byom <profile> (then --model is your deployment),
 * --question <text> (default "What's the weather like in Seattle right now?").
 *
 * On the simulator the model is scripted: it calls get_weather for the city named in the
 * question, then words the function's result as its answer.
 */
import { parseArgs } from "node:util";
import { AzureKeyCredential } from "@azure/core-auth";
import { connect, type FunctionTool, type VoiceLiveCredential } from "voicelive-client";
import { VoiceLiveSimulator, type Responder } from "voicelive-client/testing";

const { values: args } = parseArgs({
  options: {
    model: { type: "string" },
    byom: { type: "string" },
    question: { type: "string", default: "What's the weather like in Seattle right now?" },
  },
});

const getWeatherTool: FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Current weather for a city.",
  parameters: {
    type: "object",
    properties: {
      city: { type: "string", description: "The city, e.g. Seattle" },
      unit: { type: "string", enum: ["celsius", "fahrenheit"] },
    },
    required: ["city"],
  },
};

/** The app's implementation of the tool; a real one would call a weather service. */
function getWeather(city: string, unit = "celsius"): { city: string; temperature: number; unit: string; sky: string } {
  const celsius = 12;
  return { city, temperature: unit === "fahrenheit" ? Math.round((celsius * 9) / 5 + 32) : celsius, unit, sky: "light rain" };
}

/** The simulated model: a tool call first, then an answer built from the tool's output. */
const simulatedModel: Responder = ({ lastUserText, lastFunctionOutput }) => {
  if (lastFunctionOutput !== undefined) {
    const weather = JSON.parse(lastFunctionOutput.output) as ReturnType<typeof getWeather>;
    return { text: `In ${weather.city} it is ${weather.temperature} degrees ${weather.unit} with ${weather.sky}.` };
  }
  const city = /\bin ([A-Z][\w ]*?)(?: right now| today)?\?*$/.exec(lastUserText ?? "")?.[1] ?? "Seattle";
  return { toolCalls: [{ name: "get_weather", arguments: { city, unit: "celsius" } }] };
};

async function main(): Promise<void> {
  const endpoint = process.env.VOICELIVE_ENDPOINT;
  const sim = endpoint === undefined ? await VoiceLiveSimulator.start({ pace: "fast", responder: simulatedModel }) : undefined;
  try {
    if (sim !== undefined) {
      console.log(`No VOICELIVE_ENDPOINT: using the simulator at ${sim.endpoint}`);
      await ask(sim.endpoint, new AzureKeyCredential("simulator-key"), true);
    } else {
      const key = process.env.VOICELIVE_API_KEY;
      await ask(endpoint!, key ? new AzureKeyCredential(key) : new (await import("@azure/identity")).DefaultAzureCredential(), false);
    }
  } finally {
    await sim?.close();
  }
}

async function ask(endpoint: string, credential: VoiceLiveCredential, simulated: boolean): Promise<void> {
  const session = await connect({
    endpoint,
    credential,
    profile: args.byom,
    model: args.model ?? (args.byom === undefined ? "gpt-realtime" : undefined),
    session: {
      modalities: ["text"],
      turn_detection: null,
      instructions: "Answer weather questions with the get_weather tool. Answer in one sentence.",
      tools: [getWeatherTool],
      tool_choice: "auto",
    },
    allowInsecureConnection: simulated,
  });
  console.log(`Connected: ${session.url}`);
  session.on("error", (error) => console.error(`error: ${error.code}: ${error.message}`));
  try {
    console.log(`You: ${args.question}`);
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: args.question! }] });
    let response = await session.createResponse();

    // Each round: run every function the model called, return the results, and let it go on.
    for (let round = 1; round <= 3; round++) {
      const calls = (response.output ?? []).flatMap((item) => (item.type === "function_call" ? [item] : []));
      if (calls.length === 0) break;
      for (const call of calls) {
        const input = JSON.parse(call.arguments) as { city: string; unit?: string };
        console.log(`Model calls ${call.name}(${call.arguments})`);
        const result = call.name === "get_weather" ? getWeather(input.city, input.unit) : { error: `unknown function ${call.name}` };
        const output = JSON.stringify(result);
        console.log(`Function result: ${output}`);
        await session.createItem({ type: "function_call_output", call_id: call.call_id, output });
      }
      response = await session.createResponse();
    }

    const answer = (response.output ?? [])
      .flatMap((item) => (item.type === "message" ? item.content : []))
      .map((part) => (part.type === "text" ? part.text : part.type === "audio" ? (part.transcript ?? "") : ""))
      .join("");
    console.log(`Assistant: ${answer}`);
    console.log(`Response ${response.status ?? "done"}`);
  } finally {
    await session.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
