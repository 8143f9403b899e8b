/**
 * `tc.paginated.*` and `.items()` walked as Python walks them (`for page in
 * tc.paginated.task_list()`, `list(….items())`, `len(…)`): each says to use
 * `for await` or `toArray()`, as a Paginator does, where they gave V8's
 * "… is not a function or its return value is not iterable", `[]` or
 * `undefined`. `for await` and `toArray()` are as before.
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { emulatorClient } from "./_emulator.ts";
import { setup } from "./_setup.ts";
import { removeSlipHints } from "../../../src/notebook/_slip_hints.ts";

afterEach(() => removeSlipHints());

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

test("for…of, spread and Array.from over tc.paginated.taskList() say to write for await (const page of tc.paginated.taskList())", () => {
  const { tc, ff } = setup([]);
  const message =
    "tc.paginated.taskList() is walked with for await, not for…of: it fetches its pages as it goes. Write for await (const page of tc.paginated.taskList()) { … }, or collect every item first with await tc.paginated.taskList().items().toArray()";
  assert.throws(() => {
    for (const _ of loose(tc.paginated.taskList())) break;
  }, { name: "TypeError", message });
  assert.throws(() => [...loose(tc.paginated.taskList())], { message });
  assert.throws(() => Array.from(loose(tc.paginated.taskList())), {
    message,
  });
  // A method with a required argument is named with it.
  assert.throws(
    () => Array.from(loose(tc.paginated.taskEventList("task-id"))),
    /for await \(const page of tc\.paginated\.taskEventList\(…\)\)/,
  );
  assert.equal(ff.requests.length, 0);
});

test("for…of and Array.from over .items() (of tc.paginated.… or a Paginator) say to write for await (const t of ….items()) or await ….items().toArray()", () => {
  const { tc } = setup([]);
  const message =
    "….items() is walked with for await, not for…of: it fetches its pages as it goes. Write for await (const t of ….items()) { … }, or collect every item first with await ….items().toArray()";
  assert.throws(() => {
    for (const _ of loose(tc.paginated.taskList().items())) break;
  }, { name: "TypeError", message });
  assert.throws(() => {
    for (const _ of loose(tc.endpointSearch("x").items())) break;
  }, { name: "TypeError", message });
  assert.throws(
    () => Array.from(loose(tc.paginated.taskList().items())),
    { message },
  );
  assert.throws(() => [...loose(tc.taskList().items())], { message });
});

test(".length, [0], .map, DATA and toArray on tc.paginated.taskList() say what to write (they read undefined)", () => {
  const { tc } = setup([]);
  const p = loose(tc.paginated.taskList());
  assert.throws(() => p.length, {
    name: "TypeError",
    message:
      "tc.paginated.taskList() has no .length: it is not an array, it fetches its pages as it is walked, so the count is known at the end. Collect the items first: (await tc.paginated.taskList().items().toArray()).length, or walk the pages with for await (const page of tc.paginated.taskList()) { … }",
  });
  assert.throws(
    () => p.DATA,
    /^TypeError: tc\.paginated\.taskList\(\) has no DATA: it is not one page.*for await \(const page of tc\.paginated\.taskList\(\)\) \{ page\.DATA \}; every item: await tc\.paginated\.taskList\(\)\.items\(\)\.toArray\(\)$/,
  );
  assert.throws(
    () => p[0],
    /has no \[0\].*\(await tc\.paginated\.taskList\(\)\.items\(\)\.toArray\(\)\)\[0\]/,
  );
  assert.throws(
    () => p.map,
    /has no \.map\(\).*\(await tc\.paginated\.taskList\(\)\.items\(\)\.toArray\(\)\)\.map\(…\)/,
  );
  assert.throws(
    () => p.toArray,
    /has no toArray\(\).*await tc\.paginated\.taskList\(\)\.items\(\)\.toArray\(\)$/,
  );
  assert.throws(() => p.last_key, /has no last_key: it is not one page/);
  // What `await`, JSON and inspect read, and other names, are as before.
  assert.equal(p.then, undefined);
  assert.equal(p.nextPage, undefined);
  assert.equal(typeof p.toJSON, "function");
  assert.match(inspect(p), /^PagePaginator/);
});

test(".length, [0] and .map on ….items() say to collect with await ….items().toArray() (they read undefined)", () => {
  const { tc } = setup([]);
  for (const walk of [tc.paginated.taskList().items(), tc.taskList().items()]) {
    const w = loose(walk);
    assert.throws(() => w.length, {
      name: "TypeError",
      message:
        "….items() has no .length: it is not an array, it fetches the pages as it is walked, so the count is known at the end. Collect the items first: (await ….items().toArray()).length",
    });
    assert.throws(
      () => w[0],
      /^TypeError: ….items\(\) has no \[0\]: .*\(await ….items\(\)\.toArray\(\)\)\[0\], or walk them with for await \(const t of ….items\(\)\) \{ … \}$/,
    );
    assert.throws(() => w.map, /has no \.map\(\)/);
    assert.throws(() => w.DATA, /has no DATA: it yields the items themselves/);
    // An async iterator's own names, and `await`'s, are as before.
    assert.equal(w.then, undefined);
    assert.equal(w.nextPage, undefined);
    assert.equal(typeof w[Symbol.asyncIterator], "function");
    assert.equal(typeof w.next, "function");
    assert.equal(typeof w.toArray, "function");
  }
});

test("with the guards in place, for await and toArray() over tc.paginated.… and .items() walk every item as before", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    emu.seedTasks(5);
    // The guards are installed (a slip was made first).
    assert.throws(() => Array.from(loose(tc.paginated.taskList())));
    assert.throws(() => Array.from(loose(tc.paginated.taskList().items())));
    const all = await tc.paginated.taskList().items().toArray();
    assert.equal(all.length, 5);
    let pages = 0;
    let items = 0;
    for await (const page of tc.paginated.taskList({ limit: 2 })) {
      pages++;
      for (const _ of page) items++;
    }
    assert.deepEqual([pages, items], [3, 5]);
    const walked = [];
    for await (const t of tc.paginated.taskList().items()) walked.push(t);
    assert.deepEqual(walked.map((t) => t.task_id), all.map((t) => t.task_id));
    assert.equal((await tc.taskList().items().toArray()).length, 5);
    // Array.fromAsync (Deno, Node 22+) walks it with for await too.
    const fromAsync = (Array as unknown as {
      fromAsync?: (it: AsyncIterable<unknown>) => Promise<unknown[]>;
    }).fromAsync;
    if (fromAsync) {
      assert.equal((await fromAsync(tc.taskList().items())).length, 5);
    }
  } finally {
    await emu.close();
  }
});
