/**
 * Runs a test body with environment variables set or unset, restoring them
 * afterwards (Deno and Node alike).
 */
import process from "node:process";

/**
 * Runs `fn` with each variable of `vars` set to its value, or unset where
 * the value is `undefined`; restores them when `fn` returns, or when the
 * promise it returns settles.
 *
 * @param vars Name → value (`undefined`: unset).
 * @param fn The test body.
 * @returns What `fn` returns (awaitable when it is).
 */
export function withEnv<R extends void | Promise<void>>(
  vars: Record<string, string | undefined>,
  fn: () => R,
): R {
  const saved = Object.keys(vars).map((k) => [k, process.env[k]] as const);
  const set = (entries: readonly (readonly [string, string | undefined])[]) => {
    for (const [k, v] of entries) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(Object.entries(vars));
  let result: R;
  try {
    result = fn();
  } catch (e) {
    set(saved);
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => set(saved)) as R;
  }
  set(saved);
  return result;
}
