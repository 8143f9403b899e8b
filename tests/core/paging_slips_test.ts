/**
 * A Paginator's item walk (`paginator.items()`, Python's
 * `paginator.items()`) and the paginator itself read as an array: `for…of`,
 * `Array.from`, `.length` and `[0]` say to use `for await` or `toArray()`
 * (they gave V8's "is not iterable", `[]` or `undefined`).
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { Paginator } from "../../src/core/paging.ts";
import { removeSlipHints } from "../../src/notebook/_slip_hints.ts";

afterEach(() => removeSlipHints());

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

function numbers(): Paginator<number, number[]> {
  return new Paginator(async function* () {
    yield [1, 2];
    yield [3];
  }, (page: number[]) => page);
}

test("paginator.items() walked with for…of or Array.from says for await (const t of ….items()) or await ….items().toArray()", async () => {
  const p = numbers();
  assert.throws(() => Array.from(loose(p.items())), {
    name: "TypeError",
    message:
      "….items() is walked with for await, not for…of: it fetches its pages as it goes. Write for await (const t of ….items()) { … }, or collect every item first with await ….items().toArray()",
  });
  const walk = loose(p.items());
  assert.throws(
    () => walk.length,
    /^TypeError: ….items\(\) has no \.length: .*\(await ….items\(\)\.toArray\(\)\)\.length$/,
  );
  assert.throws(() => walk[0], /^TypeError: ….items\(\) has no \[0\]/);
  assert.equal(walk.then, undefined);
  // The asynchronous walks are as before.
  assert.deepEqual(await p.items().toArray(), [1, 2, 3]);
  assert.deepEqual(await p.items().toArray(2), [1, 2]);
  const seen: number[] = [];
  for await (const n of p.items()) seen.push(n);
  for await (const n of p) seen.push(n);
  assert.deepEqual(seen, [1, 2, 3, 1, 2, 3]);
});

test("paginator[0] says to collect the items first (it read undefined)", () => {
  const p = loose(numbers());
  assert.throws(() => p[0], {
    name: "TypeError",
    message:
      "A Paginator has no [0]: it is not an array, it fetches its pages as it is walked. Collect the items first: (await ….toArray())[0], or walk them with for await (const item of …) { … }",
  });
  assert.equal(p.then, undefined);
});

test("paginator.pages() walked with for…of or Array.from says for await (const page of ….pages()) (it said 'is not iterable', and Array.from gave [])", async () => {
  const p = numbers();
  const message =
    "….pages() is walked with for await, not for…of: it fetches its pages as it goes. Write for await (const page of ….pages()) { … }; every item: await ….toArray()";
  assert.throws(() => {
    for (const _page of loose(p.pages())) break;
  }, { name: "TypeError", message });
  assert.throws(() => Array.from(loose(p.pages())), {
    name: "TypeError",
    message,
  });
  // for await is as before.
  const pages: number[][] = [];
  for await (const page of p.pages()) pages.push(page);
  assert.deepEqual(pages, [[1, 2], [3]]);
});

test("toArray(max) takes a whole number of items, at least 0 (a -1 meant as 'all' gave [])", async () => {
  const p = numbers();
  for (const walk of [p, p.items()]) {
    await assert.rejects(walk.toArray(-1), {
      name: "RangeError",
      message:
        "Cannot call toArray() as 'max' must be a whole number of items, at least 0 (or left out for every item): current value is the number -1",
    });
    await assert.rejects(walk.toArray(loose("2")), {
      name: "TypeError",
      message:
        `Cannot call toArray() as 'max' must be a whole number of items, at least 0 (or left out for every item): current value is the string "2"; write toArray(Number(…))`,
    });
  }
  assert.deepEqual(await p.toArray(2), [1, 2]);
  assert.deepEqual(await p.items().toArray(0), []);
  assert.deepEqual(await p.toArray(Infinity), [1, 2, 3]);
  // null (Python's None) is no limit, as left out.
  assert.deepEqual(await p.toArray(null), [1, 2, 3]);
  assert.deepEqual(await p.items().toArray(null), [1, 2, 3]);
});
