export {
  PCM16_BYTES_PER_SAMPLE,
  MAX_PCM_CHANNELS,
  bytesFor,
  bytesPerFrame,
  durationMs,
  validateChannels,
  validatePcmFormat,
  validateSampleRate,
  type PcmFormat,
} from "./pcm-format.js";
export {
  float32ToInt16,
  float32ToPcm16Bytes,
  int16ToFloat32,
  int16ToPcm16Bytes,
  pcm16BytesToFloat32,
  pcm16BytesToInt16,
} from "./sample-conversion.js";
export {
  deinterleave,
  downmixToMono,
  interleave,
  monoToStereo,
  stereoToMono,
  upmixMono,
  type PcmSamples,
} from "./channel-mixing.js";
export { PcmChunker, type PcmChunkerOptions } from "./pcm-chunker.js";
export {
  decodeALaw,
  decodeALawSample,
  decodeMuLaw,
  decodeMuLawSample,
  encodeALaw,
  encodeALawSample,
  encodeMuLaw,
  encodeMuLawSample,
} from "./g711.js";
export {
  WAV_FORMAT_TAG,
  WAV_SAMPLE_TYPES,
  validateWavFormat,
  wavBlockAlign,
  type WavFormat,
  type WavSampleType,
} from "./wav-format.js";
export { isWav, parseWav, type ParseWavOptions, type ParsedWav } from "./wav-parse.js";
export { writeWav, type WavWriteData } from "./wav-write.js";
export { decodeWavSamples, encodeWavSamples } from "./wav-samples.js";
export { Resampler, type ResamplerOptions } from "./resampler.js";
export { RESAMPLER_QUALITY, type ResamplerQuality } from "./resampler-filter.js";
