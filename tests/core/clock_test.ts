import { test } from "node:test";
import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { systemClock } from "../../src/core/clock.ts";

test("systemClock.sleep: many waits sharing one signal add one abort listener (one each made Node 20 warn MaxListenersExceededWarning in taskWait and retry waits); an abort rejects them all with its reason, and none is left", async () => {
  const shutdown = new AbortController();
  const waits = Array.from(
    { length: 20 },
    () => systemClock.sleep(60_000, shutdown.signal),
  );
  assert.equal(getEventListeners(shutdown.signal, "abort").length, 1);
  const reason = new Error("SIGTERM");
  shutdown.abort(reason);
  const results = await Promise.allSettled(waits);
  for (const r of results) {
    assert.equal(r.status, "rejected");
    assert.equal((r as PromiseRejectedResult).reason, reason);
  }
  assert.equal(getEventListeners(shutdown.signal, "abort").length, 0);
});

test("systemClock.sleep: a wait that ends stops following the signal", async () => {
  const ctrl = new AbortController();
  await systemClock.sleep(1, ctrl.signal);
  assert.equal(getEventListeners(ctrl.signal, "abort").length, 0);
  await assert.rejects(
    systemClock.sleep(1, AbortSignal.abort(new Error("already"))),
    /already/,
  );
});
