/**
 * The slip hints' seam (src/notebook/_slip_hints.ts), with the classes the
 * SDK gives them to: what a newcomer sees in the Deno kernel for a call
 * left without `await`, Python's names, and a paginator read as an array;
 * and that outside the kernel (these tests) nothing is added. The real
 * kernel: tests/e2e/notebook_slips_test.ts.
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  addSlipHints,
  paginatorMiss,
  removeSlipHints,
} from "../../src/notebook/_slip_hints.ts";
import { JUPYTER_DISPLAY } from "../../src/notebook/display.ts";
import { BaseClient } from "../../src/core/base_client.ts";
import { Paginator } from "../../src/core/paging.ts";
import { GlobusApp } from "../../src/app/globus_app.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { TokenStorage } from "../../src/tokens/token_storage.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { kernelView } from "../_helpers/kernel_view.ts";
import { isDeno } from "../../src/core/runtime.ts";

afterEach(() => removeSlipHints());

const LS = { DATA: [{ name: "file1.txt", type: "file", size: 4 }] };

function client(): TransferClient {
  return new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok-never-shown"),
    fetch: fakeFetch([], () => json(LS)).fetch,
  });
}

function app(): UserApp {
  return new UserApp({
    appName: "slips",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });
}

test("Python 3's oauth2_validate_token(), snake or camelCased, says oauth2TokenIntrospect (it was 'is not a function')", async () => {
  const { ConfidentialAppAuthClient } = await import(
    "../../src/auth/confidential_client.ts"
  );
  // deno-lint-ignore no-explicit-any
  const cc = new ConfidentialAppAuthClient("client-1", "secret-xyz") as any;
  assert.throws(() => cc.oauth2ValidateToken, {
    name: "TypeError",
    message:
      "ConfidentialAppAuthClient has no oauth2ValidateToken: its name here is oauth2TokenIntrospect (authClient.oauth2TokenIntrospect(…))",
  });
  assert.throws(
    () => cc.oauth2_validate_token,
    /Python's oauth2_validate_token is oauth2TokenIntrospect/,
  );
});

test("Python 3's AuthClient.oauth2_userinfo(), snake or camelCased, says userinfo() (it was 'is not a function')", async () => {
  const { AuthClient } = await import("../../src/auth/auth_client.ts");
  // deno-lint-ignore no-explicit-any
  const ac = new AuthClient() as any;
  assert.throws(() => ac.oauth2Userinfo, {
    name: "TypeError",
    message:
      "AuthClient has no oauth2Userinfo: its name here is userinfo (ac.userinfo(…))",
  });
  assert.throws(
    () => ac.oauth2_userinfo,
    /Python's oauth2_userinfo is userinfo \(ac\.userinfo\(…\)/,
  );
});

test("outside the kernel a client's promises and other names are untouched; Python's names say the camelCase one", async () => {
  const tc = client();
  const p = tc.operationLs("ep", { path: "/" });
  assert.equal(JUPYTER_DISPLAY in p, false);
  assert.ok(!Object.getOwnPropertySymbols(p).includes(JUPYTER_DISPLAY));
  assert.match((await kernelView(p))["text/plain"]!, /^Promise \{/);
  await p;
  // deno-lint-ignore no-explicit-any
  const loose = tc as any;
  // A script's tc.operation_ls(…) said "tc.operation_ls is not a function".
  assert.throws(() => loose.operation_ls, {
    name: "TypeError",
    message:
      "TransferClient has no operation_ls: the names here are camelCase, so Python's operation_ls is operationLs (tc.operationLs(…); Python's keyword arguments go in an options object: { name: value })",
  });
  // Every other name the client lacks reads undefined, as before.
  assert.equal(loose.no_such_method, undefined);
  assert.equal(loose.then, undefined);
  assert.equal(loose.map, undefined);
  // The methods are the class's own (not wrapped), and the chain still
  // ends at Object.prototype.
  assert.equal(tc.operationLs, TransferClient.prototype.operationLs);
  assert.ok(tc instanceof Object);
  assert.equal(Object.keys(tc).includes("operation_ls"), false);
});

test("a call left without await shows which call and to write await, and stays a native promise", async () => {
  const tc = client();
  addSlipHints(tc, BaseClient);
  const p = tc.operationLs("ep", { path: "/" });
  assert.deepEqual(await kernelView(p), {
    "text/plain":
      "Promise: TransferClient.operationLs() was called without await, so this is its promise, not its result (the call goes on all the same). Write await before the call to get the result: await tc.operationLs(…)",
  });
  // A result's field read from the promise says the await is missing.
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (p as any).DATA, {
    name: "TypeError",
    message:
      "TransferClient.operationLs() was called without await, so this is its promise, which has no DATA. Write await before the call: const r = await tc.operationLs(…); r.DATA",
  });
  // for…of over a listing's promise names both walks (it said "p is not
  // iterable"); for await walks it, as Python's for f in tc.operation_ls()
  // (it said V8's "is not a function or its return value is not async
  // iterable"): src/core/_list_promise.ts, the same outside the kernel.
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => [...(p as any)],
    {
      name: "TypeError",
      message:
        "TransferClient.operationLs() was called without await, so this is its promise, which for…of cannot walk. Walk it with for await: for await (const x of tc.operationLs(…)) …, or write await before the call: for (const x of await tc.operationLs(…)) …",
    },
  );
  const walked: unknown[] = [];
  for await (const f of p) walked.push(f);
  assert.deepEqual(walked, LS.DATA);
  // A call whose result is no list says so at for…of and for await.
  const task = tc.getTask("t1");
  task.catch(() => {}); // the fake answers a file list
  assert.throws(
    () => [...(task as unknown as Iterable<unknown>)],
    /getTask\(\) was called without await, so this is its promise, which cannot be walked with for…of\./,
  );
  await assert.rejects(
    async () => {
      // deno-lint-ignore no-explicit-any
      for await (const _ of task as any) { /* never */ }
    },
    /which cannot be walked with for await…of \(a paginator or a list call can\)\. Write await before the call: const r = await tc\.getTask\(…\); then use r \(for \(const x of r\) … where it is a list\)$/,
  );
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => (p as any).toArray(),
    /which has no toArray\(\) \(a paginator's\)\. .*then use r \(for \(const x of r\) … where it is a list\)$/,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (p as any).length, /which has no length\. .*r\.length$/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (p as any).filter(Boolean), /which has no filter\(\)/);
  // A native promise, as before: identity, await, then, Promise.all.
  assert.ok(p instanceof Promise);
  assert.equal(
    Object.getPrototypeOf(Object.getPrototypeOf(p)),
    Promise.prototype,
  );
  assert.equal(Promise.resolve(p), p);
  assert.deepEqual(Object.keys(p), []);
  assert.doesNotMatch(inspect(p), /Jupyter/);
  const [viaAll] = await Promise.all([p]);
  assert.deepEqual(viaAll.DATA, LS.DATA);
  assert.deepEqual(await p.then((r) => r.DATA.length), 1);
  assert.deepEqual((await tc.operationLs("ep")).DATA, LS.DATA);
  // A method called on its own fails as it did (a rejected promise).
  const alone = tc.operationLs;
  await assert.rejects(alone("ep"), TypeError);
  // The method keeps its name and arity; synchronous methods their values.
  assert.equal(tc.operationLs.name, "operationLs");
  assert.equal(
    tc.operationLs.length,
    TransferClient.prototype.operationLs.length,
  );
  assert.ok(tc.taskList() instanceof Paginator);
});

