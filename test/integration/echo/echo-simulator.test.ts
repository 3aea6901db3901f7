import { afterEach, describe, expect, it, vi } from "vitest";
import { EchoReferenceSource } from "../../../src/audio/echo-reference-source.js";
import { echoReferenceSessionConfig } from "../../../src/audio/echo-session-config.js";
import { deinterleave } from "../../../src/index.js";
import { rmsLevel } from "../../../src/testing/pcm.js";
import { MemorySink } from "../../helpers/memory-audio.js";
import { SimHarness } from "../../helpers/sim-connect.js";
import { PacedSource, joinPcm, sine } from "./paced-source.js";

const h = new SimHarness();
afterEach(() => h.stop());

const appendedAudio = (): Uint8Array[] =>
  h.sim.frames.flatMap((f) => {
    const event = (f as { direction: string; event?: { type?: string; audio?: string } }).event;
    return f.direction === "received" && event?.type === "input_audio_buffer.append" ? [new Uint8Array(Buffer.from(event.audio!, "base64"))] : [];
  });

describe("client echo reference against the simulator", () => {
  it("sends stereo the session accepts, runs VAD on the microphone channel only, and carries the reply on the reference channel", async () => {
    // 30 characters at 60 ms: a 1.8 s spoken reply, played on a real-time sink.
    await h.start({ responder: () => ({ text: "Here is the reply you wanted." }) });
    const session = await h.connect({
      session: { ...echoReferenceSessionConfig(), turn_detection: { type: "server_vad", silence_duration_ms: 300, prefix_padding_ms: 0, threshold: 0.2 } },
    });
    expect(session.session?.input_audio_echo_cancellation).toEqual({ type: "server_echo_cancellation", reference_source: "client", channels: 2 });
    expect(h.sim.sessions[0]!.config.input_audio_echo_cancellation?.channels).toBe(2);

    // The user speaks from 300 to 900 ms (a 440 Hz tone), then stays silent.
    const speech = new Int16Array(24000 * 0.9);
    speech.set(sine(600, 24000, 440, 0.3), 24000 * 0.3);
    const mic = new PacedSource(24000, speech);
    const speaker = new MemorySink({ sampleRate: 24000, channels: 1 }, () => performance.now());
    const echo = new EchoReferenceSource({ microphone: mic, sink: speaker });
    const starts: number[] = [];
    session.on("input_audio_buffer.speech_started", (e) => starts.push(e.audio_start_ms));
    const stopped = new Promise<number>((resolve) => session.once("input_audio_buffer.speech_stopped", (e) => resolve(e.audio_end_ms)));
    const pipeline = session.attachAudio({ source: echo, sink: echo.sink });
    pipeline.on("error", (error) => {
      throw error;
    });

    expect(Math.abs((await stopped) - 900)).toBeLessThanOrEqual(40);
    await vi.waitFor(() => expect(speaker.playing).toBe(true), { timeout: 5000 });
    await vi.waitFor(() => expect(speaker.playing).toBe(false), { timeout: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pipeline.stop({ drain: false });

    // Every append is whole stereo frames. The simulator's VAD (threshold 0.2: speech above
    // 0.02 RMS) took channel 0 only, so the reply on channel 1, loud enough to trigger it even
    // mixed at half level, never counted as the user speaking.
    const appends = appendedAudio();
    expect(appends.length).toBeGreaterThan(50);
    for (const audio of appends) expect(audio.byteLength % 4).toBe(0);
    expect(starts).toHaveLength(1);
    expect(Math.abs(starts[0]! - 300)).toBeLessThanOrEqual(40);

    const [micChannel, reference] = deinterleave(joinPcm(appends), 2);
    const ms = (t: number): number => Math.round(t * 24);
    expect(rmsLevel(micChannel!, ms(350), ms(850))).toBeGreaterThan(0.15);
    expect(rmsLevel(reference!, 0, ms(900))).toBe(0);
    // The reply played after the turn ended; the reference carries it and the microphone stays silent meanwhile.
    const replyStart = reference!.findIndex((s) => s !== 0);
    expect(replyStart).toBeGreaterThan(ms(900));
    expect(rmsLevel(micChannel!, ms(950), micChannel!.length)).toBe(0);
    expect(rmsLevel(reference!, replyStart, replyStart + ms(1500)) / 2).toBeGreaterThan(0.02);
    expect(speaker.bytesFor(speaker.chunks[0]!.itemId)).toBeGreaterThan(ms(1700) * 2);
  });
});
