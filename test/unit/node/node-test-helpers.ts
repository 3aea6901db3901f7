/**
 * What the Node adapter tests share: fixture paths, temp dirs, the sox gate and a
 * leaked-process check.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The absolute path of a file in test/fixtures/audio. */
export function audioFixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/audio/${name}`, import.meta.url));
}

/** A fresh temp directory and a function that removes it. */
export function tempDir(): { readonly dir: string; readonly remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "voicelive-node-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** True while a process with this pid exists (a reaped child no longer does). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const soxInstalled = spawnSync("sox", ["--version"], { stdio: "ignore" }).status === 0;

/**
 * True when the sox tests must be skipped: sox is missing and this is not CI. With
 * `CI=true` they always run, so a CI image without sox fails loudly instead of skipping.
 */
export const skipWithoutSox = !soxInstalled && process.env.CI !== "true";

if (skipWithoutSox) {
  console.warn("Skipping the sox-backed adapter tests: sox is not installed. Install it with: apt-get install -y sox");
}

/** The sox arguments for raw PCM16 little-endian in a format. */
export function soxRaw(sampleRate: number, channels = 1): string[] {
  return ["-t", "raw", "-r", String(sampleRate), "-e", "signed-integer", "-b", "16", "-c", String(channels), "-L"];
}
