import { test } from "node:test";
import assert from "node:assert/strict";
import { isDeno } from "../../src/core/runtime.ts";
import {
  lastKeyPages,
  markerPages,
  nextTokenPages,
  offsetPages,
  Paginator,
} from "../../src/core/paging.ts";

function offsetSource(total: number, opts: { hasNext?: boolean } = {}) {
  const calls: [number, number][] = [];
  const fetchPage = (offset: number, limit: number) => {
    calls.push([offset, limit]);
    const DATA = Array.from({
      length: Math.max(0, Math.min(limit, total - offset)),
    }, (_, i) => offset + i);
    return Promise.resolve(
      opts.hasNext
        ? { DATA, has_next_page: offset + DATA.length < total, offset, limit }
        : { DATA, total, offset, limit },
    );
  };
  return { calls, fetchPage };
}

test("offset paging walks until total and yields every item once", async () => {
  const src = offsetSource(25);
  const p = new Paginator(
    () => offsetPages({ fetchPage: src.fetchPage, pageSize: 10 }),
    (pg) => pg.DATA,
  );
  assert.deepEqual(await p.toArray(), Array.from({ length: 25 }, (_, i) => i));
  assert.deepEqual(src.calls, [[0, 10], [10, 10], [20, 10]]);
});

test("offset paging stops on has_next_page false and respects the service cap", async () => {
  const src = offsetSource(5000, { hasNext: true });
  const p = new Paginator(
    () =>
      offsetPages({
        fetchPage: src.fetchPage,
        pageSize: 100,
        maxResults: 1000,
      }),
    (pg) => pg.DATA,
  );
  const items = await p.toArray();
  assert.equal(items.length, 1000);
  assert.deepEqual(src.calls.at(-1), [900, 100]);
  const small = offsetSource(150, { hasNext: true });
  const p2 = new Paginator(
    () => offsetPages({ fetchPage: small.fetchPage, pageSize: 100 }),
    (pg) => pg.DATA,
  );
  assert.equal((await p2.toArray()).length, 150);
  assert.equal(small.calls.length, 2);
});

test("offset paging stops on an empty page even when total says more", async () => {
  let n = 0;
  const p = new Paginator(
    () =>
      offsetPages({
        fetchPage: () =>
          Promise.resolve({ DATA: n++ === 0 ? [1, 2] : [], total: 100 }),
        pageSize: 2,
      }),
    (pg) => pg.DATA,
  );
  assert.deepEqual(await p.toArray(), [1, 2]);
  assert.equal(n, 2);
});

test(".pages() yields the raw pages and each walk starts fresh", async () => {
  const src = offsetSource(3);
  const p = new Paginator(
    () => offsetPages({ fetchPage: src.fetchPage, pageSize: 2 }),
    (pg) => pg.DATA,
  );
  const pages = [];
  for await (const page of p.pages()) pages.push(page);
  assert.equal(pages.length, 2);
  assert.deepEqual(pages[1], { DATA: [2], total: 3, offset: 2, limit: 2 });
  assert.deepEqual(await p.toArray(), [0, 1, 2]);
  assert.deepEqual(await p.toArray(2), [0, 1]);
});

test("marker paging follows next_marker until null", async () => {
  const markers: (string | number | undefined)[] = [];
  const book: Record<string, { DATA: string[]; next_marker: string | null }> = {
    start: { DATA: ["a", "b"], next_marker: "m1" },
    m1: { DATA: ["c"], next_marker: "m2" },
    m2: { DATA: [], next_marker: null },
  };
  const p = new Paginator(
    () =>
      markerPages((m) => {
        markers.push(m);
        return Promise.resolve(book[String(m ?? "start")]!);
      }),
    (pg) => pg.DATA,
  );
  assert.deepEqual(await p.toArray(), ["a", "b", "c"]);
  assert.deepEqual(markers, [undefined, "m1", "m2"]);
});

test("marker paging stops on a repeated marker instead of looping forever", async () => {
  let calls = 0;
  const p = new Paginator(
    () =>
      markerPages(() =>
        Promise.resolve({ DATA: [calls++], next_marker: "same" })
      ),
    (pg) => pg.DATA,
  );
  assert.deepEqual(await p.toArray(), [0, 1]);
});

test("last-key paging resumes from last_key until has_next_page is false", async () => {
  const keys: (string | undefined)[] = [];
  const p = new Paginator(
    () =>
      lastKeyPages((k) => {
        keys.push(k);
        return Promise.resolve(
          k === undefined
            ? { DATA: [1], has_next_page: true, last_key: "k1" }
            : { DATA: [2], has_next_page: false, last_key: "k2" },
        );
      }),
    (pg) => pg.DATA,
  );
  assert.deepEqual(await p.toArray(), [1, 2]);
  assert.deepEqual(keys, [undefined, "k1"]);
});

