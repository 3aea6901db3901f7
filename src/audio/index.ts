export type { AudioSink, AudioSinkChunk, AudioSource, ClearedPlayback } from "./contracts.js";
export { PlaybackTimeline } from "./playback-timeline.js";
export * from "./pcm/index.js";
