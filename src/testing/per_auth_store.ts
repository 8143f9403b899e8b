/**
 * State kept per emulator alongside its Auth state (bookmarks, pause rules,
 * tunnels): one object per {@linkcode AuthStore}, made on first use, so the
 * state file can load into it before the Transfer service exists.
 *
 * @module
 */
import type { AuthStore } from "./auth_store.ts";

/**
 * A getter for one object per Auth state.
 *
 * @param make Makes the object for an Auth state that has none yet.
 * @returns The getter: the object of an emulator's Auth state.
 */
export function perAuthStore<T extends object>(
  make: () => T,
): (auth: AuthStore) => T {
  const objects = new WeakMap<AuthStore, T>();
  return (auth) => {
    let o = objects.get(auth);
    if (!o) {
      o = make();
      objects.set(auth, o);
    }
    return o;
  };
}
