import { test } from "node:test";
import assert from "node:assert/strict";
import { lazyStack, type LazyStackMode } from "../../src/core/_lazy_stack.ts";
import { assertStackAccessor } from "./_stack_accessor.ts";

/**
 * An error whose stack `lazyStack` rewrites to its first line and a count
 * of the rewrites; its message is changed after, where V8 renders a stack
 * at its first read (Deno; Node 20 renders it when its descriptor is read).
 */
function rewritten(mode: LazyStackMode): { err: Error; header: string } {
  const err = new Error("first message");
  let calls = 0;
  lazyStack(
    err,
    (s) => `${String(s).split("\n")[0]} (rewritten ${++calls})`,
    mode,
  );
  assertStackAccessor(err);
  assert.equal(calls, 0);
  const renderedWhenRead =
    typeof Object.getOwnPropertyDescriptor(new Error(), "stack")?.get ===
      "function";
  if (!renderedWhenRead) return { err, header: "Error: first message" };
  err.message = "changed message";
  return { err, header: "Error: changed message" };
}

test('lazyStack "once": rewrites V8\'s text at the first read, keeps it, and reads a written text back as written', () => {
  const { err, header } = rewritten("once");
  assert.equal(err.stack, `${header} (rewritten 1)`);
  assert.equal(err.stack, `${header} (rewritten 1)`);
  err.stack = "as written";
  assert.equal(err.stack, "as written");
});

test('lazyStack "each read": rewrites the current text at every read, a written one too', () => {
  const { err, header } = rewritten("each read");
  assert.equal(err.stack, `${header} (rewritten 1)`);
  assert.equal(err.stack, `${header} (rewritten 2)`);
  err.stack = "written";
  assert.equal(err.stack, "written (rewritten 3)");
});

test("lazyStack leaves a stack it cannot redefine as it is (a frozen error)", () => {
  const err = Object.freeze(new Error("frozen"));
  const before = err.stack;
  lazyStack(err, () => "rewritten", "once");
  lazyStack(err, () => "rewritten", "each read");
  assert.equal(err.stack, before);
  // An object without a stack of its own gets none.
  const plain = {};
  lazyStack(plain, () => "rewritten", "once");
  assert.equal(Object.getOwnPropertyDescriptor(plain, "stack"), undefined);
});
