/**
 * A task's deadline is absolute: a task held at a pause (a pause rule, or
 * an administrator's pause through the endpoint manager) still fails at its
 * deadline, with an `EXPIRED` event and `fatal_error` (the code Globus
 * documents for "Task failed to complete before deadline"). The emulator's
 * pause wait did not look at the deadline, so a paused task stayed
 * INACTIVE past it for as long as the pause lasted.
 *
 * Most tests run on a fake clock that stands still unless the test moves
 * it; one runs on the real clock, with a deadline moved near.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import type { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { emulator, HOUR, until } from "./_deadline_helpers.ts";
import type { Task } from "../../src/transfer/task.ts";

/** Submits a copy from tutorial1 to tutorial2 with a deadline. */
async function copy(
  tc: TransferClient,
  emu: { collections: { tutorial1: string; tutorial2: string } },
  deadline: number,
): Promise<string> {
  const td = new TransferData({
    sourceEndpoint: emu.collections.tutorial1,
    destinationEndpoint: emu.collections.tutorial2,
    deadline: new Date(deadline).toISOString(),
  });
  td.addItem("/share/godata/file1.txt", "/~/held.txt");
  return (await tc.submitTransfer(td)).task_id;
}

async function eventCodes(tc: TransferClient, id: string): Promise<string[]> {
  const codes = [];
  for await (const e of tc.taskEventList(id)) codes.push(e.code);
  return codes;
}

function assertExpired(t: Task): void {
  assert.equal(t.status, "FAILED", JSON.stringify(t));
  assert.deepEqual(t.fatal_error, { code: "EXPIRED", description: "expired" });
  assert.equal(t.nice_status, null);
  assert.equal(t.is_paused, false);
  assert.equal(t.subtasks_expired, 1);
}

test("a task held by a pause rule fails at its deadline (EXPIRED) in the next answer once a fake clock passes it", async () => {
  const clock = { ms: Date.parse("2030-01-01T00:00:00Z") };
  const { emu, tc } = await emulator({ clock: { now: () => clock.ms } });
  try {
    await tc.endpointManagerCreatePauseRule({
      endpoint_id: emu.collections.tutorial2,
      message: "Maintenance",
    });
    const id = await copy(tc, emu, clock.ms + HOUR);
    const held = await until(tc, id, (t) => t.is_paused === true);
    assert.equal(held.status, "INACTIVE");
    // Still paused an hour less a second later.
    clock.ms += HOUR - 1000;
    assert.equal((await tc.getTask(id)).status, "INACTIVE");
    clock.ms += 2000;
    assertExpired(await tc.getTask(id));
    const codes = await eventCodes(tc, id);
    assert.equal(codes[0], "EXPIRED", codes.join(" "));
    assert.equal(codes.includes("SUCCEEDED"), false, codes.join(" "));
  } finally {
    await emu.close();
  }
});

test("a delete task held by a pause rule fails at its deadline (EXPIRED)", async () => {
  const clock = { ms: Date.parse("2030-01-01T00:00:00Z") };
  const { emu, tc } = await emulator({ clock: { now: () => clock.ms } });
  try {
    await tc.endpointManagerCreatePauseRule({
      endpoint_id: emu.collections.tutorial2,
      message: "Maintenance",
    });
    const dd = new DeleteData({
      endpoint: emu.collections.tutorial2,
      deadline: new Date(clock.ms + HOUR).toISOString(),
    });
    dd.addItem("/~/anything.txt");
    const { task_id: id } = await tc.submitDelete(dd);
    await until(tc, id, (t) => t.is_paused === true);
    clock.ms += 2 * HOUR;
    assertExpired(await tc.getTask(id));
  } finally {
    await emu.close();
  }
});

test("a deadline moved into the past with updateTask fails a paused task in the next answer", async () => {
  const clock = { ms: Date.parse("2030-01-01T00:00:00Z") };
  const { emu, tc } = await emulator({ clock: { now: () => clock.ms } });
  try {
    await tc.endpointManagerCreatePauseRule({
      endpoint_id: emu.collections.tutorial2,
      message: "Maintenance",
    });
    const id = await copy(tc, emu, clock.ms + HOUR);
    await until(tc, id, (t) => t.is_paused === true);
    await tc.updateTask(id, {
      deadline: new Date(clock.ms - 1000).toISOString(),
    });
    assertExpired(await tc.getTask(id));
  } finally {
    await emu.close();
  }
});

test("a task held by an administrator's pause fails when its deadline passes on the real clock", async () => {
  const { emu, tc } = await emulator();
  try {
    // A pause rule holds the task until the administrator's pause is on.
    const rule = await tc.endpointManagerCreatePauseRule({
      endpoint_id: emu.collections.tutorial2,
      message: "hold",
    });
    const id = await copy(tc, emu, Date.now() + HOUR);
    await until(tc, id, (t) => t.is_paused === true);
    await tc.endpointManagerPauseTasks([id], "admin hold");
    await tc.endpointManagerDeletePauseRule(rule.id);
    const held = await tc.getTask(id);
    assert.equal(held.status, "INACTIVE", JSON.stringify(held));
    assert.equal(held.is_paused, true);
    await tc.updateTask(id, {
      deadline: new Date(Date.now() + 1000).toISOString(),
    });
    assertExpired(await until(tc, id, (t) => t.status !== "INACTIVE"));
    assert.equal((await eventCodes(tc, id))[0], "EXPIRED");
  } finally {
    await emu.close();
  }
});

test("a paused task whose pause ends before its deadline goes on and succeeds", async () => {
  const clock = { ms: Date.parse("2030-01-01T00:00:00Z") };
  const { emu, tc } = await emulator({ clock: { now: () => clock.ms } });
  try {
    const rule = await tc.endpointManagerCreatePauseRule({
      endpoint_id: emu.collections.tutorial2,
      message: "Maintenance",
    });
    const id = await copy(tc, emu, clock.ms + HOUR);
    await until(tc, id, (t) => t.is_paused === true);
    clock.ms += HOUR / 2;
    await tc.endpointManagerDeletePauseRule(rule.id);
    const done = await until(tc, id, (t) => t.status !== "ACTIVE");
    assert.equal(done.status, "SUCCEEDED", JSON.stringify(done));
  } finally {
    await emu.close();
  }
});
