import { parseArgs, type ParseArgsConfig } from "node:util";
import { AzureKeyCredential, type TokenCredential } from "@azure/core-auth";
import type { ConnectOptions } from "../client/connect-options.js";
import type { RequestSession } from "../protocol/session.js";

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Flags shared by `voicelive run` and `voicelive talk`. */
export const CONVERSATION_FLAGS = {
  endpoint: { type: "string" },
  "api-key": { type: "string" },
  byom: { type: "string" },
  model: { type: "string" },
  voice: { type: "string" },
  instructions: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export const CONVERSATION_USAGE = `  --endpoint <url>       Voice Live endpoint (default: $VOICELIVE_ENDPOINT), e.g. https://<resource>.services.ai.azure.com
  --api-key <key>        Resource key (default: $VOICELIVE_API_KEY); without one, Entra ID via DefaultAzureCredential
  --byom <profile>       BYOM mode: byom-azure-openai-realtime or byom-azure-openai-chat-completion
  --model <name>         Model, or your deployment name with --byom (default: gpt-realtime)
  --voice <name>         Azure voice, e.g. en-US-AvaNeural (default), or an OpenAI voice such as alloy
  --instructions <text>  System instructions
  -h, --help             Show this help`;

const OPENAI_VOICES = new Set(["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"]);

/** Parses argv strictly; unknown flags and missing values become a `UsageError`. */
export function parseFlags<const O extends ParseArgsConfig["options"]>(argv: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0]!);
  }
}

type Flags = Partial<Record<keyof typeof CONVERSATION_FLAGS, string | boolean | undefined>>;

/** Turns the shared flags and the environment into `connect()` options (the credential may load @azure/identity). */
export async function conversationOptions(
  flags: Flags,
  env: Readonly<Record<string, string | undefined>>,
  loadTokenCredential: () => Promise<TokenCredential> = defaultTokenCredential,
): Promise<ConnectOptions> {
  const endpoint = (flags.endpoint as string | undefined) ?? env.VOICELIVE_ENDPOINT;
  if (endpoint === undefined || endpoint === "") {
    throw new UsageError("no endpoint: pass --endpoint <url> or set VOICELIVE_ENDPOINT (try `voicelive sim` for a local one)");
  }
  const key = (flags["api-key"] as string | undefined) ?? env.VOICELIVE_API_KEY;
  const credential = key ? new AzureKeyCredential(key) : await loadTokenCredential();
  const profile = flags.byom as string | undefined;
  const voiceName = (flags.voice as string | undefined) ?? "en-US-AvaNeural";
  const voice: RequestSession["voice"] = OPENAI_VOICES.has(voiceName)
    ? { type: "openai", name: voiceName }
    : { type: "azure-standard", name: voiceName };
  const instructions = flags.instructions as string | undefined;
  const loopback = /^(http|ws):\/\/(127\.|localhost|\[::1\])/i.test(endpoint);
  return {
    endpoint,
    credential,
    model: (flags.model as string | undefined) ?? (profile ? undefined : "gpt-realtime"),
    ...(profile !== undefined && { profile }),
    allowInsecureConnection: loopback,
    session: {
      voice,
      modalities: ["text", "audio"],
      input_audio_transcription: { model: "azure-speech" },
      turn_detection: { type: "server_vad", create_response: true, interrupt_response: true },
      ...(instructions !== undefined && { instructions }),
    },
  };
}

async function defaultTokenCredential(): Promise<TokenCredential> {
  const name = "@azure/identity";
  try {
    const identity = (await import(name)) as { DefaultAzureCredential: new () => TokenCredential };
    return new identity.DefaultAzureCredential();
  } catch {
    throw new UsageError("no key: pass --api-key or set VOICELIVE_API_KEY, or install @azure/identity for Entra ID sign-in");
  }
}
