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
 * @module
 */

interface Pending {
  at: number;
  controller: AbortController;
}

const pending = new Set<Pending>();
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
    timer.addEventListener("abort", onFire, { once: true });
    listening = true;
  }
}

function unlisten(): void {
  if (listening && timer !== undefined) {
    timer.removeEventListener("abort", onFire);
    listening = false;
  }
}

function arm(at: number): void {
  // A timer armed before for later still fires, with no one listening.
  unlisten();
  timer = AbortSignal.timeout(Math.max(0, Math.ceil(at - performance.now())));
  timerAt = at;
  listen();
}

function fire(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (const entry of pending) {
    if (entry.at <= now) {
      pending.delete(entry);
      entry.controller.abort(new DOMException("timed out", "TimeoutError"));
    } else if (entry.at < next) {
      next = entry.at;
    }
  }
  if (next < Infinity) arm(next);
}

/**
 * A signal that aborts with a `TimeoutError` `DOMException` (as
 * `AbortSignal.timeout(ms)`'s) after `ms` milliseconds, and a function that
 * cancels it once the attempt is over.
 *
 * @param ms The timeout.
 * @returns The signal and its cancel function.
 */
export function deadlineSignal(
  ms: number,
): { signal: AbortSignal; cancel: () => void } {
  const entry: Pending = {
    at: performance.now() + ms,
    controller: new AbortController(),
  };
  pending.add(entry);
  // A timer armed for a later time is moved up (and one that has fired
  // unheard is replaced); an earlier one will re-arm for this entry when it
  // fires.
  if (timer === undefined || timer.aborted || entry.at < timerAt) {
    arm(entry.at);
  } else {
    listen();
  }
  return {
    signal: entry.controller.signal,
    cancel: () => {
      pending.delete(entry);
      if (pending.size === 0) unlisten();
    },
  };
}

/** How many attempts are waiting on a deadline (for tests). */
export function pendingDeadlines(): number {
  return pending.size;
}
