/**
 * A list call's promise walks with `for await` as its result walks with
 * `for…of` (src/core/_list_promise.ts): Python's
 * `for f in tc.operation_ls(ep):` ported as a paginator is walked,
 * `for await (const f of tc.operationLs(ep))`, without the `await` before
 * the call. It gave V8's "is not a function or its return value is not
 * async iterable", and the abandoned request's failure ended the process
 * later as an unhandled rejection. Auth's list calls: tests/auth/iterable_test.ts.
 */
import { test } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { isListPromise } from "../../src/core/_list_promise.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const authorizer = new AccessTokenAuthorizer("tok-never-shown");
const LS = {
  DATA_TYPE: "file_list",
  path: "/~/",
  DATA: [
    { DATA_TYPE: "file", name: "a.txt", type: "file", size: 1 },
    { DATA_TYPE: "file", name: "b.txt", type: "file", size: 2 },
  ],
};
const NOT_FOUND = {
  code: "ClientError.NotFound",
  message: "Directory '/nope/' not found",
  request_id: "r1",
};

/** Collects the unhandled rejections while `body` runs and a bit after. */
async function unhandledDuring(
  body: () => Promise<void>,
  settled: () => boolean,
): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    await body();
    for (let i = 0; i < 100 && !settled(); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    // let the runtime look for a handler
    for (let i = 0; i < 30 && unhandled.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
  return unhandled;
}

test("for await over tc.operationLs(…) without await walks its entries, as for…of over the awaited listing", async () => {
  const ff = fakeFetch([], () => json(LS));
  const tc = new TransferClient({ authorizer, fetch: ff.fetch });
  const names: string[] = [];
  for await (const f of tc.operationLs("ep", { path: "/~/" })) {
    names.push(f.name);
  }
  assert.deepEqual(names, ["a.txt", "b.txt"]);
  const awaited: string[] = [];
  for (const f of await tc.operationLs("ep", "/~/")) awaited.push(f.name);
  assert.deepEqual(awaited, names);
  // break ends the walk; the positional path form walks too
  for await (const f of tc.operationLs("ep", "/~/")) {
    assert.equal(f.name, "a.txt");
    break;
  }
});

test("a listing's promise stays a native promise: await, then, identity, printing", async () => {
  const tc = new TransferClient({
    authorizer,
    fetch: fakeFetch([], () => json(LS)).fetch,
  });
  const p = tc.operationLs("ep");
  assert.ok(p instanceof Promise);
  assert.equal(Promise.resolve(p), p);
  assert.equal(p.constructor, Promise);
  assert.deepEqual(Object.keys(p), []);
  // no own property: the iterators are on its prototype (Node's async
  // hooks may add symbols of their own under node --test)
  for (const key of [Symbol.asyncIterator, Symbol.iterator]) {
    assert.equal(Object.getOwnPropertyDescriptor(p, key), undefined);
  }
  assert.match(inspect(p), /^Promise \{\s+<pending>/);
  assert.doesNotMatch(inspect(p), /Symbol\.(async)?[iI]terator/);
  assert.deepEqual((await p).DATA, LS.DATA);
  assert.deepEqual(await p.then((r) => r.DATA.length), 2);
  const [viaAll] = await Promise.all([p]);
  assert.deepEqual(viaAll.DATA, LS.DATA);
  // a promise of the user's own is untouched
  assert.equal(Symbol.asyncIterator in Promise.resolve(1), false);
  assert.equal(Symbol.iterator in Promise.resolve(1), false);
});

test("every Transfer listing that returns one list document walks without await", async () => {
  const ff = fakeFetch([], () => json({ DATA_TYPE: "x_list", DATA: [] }));
  const tc = new TransferClient({ authorizer, fetch: ff.fetch });
  const calls: [string, Promise<unknown>][] = [
    ["operationLs", tc.operationLs("ep")],
    ["bookmarkList", tc.bookmarkList()],
    ["mySharedEndpointList", tc.mySharedEndpointList("ep")],
    ["endpointServerList", tc.endpointServerList("ep")],
    [
      "endpointManagerMonitoredEndpoints",
      tc.endpointManagerMonitoredEndpoints(),
    ],
    [
      "endpointManagerHostedEndpointList",
      tc.endpointManagerHostedEndpointList("ep"),
    ],
    ["endpointManagerAclList", tc.endpointManagerAclList("ep")],
    ["endpointManagerPauseRuleList", tc.endpointManagerPauseRuleList()],
    ["myEffectivePauseRuleList", tc.myEffectivePauseRuleList("ep")],
    ["endpointAclList", tc.endpointAclList("ep")],
    ["endpointRoleList", tc.endpointRoleList("ep")],
    ["listTunnels", tc.listTunnels()],
    ["getTunnelEvents", tc.getTunnelEvents("tunnel")],
  ];
  for (const [name, p] of calls) {
    p.catch(() => {}); // a list the fake's answer does not fit
    assert.ok(isListPromise(p), name);
    assert.equal(typeof (p as never)[Symbol.asyncIterator], "function", name);
  }
  await Promise.allSettled(calls.map(([, p]) => p));
  // Calls that return no list are plain promises.
  const task = tc.getTask("t1");
  task.catch(() => {});
  assert.equal(isListPromise(task), false);
  assert.equal(Object.getPrototypeOf(task), Promise.prototype);
});

test("a walked listing that fails throws at the walk, and is not also an unhandled rejection", async () => {
  const ff = fakeFetch([], () => json(NOT_FOUND, 404));
  const tc = new TransferClient({ authorizer, fetch: ff.fetch });
  const unhandled = await unhandledDuring(async () => {
    await assert.rejects(
      async () => {
        for await (const _ of tc.operationLs("ep", { path: "/nope/" })) {
          assert.fail("no entries");
        }
      },
      (e: unknown) =>
        e instanceof TransferAPIError && e.httpStatus === 404 &&
        e.code === "ClientError.NotFound",
    );
    // for…of cannot wait: it names both walks, and the request, which
    // nobody can await any more, fails without a second error
    assert.throws(
      () => {
        for (
          const _ of tc.operationLs("ep", "/nope/") as unknown as Iterable<
            unknown
          >
        ) {
          assert.fail("no entries");
        }
      },
      {
        name: "TypeError",
        message:
          "TransferClient.operationLs() was called without await, so this is its promise, which for…of cannot walk. Walk it with for await: for await (const x of tc.operationLs(…)) …, or write await before the call: for (const x of await tc.operationLs(…)) …",
      },
    );
  }, () => ff.requests.length >= 2);
  assert.equal(ff.requests.length, 2);
  assert.deepEqual(unhandled, []);
});
