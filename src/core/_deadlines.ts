/**
 * Attempt timeouts on the real clock, all on one timer.
 *
 * `AbortSignal.timeout()` cannot be cancelled: each attempt's timer stayed
 * pending for the whole timeout (60 s by default) after the response had
 * arrived, keeping the signal and the fetch's abort steps alive — 10,000
 * quick requests held ~4 MiB more heap and ~80 MiB more RSS. A timer per
 * attempt, cleared when it ends, costs two timer operations per request.
 * Here every pending attempt is a set entry, and one timer wakes at the
 * earliest deadline.
 *
 * That one timer is itself an `AbortSignal.timeout()`, re-armed only when
 * an earlier deadline arrives or when it has fired: on Deno 2.9 the first
 * `setTimeout` of a process loads a timers layer (~9 ms and ~3.5 MiB RSS
 * at start-up), which `AbortSignal.timeout()` does not. Its abort listener
 * is attached only while attempts are pending — a timeout signal with a
 * listener keeps the process alive, one without does not — so a script
 * exits as soon as its last request is done.
 *
 * On Node (and any runtime but Deno) the one timer is an unref'd
 * `setTimeout` instead, left armed when the last attempt ends (it then
 * fires once with nothing to do): Node loads its timers with itself, its
 * `AbortSignal.timeout()` costs ~0.8 ms more on first use (a cold start
 * to the first request), and adding and removing the abort listener on
 * every request costs Node's JavaScript EventTarget more than a set entry.
 * An unref'd timer does not keep the process alive either (a request's
 * socket does).
 *
 * @module
 */
import { isDeno } from "./runtime.ts";

/**
 * One attempt's deadline: its signal, and `cancel()` for when the attempt
 * is over. One object per attempt (no closure or result object besides).
 */
export class Deadline {
  /** When it times out, on `performance.now()`'s clock. */
  readonly at: number;
  /** Whether the signal aborted because the time was up. */
  timedOut = false;
  readonly #controller: AbortController = new AbortController();

  constructor(at: number) {
    this.at = at;
  }

  /** Aborts with a `TimeoutError` `DOMException` when the time is up. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Ends the wait (the attempt is over). */
  cancel(): void {
    pending.delete(this);
    if (pending.size === 0 && !NODE_TIMER) unlisten();
  }

  /**
   * Aborts the attempt for another reason (a caller's signal); a later
   * timeout changes nothing.
   */
  abort(reason: unknown): void {
    this.#controller.abort(reason);
  }

  /** Times the attempt out (unless it was aborted already). */
  expire(): void {
    pending.delete(this);
    if (this.#controller.signal.aborted) return;
    this.timedOut = true;
    this.#controller.abort(new DOMException("timed out", "TimeoutError"));
  }
}

const pending = new Set<Deadline>();
/** Whether the one timer is a `setTimeout` (everywhere but Deno). */
const NODE_TIMER = !isDeno;
/** The armed `setTimeout` (with {@linkcode NODE_TIMER}). */
let handle: ReturnType<typeof setTimeout> | undefined;
/**
 * The armed timer (held here so that it is not collected: Node stops the
 * timer of a collected `AbortSignal.timeout()`).
 */
let timer: AbortSignal | undefined;
/** When the armed timer fires (`Infinity` when none is armed). */
let timerAt = Infinity;
/** Whether {@linkcode onFire} listens to the armed timer. */
let listening = false;

function onFire(): void {
  listening = false;
  fire();
}

function listen(): void {
  if (!listening && timer !== undefined) {
    // No { once } options to convert on every listen: onFire is idempotent
    // and a fired timer is dropped.
    timer.addEventListener("abort", onFire);
    listening = true;
  }
}

function unlisten(): void {
  if (listening && timer !== undefined) {
    timer.removeEventListener("abort", onFire);
    listening = false;
  }
}

/**
 * The longest timer: Node takes a longer one for 1 ms (with a warning), so
 * a later deadline is met by re-arming when this one fires.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

function arm(at: number): void {
  const ms = Math.min(
    MAX_TIMER_MS,
    Math.max(0, Math.ceil(at - performance.now())),
  );
  timerAt = at;
  if (NODE_TIMER) {
    if (handle !== undefined) clearTimeout(handle);
    handle = setTimeout(fire, ms);
    // Not in browsers, whose pages do not wait for timers.
    (handle as { unref?: () => void }).unref?.();
    return;
  }
  // A timer armed before for later still fires, with no one listening.
  unlisten();
  timer = AbortSignal.timeout(ms);
  listen();
}

function fire(): void {
  timer = undefined;
  handle = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const entry of pending) {
    if (entry.at <= now) {
      entry.expire();
    } else if (entry.at < next) {
      next = entry.at;
    }
  }
  if (next < Infinity) arm(next);
}

/**
 * A deadline whose signal aborts with a `TimeoutError` `DOMException` (as
 * `AbortSignal.timeout(ms)`'s) after `ms` milliseconds; `cancel()` it once
 * the attempt is over.
 *
 * @param ms The timeout.
 * @returns The deadline.
 */
export function deadlineSignal(ms: number): Deadline {
  const entry = new Deadline(performance.now() + ms);
  pending.add(entry);
  // A timer armed for a later time is moved up (and one that has fired
  // unheard is replaced); an earlier one will re-arm for this entry when it
  // fires.
  if (NODE_TIMER) {
    if (handle === undefined || entry.at < timerAt) arm(entry.at);
  } else if (timer === undefined || timer.aborted || entry.at < timerAt) {
    arm(entry.at);
  } else {
    listen();
  }
  return entry;
}

/** How many attempts are waiting on a deadline (for tests). */
export function pendingDeadlines(): number {
  return pending.size;
}
