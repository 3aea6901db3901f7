#!/usr/bin/env node
// Installs the packed tarball into a fresh project and uses it as a consumer would:
// ESM import, CJS require, a conversation with the simulator, types under node16 and
// bundler resolution, a browser bundle without Node built-ins, and the voicelive bin.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const root = resolve(import.meta.dirname, "..");
const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });
const step = (name) => console.log(`-- ${name}`);
const dir = mkdtempSync(join(tmpdir(), "voicelive-smoke-"));
try {
  step("npm pack");
  const tarball = join(root, JSON.parse(run("npm", ["pack", "--json", "--pack-destination", dir], root))[0].filename);
  const packed = join(dir, tarball.split("/").pop());

  step("install into a fresh project");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", packed, "ws", `typescript@${JSON.parse(readFileSync(join(root, "node_modules/typescript/package.json"))).version}`, "@types/node@20", "esbuild"], dir);

  step("ESM import and a text conversation with the simulator");
  writeFileSync(
    join(dir, "esm.mjs"),
    `import { connect, VoiceLiveSession } from "voicelive-client";
import { VoiceLiveSimulator } from "voicelive-client/testing";
import { WavFileSink } from "voicelive-client/node";
const sim = await VoiceLiveSimulator.start({ pace: "fast", responder: () => ({ text: "pong" }) });
const { AzureKeyCredential } = await import("@azure/core-auth");
const session = await connect({ endpoint: sim.endpoint, credential: new AzureKeyCredential("k"), model: "gpt-realtime",
  allowInsecureConnection: true, session: { modalities: ["text"], turn_detection: null } });
if (!(session instanceof VoiceLiveSession) || typeof WavFileSink !== "function") throw new Error("exports missing");
let text = "";
session.on("response.text.delta", (e) => (text += e.delta));
await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "ping" }] });
const response = await session.createResponse();
await session.close(); await sim.close();
if (response.status !== "completed" || text !== "pong") throw new Error("unexpected reply " + response.status + " " + text);
console.log("esm ok");`,
  );
  console.log(run("node", ["esm.mjs"], dir).trim());

  step("CJS require");
  writeFileSync(
    join(dir, "cjs.cjs"),
    `const { connect, decode, encodeBase64 } = require("voicelive-client");
const { VoiceLiveSimulator } = require("voicelive-client/testing");
const node = require("voicelive-client/node");
if (typeof connect !== "function" || typeof VoiceLiveSimulator.start !== "function" || typeof node.WavFileSource !== "function") throw new Error("exports missing");
if (decode('{"type":"input_audio_buffer.cleared"}').kind !== "event" || encodeBase64(new Uint8Array([1])) !== "AQ==") throw new Error("codec broken");
console.log("cjs ok");`,
  );
  console.log(run("node", ["cjs.cjs"], dir).trim());

  step("types under node16 and bundler resolution");
  writeFileSync(
    join(dir, "use.ts"),
    `import { connect, type RequestSession, type VoiceLiveEvents } from "voicelive-client";
import type { VoiceLiveSimulatorOptions } from "voicelive-client/testing";
import type { WavFileSinkOptions } from "voicelive-client/node";
const session: RequestSession = { voice: { type: "azure-standard", name: "en-US-AvaNeural" } };
const listener: VoiceLiveEvents["response.done"] = (e) => void e.response.status;
const options: VoiceLiveSimulatorOptions = { pace: "fast" };
const sink: WavFileSinkOptions | undefined = undefined;
export const check = [connect, session, listener, options, sink];
`,
  );
  for (const [module, resolution] of [["node16", "node16"], ["esnext", "bundler"]]) {
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module, moduleResolution: resolution, target: "es2022", types: ["node"], skipLibCheck: false, lib: ["es2023", "dom"] }, files: ["use.ts"] }),
    );
    run(join(dir, "node_modules/.bin/tsc"), ["-p", "."], dir);
    console.log(`tsc ${resolution} ok`);
  }

  step("browser bundles contain no Node built-ins");
  writeFileSync(join(dir, "core.js"), `import { connect } from "voicelive-client"; console.log(connect);`);
  writeFileSync(join(dir, "browser.js"), `import * as b from "voicelive-client/browser"; import { connect } from "voicelive-client"; console.log(b, connect);`);
  for (const entry of ["core.js", "browser.js"]) {
    run(join(dir, "node_modules/.bin/esbuild"), [entry, "--bundle", "--minify", "--platform=browser", "--format=esm", `--outfile=out-${entry}`], dir);
    const bytes = readFileSync(join(dir, `out-${entry}`));
    console.log(`${entry}: ${bytes.length} bytes minified, ${gzipSync(bytes).length} bytes gzip`);
  }

  step("the voicelive bin");
  const version = run(join(dir, "node_modules/.bin/voicelive"), ["--version"], dir).trim();
  if (version !== JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version) throw new Error(`bin printed ${version}`);
  console.log(`voicelive --version: ${version}`);
  console.log("package smoke test passed");
} catch (error) {
  console.error(error.stderr ?? "", error.stdout ?? "");
  console.error(`package smoke test failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
