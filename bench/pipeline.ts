/**
 * The full pipeline, both directions at once: 48 kHz PCM16 from an in-memory source,
 * resampled to 24 kHz and sent, while the server's 24 kHz reply is decoded, resampled to
 * 48 kHz and written to an in-memory sink. Ours is `session.attachAudio()`; the floor does
 * the same work by hand on raw `ws` with the same `Resampler` class at the same quality
 * ("medium", what `PcmConverter` uses) and the same float→int16 conversion.
 */
import WebSocket from "ws";
import { Resampler, float32ToInt16, pcm16BytesToInt16, type AudioSink, type AudioSinkChunk, type AudioSource, type ClearedPlayback } from "../src/index.js";
import { HIGH_WATER_BYTES, Signal } from "./contenders/contender.js";
import { drained, floorUrl } from "./contenders/floor.js";
import { openOurs } from "./contenders/ours.js";
import { deltasPerResponse, replyShape, speechLikePcm16 } from "./lib/traffic.js";

const RATE = 48000;
const CHUNK_MS = 20;

/** 48 kHz chunks of 20 ms: the microphone side of the conversation, prepared before timing. */
function microphoneChunks(seconds: number): Uint8Array[] {
  const frames = (RATE * CHUNK_MS) / 1000;
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < (seconds * 1000) / CHUNK_MS; i++) chunks.push(speechLikePcm16(RATE, frames, i * frames));
  return chunks;
}

class MemorySource implements AudioSource {
  readonly format = { sampleRate: RATE, channels: 1 };
  readonly ended = new Signal();
  readonly #chunks: Uint8Array[];
  constructor(chunks: Uint8Array[]) {
    this.#chunks = chunks;
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async close(): Promise<void> {}
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (const chunk of this.#chunks) yield chunk;
    this.ended.fire();
  }
}

class MemorySink implements AudioSink {
  readonly format = { sampleRate: RATE, channels: 1 };
  bytes = 0;
  readonly playing = false;
  async start(): Promise<void> {}
  async write(chunk: AudioSinkChunk): Promise<void> {
    this.bytes += chunk.audio.byteLength;
  }
  playedMs(): number {
    return 0;
  }
  clear(): ClearedPlayback | undefined {
    return undefined;
  }
  async close(): Promise<void> {}
}

export interface PipelineResult {
  readonly seconds: number;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly sinkBytes: number;
}

function measure(seconds: number, body: () => Promise<number>): Promise<PipelineResult> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  return body().then((sinkBytes) => {
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { seconds, cpuMs: (used.user + used.system) / 1000, wallMs, sinkBytes };
  });
}

export async function pipelineOurs(port: number, seconds: number): Promise<PipelineResult> {
  const session = await openOurs(port, `pipe.${seconds}`);
  const source = new MemorySource(microphoneChunks(seconds));
  const sink = new MemorySink();
  const expected = replyShape({ deltas: seconds * 50, chunkMs: 20, perResponse: deltasPerResponse(20) }).responses;
  const result = await measure(seconds, async () => {
    let dones = 0;
    const replied = new Signal();
    const answered = replied.wait();
    session.on("response.done", () => {
      if (++dones === expected) replied.fire();
    });
    const ended = source.ended.wait();
    const pipeline = session.attachAudio({ source, sink });
    void session.send({ type: "response.create" });
    await ended;
    await session.commitAudio();
    await answered;
    await pipeline.flush();
    return sink.bytes;
  });
  await session.close();
  return result;
}

export async function pipelineFloor(port: number, seconds: number): Promise<PipelineResult> {
  const chunks = microphoneChunks(seconds);
  const ws = new WebSocket(floorUrl(port, `pipe.${seconds}`), { headers: { "api-key": "bench-key" }, perMessageDeflate: false });
  const created = new Signal();
  const committed = new Signal();
  const replied = new Signal();
  const expected = replyShape({ deltas: seconds * 50, chunkMs: 20, perResponse: deltasPerResponse(20) }).responses;
  const up = new Resampler({ inputRate: RATE, outputRate: 24000 });
  const down = new Resampler({ inputRate: 24000, outputRate: RATE });
  let sinkBytes = 0;
  let dones = 0;
  ws.on("message", (data: Buffer) => {
    const event = JSON.parse(data.toString()) as { type: string; delta?: string };
    switch (event.type) {
      case "response.audio.delta": {
        const bytes = Buffer.from(event.delta!, "base64");
        sinkBytes += float32ToInt16(down.process(pcm16BytesToInt16(bytes))).byteLength;
        break;
      }
      case "response.audio.done":
        sinkBytes += float32ToInt16(down.flush()).byteLength;
        break;
      case "response.done":
        if (++dones === expected) replied.fire();
        break;
      case "input_audio_buffer.committed":
        committed.fire();
        break;
      case "session.created":
        created.fire();
        break;
    }
  });
  const ready = created.wait();
  await ready;
  const result = await measure(seconds, async () => {
    const answered = replied.wait();
    ws.send('{"type":"response.create"}');
    const send = (samples: Int16Array): Promise<void> | undefined => {
      const audio = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength).toString("base64");
      ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio }));
      return ws.bufferedAmount > HIGH_WATER_BYTES ? drained(ws) : undefined;
    };
    for (const chunk of chunks) {
      // A microphone hands over chunks one at a time; an await per chunk matches the pipeline's loop.
      await send(float32ToInt16(up.process(pcm16BytesToInt16(chunk))));
    }
    await send(float32ToInt16(up.flush()));
    const done = committed.wait();
    ws.send('{"type":"input_audio_buffer.commit"}');
    await done;
    await answered;
    return sinkBytes;
  });
  await new Promise<void>((resolve) => {
    ws.once("close", () => resolve());
    ws.close(1000);
  });
  return result;
}
