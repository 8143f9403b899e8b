/**
 * Internal: one piece of work (a token renewal, an app's login) that
 * concurrent calls wait for together, each with its own `AbortSignal`. A
 * caller whose signal aborts stops waiting at once; the work itself is
 * cancelled only when every caller has aborted (one that waits without a
 * signal keeps it going).
 *
 * The work's error is made inside the work, whose promise several callers
 * may wait on: V8's async stack follows a promise with one reaction only
 * (see the constructor), so with several callers an app's failed token
 * request read as SDK frames only, without the line of the program (or
 * notebook cell) that made the call. The first caller to get a work's error
 * adds its own callers' frames under the error's, leaving out lines it
 * already shows (once per work, so callers' frames never mix).
 *
 * @module
 */
import { followSignal } from "./_signal_followers.ts";

/** Shared work and who waits for it. */
export class SharedWork<T> {
  /** Settles with the work. */
  readonly promise: Promise<T>;
  readonly #controller = new AbortController();
  /** Waiting callers with a signal not yet aborted. */
  #waiting = 0;
  /** A caller waits without a signal: the work is never cancelled. */
  #held = false;
  /** A caller added its frames to the work's error. */
  #extended = false;

  /**
   * Starts the work.
   *
   * @param run The work; it is cancelled through the signal it is given.
   * @param uncancellable Never cancel it (callers still stop waiting).
   */
  constructor(
    run: (signal: AbortSignal) => Promise<T>,
    uncancellable = false,
  ) {
    this.#held = uncancellable;
    // No reaction of its own on the work's promise (such as a `catch` for a
    // work whose callers all aborted): V8's async stack trace follows a
    // promise only while it has one reaction, so an error from the work
    // (a login's, a renewal's) then shows the caller's line. Every caller
    // joins at once, and one that aborts still listens (see join()).
    this.promise = run(this.#controller.signal);
  }

  /**
   * Whether every caller aborted and the work was cancelled: a new caller
   * starts new work instead of joining this one (which is still settling).
   *
   * @returns `true` once cancelled.
   */
  get cancelled(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Waits for the work until `signal` aborts: then rejects with its reason,
   * and cancels the work when no one else waits for it.
   *
   * @param signal The caller's signal, if any.
   * @returns The work's result.
   */
  async join(signal: AbortSignal | undefined): Promise<T> {
    try {
      return await this.#wait(signal);
    } catch (err) {
      if (err !== signal?.reason && !this.#extended) {
        this.#extended = true;
        withCallerFrames(err);
      }
      throw err;
    }
  }

  /** Waits for the work until `signal` aborts (see {@linkcode join}). */
  #wait(signal: AbortSignal | undefined): Promise<T> {
    if (!signal) {
      this.#held = true;
      return this.promise;
    }
    if (signal.aborted) {
      // This caller never listens: the work must not reject unhandled.
      this.promise.catch(() => undefined);
      return Promise.reject(signal.reason);
    }
    return this.#joinUntil(signal);
  }

  async #joinUntil(signal: AbortSignal): Promise<T> {
    this.#waiting++;
    let unfollow!: () => void;
    const aborted = new Promise<never>((_resolve, reject) => {
      // One listener on a signal many calls share (followSignal).
      unfollow = followSignal(signal, () => {
        unfollow();
        this.#waiting--;
        if (this.#waiting === 0 && !this.#held) {
          this.#controller.abort(signal.reason);
        }
        reject(signal.reason);
      });
    });
    try {
      // Promise.race reacts to the work with its own resolving functions,
      // which V8's async stack trace follows to this await (a `then` with
      // handlers of ours ended an error's stack inside the work).
      return await Promise.race([this.promise, aborted]);
    } finally {
      unfollow();
    }
  }
}

/** How many caller frames are kept (V8's default is 10). */
const CALLER_FRAMES = 50;

/**
 * Adds the frames of whoever awaits the caller (its async stack) under
 * `err`'s own, leaving out lines it already shows.
 *
 * @param err The work's error.
 */
function withCallerFrames(err: unknown): void {
  if (!(err instanceof Error)) return;
  const d = Object.getOwnPropertyDescriptor(err, "stack");
  if (!d || !(d.writable || d.set)) return;
  const stack = err.stack;
  if (typeof stack !== "string") return;
  const limit = Error.stackTraceLimit;
  const raise = typeof limit === "number" && limit < CALLER_FRAMES;
  if (raise) Error.stackTraceLimit = CALLER_FRAMES;
  const here = new Error().stack ?? "";
  if (raise) Error.stackTraceLimit = limit;
  const shown = new Set(stack.split("\n"));
  // The first two frames are this function's and join's.
  const added = here.split("\n").filter((l) => /^\s+at /.test(l)).slice(2)
    .filter((l) => !shown.has(l));
  if (added.length > 0) err.stack = `${stack}\n${added.join("\n")}`;
}
