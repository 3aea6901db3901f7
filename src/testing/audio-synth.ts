/** Options of the speech-like synthesizer. */
export interface SynthOptions {
  /** Audio per character of text, ms. */
  readonly msPerCharacter: number;
  readonly sampleRate: number;
}

const SYLLABLE_CHARACTERS = 3;
const FUNDAMENTAL_HZ = 140;
const HARMONICS = [1, 0.5, 0.3, 0.15] as const;
const PEAK = 0.3 * 32767;

/**
 * Synthesizes deterministic speech-like audio for a text: a 140 Hz voice with a few
 * harmonics, shaped by a syllable envelope, silent on spaces. Its length is the
 * text length times `msPerCharacter`, so tests can predict durations.
 */
export function synthesizeSpeech(text: string, options: SynthOptions): Int16Array {
  const { sampleRate, msPerCharacter } = options;
  const perCharacter = Math.max(1, Math.round((sampleRate * msPerCharacter) / 1000));
  const out = new Int16Array(perCharacter * text.length);
  const syllable = perCharacter * SYLLABLE_CHARACTERS;
  for (let c = 0; c < text.length; c++) {
    if (/\s/.test(text[c]!)) continue;
    // A slow pitch drift per character keeps the voice from sounding like a pure tone.
    const f0 = FUNDAMENTAL_HZ * (1 + 0.08 * Math.sin(c * 0.9));
    for (let i = 0; i < perCharacter; i++) {
      const n = c * perCharacter + i;
      const envelope = 0.5 - 0.5 * Math.cos((2 * Math.PI * (n % syllable)) / syllable);
      let value = 0;
      for (let h = 0; h < HARMONICS.length; h++) {
        value += HARMONICS[h]! * Math.sin((2 * Math.PI * f0 * (h + 1) * n) / sampleRate);
      }
      out[n] = Math.round((PEAK * envelope * value) / 1.95);
    }
  }
  return out;
}
