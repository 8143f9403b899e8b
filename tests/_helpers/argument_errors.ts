/**
 * What the tests of argument checks share: a way to pass a value the types
 * forbid (as JavaScript or a notebook would), and the message of the
 * `TypeError` (or `RangeError`, where allowed) a call throws or rejects with.
 */
import assert from "node:assert/strict";

/** `x`, typed as anything: a call shape TypeScript would refuse. */
// deno-lint-ignore no-explicit-any
export const untyped = (x: unknown): any => x;

/**
 * The message of the error `fn` throws: a `TypeError`, or with
 * `{ range: true }` also a `RangeError`. Fails when it throws nothing or
 * something else.
 */
export function messageOf(
  fn: () => unknown,
  options: { range?: boolean } = {},
): string {
  try {
    fn();
  } catch (err) {
    assert.ok(
      err instanceof TypeError || (options.range && err instanceof RangeError),
      String(err),
    );
    return err.message;
  }
  assert.fail("expected a TypeError");
}

/** The message of the `TypeError` the promise `fn` returns rejects with. */
export async function rejection(fn: () => unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof TypeError, String(err));
    return err.message;
  }
  assert.fail("expected a TypeError");
}
