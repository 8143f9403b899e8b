/**
 * The error of work several callers share (an app's token request) keeps
 * the line of the code that waited for it: V8's async stack stopped at the
 * shared promise, so the stack held the SDK's frames only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SharedWork } from "../../src/core/_shared_work.ts";
import { LoginRequiredError, TransferAPIError } from "../../src/core/errors.ts";
import { assertStackAccessor } from "./_stack_accessor.ts";

/** The error each work threw. */
const thrown = new WeakMap<SharedWork<void>, Error>();

/** Work that fails after a turn, as a token request does. */
function failingWork(): SharedWork<void> {
  let made: Error | undefined;
  const work = new SharedWork<void>(async () => {
    await new Promise((r) => setTimeout(r, 1));
    made = new Error("token request refused");
    thrown.set(work, made);
    throw made;
  });
  return work;
}

test("a work with one caller passes its error on as it is, with the caller's frames", async () => {
  const work = failingWork();
  async function cellThatListsTheTasks() {
    await work.join(undefined);
  }
  const err = await cellThatListsTheTasks().then(
    () => assert.fail("no error"),
    (e: unknown) => e as Error,
  );
  assert.equal(err, thrown.get(work));
  const stack = String(err.stack);
  assert.match(stack, /^Error: token request refused\n/);
  assert.match(stack, /cellThatListsTheTasks/);
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  assert.equal(new Set(frames).size, frames.length, stack);
  // Not the frames of the code that adds the caller's (join's own, as it
  // handles the error, is not a caller's).
  assert.doesNotMatch(stack, /^\s+at (?:withCallerFrames|SharedWork\.join) /m);
});

test("callers sharing a failed work each get an error of their own: same class, message and cause, its stack reaching that caller (Deno prints the call sites of the error it is given)", async () => {
  const cause = new Error("connection reset");
  let original: Error | undefined;
  const login = new SharedWork<void>(async function logInOnce() {
    await new Promise((r) => setTimeout(r, 1));
    original = new LoginRequiredError("no one can log in here", { cause });
    throw original;
  });
  async function cellThatListsTheTasks() {
    await login.join(undefined);
  }
  async function anotherCellWaitingToo() {
    await login.join(new AbortController().signal);
  }
  const [a, b] = await Promise.allSettled([
    cellThatListsTheTasks(),
    anotherCellWaitingToo(),
  ]);
  const first = (a as PromiseRejectedResult).reason as Error;
  const second = (b as PromiseRejectedResult).reason as Error;
  assert.notEqual(first, second);
  assert.notEqual(first, original);
  for (const e of [first, second]) {
    assert.ok(e instanceof LoginRequiredError);
    assert.equal(e.name, "LoginRequiredError");
    assert.equal(e.message, "no one can log in here");
    assert.equal(e.cause, cause);
    assert.equal(
      Object.getOwnPropertyDescriptor(e, "cause")?.enumerable,
      false,
    );
    assert.deepEqual(Reflect.ownKeys(e), Reflect.ownKeys(original!));
  }
  // Each stack: the work's frames, then its own caller's, not the other's.
  const ownStack = String(first.stack);
  assert.match(ownStack, /^LoginRequiredError: no one can log in here\n/);
  assert.match(ownStack, /logInOnce/);
  assert.match(ownStack, /cellThatListsTheTasks/);
  assert.doesNotMatch(ownStack, /anotherCellWaitingToo/);
  const otherStack = String(second.stack);
  assert.match(otherStack, /logInOnce/);
  assert.match(otherStack, /anotherCellWaitingToo/);
  assert.doesNotMatch(otherStack, /cellThatListsTheTasks/);
  const frames = ownStack.split("\n").filter((l) => /^\s+at /.test(l));
  assert.equal(new Set(frames).size, frames.length, ownStack);
  // Written as before.
  first.stack = "replaced";
  assert.equal(first.stack, "replaced");
});

test("a caller's copy works out its stack text when it is first read, from the work error's text then, and keeps it; its stack is an accessor, not enumerable, configurable", async () => {
  let original: Error | undefined;
  const work = new SharedWork<void>(async () => {
    await new Promise((r) => setTimeout(r, 1));
    original = new Error("token request refused");
    throw original;
  });
  async function waitForTheToken() {
    await work.join(undefined);
  }
  const [a] = await Promise.allSettled([waitForTheToken(), waitForTheToken()]);
  const copy = (a as PromiseRejectedResult).reason as Error;
  assert.notEqual(copy, original);
  assertStackAccessor(copy);
  // Not read yet: the work error's text as it reads at the first read.
  original!.stack =
    "Error: token request refused (rewritten)\n    at logInOnce (file:///somewhere/app.ts:1:1)";
  const first = String(copy.stack);
  assert.match(
    first,
    /^Error: token request refused \(rewritten\)\n {4}at logInOnce /,
  );
  assert.match(first, /waitForTheToken/);
  // Kept: a later change to the work error's text does not show.
  original!.stack = "Error: changed again";
  assert.equal(copy.stack, first);
});

