import { afterEach, describe, expect, it } from "vitest";
import { synthesizeSpeech } from "../../../src/testing/index.js";
import { SimHarness } from "../../helpers/sim-connect.js";
import { rotations, watch } from "./conversation.js";

const h = new SimHarness();
afterEach(() => h.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("rotation and open user speech", () => {
  it("does not rotate while the user is speaking, nor while the answer to that turn is in progress", async () => {
    await h.start({ maxSessionDurationMs: 5000 });
    // The window opens 800 ms in; the deadline falls at 4 s.
    const session = await h.connect({ maxSessionDurationMs: 5000, rotate: { beforeExpiryMs: 4200, deadlineMs: 1000 } });
    const log = watch(session);
    const done = rotations(session, 1);
    let rotated = false;
    void done.then(() => (rotated = true));
    // 1.5 s of speech, then silence, sent at playback pace in 20 ms chunks.
    const speech = synthesizeSpeech("abcdefghijklmnopqrstuvwxy", { sampleRate: 24_000, msPerCharacter: 60 });
    const chunk = 480;
    for (let at = 0; !rotated; at += chunk) {
      const samples = at < speech.length ? speech.subarray(at, at + chunk) : new Int16Array(chunk);
      await session.sendAudio(samples.length === chunk ? samples : new Int16Array(chunk));
      await sleep(20);
    }
    await done;
    const order = log.order.filter((t) => !t.startsWith("response.audio"));
    const at = (type: string) => order.indexOf(type);
    expect(at("input_audio_buffer.speech_started")).toBeGreaterThanOrEqual(0);
    expect(at("input_audio_buffer.speech_started")).toBeLessThan(at("input_audio_buffer.speech_stopped"));
    expect(at("input_audio_buffer.speech_stopped")).toBeLessThan(at("response.done"));
    expect(at("response.done")).toBeLessThan(at("rotating:expiring"));
    expect(log.rotating).toEqual([{ reason: "expiring" }]);
    // The spoken turn and its answer went over to the new connection.
    expect(log.rotated[0]!.itemsReplayed).toBe(session.history.filter((item) => item.type === "message" && item.text !== "").length);
  });
});
