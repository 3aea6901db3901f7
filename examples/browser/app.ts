/**
 * The browser example's page logic: a talk button that connects through the app's own
 * relay (no Azure credential in the page), the microphone and the speaker as AudioWorklet
 * adapters, a live transcript, and a speaking / listening indicator.
 *
 * server.ts bundles this file with esbuild and serves it as /app.js; see docs/browser.md.
 *
 * First click: creates one AudioContext inside the click (so the browser lets it run),
 * connects to `ws(s)://<this origin>/voice` and attaches the microphone and the speaker.
 * Later clicks mute and unmute the microphone. When the user speaks over the assistant,
 * the pipeline clears the speaker and truncates the reply at what was actually heard.
 *
 * `window.__voicelive` is a read-only view of what happened, for DevTools and for the
 * end-to-end test (test/browser/e2e-relay.test.ts); a production page can drop it.
 */
import { connect, type AudioPipeline, type VoiceLiveSession } from "voicelive-client";
import { MicrophoneSource, SpeakerSink, resumeOnUserGesture } from "voicelive-client/browser";

/** The page's state, as the indicator shows it. */
type CallState = "idle" | "connecting" | "listening" | "speaking" | "muted" | "closed" | "error";

/** One entry of `window.__voicelive.log`: what happened, when (`performance.now()`), and its details. */
export interface ExampleLogEntry {
  readonly type: string;
  readonly atMs: number;
  readonly [detail: string]: unknown;
}

/** What `window.__voicelive` exposes. */
export interface ExampleDebugView {
  readonly log: readonly ExampleLogEntry[];
  readonly state: CallState;
  /** Milliseconds of an assistant item the speaker has played (the clock barge-in truncates by). */
  playedMs(itemId: string): number;
  /** True while assistant audio is queued or playing. */
  readonly playing: boolean;
  /** The AudioContext's sample rate, once the call started. */
  readonly contextSampleRate: number | undefined;
}

// Served by server.ts from WORKLET_MODULE_SOURCE: the page's CSP allows scripts from 'self'
// only, so the worklet module cannot come from a blob: URL.
const WORKLET_URL = "/voicelive-worklets.js";

const talkButton = element<HTMLButtonElement>("talk");
const stateLabel = element<HTMLElement>("state");
const transcriptList = element<HTMLOListElement>("transcript");
const errorLine = element<HTMLElement>("error");

const log: ExampleLogEntry[] = [];
let state: CallState = "idle";
let call: Call | undefined;

interface Call {
  readonly context: AudioContext;
  readonly source: MicrophoneSource;
  readonly sink: SpeakerSink;
  readonly session: VoiceLiveSession;
  readonly pipeline: AudioPipeline;
  muted: boolean;
}

const debugView: ExampleDebugView = {
  log,
  get state() {
    return state;
  },
  playedMs: (itemId) => call?.sink.playedMs(itemId) ?? 0,
  get playing() {
    return call?.sink.playing ?? false;
  },
  get contextSampleRate() {
    return call?.context.sampleRate;
  },
};
(window as unknown as { __voicelive: ExampleDebugView }).__voicelive = debugView;

talkButton.addEventListener("click", () => {
  if (call === undefined) void startCall();
  else void toggleMute(call);
});

async function startCall(): Promise<void> {
  talkButton.disabled = true;
  setState("connecting");
  // Created inside the click handler: browsers let a context made during a user gesture run.
  // resumeOnUserGesture covers browsers that still start it suspended (it retries on the next gesture).
  const context = new AudioContext({ latencyHint: "interactive" });
  const stopGestureWait = resumeOnUserGesture(context, document);
  const source = new MicrophoneSource({ audioContext: context, workletUrl: WORKLET_URL });
  const sink = new SpeakerSink({ audioContext: context, workletUrl: WORKLET_URL });
  let session: VoiceLiveSession | undefined;
  try {
    // Ask for the microphone before connecting, so a refusal costs no session.
    await source.start();
    await sink.start();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    // No credential: the server's relay decides who may connect and holds the Azure key.
    session = await connect({ url: `${scheme}//${location.host}/voice` });
    const pipeline = session.attachAudio({ source, sink });
    call = { context, source, sink, session, pipeline, muted: false };
    watch(call);
    record("connected", { sessionId: session.session?.id, contextSampleRate: context.sampleRate });
    talkButton.textContent = "Mute";
    talkButton.disabled = false;
    setState("listening");
  } catch (error) {
    stopGestureWait();
    await session?.close().catch(() => {});
    await source.close().catch(() => {});
    await sink.close({ drain: false }).catch(() => {});
    await context.close().catch(() => {});
    talkButton.disabled = false;
    fail(error);
  }
}