test("callers sharing a failed API request each get an error with the very same fields", async () => {
  let original: TransferAPIError | undefined;
  const work = new SharedWork<void>(async () => {
    await new Promise((r) => setTimeout(r, 1));
    original = new TransferAPIError({
      method: "GET",
      url: "https://transfer.api.globus.org/v0.10/endpoint/x",
      httpStatus: 404,
      rawJson: { code: "EndpointNotFound", message: "No such endpoint" },
    });
    throw original;
  });
  const [a, b] = await Promise.allSettled([
    work.join(undefined),
    work.join(undefined),
  ]);
  for (const r of [a, b]) {
    const e = (r as PromiseRejectedResult).reason;
    assert.ok(e instanceof TransferAPIError);
    assert.notEqual(e, original);
    assert.equal(e.httpStatus, 404);
    assert.equal(e.code, "EndpointNotFound");
    assert.equal(e.errors, original!.errors);
    assert.equal(e.headers, original!.headers);
    assert.deepEqual(e.toJSON(), original!.toJSON());
    assert.deepEqual(Object.keys(e), Object.keys(original!));
  }
});

test("callers sharing a work that failed with an error of another kind (a DOMException) get that very error", async () => {
  const reason = new DOMException("stopped", "AbortError");
  const work = new SharedWork<void>(() => Promise.reject(reason));
  const [a, b] = await Promise.allSettled([
    work.join(undefined),
    work.join(undefined),
  ]);
  assert.equal((a as PromiseRejectedResult).reason, reason);
  assert.equal((b as PromiseRejectedResult).reason, reason);
  // A plain Error is copied as the SDK's are.
  const plain = new TypeError("bad value");
  const work2 = new SharedWork<void>(() => Promise.reject(plain));
  const [c, d] = await Promise.allSettled([
    work2.join(undefined),
    work2.join(undefined),
  ]);
  const copy = (c as PromiseRejectedResult).reason;
  assert.ok(copy instanceof TypeError);
  assert.equal(copy.message, "bad value");
  assert.notEqual(copy, (d as PromiseRejectedResult).reason);
});

test("a caller with a signal gets the caller's frames too; its own abort reason is left as it is", async () => {
  const work = failingWork();
  async function scriptStep() {
    await work.join(new AbortController().signal);
  }
  const err = await scriptStep().then(
    () => assert.fail("no error"),
    (e: unknown) => e as Error,
  );
  assert.match(String(err.stack), /scriptStep/);

  const slow = new SharedWork<void>(() => new Promise(() => {}), true);
  const controller = new AbortController();
  const reason = new Error("stopped by the caller");
  const before = reason.stack;
  const waiting = slow.join(controller.signal);
  controller.abort(reason);
  await assert.rejects(waiting, (e) => e === reason);
  assert.equal(reason.stack, before);
});

test("a work rejecting with a value that is not an Error passes it on unchanged", async () => {
  const work = new SharedWork<void>(() => Promise.reject("plain"));
  await assert.rejects(work.join(undefined), (e) => e === "plain");
  const frozen = Object.freeze(new Error("frozen"));
  const work2 = new SharedWork<void>(() => Promise.reject(frozen));
  await assert.rejects(work2.join(undefined), (e) => e === frozen);
});

test("shared work: an aborted caller stops waiting, the work is cancelled once every caller aborted, and its later failure is not unhandled", async () => {
  let workSignal: AbortSignal | undefined;
  let fail!: (e: Error) => void;
  const work = new SharedWork<number>((signal) => {
    workSignal = signal;
    return new Promise<number>((_resolve, reject) => fail = reject);
  });
  const a = new AbortController();
  const b = new AbortController();
  const first = work.join(a.signal);
  const second = work.join(b.signal);
  a.abort(new Error("a stopped"));
  await assert.rejects(first, /a stopped/);
  assert.equal(workSignal?.aborted, false);
  assert.equal(work.cancelled, false);
  b.abort(new Error("b stopped"));
  await assert.rejects(second, /b stopped/);
  assert.equal(workSignal?.aborted, true);
  assert.equal(work.cancelled, true);
  // No one waits any more: the work's rejection must not be an unhandled
  // one (the test runner would fail this test, or the process).
  fail(new Error("cancelled work ended"));
  await new Promise((r) => setTimeout(r, 10));
});

test("shared work: a caller without a signal keeps it going, and every caller gets its result", async () => {
  let workSignal: AbortSignal | undefined;
  let finish!: (v: number) => void;
  const work = new SharedWork<number>((signal) => {
    workSignal = signal;
    return new Promise<number>((resolve) => finish = resolve);
  });
  const a = new AbortController();
  const withSignal = work.join(a.signal);
  const held = work.join(undefined);
  const other = work.join(new AbortController().signal);
  a.abort(new Error("a stopped"));
  await assert.rejects(withSignal, /a stopped/);
  finish(7);
  assert.equal(await held, 7);
  assert.equal(await other, 7);
  assert.equal(workSignal?.aborted, false);
});

test("shared work joined only with a signal that had aborted already: its failure is not unhandled", async () => {
  let fail!: (e: Error) => void;
  const work = new SharedWork<number>(() =>
    new Promise<number>((_resolve, reject) => fail = reject)
  );
  const gone = new AbortController();
  gone.abort(new Error("stopped before"));
  await assert.rejects(work.join(gone.signal), /stopped before/);
  fail(new Error("work ended with no one waiting"));
  await new Promise((r) => setTimeout(r, 10));
});
