/**
 * The emulator's notion of "now", injectable so tests can expire tokens,
 * codes and task deadlines without sleeping.
 *
 * @module
 */

/** A source of the current time (structurally compatible with the SDK's `Clock`). */
export interface EmulatorClock {
  /** Milliseconds since the epoch. */
  now(): number;
}

/** The real clock (`Date.now()`). */
export const realClock: EmulatorClock = { now: () => Date.now() };
