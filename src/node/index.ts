/**
 * `voicelive-client/node`: Node-only audio adapters and the browser relay.
 *
 * The adapters (WAV files, streams, sox/ffmpeg recorders and players) and
 * `createVoiceLiveRelay` are not released yet; this entry exists so that the package
 * layout and its type resolution are fixed from 0.1.0 on.
 */
export {};
