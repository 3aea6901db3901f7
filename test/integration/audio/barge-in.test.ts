import { afterEach, describe, expect, it, vi } from "vitest";
import type { ReceivedServerEvent } from "../../../src/index.js";
import { SimHarness } from "../../helpers/sim-connect.js";
import { MemorySink } from "../../helpers/memory-audio.js";

const h = new SimHarness();
afterEach(() => h.stop());

/** Loud 440 Hz for `speechMs`, then silence, as 24 kHz PCM16. */
function utterance(speechMs: number, silenceMs: number): Uint8Array {
  const speech = (24000 * speechMs) / 1000;
  const samples = new Int16Array(speech + (24000 * silenceMs) / 1000);
  for (let i = 0; i < speech; i++) samples[i] = Math.round(12000 * Math.sin((2 * Math.PI * 440 * i) / 24000));
  return new Uint8Array(samples.buffer);
}

describe("barge-in against the simulator", () => {
  it("cuts playback and truncates the assistant item at exactly what the sink played", async () => {
    // 60 ms per character: a 50-character reply is 3 s of speech, streamed at once (pace fast).
    await h.start({ responder: () => ({ text: "This answer is long enough to be interrupted now." }) });
    const session = await h.connect({
      session: {
        turn_detection: { type: "server_vad", create_response: false, interrupt_response: true, auto_truncate: false, silence_duration_ms: 300 },
      },
    });
    const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => performance.now());
    const pipeline = session.attachAudio({ sink });
    const interrupted = new Promise<{ itemId: string; playedMs: number; truncatedMs: number }>((r) => pipeline.once("interrupted", r));
    const truncated = new Promise<ReceivedServerEvent<"conversation.item.truncated">>((r) => session.once("conversation.item.truncated", r));

    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Tell me something." }] });
    const response = session.createResponse();
    await vi.waitFor(() => expect(sink.playing).toBe(true));
    await new Promise((r) => setTimeout(r, 400));
    await session.sendAudio(utterance(400, 400));

    const cut = await interrupted;
    const event = await truncated;
    expect(event.item_id).toBe(cut.itemId);
    expect(event.audio_end_ms).toBe(cut.playedMs);
    // The listener heard about 400 ms plus the VAD's detection delay, of a ~3 s reply.
    expect(cut.playedMs).toBeGreaterThan(350);
    expect(cut.playedMs).toBeLessThan(2500);
    expect(cut.playedMs + cut.truncatedMs).toBeGreaterThan(2500);
    expect(sink.playing).toBe(false);
    // The service finished generating long before the listener finished hearing it, so the
    // response itself completed: only the client knows where playback really was.
    expect((await response).status).toBe("completed");
    await pipeline.stop({ drain: false });
  });

  it("sends no truncate when the reply had finished playing before the user spoke", async () => {
    await h.start({ responder: () => ({ text: "Short." }) });
    const session = await h.connect({
      session: { turn_detection: { type: "server_vad", create_response: false, interrupt_response: true, silence_duration_ms: 300 } },
    });
    const sink = new MemorySink({ sampleRate: 24000, channels: 1 }, () => performance.now());
    const pipeline = session.attachAudio({ sink });
    const onInterrupted = vi.fn();
    pipeline.on("interrupted", onInterrupted);
    await session.createItem({ type: "message", role: "user", content: [{ type: "input_text", text: "Hi." }] });
    await session.createResponse();
    await vi.waitFor(() => expect(sink.playing).toBe(false), { timeout: 3000 });
    const started = new Promise((r) => session.once("input_audio_buffer.speech_started", r));
    await session.sendAudio(utterance(300, 400));
    await started;
    await new Promise((r) => setTimeout(r, 50));
    expect(onInterrupted).not.toHaveBeenCalled();
    expect(h.sim.frames.filter((f) => f.direction === "received" && (f as { event?: { type?: string } }).event?.type === "conversation.item.truncate")).toHaveLength(0);
    await pipeline.stop({ drain: false });
  });
});
