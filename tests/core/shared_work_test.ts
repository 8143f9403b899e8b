/**
 * The error of work several callers share (an app's token request) keeps
 * the line of the code that waited for it: V8's async stack stopped at the
 * shared promise, so the stack held the SDK's frames only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { SharedWork } from "../../src/core/_shared_work.ts";

/** Work that fails after a turn, as a token request does. */
function failingWork(): SharedWork<void> {
  return new SharedWork(async () => {
    await new Promise((r) => setTimeout(r, 1));
    throw new Error("token request refused");
  });
}

test("a shared work's error shows the frames of the caller that got it first, once", async () => {
  const work = failingWork();
  async function cellThatListsTheTasks() {
    await work.join(undefined);
  }
  async function anotherCellWaitingToo() {
    await work.join(undefined);
  }
  const [a, b] = await Promise.allSettled([
    cellThatListsTheTasks(),
    anotherCellWaitingToo(),
  ]);
  assert.equal(a.status, "rejected");
  assert.equal(b.status, "rejected");
  const err = (a as PromiseRejectedResult).reason as Error;
  // One error, as before: callers can compare it.
  assert.equal(err, (b as PromiseRejectedResult).reason);
  assert.match(err.message, /token request refused/);
  const stack = String(err.stack);
  assert.match(stack, /^Error: token request refused\n/);
  assert.match(stack, /cellThatListsTheTasks/);
  // The second caller's frames are not mixed in.
  assert.doesNotMatch(stack, /anotherCellWaitingToo/);
  // No frame is shown twice.
  const frames = stack.split("\n").filter((l) => /^\s+at /.test(l));
  assert.equal(new Set(frames).size, frames.length, stack);
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
