/**
 * Internal: one piece of work (a token renewal, an app's login) that
 * concurrent calls wait for together, each with its own `AbortSignal`. A
 * caller whose signal aborts stops waiting at once; the work itself is
 * cancelled only when every caller has aborted (one that waits without a
 * signal keeps it going).
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
  join(signal: AbortSignal | undefined): Promise<T> {
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
