/**
 * Loads the SDK's AudioWorklet processors into an audio context, once per context.
 */
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";
import { CAPTURE_PROCESSOR_SOURCE } from "./capture-processor-source.js";
import { PLAYBACK_PROCESSOR_SOURCE } from "./playback-processor-source.js";

/**
 * The JavaScript module that registers both SDK processors (`voicelive-capture` and
 * `voicelive-playback`). Pages whose Content-Security-Policy forbids `blob:` scripts serve
 * this text as a same-origin file (e.g. `/voicelive-worklets.js`, `text/javascript`) and
 * pass its URL as the `workletUrl` option; `dist/browser/worklets.js` holds the same text.
 */
export const WORKLET_MODULE_SOURCE: string = `// voicelive-client AudioWorklet processors\n${CAPTURE_PROCESSOR_SOURCE}\n${PLAYBACK_PROCESSOR_SOURCE}`;

// Registering a processor name twice in one context throws, so every context loads once.
const loaded = new WeakMap<BaseAudioContext, Promise<void>>();

/**
 * Adds the processors to `context` from `workletUrl`, or from a Blob URL of
 * `WORKLET_MODULE_SOURCE` when none is given; later calls for the same context share the
 * first load. Rejects with `VoiceLiveAudioError` code `unsupported` when the context has no
 * AudioWorklet (an insecure page), and `worklet_failed` when the module does not load.
 */
export function loadWorkletModule(context: BaseAudioContext, workletUrl?: string | URL): Promise<void> {
  const existing = loaded.get(context);
  if (existing !== undefined) return existing;
  const loading = addModule(context, workletUrl);
  loaded.set(context, loading);
  // A failed load may be retried (say, after the page fixed its CSP).
  loading.catch(() => loaded.delete(context));
  return loading;
}

async function addModule(context: BaseAudioContext, workletUrl: string | URL | undefined): Promise<void> {
  if (context.audioWorklet === undefined) {
    throw new VoiceLiveAudioError("unsupported", "AudioWorklet is not available: the page must be served over https or from localhost.");
  }
  let url: string;
  let revoke = false;
  if (workletUrl !== undefined) {
    url = String(workletUrl);
  } else {
    url = URL.createObjectURL(new Blob([WORKLET_MODULE_SOURCE], { type: "text/javascript" }));
    revoke = true;
  }
  try {
    await context.audioWorklet.addModule(url);
  } catch (cause) {
    const where = revoke ? "from a blob: URL (a Content-Security-Policy may forbid it; see the workletUrl option)" : `from ${url}`;
    throw new VoiceLiveAudioError("worklet_failed", `The AudioWorklet module failed to load ${where}.`, { cause });
  } finally {
    if (revoke) URL.revokeObjectURL(url);
  }
}