async function toggleMute(current: Call): Promise<void> {
  current.muted = !current.muted;
  // stop() pauses capture and keeps the microphone open; start() resumes it.
  await (current.muted ? current.source.stop() : current.source.start());
  talkButton.textContent = current.muted ? "Unmute" : "Mute";
  talkButton.setAttribute("aria-pressed", String(current.muted));
  record(current.muted ? "muted" : "unmuted", {});
  updateState(current);
}

function watch(current: Call): void {
  const { session, pipeline, sink } = current;
  const assistantLines = new Map<string, HTMLLIElement>();
  let speakingItem: string | undefined;

  session.on("input_audio_buffer.speech_started", (e) => record(e.type, { itemId: e.item_id, audioStartMs: e.audio_start_ms }));
  session.on("input_audio_buffer.speech_stopped", (e) => record(e.type, { itemId: e.item_id, audioEndMs: e.audio_end_ms }));
  session.on("conversation.item.input_audio_transcription.completed", (e) => {
    record(e.type, { itemId: e.item_id, transcript: e.transcript });
    addLine("user", "You", e.transcript);
  });
  const onAssistantText = (itemId: string, delta: string): void => {
    let line = assistantLines.get(itemId);
    if (line === undefined) {
      line = addLine("assistant", "Assistant", "");
      assistantLines.set(itemId, line);
    }
    line.lastChild!.textContent += delta;
  };
  session.on("response.audio_transcript.delta", (e) => onAssistantText(e.item_id, e.delta));
  session.on("response.text.delta", (e) => onAssistantText(e.item_id, e.delta));
  session.on("response.audio_transcript.done", (e) => record(e.type, { itemId: e.item_id, transcript: e.transcript }));
  session.on("response.done", (e) => record(e.type, { responseId: e.response.id, status: e.response.status }));
  // A service error (a refused update, say) is shown; the call goes on.
  session.on("error", (error) => showError(error));
  session.on("close", (info) => {
    record("close", { code: info.code, reason: info.reason });
    if (state !== "error") setState("closed");
    talkButton.disabled = true;
  });

  pipeline.on("speaking", ({ itemId }) => {
    speakingItem = itemId;
    record("speaking", { itemId });
    updateState(current);
  });
  pipeline.on("listening", ({ audioStartMs }) => record("listening", { audioStartMs }));
  pipeline.on("interrupted", ({ itemId, playedMs, truncatedMs }) => {
    record("interrupted", { itemId, playedMs, truncatedMs });
    assistantLines.get(itemId)?.classList.add("interrupted");
  });
  pipeline.on("error", (error) => showError(error));

  // The sink has no "finished" event: poll its `playing` flag to switch the indicator back.
  const timer = setInterval(() => {
    if (speakingItem !== undefined && !sink.playing) {
      record("playback.finished", { itemId: speakingItem, playedMs: sink.playedMs(speakingItem) });
      speakingItem = undefined;
    }
    updateState(current);
  }, 20);
  session.once("close", () => clearInterval(timer));
  addEventListener("pagehide", () => {
    void pipeline.stop({ drain: false }).finally(() => session.close());
  });
}

function updateState(current: Call): void {
  if (state === "error" || state === "closed") return;
  setState(current.sink.playing ? "speaking" : current.muted ? "muted" : "listening");
}

function setState(next: CallState): void {
  if (next === state) return;
  state = next;
  stateLabel.dataset.state = next;
  stateLabel.textContent = next;
  record("state", { state: next });
}

function addLine(role: "user" | "assistant", who: string, text: string): HTMLLIElement {
  const line = document.createElement("li");
  line.className = role;
  const label = document.createElement("span");
  label.className = "who";
  label.textContent = who;
  line.append(label, document.createTextNode(text));
  transcriptList.append(line);
  line.scrollIntoView({ block: "nearest" });
  return line;
}

function record(type: string, details: Readonly<Record<string, unknown>>): void {
  log.push({ type, atMs: performance.now(), ...details });
}

function showError(error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  record("error", { message });
  errorLine.textContent = message;
  errorLine.hidden = false;
}

function fail(error: unknown): void {
  showError(error);
  setState("error");
}

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`The page has no #${id} element.`);
  return found as T;
}
