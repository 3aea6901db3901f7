/** Silence of a given length. */
export function silence(ms: number, sampleRate = 24000): Int16Array {
  return new Int16Array(Math.round((sampleRate * ms) / 1000));
}

/** A sine tone; `amplitude` is a fraction of full scale (RMS = amplitude / √2). */
export function tone(ms: number, sampleRate = 24000, amplitude = 0.3, hz = 440): Int16Array {
  const out = new Int16Array(Math.round((sampleRate * ms) / 1000));
  for (let i = 0; i < out.length; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}

/** Joins sample arrays. */
export function concatSamples(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Little-endian pcm16 bytes as base64. */
export function pcmBase64(samples: Int16Array): string {
  const bytes = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => bytes.writeInt16LE(s, i * 2));
  return bytes.toString("base64");
}

/** Splits samples into `input_audio_buffer.append` events of `chunkMs`. */
export function appendEvents(samples: Int16Array, sampleRate = 24000, chunkMs = 40, encode: (s: Int16Array) => string = pcmBase64): Record<string, unknown>[] {
  const size = Math.round((sampleRate * chunkMs) / 1000);
  const events: Record<string, unknown>[] = [];
  for (let i = 0; i < samples.length; i += size) events.push({ type: "input_audio_buffer.append", audio: encode(samples.subarray(i, i + size)) });
  return events;
}
