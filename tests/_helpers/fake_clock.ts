/**
 * A fake clock. Sleeps shorter than `autoLimitMs` complete at once and move
 * time forward; longer ones (and all of them with `autoLimitMs: 0`) wait
 * until `advance()` passes their deadline. `sleeps` lists every completed
 * sleep, in order (aborted sleeps, such as request timeouts that did not
 * fire, are not listed).
 */
import type { Clock } from "../../src/core/clock.ts";

export interface FakeClock extends Clock {
  /** Completed sleeps, in ms, in order. */
  sleeps: number[];
  /** Moves time forward, waking sleepers whose deadline passed. */
  advance(ms: number): Promise<void>;
  /** Sets the time. */
  set(ms: number): void;
  /** Sleeps still waiting. */
  pending(): number;
}

export interface FakeClockOptions {
  startMs?: number;
  /** Sleeps below this complete at once. @default 30_000 */
  autoLimitMs?: number;
}

export function fakeClock(options: FakeClockOptions = {}): FakeClock {
  let now = options.startMs ?? 1_700_000_000_000;
  const autoLimit = options.autoLimitMs ?? 30_000;
  const sleepers: {
    at: number;
    ms: number;
    resolve: () => void;
  }[] = [];
  const sleeps: number[] = [];
  const clock: FakeClock = {
    sleeps,
    now: () => now,
    set(ms) {
      now = ms;
    },
    pending: () => sleepers.length,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (ms < autoLimit) {
        now += Math.max(0, ms);
        sleeps.push(ms);
        return Promise.resolve();
      }
      return new Promise((resolve, reject) => {
        const entry = { at: now + ms, ms, resolve };
        sleepers.push(entry);
        signal?.addEventListener("abort", () => {
          const i = sleepers.indexOf(entry);
          if (i >= 0) sleepers.splice(i, 1);
          reject(signal.reason);
        }, { once: true });
      });
    },
    async advance(ms) {
      now += ms;
      for (const s of [...sleepers].sort((a, b) => a.at - b.at)) {
        if (s.at <= now) {
          sleepers.splice(sleepers.indexOf(s), 1);
          sleeps.push(s.ms);
          s.resolve();
        }
      }
      for (let i = 0; i < 10; i++) await Promise.resolve();
    },
  };
  return clock;
}