test("nextTokenPages starts at a given token, follows next_token, and stops at an empty or repeated one", async () => {
  const asked: (string | undefined)[] = [];
  const pages: Record<string, { items: string[]; next_token: string | null }> =
    {
      first: { items: ["a"], next_token: "t1" },
      t1: { items: ["b"], next_token: "t2" },
      t2: { items: ["c"], next_token: "t1" }, // a service repeating itself
      t3: { items: ["d"], next_token: "" },
    };
  const walk = async (start?: string) => {
    const out: string[] = [];
    for await (
      const page of nextTokenPages((t) => {
        asked.push(t);
        return Promise.resolve(pages[t ?? "first"]!);
      }, start)
    ) out.push(...page.items);
    return out;
  };
  assert.deepEqual(await walk(), ["a", "b", "c"]);
  assert.deepEqual(asked, [undefined, "t1", "t2"]);
  assert.deepEqual(await walk("t3"), ["d"]);
});

test(
  "no finished page stays reachable while the next one is fetched, in every paging style",
  {
    skip: isDeno ? false : "runs a Deno child process with --expose-gc",
  },
  async () => {
    // A child with --expose-gc: each fetch collects garbage and asks whether
    // the page before is still alive (a long listing must not hold two).
    const child = new URL("./_paging_retention_child.ts", import.meta.url);
    // deno-lint-ignore no-explicit-any
    const D = (globalThis as any).Deno;
    const out = await new D.Command(D.execPath(), {
      args: ["run", "-A", "--v8-flags=--expose-gc", child.pathname],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 0, stderr);
    const alive = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.deepEqual(alive, {
      offset: [false, false, false],
      marker: [false, false, false],
      lastKey: [false, false, false],
      "offset items()": [false, false, false],
      "marker items()": [false, false, false],
      "lastKey items()": [false, false, false],
      "offset DisplayPaginator": [false, false, false],
    });
  },
);

test("leaving an item walk early closes the page walk; a failing fetch fails the walk", async () => {
  let closed = false;
  let fetched = 0;
  const p = new Paginator(
    async function* () {
      try {
        for (let i = 0; i < 5; i++) {
          fetched++;
          yield await Promise.resolve({ DATA: [i * 2, i * 2 + 1] });
        }
      } finally {
        closed = true;
      }
    },
    (pg) => pg.DATA,
  );
  const seen: number[] = [];
  for await (const n of p) {
    seen.push(n);
    if (n === 2) break;
  }
  assert.deepEqual(seen, [0, 1, 2]);
  assert.equal(closed, true);
  assert.equal(fetched, 2);

  const failing = new Paginator(
    async function* () {
      yield { DATA: [1, 2] };
      yield { DATA: [] }; // an empty page yields nothing, the walk goes on
      await Promise.resolve();
      throw new Error("page 3 failed");
    },
    (pg: { DATA: number[] }) => pg.DATA,
  );
  const got: number[] = [];
  await assert.rejects(async () => {
    for await (const n of failing) got.push(n);
  }, /page 3 failed/);
  assert.deepEqual(got, [1, 2]);
});

test("items() walks every item across pages, fresh each call, as for await (Python's paginator.items())", async () => {
  const src = offsetSource(25);
  const p = new Paginator(
    () => offsetPages({ fetchPage: src.fetchPage, pageSize: 10 }),
    (pg) => pg.DATA,
  );
  const expected = Array.from({ length: 25 }, (_, i) => i);
  const first: number[] = [];
  for await (const n of p.items()) first.push(n);
  assert.deepEqual(first, expected);
  const second: number[] = [];
  for await (const n of p.items()) second.push(n);
  assert.deepEqual(second, expected);
  assert.deepEqual(src.calls.length, 6); // 3 pages per walk

  // leaving early closes the page walk, as with for await
  let closed = false;
  const q = new Paginator(
    async function* () {
      try {
        yield await Promise.resolve({ DATA: [1, 2] });
        yield { DATA: [3] };
      } finally {
        closed = true;
      }
    },
    (pg) => pg.DATA,
  );
  for await (const n of q.items()) if (n === 1) break;
  assert.equal(closed, true);
});

test("an item of a page already fetched is handed out at once, not after a generator's turns", async () => {
  const p = new Paginator(async function* () {
    yield await Promise.resolve({ DATA: [1, 2, 3] });
  }, (pg) => pg.DATA);
  const it = p[Symbol.asyncIterator]();
  assert.deepEqual(await it.next(), { value: 1, done: false });
  // The next item's promise is already resolved: its reaction runs before
  // the test's own single microtask turn (an async generator's `yield`
  // took three).
  let got: IteratorResult<number> | undefined;
  it.next().then((r) => got = r);
  await Promise.resolve();
  assert.deepEqual(got, { value: 2, done: false });
  assert.deepEqual(await it.next(), { value: 3, done: false });
  assert.deepEqual(await it.next(), { value: undefined, done: true });
  assert.deepEqual(await it.next(), { value: undefined, done: true });
});

test("the item walk keeps an async generator's contract: queued calls, return, throw, promise items", async () => {
  const log: string[] = [];
  const walk = () =>
    new Paginator(async function* () {
      try {
        for (let i = 0; i < 3; i++) {
          log.push(`fetch ${i}`);
          yield await Promise.resolve({ DATA: [i * 2, i * 2 + 1] });
        }
      } finally {
        log.push("closed");
      }
    }, (pg) => pg.DATA);
  // Calls made without waiting are answered in order, across pages.
  const it = walk()[Symbol.asyncIterator]();
  const all = await Promise.all(Array.from({ length: 8 }, () => it.next()));
  assert.deepEqual(all.map((r) => r.done ? "done" : r.value), [
    0,
    1,
    2,
    3,
    4,
    5,
    "done",
    "done",
  ]);
  assert.deepEqual(log, ["fetch 0", "fetch 1", "fetch 2", "closed"]);
  // return() during a fetch waits for it, then closes the page walk.
  log.length = 0;
  const r = walk()[Symbol.asyncIterator]();
  const first = r.next();
  const ret = r.return(undefined);
  assert.deepEqual(await first, { value: 0, done: false });
  assert.deepEqual(await ret, { value: undefined, done: true });
  assert.deepEqual(await r.next(), { value: undefined, done: true });
  assert.deepEqual(log, ["fetch 0", "closed"]);
  // throw() closes the page walk and rejects with the error; before the
  // first next() it fetches nothing.
  log.length = 0;
  const t = walk()[Symbol.asyncIterator]();
  await t.next();
  await assert.rejects(t.throw(new Error("stop")), /stop/);
  assert.deepEqual(log, ["fetch 0", "closed"]);
  log.length = 0;
  await assert.rejects(
    walk()[Symbol.asyncIterator]().throw(new Error("x")),
    /x/,
  );
  assert.equal(log.length, 0);
  // It is an async iterator as an async generator is.
  assert.equal(it[Symbol.asyncIterator](), it);
  // Items that are promises are awaited, as `yield` awaits them; a
  // rejected one ends the walk and closes the page walk.
  log.length = 0;
  const promised = new Paginator(async function* () {
    try {
      yield { DATA: [Promise.resolve("a"), Promise.reject(new Error("bad"))] };
      yield { DATA: [Promise.resolve("never")] };
    } finally {
      log.push("closed");
    }
  }, (pg) => pg.DATA);
  const seen: unknown[] = [];
  await assert.rejects(async () => {
    for await (const x of promised) seen.push(x);
  }, /bad/);
  assert.deepEqual(seen, ["a"]);
  assert.deepEqual(log, ["closed"]);
});

/** Three pages ([1, 2], [3, 4], [5]), logging each fetch and the close. */
function threePages() {
  const log: string[] = [];
  const paginator = new Paginator(async function* () {
    try {
      for (const [i, DATA] of [[1, 2], [3, 4], [5]].entries()) {
        log.push(`page ${i}`);
        yield await Promise.resolve({ DATA });
      }
    } finally {
      log.push("closed");
    }
  }, (pg) => pg.DATA);
  return { paginator, log };
}

test("items() has toArray (Python's list(paginator.items())), which closes the walk at max", async () => {
  const { paginator, log } = threePages();
  assert.deepEqual(await paginator.items().toArray(), [1, 2, 3, 4, 5]);
  log.length = 0;
  assert.deepEqual(await paginator.items().toArray(3), [1, 2, 3]);
  // The page walk was closed once it had 3: no third page was fetched.
  assert.deepEqual(log, ["page 0", "page 1", "closed"]);
  // The rest of a walk already started.
  const walk = paginator.items();
  assert.deepEqual(await walk.next(), { value: 1, done: false });
  assert.deepEqual(await walk.toArray(), [2, 3, 4, 5]);
  assert.deepEqual(await paginator.items().toArray(0), []);
});

test("JSON.stringify of a paginator throws saying how to get the items, where it wrote {}", () => {
  const { paginator } = threePages();
  assert.throws(
    () => JSON.stringify({ tasks: paginator }),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message.startsWith("Cannot write a paginator as JSON") &&
      e.message.includes(".toArray()"),
  );
});

test("an error from a page fetch keeps the caller's line in its stack (it ended inside the paginator)", async () => {
  const failingFetch = async (_offset: number, _limit: number) => {
    await Promise.resolve();
    throw new Error("page refused");
  };
  const p = new Paginator(
    () => offsetPages({ fetchPage: failingFetch, pageSize: 10 }),
    (pg: { DATA: number[] }) => pg.DATA,
  );
  async function listEverythingForTheReport() {
    return await p.toArray();
  }
  const err = await listEverythingForTheReport().then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof Error);
  assert.match(String(err.stack), /listEverythingForTheReport/);
  // `for await` over the items too.
  const q = new Paginator(
    () => offsetPages({ fetchPage: failingFetch, pageSize: 10 }),
    (pg: { DATA: number[] }) => pg.DATA,
  );
  async function walkEveryItemForTheReport() {
    for await (const _ of q) { /* nothing */ }
  }
  const err2 = await walkEveryItemForTheReport().then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.match(String((err2 as Error).stack), /walkEveryItemForTheReport/);
});
