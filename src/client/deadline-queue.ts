/**
 * Deadlines of every session in the process on one runtime timer. Each connect arms a
 * deadline and almost always cancels it within a millisecond, and each open session has
 * an expiry an hour away: with a runtime timer each (Node builds, lists and ref-counts
 * every one), marked timings put them at about 19 µs of an early connect. Here a deadline
 * is a list entry; the timer is armed for the earliest one and, when an entry is
 * cancelled, left to fire and re-arm for whatever is then earliest.
 *
 * The timer keeps the process alive while a deadline scheduled with `keepAlive` is queued
 * (an attempt through an app's transport, which may hold no handle of its own, as the
 * attempt's own timer did), and not for the others: an attempt through the SDK's socket,
 * which keeps the process alive itself, and an open session's expiry notice. Fake timers are
 * followed: a deadline scheduled after the global `setTimeout` was replaced (or restored)
 * re-arms with the current one. (A test that switches between fake and real timers with
 * deadlines queued may see those expire early on the other clock: it should end them first.)
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
    /** @internal */ readonly keepAlive: boolean,
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
/** Queued deadlines that keep the process alive: the timer is ref'd while there are any. */
let keepingAlive = 0;

const now = (): number => performance.now();

/**
 * Calls `target.expire()` once `delayMs` have passed, unless the deadline is cancelled
 * first; with `keepAlive`, the process stays alive until then.
 */
export function scheduleDeadline(target: Expirable, delayMs: number, keepAlive = false): Deadline {
  const due = now() + delayMs;
  const deadline = new Deadline(due, target, keepAlive);
  if (tail === undefined) head = deadline;
  else {
    tail.next = deadline;
    deadline.prev = tail;
  }
  tail = deadline;
  if (keepAlive && keepingAlive++ === 0) setRef(true);
  if (due < armedDue) arm(due);
  // Fake timers came or went: the timer that was armed may never fire.
  else if (armedWith !== globalThis.setTimeout) arm(armedDue);
  return deadline;
}

function unlink(deadline: Deadline): void {
  deadline.queued = false;
  if (deadline.keepAlive && --keepingAlive === 0) setRef(false);
  const { prev, next } = deadline;
  if (prev === undefined) head = next;
  else prev.next = next;
  if (next === undefined) tail = prev;
  else next.prev = prev;
  deadline.prev = deadline.next = undefined;
}

/** The longest delay a runtime timer takes (2^31 - 1 ms); a longer one would fire at once. */
const MAX_DELAY_MS = 2_147_483_647;

/** Arms the timer for `due`, or for as far as a timer reaches, counting from `from`. */
function arm(due: number, from = now()): void {
  if (timer !== undefined) clearWith(timer);
  // Whole milliseconds, rounded up: a runtime timer drops the fraction, and would fire early.
  const delayMs = Math.min(Math.max(0, Math.ceil(due - from)), MAX_DELAY_MS);
  armedDue = from + delayMs;
  armedWith = globalThis.setTimeout;
  clearWith = globalThis.clearTimeout;
  timer = setTimeout(fire, delayMs);
  if (keepingAlive === 0) setRef(false);
}

/** Whether the timer keeps the process alive (Node); browsers' timers have no such switch. */
function setRef(ref: boolean): void {
  const handle = timer as { ref?: () => void; unref?: () => void } | undefined;
  if (ref) handle?.ref?.();
  else handle?.unref?.();
}

/**
 * The timer fired: every deadline due by then passes, and the timer re-arms for the
 * earliest left. "By then" is the later of the clock and the time the timer was armed
 * for, so a timer that fires ends what it was armed for even on a clock that a test's
 * fake timers leave alone.
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
  // Counted from the time reached, so each timer's delay is what it says on any clock.
  if (earliest !== Number.POSITIVE_INFINITY) arm(earliest, reached);
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
