/**
 * The clock seam: every wait and every "now" in globus-deno goes through a
 * {@linkcode Clock}, so tests can run with a fake one and never sleep.
 *
 * @module
 */
import { followSignal } from "./_signal_followers.ts";

/** A source of time and of abortable sleeps. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with the signal's reason when
   * it aborts.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example Sleep for a moment
 * ```ts
 * import { systemClock } from "@globus-deno/sdk";
 * await systemClock.sleep(1);
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      // One listener on a signal many waits share (a service's shutdown
      // signal given to 20 taskWait calls, or to calls waiting out an
      // outage): one each made Node 20 warn MaxListenersExceededWarning.
      let unfollow: (() => void) | undefined;
      const timer = setTimeout(() => {
        unfollow?.();
        resolve();
      }, Math.max(0, ms));
      if (signal) {
        unfollow = followSignal(signal, () => {
          unfollow?.();
          clearTimeout(timer);
          reject(signal.reason);
        });
      }
    });
  },
};

/**
 * Seconds since the epoch, as a whole number, from a clock.
 *
 * @param clock The clock to read.
 * @returns Whole seconds since the epoch (rounded down).
 *
 * @example Read a fixed clock
 * ```ts
 * import { type Clock, nowSeconds } from "@globus-deno/sdk";
 * const fixed: Clock = {
 *   now: () => 1_700_000_000_750,
 *   sleep: () => Promise.resolve(),
 * };
 * console.log(nowSeconds(fixed)); // 1700000000
 * ```
 */
export function nowSeconds(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
