/**
 * Turns the DOMExceptions of getUserMedia and AudioContext into typed audio errors.
 */
import { VoiceLiveAudioError } from "../errors/audio-device-error.js";

/**
 * Returns the `VoiceLiveAudioError` for a failure opening `what` (a DOMException's `name`
 * decides the code); its message names the exception, never device labels or ids.
 */
export function mediaError(error: unknown, what: string): VoiceLiveAudioError {
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "Error";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return new VoiceLiveAudioError("permission_denied", `Access to the ${what} was refused (${name}).`, { cause: error });
    case "NotFoundError":
    case "OverconstrainedError":
    case "NotReadableError":
    case "AbortError":
      return new VoiceLiveAudioError("device_unavailable", `The ${what} is not available (${name}).`, { cause: error });
    case "NotSupportedError":
    case "TypeError":
      return new VoiceLiveAudioError("unsupported", `The browser cannot open the ${what} as asked (${name}).`, { cause: error });
    default:
      return new VoiceLiveAudioError("device_unavailable", `The ${what} could not be opened (${name}).`, { cause: error });
  }
}