test(
  "a promise left without await shows the hint in console.log and inside a cell's value too (Deno's inspect)",
  { skip: !isDeno && "the kernel is Deno's: Deno's inspect" },
  async () => {
    const tc = client();
    addSlipHints(tc, BaseClient);
    const p = tc.getTask("123");
    const hint =
      "Promise: TransferClient.getTask() was called without await, so this is its promise, not its result (the call goes on all the same). Write await before the call to get the result: await tc.getTask(…)";
    const shown = (await kernelView([p]))["text/plain"] ?? "";
    assert.ok(shown.includes(hint) && !shown.includes("pending"), shown);
    // deno-lint-ignore no-explicit-any
    const deno = (globalThis as any).Deno;
    assert.equal(deno.inspect(p), hint);
    await p.catch(() => {});
  },
);

test("the hint names the class the call was made on, for apps and token storages too", async () => {
  const a = app();
  addSlipHints(a, GlobusApp);
  // In the kernel the constructor adds them before binding the storage's
  // methods (Python's bound methods); here, a first storage does.
  addSlipHints(new MemoryTokenStorage(), TokenStorage);
  const storage = new MemoryTokenStorage();
  assert.match(
    (await kernelView(a.loginRequired()))["text/plain"]!,
    /^Promise: UserApp\.loginRequired\(\) was called without await.*: await app\.loginRequired\(…\)$/,
  );
  assert.match(
    (await kernelView(storage.getTokenData("x")))["text/plain"]!,
    /^Promise: MemoryTokenStorage\.getTokenData\(\) .*await storage\.getTokenData\(…\)$/,
  );
  // A bound method on its own hints as well.
  const bound = storage.getTokenData;
  assert.match(
    (await kernelView(bound("x")))["text/plain"]!,
    /MemoryTokenStorage\.getTokenData\(\)/,
  );
  await a.close();
});

