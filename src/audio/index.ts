export type { AudioSink, AudioSinkChunk, AudioSource, ClearedPlayback } from "./contracts.js";
export { PlaybackTimeline } from "./playback-timeline.js";
export * from "./pcm/index.js";
export { AudioPipeline, type AudioPipelineEvents, type AudioPipelineOptions, type PipelineSession } from "./audio-pipeline.js";
export { PcmConverter } from "./pcm-converter.js";
