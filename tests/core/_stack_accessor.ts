/**
 * Test helper: an error's `stack` that the SDK rewrites stays what Deno's V8
 * makes it: not enumerable, configurable, read through a getter and written
 * through a setter.
 */
import assert from "node:assert/strict";

/**
 * Asserts that `err.stack` is an own accessor, not enumerable,
 * configurable.
 *
 * @param err The error.
 */
export function assertStackAccessor(err: object): void {
  const d = Object.getOwnPropertyDescriptor(err, "stack");
  assert.deepEqual(
    {
      get: typeof d?.get,
      set: typeof d?.set,
      enumerable: d?.enumerable,
      configurable: d?.configurable,
    },
    {
      get: "function",
      set: "function",
      enumerable: false,
      configurable: true,
    },
  );
}
