import { VoiceLiveConnectionError } from "../errors/connection-error.js";
import { VoiceLiveServiceError } from "../errors/service-error.js";
import { VoiceLiveError } from "../errors/voice-live-error.js";
import { decode, encode } from "../events/codec.js";
import type { ReceivedServerEvent } from "../events/event-map.js";
import type { ConversationRequestItem } from "../protocol/items.js";
import type { RequestSession, ResponseSession } from "../protocol/session.js";
import type { Transport } from "../transport/transport.js";
import { selectHistory, toReplayItems, type ConversationHistory } from "./conversation-history.js";
import { logger } from "./logger.js";
import { PendingRequests } from "./pending-requests.js";
import type { RetryPolicy } from "./retry-policy.js";
import { openWithRetries, type ConnectionTarget } from "./session-connection.js";

/** Where replayed events go and how their acknowledgements are awaited. */
export interface ReplayLink {
  send(text: string): void;
  wait(eventId: string, matches: (event: ReceivedServerEvent) => boolean): Promise<ReceivedServerEvent>;
}

let counter = 0;
const replayEventId = (): string => `replay_${(++counter).toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** Rejects after `timeoutMs` with a retryable timeout; the timer never outlives the promise. */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new VoiceLiveConnectionError("handshake_timeout", `${what} did not finish within ${timeoutMs} ms.`, { retryable: true })),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Sends one `conversation.item.create` per item, in order, without waiting in between,
 * then waits for every `conversation.item.created`. An item the service (or validation)
 * refuses is skipped with a warning; a lost connection rejects. Resolves with the count created.
 */
export async function replayItems(link: ReplayLink, items: readonly ConversationRequestItem[], timeoutMs: number): Promise<number> {
  const acks: Promise<boolean>[] = [];
  for (const item of items) {
    const eventId = replayEventId();
    let text: string;
    try {
      text = encode({ type: "conversation.item.create", event_id: eventId, item });
    } catch (error) {
      logger.warning(`history item ${item.id ?? "(no id)"} skipped: ${error instanceof VoiceLiveError ? error.code : "invalid"}`);
      continue;
    }
    const ack = link.wait(eventId, (e) => e.type === "conversation.item.created" && e.item?.id === item.id);
    acks.push(
      ack.then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof VoiceLiveServiceError)) throw error;
          logger.warning(`history item ${item.id ?? "(no id)"} refused by the service (${error.code})`);
          return false;
        },
      ),
    );
    link.send(text);
  }
  const created = await withTimeout(Promise.all(acks), timeoutMs, "Replaying the conversation");
  return created.filter(Boolean).length;
}

/** A second connection, configured and holding the replayed conversation, not yet in use. */
export interface PreparedConnection {
  readonly transport: Transport;
  readonly sessionId: string;
  /** The effective configuration from its latest `session.created` / `session.updated`. */
  readonly session: ResponseSession;
  /** Replays more items on it (those created on the old connection meanwhile). */
  replay(items: readonly ConversationRequestItem[]): Promise<number>;
  /** Abandons it with close code 1000. */
  discard(): void;
  /** Set when the connection closed before the session adopted it. */
  readonly closed: { readonly code: number; readonly reason: string } | undefined;
}

/**
 * Opens a connection and brings it up to date out of the app's sight: waits for
 * `session.created`, sends the last configuration and the items, and waits for every
 * acknowledgement. Its events go nowhere until the caller attaches its own handlers.
 * @throws VoiceLiveError when the connection, the configuration or the replay fails.
 */
export async function prepareConnection(
  target: ConnectionTarget,
  policy: RetryPolicy,
  signal: AbortSignal,
  configured: RequestSession,
  items: readonly ConversationRequestItem[],
): Promise<PreparedConnection & { readonly itemsReplayed: number }> {
  const transport = await openWithRetries(target, policy, signal);
  const pending = new PendingRequests();
  let session: ResponseSession | undefined;
  let closed: { code: number; reason: string } | undefined;
  const created = pending.wait("", (e) => e.type === "session.created");
  transport.handlers = {
    message: (frame) => {
      const result = decode(frame);
      if (result.kind !== "event") return;
      const event = result.event;
      if (event.type === "error") {
        const error = new VoiceLiveServiceError(event.error, event.event_id);
        const eventId = event.error.event_id;
        if (!(eventId && pending.rejectByEventId(eventId, error))) logger.warning(`the new connection reported ${error.code}`);
        return;
      }
      if (event.type === "session.created" || event.type === "session.updated") session = event.session;
      pending.resolve(event);
    },
    close: (code, reason) => {
      closed = { code, reason };
      pending.rejectAll(`The new connection closed (code ${code}) while it was being prepared.`);
    },
    pong: () => {},
  };
  const link: ReplayLink = { send: (text) => transport.send(text), wait: (eventId, matches) => pending.wait(eventId, matches) };
  const discard = () => {
    pending.rejectAll("The new connection was abandoned.");
    transport.close(1000, "");
  };
  const onAbort = () => discard();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const timeoutMs = target.connectTimeoutMs;
    const first = (await withTimeout(created, timeoutMs, "Waiting for session.created")) as ReceivedServerEvent<"session.created">;
    if (Object.keys(configured).length > 0) {
      const eventId = replayEventId();
      const updated = pending.wait(eventId, (e) => e.type === "session.updated");
      transport.send(encode({ type: "session.update", event_id: eventId, session: configured }));
      await withTimeout(updated, timeoutMs, "Replaying the session configuration");
    }
    const itemsReplayed = await replayItems(link, items, timeoutMs);
    return {
      transport,
      sessionId: first.session.id,
      get session() {
        return session ?? first.session;
      },
      get closed() {
        return closed;
      },
      itemsReplayed,
      replay: (more) => replayItems(link, more, timeoutMs),
      discard,
    };
  } catch (error) {
    discard();
    throw signal.aborted ? signal.reason : error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * After a reconnect: sends the last configuration (its reply awaited ahead of any app
 * call queued meanwhile), then the history kept by `mode`, which becomes the session's.
 */
export async function restoreSession(
  transport: Transport,
  pending: PendingRequests,
  signal: AbortSignal,
  restore: { readonly configured: RequestSession; readonly history: ConversationHistory; readonly mode: Parameters<typeof selectHistory>[1] },
  timeoutMs: number,
): Promise<void> {
  if (Object.keys(restore.configured).length > 0) {
    const eventId = replayEventId();
    // First in line: an app update queued meanwhile must not take this reply.
    const reply = pending.wait(eventId, (e) => e.type === "session.updated", signal, true);
    transport.send(encode({ type: "session.update", event_id: eventId, session: restore.configured }));
    await withTimeout(reply, timeoutMs, "Replaying the session configuration");
  }
  const link: ReplayLink = { send: (text) => transport.send(text), wait: (id, matches) => pending.wait(id, matches, signal) };
  await restoreHistory(restore.history, restore.mode, link, timeoutMs);
}

/**
 * Replays the history kept by `mode` into a new server session and makes it the
 * session's history; with nothing kept, the history is simply forgotten.
 */
export async function restoreHistory(
  history: ConversationHistory,
  mode: Parameters<typeof selectHistory>[1],
  link: ReplayLink,
  timeoutMs: number,
): Promise<void> {
  const kept = selectHistory(history.items, mode);
  if (kept.length > 0) await replayItems(link, toReplayItems(kept), timeoutMs);
  history.replace(kept);
}
