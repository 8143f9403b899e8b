/**
 * Runs a test body with some environment variables set and the others of a
 * list unset, restoring them all afterwards (Deno and Node alike).
 */
import process from "node:process";

/**
 * Runs `fn` with `vars` set and every other name in `names` unset.
 *
 * @param names The variables the test controls.
 * @param vars The values to set (a subset of `names`).
 * @param fn The test body.
 */
export async function withEnv(
  names: readonly string[],
  vars: Record<string, string>,
  fn: () => void | Promise<void>,
): Promise<void> {
  const saved = names.map((name) => [name, process.env[name]] as const);
  for (const name of names) delete process.env[name];
  Object.assign(process.env, vars);
  try {
    await fn();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
