/**
 * Internal: many attempts following one caller's `AbortSignal` through one
 * listener on it. Calls running at once with one shared signal (a
 * service's shutdown signal) each added an `abort` listener, and the
 * eleventh made Node 20 and Deno print `MaxListenersExceededWarning:
 * Possible EventTarget memory leak detected` — no leak (each was removed
 * when its attempt ended), but noise in a service's log.
 *
 * @module
 */

/** The followers of one signal, and the one listener that calls them. */
interface Followers {
  readonly set: Set<() => void>;
  readonly onAbort: () => void;
}

const bySignal = new WeakMap<AbortSignal, Followers>();

/**
 * Calls `follower` when `signal` aborts, until the returned function is
 * called.
 *
 * @param signal The caller's signal.
 * @param follower What to do on abort (read `signal.reason` there).
 * @returns Stops following.
 */
export function followSignal(
  signal: AbortSignal,
  follower: () => void,
): () => void {
  let entry = bySignal.get(signal);
  if (entry === undefined) {
    const set = new Set<() => void>();
    const made: Followers = {
      set,
      onAbort: () => {
        for (const f of [...set]) f();
      },
    };
    signal.addEventListener("abort", made.onAbort);
    bySignal.set(signal, made);
    entry = made;
  }
  const { set, onAbort } = entry;
  set.add(follower);
  return () => {
    if (!set.delete(follower) || set.size > 0) return;
    signal.removeEventListener("abort", onAbort);
    if (bySignal.get(signal) === entry) bySignal.delete(signal);
  };
}
