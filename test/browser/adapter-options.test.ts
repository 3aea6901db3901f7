// Option checks run before any device is touched, so they need no browser.
import { describe, expect, it } from "vitest";
import { MicrophoneSource } from "../../src/browser/microphone-source.js";
import { SpeakerSink } from "../../src/browser/speaker-sink.js";
import { WORKLET_MODULE_SOURCE } from "../../src/browser/worklet-module.js";

describe("browser adapter options", () => {
  it("declares 24 kHz mono by default for both adapters", () => {
    expect(new MicrophoneSource().format).toEqual({ sampleRate: 24000, channels: 1 });
    expect(new SpeakerSink().format).toEqual({ sampleRate: 24000, channels: 1 });
    expect(new MicrophoneSource({ sampleRate: 16000 }).format).toEqual({ sampleRate: 16000, channels: 1 });
  });

  it.each([
    [{ sampleRate: 0 }, RangeError, "options.sampleRate"],
    [{ chunkMs: 0 }, RangeError, "options.chunkMs"],
    [{ sampleRate: 11025, chunkMs: 20 }, RangeError, "options.chunkMs"],
    [{ echoCancellation: "yes" }, TypeError, "options.echoCancellation"],
    [{ noiseSuppression: 1 }, TypeError, "options.noiseSuppression"],
    [{ autoGainControl: null }, TypeError, "options.autoGainControl"],
    [{ deviceId: 7 }, TypeError, "options.deviceId"],
    [{ contextSampleRate: 44100.5 }, RangeError, "options.contextSampleRate"],
    [{ audioContext: {} }, TypeError, "options.audioContext"],
    [{ workletUrl: 5 }, TypeError, "options.workletUrl"],
    [{ maxQueuedChunks: 0 }, RangeError, "options.maxQueuedChunks"],
  ])("MicrophoneSource rejects %o with an error naming the option", (options, type, name) => {
    expect(() => new MicrophoneSource(options as never)).toThrow(type);
    expect(() => new MicrophoneSource(options as never)).toThrow(name);
  });

  it.each([
    [{ format: { sampleRate: 24000, channels: 9 } }, RangeError, "options.format.channels"],
    [{ format: null }, TypeError, "options.format"],
    [{ jitterBufferMs: -1 }, RangeError, "options.jitterBufferMs"],
    [{ reportIntervalMs: 0 }, RangeError, "options.reportIntervalMs"],
    [{ contextSampleRate: -1 }, RangeError, "options.contextSampleRate"],
    [{ gestureTarget: {} }, TypeError, "options.gestureTarget"],
  ])("SpeakerSink rejects %o with an error naming the option", (options, type, name) => {
    expect(() => new SpeakerSink(options as never)).toThrow(type);
    expect(() => new SpeakerSink(options as never)).toThrow(name);
  });

  it("accepts a zero jitter buffer", () => {
    expect(() => new SpeakerSink({ jitterBufferMs: 0 })).not.toThrow();
  });

  it("ships one worklet module that registers both processors", () => {
    expect(WORKLET_MODULE_SOURCE).toContain('registerProcessor("voicelive-capture"');
    expect(WORKLET_MODULE_SOURCE).toContain('registerProcessor("voicelive-playback"');
    expect(() => new Function(WORKLET_MODULE_SOURCE)).not.toThrow();
  });
});
