import type { VoiceLiveError } from "../errors/voice-live-error.js";
import type { VoiceLiveProtocolError } from "../errors/protocol-error.js";
import type { ResponseAudioDeltaEvent } from "../protocol/server-events.js";
import type { ServerEvent, ServerEventType } from "../protocol/server-event.js";

/** `response.audio.delta` as delivered: the wire fields plus the audio decoded once. */
export type AudioDeltaEvent = ResponseAudioDeltaEvent & {
  /** The `delta` bytes in the session's output format (PCM16 little-endian or G.711). */
  readonly audio: Uint8Array;
};

/** A validated server event of type `T`, as listeners receive it. */
export type ReceivedServerEvent<T extends ServerEventType = ServerEventType> = T extends "response.audio.delta"
  ? AudioDeltaEvent
  : Extract<ServerEvent, { type: T }>;

/**
 * A server event delivered without validation: a `type` this SDK does not know yet, or
 * a known type whose fields failed their schema (a `protocolError` precedes it).
 */
export interface UnknownServerEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

/**
 * What the catch-all `event` listener and the async iterator yield, typed as the known
 * events so that `switch (event.type)` narrows. Unknown types and events that failed
 * validation arrive there too, as received: `isValidatedServerEvent(event)` tells them apart.
 */
export type AnyServerEvent = ReceivedServerEvent;

/** How a connection closed. */
export interface CloseInfo {
  /** The WebSocket close code; 1006 when the connection dropped without a close frame. */
  readonly code: number;
  readonly reason: string;
  /** True when both sides exchanged close frames. */
  readonly wasClean: boolean;
}

/** Details of a reconnect attempt about to start. */
export interface ReconnectingInfo {
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** How long the SDK waits before this attempt. */
  readonly delayMs: number;
  /** Why the connection was lost. */
  readonly error: VoiceLiveError;
}

/** Details of a completed reconnect. */
export interface ReconnectedInfo {
  readonly attempt: number;
  /** Always true: a new socket is a new server session; the SDK replayed the last session configuration. */
  readonly sessionReset: true;
}

/** The session is about to reach the service's connection time cap. */
export interface SessionExpiringInfo {
  /** Milliseconds left before the service ends the connection. */
  readonly remainingMs: number;
}

/** A rotation to a fresh connection is starting (`rotate` option). */
export interface RotatingInfo {
  /**
   * `expiring`: a quiet moment came after `rotate.beforeExpiryMs`. `deadline`: none came by
   * `rotate.deadlineMs`; a response in progress was cancelled first.
   */
  readonly reason: "expiring" | "deadline";
}

/** The session now runs on a fresh connection that holds the replayed conversation. */
export interface RotatedInfo {
  /** Conversation items the new server session acknowledged. */
  readonly itemsReplayed: number;
  /** From `rotating` to the switch. */
  readonly durationMs: number;
  /** The new server session id (also in `session.state`). */
  readonly sessionId: string;
}

/** Events that describe the connection rather than the conversation. */
export interface LifecycleEvents {
  /** The socket is open and `session.created` arrived; fires again after each reconnect. */
  open: (info: { readonly sessionId: string }) => void;
  /** The connection closed for good (after any reconnect attempts). */
  close: (info: CloseInfo) => void;
  /**
   * An error not tied to a pending call: a server `error` event (as
   * `VoiceLiveServiceError`) that no helper is waiting on, or a connection failure.
   */
  error: (error: VoiceLiveError) => void;
  /** The connection dropped and a reconnect attempt is scheduled (`reconnect` option). */
  reconnecting: (info: ReconnectingInfo) => void;
  /** A reconnect succeeded; the server session is new. */
  reconnected: (info: ReconnectedInfo) => void;
  /** A frame could not be accepted; it never reaches a typed listener. */
  protocolError: (error: VoiceLiveProtocolError) => void;
  /** The service's connection time cap is near. */
  sessionExpiring: (info: SessionExpiringInfo) => void;
  /**
   * The session starts moving to a fresh connection ahead of the time cap. Sends made
   * until `rotated` wait in the queue and go out, in order, on the new connection.
   */
  rotating: (info: RotatingInfo) => void;
  /** The move is done: same session object, new server session, no `close` in between. */
  rotated: (info: RotatedInfo) => void;
  /** Every server event in arrival order, known or not, validated or not. */
  event: (event: AnyServerEvent) => void;
}

/**
 * One listener key per server event `type`, its payload narrowed to that event. The
 * server's `error` event is the exception: it arrives on the lifecycle `error` key as a
 * `VoiceLiveServiceError` (and raw on `event`).
 */
export type ServerEventListeners = {
  [T in Exclude<ServerEventType, "error">]: (event: ReceivedServerEvent<T>) => void;
};

/** The full event map of a `VoiceLiveSession` (eventemitter3 style: key → listener). */
export type VoiceLiveEvents = ServerEventListeners & LifecycleEvents;
