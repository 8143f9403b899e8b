/**
 * A task retrying a missing source waits (1 s, doubling to 30 s) between
 * tries. Its deadline ends that wait: once the deadline has passed on the
 * emulator's clock — a fake clock moved past it, or the deadline moved
 * earlier with `updateTask` — the next answer shows the task FAILED with
 * EXPIRED. The emulator noticed only at its next try, up to 30 s
 * later, so a test of a deadline against it waited that long.
 *
 * The clock here is a fake one that stands still unless the test moves it;
 * the task is let fail three tries first, so that its wait (4 s) is longer
 * than the few requests that follow.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { emulator, HOUR, until } from "./_deadline_helpers.ts";
import type { Task } from "../../src/transfer/task.ts";

/** An emulator on a fake clock, and a task retrying a missing source. */
async function retryingTask() {
  const clock = { ms: Date.parse("2030-01-01T00:00:00Z") };
  const { emu, tc } = await emulator({ clock: { now: () => clock.ms } });
  const td = new TransferData({
    sourceEndpoint: emu.collections.tutorial1,
    destinationEndpoint: emu.collections.tutorial2,
    deadline: new Date(clock.ms + HOUR).toISOString(),
  });
  td.addItem("/~/missing.txt", "/~/x.txt");
  const { task_id } = await tc.submitTransfer(td);
  const retrying = await until(tc, task_id, (t) => (t.faults ?? 0) >= 3);
  assert.equal(retrying.status, "ACTIVE");
  assert.equal(retrying.nice_status, "FILE_NOT_FOUND");
  return { emu, tc, clock, id: task_id };
}

function assertExpired(t: Task): void {
  assert.equal(t.status, "FAILED", JSON.stringify(t));
  assert.deepEqual(t.fatal_error, {
    code: "EXPIRED",
    description: "expired",
  });
  assert.equal(t.nice_status, null);
  assert.equal(t.subtasks_expired, 1);
}

test("a fake clock moved past the deadline of a task waiting to retry fails it in the next answer", async () => {
  const { emu, tc, clock, id } = await retryingTask();
  try {
    clock.ms += 2 * HOUR;
    assertExpired(await tc.getTask(id));
    const events = [];
    for await (const e of tc.taskEventList(id)) events.push(e.code);
    assert.equal(events[0], "EXPIRED", events.join(" "));
  } finally {
    await emu.close();
  }
});

test("a deadline moved earlier with updateTask ends the wait of a task retrying a missing source", async () => {
  const { emu, tc, clock, id } = await retryingTask();
  try {
    await tc.updateTask(id, {
      deadline: new Date(clock.ms + 1000).toISOString(),
    });
    // Not yet past: still retrying.
    assert.equal((await tc.getTask(id)).status, "ACTIVE");
    clock.ms += 2000;
    assertExpired(await tc.getTask(id));
  } finally {
    await emu.close();
  }
});

test("a task listing shows a task whose deadline passed while it waited to retry as FAILED", async () => {
  const { emu, tc, clock, id } = await retryingTask();
  try {
    clock.ms += 2 * HOUR;
    const listed = [];
    for await (const t of tc.taskList({ filter: { task_id: id } })) {
      listed.push(t.status);
    }
    assert.deepEqual(listed, ["FAILED"]);
  } finally {
    await emu.close();
  }
});

test("cancelTask ends the wait of a task retrying a missing source", async () => {
  const { emu, tc, id } = await retryingTask();
  try {
    const r = await tc.cancelTask(id);
    assert.equal(r.code, "Canceled");
    const t = await tc.getTask(id);
    assert.equal(t.status, "FAILED");
    assert.deepEqual(t.fatal_error, {
      code: "CANCELED",
      description: "canceled",
    });
  } finally {
    await emu.close();
  }
});
