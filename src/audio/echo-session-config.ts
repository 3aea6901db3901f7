/**
 * The session settings that make the service take a client echo reference.
 */

/** The `session.update` fields an `EchoReferenceSource` needs (REFERENCE §4.1). */
export interface EchoReferenceSessionConfig {
  readonly input_audio_format: "pcm16";
  readonly input_audio_echo_cancellation: {
    readonly type: "server_echo_cancellation";
    readonly reference_source: "client";
    readonly channels: 2;
  };
}

/**
 * Returns the session configuration for a client echo reference: pcm16 input, interleaved
 * stereo, channel 0 the microphone and channel 1 what the speaker played. Pass it to
 * `connect({ session })` or `session.updateSession()` (spread it into your own settings);
 * `AudioPipeline` sends a 2-channel source as stereo only while the session has it.
 *
 * @example
 * await session.updateSession({ ...echoReferenceSessionConfig(), voice });
 */
export function echoReferenceSessionConfig(): EchoReferenceSessionConfig {
  return {
    input_audio_format: "pcm16",
    input_audio_echo_cancellation: { type: "server_echo_cancellation", reference_source: "client", channels: 2 },
  };
}
