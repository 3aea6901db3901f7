/**
 * Browsers start an AudioContext suspended until the user interacts with the page; this
 * resumes it on the first interaction.
 */

// The events Chromium, Firefox and Safari count as user activation for audio.
const GESTURE_EVENTS = ["pointerdown", "pointerup", "keydown", "touchend", "click"] as const;

/**
 * Resumes `context` on the first user gesture (pointer, key, touch or click) on `target`,
 * listening in the capture phase so no handler can swallow it. It tries once at once, and
 * stops listening when the context runs or closes. Returns a function that stops listening
 * early. Throws `TypeError` when `context` has no `resume()` or `target` is not an
 * `EventTarget`.
 */
export function resumeOnUserGesture(context: AudioContext, target: EventTarget = document): () => void {
  if (typeof context !== "object" || context === null || typeof context.resume !== "function") {
    throw new TypeError("context must be an AudioContext.");
  }
  if (typeof target !== "object" || target === null || typeof target.addEventListener !== "function") {
    throw new TypeError("target must be an EventTarget (the document by default).");
  }
  if (context.state === "running" || context.state === "closed") return () => {};
  let listening = true;
  const stop = (): void => {
    if (!listening) return;
    listening = false;
    for (const type of GESTURE_EVENTS) target.removeEventListener(type, onGesture, { capture: true });
    context.removeEventListener("statechange", onStateChange);
  };
  const resume = (): void => {
    // A refused resume() stays suspended; the next gesture tries again.
    context.resume().then(onStateChange, () => {});
  };
  function onGesture(): void {
    resume();
  }
  function onStateChange(): void {
    if (context.state === "running" || context.state === "closed") stop();
  }
  for (const type of GESTURE_EVENTS) target.addEventListener(type, onGesture, { capture: true });
  context.addEventListener("statechange", onStateChange);
  resume();
  return stop;
}