test("Python's names throw a TypeError naming the camelCase one; other missing names read as undefined", () => {
  const tc = client();
  addSlipHints(tc, BaseClient);
  const a = app();
  addSlipHints(a, GlobusApp);
  // deno-lint-ignore no-explicit-any
  const loose = tc as any;
  assert.throws(() => loose.operation_ls("ep", { path: "/" }), {
    name: "TypeError",
    message:
      "TransferClient has no operation_ls: the names here are camelCase, so Python's operation_ls is operationLs (tc.operationLs(…); Python's keyword arguments go in an options object: { name: value })",
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (a as any).scope_requirements, {
    message:
      "UserApp has no scope_requirements: the names here are camelCase, so Python's scope_requirements is scopeRequirements (app.scopeRequirements)",
  });
  // Not a Python name of one of its own: as without the hints.
  assert.equal(loose.no_such_thing, undefined);
  assert.equal(loose.then, undefined);
  assert.equal(loose.toDataURL, undefined);
  assert.equal("operation_ls" in tc, false);
  assert.ok(!Object.keys(tc).includes("operation_ls"));
  assert.ok(tc instanceof Object && tc instanceof TransferClient);
  assert.equal(String(Object.prototype.toString.call(tc)), "[object Object]");
  loose.added = 1;
  assert.equal(Object.getOwnPropertyDescriptor(tc, "added")?.value, 1);
});

test("an anonymous client subclass's hints name the nearest named class (they read 'object has no …', 'object.operationLs')", async () => {
  const tc = new (class extends TransferClient {})({
    authorizer: new AccessTokenAuthorizer("tok-never-shown"),
    fetch: fakeFetch([], () => json(LS)).fetch,
  });
  // deno-lint-ignore no-explicit-any
  const loose = tc as any;
  // Outside the kernel: Python's names.
  assert.throws(() => loose.operation_ls, {
    name: "TypeError",
    message:
      "TransferClient has no operation_ls: the names here are camelCase, so Python's operation_ls is operationLs (tc.operationLs(…); Python's keyword arguments go in an options object: { name: value })",
  });
  // In the kernel: a call left without await.
  removeSlipHints();
  addSlipHints(tc, BaseClient);
  const p = tc.operationLs("ep", { path: "/" });
  assert.match(
    (await kernelView(p))["text/plain"]!,
    /^Promise: TransferClient\.operationLs\(\) was called without await.*: await tc\.operationLs\(…\)$/,
  );
  await p;
});

test("a paginator walked with for…of, spread or Array.from says to use for await (in scripts too)", async () => {
  const tc = client();
  const message =
    "A Paginator is walked with for await, not for…of: it fetches its pages as it goes. Write for await (const item of …) { … }, or collect every item first with await ….toArray()";
  assert.throws(() => {
    // deno-lint-ignore no-explicit-any
    for (const _ of tc.taskList() as any) break;
  }, { name: "TypeError", message });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => [...(tc.taskList() as any)], { message });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => Array.from(tc.taskList() as any), { message });
  // The asynchronous walks are as before.
  const pages = new Paginator(async function* () {
    yield [1, 2];
    yield [3];
  }, (page: number[]) => page);
  assert.deepEqual(await pages.toArray(), [1, 2, 3]);
  const seen: number[] = [];
  for await (const n of pages) seen.push(n);
  assert.deepEqual(seen, [1, 2, 3]);
});

