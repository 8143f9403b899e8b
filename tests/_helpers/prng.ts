// The emulator's seeded PRNG (mulberry32), for deterministic fuzzing.
export { mulberry32 } from "../../src/testing/faults.ts";

/** A random integer in [0, n). */
export function randInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** A random element. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[randInt(random, items.length)] as T;
}
