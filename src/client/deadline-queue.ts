/**
 * Deadlines of every session in the process on one runtime timer. Each connect arms a
 * deadline and almost always cancels it within a millisecond, and each open session has
 * an expiry an hour away: with a runtime timer each, a connect spent more on making and
 * clearing timers (Node builds, lists and ref-counts every one) than on anything else of
 * its own. Here a deadline is a list entry; the timer is armed for the earliest one and,
 * when an entry is cancelled, left to fire and re-arm for whatever is then earliest.
 *
 * The timer is unref'd: what waits on a deadline holds a socket, which keeps a process
 * alive anyway. Fake timers are followed: a deadline scheduled after the global
 * `setTimeout` was replaced (or restored) re-arms with the current one.
 */

/** What a deadline calls when it passes. */
export interface Expirable {
  expire(): void;
}

/** One scheduled deadline. */
export class Deadline {
  /** @internal */ prev: Deadline | undefined;
  /** @internal */ next: Deadline | undefined;
  /** @internal */ queued = true;

  /** @internal Use `scheduleDeadline`. */
  constructor(
    /** @internal */ readonly due: number,
    /** @internal */ readonly target: Expirable,
  ) {}

  /** Stops the deadline; nothing happens once it has passed or been cancelled. */
  cancel(): void {
    if (this.queued) unlink(this);
  }
}

let head: Deadline | undefined;
let tail: Deadline | undefined;
/** The runtime timer, when armed, and the time it was armed for. */
let timer: ReturnType<typeof setTimeout> | undefined;
let armedDue = Number.POSITIVE_INFINITY;
/** The `setTimeout` that armed it (a different one now means fake timers came or went) and its `clearTimeout`. */
let armedWith: typeof setTimeout | undefined;
let clearWith: typeof clearTimeout = clearTimeout;

const now = (): number => performance.now();

/** Calls `target.expire()` once `delayMs` have passed, unless the deadline is cancelled first. */
export function scheduleDeadline(target: Expirable, delayMs: number): Deadline {
  const due = now() + delayMs;
  const deadline = new Deadline(due, target);
  if (tail === undefined) head = deadline;
  else {
    tail.next = deadline;
    deadline.prev = tail;
  }
  tail = deadline;
  if (due < armedDue || armedWith !== globalThis.setTimeout) arm(due);
  return deadline;
}

function unlink(deadline: Deadline): void {
  deadline.queued = false;
  const { prev, next } = deadline;
  if (prev === undefined) head = next;
  else prev.next = next;
  if (next === undefined) tail = prev;
  else next.prev = prev;
  deadline.prev = deadline.next = undefined;
}

function arm(due: number): void {
  if (timer !== undefined) clearWith(timer);
  armedDue = due;
  armedWith = globalThis.setTimeout;
  clearWith = globalThis.clearTimeout;
  timer = setTimeout(fire, Math.max(0, due - now()));
  (timer as { unref?: () => void }).unref?.();
}

/**
 * The timer fired: every deadline due by then passes, and the timer re-arms for the
 * earliest left. "By then" is the later of the clock and the time the timer was armed
 * for, so a timer that fires still ends what it was armed for, even on a clock that a
 * test's fake timers leave alone.
 */
function fire(): void {
  timer = undefined;
  armedWith = undefined;
  const reached = Math.max(now(), armedDue);
  armedDue = Number.POSITIVE_INFINITY;
  const passed: Deadline[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  for (let deadline = head; deadline !== undefined; deadline = deadline.next) {
    if (deadline.due <= reached) passed.push(deadline);
    else if (deadline.due < earliest) earliest = deadline.due;
  }
  if (earliest !== Number.POSITIVE_INFINITY) arm(earliest);
  // One at a time: what a deadline runs may cancel another that passed with it.
  for (const deadline of passed) {
    if (!deadline.queued) continue;
    unlink(deadline);
    try {
      deadline.target.expire();
    } catch (error) {
      // Thrown where a timer callback's exception would be, after the others have run.
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}