test("a paginator's .map, .length and DATA say to collect or walk it, in scripts too", () => {
  const p = client().taskList();
  // deno-lint-ignore no-explicit-any
  const loose = p as any;
  // Python's `r["DATA"]` (it read undefined outside the kernel).
  assert.throws(() => loose["DATA"], /^TypeError: A Paginator has no DATA/);
  // A Python loop paging by hand: r["last_key"], offset += r["limit"].
  for (const field of ["last_key", "has_next_page", "limit", "next_marker"]) {
    assert.throws(
      () => loose[field],
      new RegExp(
        `^TypeError: A Paginator has no ${field}: it is not one page, it walks every page itself`,
      ),
    );
  }
  // Python's one-response names (tc.endpoint_search(…) is the first page
  // there): they read undefined, and `if r.http_status == 200` took the
  // other branch.
  // Their camelCase (a port's `tc.taskList().httpStatus`) read undefined
  // as well.
  for (
    const field of [
      "data",
      "http_status",
      "httpStatus",
      "httpReason",
      "contentType",
      "headers",
      "text",
    ]
  ) {
    assert.throws(
      () => loose[field],
      new RegExp(
        `^TypeError: A Paginator has no ${field}: it is not one response, it fetches every page as it is walked`,
      ),
    );
  }
  assert.throws(() => loose.get("DATA"), /A Paginator has no get\(\)/);
  // Other names, and what `await` and `inspect` read, are as before.
  assert.equal(loose.then, undefined);
  assert.equal(loose.nextPage, undefined);
  assert.match(inspect(p), /Paginator/);
  // In the kernel the methods' promises are marked as well.
  removeSlipHints();
  addSlipHints(p, Paginator, paginatorMiss);
  assert.throws(() => loose.map((t: unknown) => t), {
    name: "TypeError",
    message:
      "A Paginator has no .map(): it is not an array, it fetches its pages as it is walked. Collect the items first: (await ….toArray()).map(…), or walk them with for await (const item of …) { … }",
  });
  assert.throws(() => loose.length, {
    message:
      "A Paginator has no .length: it fetches its pages as it is walked, so the count is known at the end. Collect the items first: (await ….toArray()).length",
  });
  assert.throws(
    () => loose.DATA,
    /^TypeError: A Paginator has no DATA: .*\.pages\(\)\)$/,
  );
  // A promise from toArray() left without await says so too.
  const pending = loose.toArray();
  pending.catch(() => {}); // the fake answers no task list
  assert.match(
    String(pending[JUPYTER_DISPLAY]()["text/plain"]),
    /^Promise: Paginator\.toArray\(\) was called without await.*: await …\.toArray\(…\)$/,
  );
  assert.equal(loose.then, undefined); // `await paginator` is as before
});

test("removing the hints restores the methods and prototypes", () => {
  const original = TransferClient.prototype.operationLs;
  const tc = client();
  addSlipHints(tc, BaseClient);
  assert.notEqual(TransferClient.prototype.operationLs, original);
  removeSlipHints();
  assert.equal(TransferClient.prototype.operationLs, original);
  assert.equal(Object.getPrototypeOf(BaseClient.prototype), Object.prototype);
  // deno-lint-ignore no-explicit-any
  assert.equal((tc as any).operation_ls, undefined);
});

test("a call shown as a cell's value that fails later prints its error instead of losing it; one that is awaited prints nothing", async () => {
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok-never-shown"),
    fetch: fakeFetch([], () =>
      json({ code: "ClientError.NotFound", message: "No such task" }, 404))
      .fetch,
    retry: false,
  });
  addSlipHints(tc, BaseClient);
  const printed: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void printed.push(args);
  try {
    const shown = tc.getTask("t-1");
    await kernelView(shown); // the cell's value
    await assert.rejects(shown);
    // The handler runs after the rejection reaches its reactions.
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(printed.length, 1);
    assert.match(
      String(printed[0]![0]),
      /^TransferClient\.getTask\(\), not awaited, failed: TransferAPIError: .*No such task/,
    );
    assert.doesNotMatch(String(printed[0]![0]), /tok-never-shown/);
    // Not shown as a value: the caller's await gets the error, nothing else.
    await assert.rejects(tc.getTask("t-2"));
    await new Promise((r) => setTimeout(r, 0));
    assert.equal(printed.length, 1);
  } finally {
    console.error = original;
  }
});
