import { test } from "node:test";
import assert from "node:assert/strict";
import { SharedWork } from "../../src/core/_shared_work.ts";
import { GlobusError } from "../../src/core/errors.ts";

/** Work that fails after a turn of the event loop (as a login or a renewal does). */
function failingWork(): SharedWork<void> {
  return new SharedWork(async () => {
    await new Promise((r) => setTimeout(r, 1));
    throw new GlobusError("the shared work failed");
  });
}

test("an error from shared work keeps the caller's line in its stack, waited for without a signal (it ended inside the work)", async () => {
  const work = failingWork();
  async function waitForTheSharedWorkPlain() {
    await work.join(undefined);
  }
  const err = await waitForTheSharedWorkPlain().then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GlobusError);
  assert.match(String(err.stack), /waitForTheSharedWorkPlain/);
});

test("an error from shared work keeps the caller's line in its stack, waited for with a signal", async () => {
  const work = failingWork();
  const signal = new AbortController().signal;
  async function waitForTheSharedWorkWithSignal() {
    await work.join(signal);
  }
  const err = await waitForTheSharedWorkWithSignal().then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof GlobusError);
  assert.match(String(err.stack), /waitForTheSharedWorkWithSignal/);
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
