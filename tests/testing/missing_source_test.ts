/**
 * A transfer item whose source is missing, without `skip_source_errors`:
 * Globus does not fail the task for it. The task stays ACTIVE, counts a
 * fault, shows the error as its `nice_status` (`is_ok: false`) and tries
 * again until its deadline, so a file that appears meanwhile is copied
 * (Transfer's "Task Behavior" page; globus-cli issue 1056 shows such a
 * task ACTIVE with one fault). The emulator failed it at once, so a test
 * that passed against it waited for the deadline against Globus.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../src/testing/emulator.ts";
import { api, submitTransfer, transferToken, waitTask } from "./_helpers.ts";

const SRC = "5a1e0000-0000-4000-8000-0000000000c1";
const DST = "5a1e0000-0000-4000-8000-0000000000c2";

/** Polls a task until `ok(task)`, with generous bounds. */
async function until(
  get: () => Promise<Record<string, unknown>>,
  ok: (t: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  let t: Record<string, unknown> = {};
  for (let i = 0; i < 600; i++) {
    t = await get();
    if (ok(t)) return t;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`condition never met: ${JSON.stringify(t)}`);
}

test("a missing source keeps the task ACTIVE with a FILE_NOT_FOUND fault, and it copies the file once it appears", async () => {
  const root = await mkdtemp(join(tmpdir(), "emulator-missing-source-"));
  const emu = await startEmulator({
    root,
    collections: [
      { id: SRC, displayName: "src" },
      { id: DST, displayName: "dst" },
    ],
  });
  try {
    const tok = await transferToken(emu);
    const r = await submitTransfer(emu, tok, {
      source_endpoint: SRC,
      destination_endpoint: DST,
      DATA: [{ source_path: "/late.txt", destination_path: "/late.txt" }],
    });
    assert.equal(r.status, 202);
    const id = r.body.task_id;
    const get = async () => (await api(emu, tok, "GET", `task/${id}`)).body;
    const waiting = await until(get, (t) => (t.faults as number) >= 1);
    assert.equal(waiting.status, "ACTIVE");
    assert.equal(waiting.nice_status, "FILE_NOT_FOUND");
    assert.equal(waiting.nice_status_short_description, "file not found");
    assert.equal(waiting.is_ok, false);
    assert.equal(waiting.fatal_error, null);
    const events =
      (await api(emu, tok, "GET", `task/${id}/event_list`)).body.DATA;
    assert.equal(events[0].code, "FILE_NOT_FOUND");
    assert.equal(events[0].is_error, true);

    await writeFile(join(root, SRC, "late.txt"), "here now");
    const done = await waitTask(emu, tok, id);
    assert.equal(done.status, "SUCCEEDED", JSON.stringify(done));
    assert.equal(done.fatal_error, null);
    assert.equal(
      await readFile(join(root, DST, "late.txt"), "utf8"),
      "here now",
    );
  } finally {
    await emu.close();
    await rm(root, { recursive: true, force: true });
  }
});

test("a source still missing at the deadline fails the task then (EXPIRED), with its subtask counted as expired", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const r = await submitTransfer(emu, tok, {
      source_endpoint: emu.collections.tutorial1,
      destination_endpoint: emu.collections.tutorial2,
      DATA: [{ source_path: "/~/nothing.txt", destination_path: "/~/x.txt" }],
    });
    const id = r.body.task_id;
    const get = async () => (await api(emu, tok, "GET", `task/${id}`)).body;
    // Once it is retrying, bring its deadline near.
    await until(get, (x) => x.nice_status === "FILE_NOT_FOUND");
    const put = await api(emu, tok, "PUT", `task/${id}`, {
      DATA_TYPE: "task",
      deadline: new Date(Date.now() + 1000).toISOString(),
    });
    assert.equal(put.status, 200);
    const t = await until(get, (x) => x.status !== "ACTIVE");
    assert.equal(t.status, "FAILED");
    assert.deepEqual(t.fatal_error, {
      code: "EXPIRED",
      description: "expired",
    });
    assert.equal(t.nice_status, null);
    assert.equal(t.is_ok, null);
    assert.equal(t.subtasks_expired, 1);
    assert.ok((t.faults as number) >= 2, JSON.stringify(t)); // a retry, then the expiry
    const codes = (await api(emu, tok, "GET", `task/${id}/event_list`)).body
      .DATA.map((e: { code: string }) => e.code);
    assert.equal(codes[0], "EXPIRED");
    assert.ok(codes.includes("FILE_NOT_FOUND"), codes.join(" "));
  } finally {
    await emu.close();
  }
});
