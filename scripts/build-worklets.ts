/**
 * Writes `dist/browser/worklets.js`: the AudioWorklet module of `voicelive-client/browser`
 * as a plain file, for pages whose Content-Security-Policy forbids `blob:` scripts. Serve
 * it from the page's origin and pass its URL as `workletUrl` to `MicrophoneSource` and
 * `SpeakerSink`. Run after `tsup` (tsup's `clean` empties dist/): `tsx scripts/build-worklets.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WORKLET_MODULE_SOURCE } from "../src/browser/worklet-module.js";

const target = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/browser/worklets.js");
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, WORKLET_MODULE_SOURCE);
console.log(`wrote ${target} (${WORKLET_MODULE_SOURCE.length} bytes)`);
