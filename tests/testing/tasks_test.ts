import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  mkdir,
  readdir,
  readFile,
  stat,
  utimes,
  writeFile,
} from "node:fs/promises";
import { join } from "node:path";
import {
  TUTORIAL_COLLECTION_1 as T1,
  TUTORIAL_COLLECTION_2 as T2,
} from "../../src/testing/collections.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { api, submitTransfer, transferToken, waitTask } from "./_helpers.ts";

function home(emu: Emulator, collection: string, ...rest: string[]): string {
  return join(emu.root, collection, "home", "demo", ...rest);
}

async function tree(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (
    const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : 1
    )
  ) {
    const rel = prefix + e.name;
    if (e.isDirectory()) {
      out.push(rel + "/", ...(await tree(join(dir, e.name), rel + "/")));
    } else out.push(rel);
  }
  return out;
}

async function makeSourceTree(emu: Emulator): Promise<void> {
  const src = home(emu, T1, "data");
  await mkdir(join(src, "nested", "deeper"), { recursive: true });
  await mkdir(join(src, "skipdir"), { recursive: true });
  await writeFile(join(src, "a.txt"), "alpha");
  await writeFile(join(src, "b.log"), "bravo");
  await writeFile(join(src, "big.bin"), randomBytes(3 * 1024 * 1024 + 17));
  await writeFile(join(src, "nested", "c.txt"), "charlie");
  await writeFile(join(src, "nested", "deeper", "d.txt"), "delta");
  await writeFile(join(src, "skipdir", "e.txt"), "echo");
}

test("a recursive transfer with verify_checksum produces byte-identical files", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    await makeSourceTree(emu);
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      verify_checksum: true,
      preserve_timestamp: true,
      DATA: [{
        DATA_TYPE: "transfer_item",
        source_path: "/~/data/",
        destination_path: "/~/copy/",
        recursive: true,
      }],
    });
    assert.equal(r.status, 202);
    const task = await waitTask(emu, tok, r.body.task_id);
    assert.equal(task.status, "SUCCEEDED");
    assert.equal(task.files, 6);
    assert.equal(task.files_transferred, 6);
    assert.equal(task.directories, 4);
    const size = 5 + 5 + 3 * 1024 * 1024 + 17 + 7 + 5 + 4;
    assert.equal(task.bytes_transferred, size);
    assert.equal(task.bytes_checksummed, size);
    assert.equal(task.subtasks_pending, 0);
    assert.equal(task.subtasks_total, task.subtasks_succeeded);
    const src = home(emu, T1, "data");
    const dst = home(emu, T2, "copy");
    assert.deepEqual(await tree(dst), await tree(src));
    for (const f of await tree(src)) {
      if (f.endsWith("/")) continue;
      assert.deepEqual(
        await readFile(join(dst, f)),
        await readFile(join(src, f)),
      );
      const [a, b] = [await stat(join(src, f)), await stat(join(dst, f))];
      assert.equal(Math.floor(a.mtimeMs / 1000), Math.floor(b.mtimeMs / 1000));
    }
    const st = await api(
      emu,
      tok,
      "GET",
      `task/${r.body.task_id}/successful_transfers`,
    );
    assert.equal(st.body.DATA.length, 6);
    assert.ok(
      st.body.DATA.some((x: { source_path: string }) =>
        x.source_path === "/~/data/nested/deeper/d.txt"
      ),
    );
  } finally {
    await emu.close();
  }
});

test("throttled copies stream and still verify checksums", async () => {
  const emu = await startEmulator({ throttleBytesPerSecond: 50 * 1024 * 1024 });
  try {
    const tok = await transferToken(emu);
    await mkdir(home(emu, T1), { recursive: true });
    await writeFile(home(emu, T1, "blob.bin"), randomBytes(200_000));
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      verify_checksum: true,
      DATA: [{ source_path: "/~/blob.bin", destination_path: "/~/blob.bin" }],
    });
    const task = await waitTask(emu, tok, r.body.task_id);
    assert.equal(task.status, "SUCCEEDED");
    assert.equal(task.bytes_transferred, 200_000);
    assert.deepEqual(
      await readFile(home(emu, T2, "blob.bin")),
      await readFile(home(emu, T1, "blob.bin")),
    );
  } finally {
    await emu.close();
  }
});

test("sync_level skips files that already match (0 exists, 1 size, 2 mtime, 3 checksum)", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const src = home(emu, T1, "s");
    const dst = home(emu, T2, "s");
    await mkdir(src, { recursive: true });
    await mkdir(dst, { recursive: true });
    const old = new Date("2020-01-01T00:00:00Z");
    const recent = new Date("2024-01-01T00:00:00Z");
    // same: identical content, dst newer
    await writeFile(join(src, "same.txt"), "12345");
    await writeFile(join(dst, "same.txt"), "12345");
    await utimes(join(src, "same.txt"), old, old);
    await utimes(join(dst, "same.txt"), recent, recent);
    // size: differs in size
    await writeFile(join(src, "size.txt"), "123456");
    await writeFile(join(dst, "size.txt"), "1");
    await utimes(join(dst, "size.txt"), recent, recent);
    // mtime: same size, dst older
    await writeFile(join(src, "mtime.txt"), "abcde");
    await writeFile(join(dst, "mtime.txt"), "vwxyz");
    await utimes(join(src, "mtime.txt"), recent, recent);
    await utimes(join(dst, "mtime.txt"), old, old);
    // checksum: same size, dst newer, different content
    await writeFile(join(src, "sum.txt"), "AAAAA");
    await writeFile(join(dst, "sum.txt"), "BBBBB");
    await utimes(join(src, "sum.txt"), old, old);
    await utimes(join(dst, "sum.txt"), recent, recent);
    // new: missing at dst
    await writeFile(join(src, "new.txt"), "new");

    const run = async (level: number) => {
      const r = await submitTransfer(emu, tok, {
        source_endpoint: T1,
        destination_endpoint: T2,
        sync_level: level,
        DATA: [{
          source_path: "/~/s/",
          destination_path: "/~/s/",
          recursive: true,
        }],
      });
      const t = await waitTask(emu, tok, r.body.task_id);
      assert.equal(t.status, "SUCCEEDED");
      assert.equal(t.sync_level, level);
      const names = (await api(
        emu,
        tok,
        "GET",
        `task/${r.body.task_id}/successful_transfers`,
      )).body
        .DATA.map((x: { source_path: string }) =>
          x.source_path.split("/").pop()
        ).sort();
      return { t, names };
    };
    // level 0: only the missing file
    const l0 = await run(0);
    assert.deepEqual(l0.names, ["new.txt"]);
    assert.equal(l0.t.files_skipped, 4);
    // level 1: size differs
    const l1 = await run(1);
    assert.deepEqual(l1.names, ["size.txt"]);
    // level 2: dst older
    const l2 = await run(2);
    assert.deepEqual(l2.names, ["mtime.txt"]);
    // level 3: content differs
    const l3 = await run(3);
    assert.deepEqual(l3.names, ["sum.txt"]);
    assert.ok(l3.t.bytes_checksummed > 0);
    assert.equal(await readFile(join(dst, "sum.txt"), "utf8"), "AAAAA");
    const final = await run(3);
    assert.deepEqual(final.names, []);
  } finally {
    await emu.close();
  }
});

test("filter rules include and exclude by name and type", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    await makeSourceTree(emu);
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      filter_rules: [
        {
          DATA_TYPE: "filter_rule",
          method: "exclude",
          type: "dir",
          name: "skip*",
        },
        {
          DATA_TYPE: "filter_rule",
          method: "include",
          type: "file",
          name: "*.txt",
        },
        {
          DATA_TYPE: "filter_rule",
          method: "exclude",
          type: "file",
          name: "*",
        },
      ],
      DATA: [{
        source_path: "/~/data",
        destination_path: "/~/filtered",
        recursive: true,
      }],
    });
    const t = await waitTask(emu, tok, r.body.task_id);
    assert.equal(t.status, "SUCCEEDED");
    assert.equal(t.filter_rules.length, 3);
    assert.deepEqual(await tree(home(emu, T2, "filtered")), [
      "a.txt",
      "nested/",
      "nested/c.txt",
      "nested/deeper/",
      "nested/deeper/d.txt",
    ]);
  } finally {
    await emu.close();
  }
});

test("delete_destination_extra removes destination files missing from the source", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    await mkdir(home(emu, T2, "mirror"), { recursive: true });
    await writeFile(home(emu, T2, "mirror", "stale.txt"), "old");
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      delete_destination_extra: true,
      DATA: [{
        source_path: "/share/godata/",
        destination_path: "/~/mirror/",
        recursive: true,
      }],
    });
    assert.equal(
      (await waitTask(emu, tok, r.body.task_id)).status,
      "SUCCEEDED",
    );
    assert.deepEqual(await tree(home(emu, T2, "mirror")), [
      "file1.txt",
      "file2.txt",
      "file3.txt",
    ]);
  } finally {
    await emu.close();
  }
});

/**
 * A task's subtask counters add up to its total (a failed task's said 1
 * failed of 0).
 */
function assertCountersAddUp(t: Record<string, number>): void {
  const sum = t.subtasks_succeeded! + t.subtasks_failed! +
    t.subtasks_canceled! + t.subtasks_expired! + t.subtasks_skipped_errors! +
    t.subtasks_pending!;
  assert.equal(sum, t.subtasks_total, JSON.stringify(t));
}

test("read-only destinations fail with PERMISSION_DENIED; the subtask counters add up (a missing source: missing_source_test.ts)", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const ro = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      DATA: [{
        source_path: "/share/godata/file1.txt",
        destination_path: "/share/godata/new.txt",
      }],
    });
    const t2 = await waitTask(emu, tok, ro.body.task_id);
    assert.equal(t2.status, "FAILED");
    assert.equal(t2.fatal_error.code, "PERMISSION_DENIED");
    assertCountersAddUp(t2);
    const dir = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      DATA: [{ source_path: "/share/godata/", destination_path: "/~/g/" }],
    });
    const t3 = await waitTask(emu, tok, dir.body.task_id);
    assert.equal(t3.status, "FAILED");
    assertCountersAddUp(t3);
  } finally {
    await emu.close();
  }
});

test("delete tasks remove files and folders recursively, honouring ignore_missing", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    await mkdir(home(emu, T1, "trash", "sub"), { recursive: true });
    await writeFile(home(emu, T1, "trash", "x.txt"), "x");
    await writeFile(home(emu, T1, "trash", "sub", "y.txt"), "y");
    await writeFile(home(emu, T1, "single.txt"), "s");
    const sid = (await api(emu, tok, "GET", "submission_id")).body.value;
    const del = await api(emu, tok, "POST", "delete", {
      DATA_TYPE: "delete",
      submission_id: sid,
      endpoint: T1,
      recursive: true,
      ignore_missing: true,
      label: "cleanup",
      DATA: [
        { DATA_TYPE: "delete_item", path: "/~/trash/" },
        { DATA_TYPE: "delete_item", path: "~/single.txt" },
        { DATA_TYPE: "delete_item", path: "/~/not-there" },
      ],
    });
    assert.equal(del.status, 202);
    assert.equal(del.body.DATA_TYPE, "delete_result");
    const t = await waitTask(emu, tok, del.body.task_id);
    assert.equal(t.status, "SUCCEEDED");
    assert.equal(t.type, "DELETE");
    assert.equal(t.files, 3);
    assert.equal(t.directories, 2);
    assert.equal(t.destination_endpoint_id, null);
    assert.equal(t.source_endpoint_id, T1);
    assert.deepEqual(await readdir(home(emu, T1)), []);
    const dup = await api(emu, tok, "POST", "delete", {
      DATA_TYPE: "delete",
      submission_id: sid,
      endpoint: T1,
      DATA: [{ DATA_TYPE: "delete_item", path: "/~/x" }],
    });
    assert.equal(dup.body.task_id, del.body.task_id);
    const missing = await api(emu, tok, "POST", "delete", {
      DATA_TYPE: "delete",
      endpoint: T1,
      DATA: [{ DATA_TYPE: "delete_item", path: "/~/not-there" }],
    });
    const mt = await waitTask(emu, tok, missing.body.task_id);
    assert.equal(mt.status, "FAILED");
    assert.equal(mt.fatal_error.code, "FILE_NOT_FOUND");
    assert.equal(mt.subtasks_failed, 1);
    const ro = await api(emu, tok, "POST", "delete", {
      DATA_TYPE: "delete",
      endpoint: T1,
      recursive: true,
      DATA: [{ DATA_TYPE: "delete_item", path: "/share/godata/" }],
    });
    assert.equal(
      (await waitTask(emu, tok, ro.body.task_id)).fatal_error.code,
      "PERMISSION_DENIED",
    );
    assert.equal(
      (await readdir(join(emu.root, T1, "share", "godata"))).length,
      3,
    );
  } finally {
    await emu.close();
  }
});

test("cancel stops a slow task: FAILED with a CANCELED event", async () => {
  const emu = await startEmulator({ taskDelayMs: 60_000 });
  try {
    const tok = await transferToken(emu);
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      label: "slow",
      DATA: [{
        source_path: "/share/godata/",
        destination_path: "/~/slow/",
        recursive: true,
      }],
    });
    const active = (await api(emu, tok, "GET", `task/${r.body.task_id}`)).body;
    assert.equal(active.status, "ACTIVE");
    assert.equal(active.nice_status, "Queued");
    assert.equal(active.is_ok, true);
    assert.equal(active.completion_time, null);
    const inList = await api(emu, tok, "GET", "task_list?filter=status:ACTIVE");
    assert.equal(inList.body.total, 1);
    const c = await api(emu, tok, "POST", `task/${r.body.task_id}/cancel`);
    assert.equal(c.status, 200);
    assert.equal(c.body.DATA_TYPE, "result");
    assert.equal(c.body.code, "Canceled");
    const t = (await api(emu, tok, "GET", `task/${r.body.task_id}`)).body;
    assert.equal(t.status, "FAILED");
    assertCountersAddUp(t);
    assert.deepEqual(t.fatal_error, {
      code: "CANCELED",
      description: "canceled",
    });
    const ev =
      (await api(emu, tok, "GET", `task/${r.body.task_id}/event_list`)).body
        .DATA;
    assert.equal(ev[0].code, "CANCELED");
    assert.equal(ev[0].is_error, true);
    const again = await api(emu, tok, "POST", `task/${r.body.task_id}/cancel`);
    assert.equal(again.body.code, "TaskComplete");
  } finally {
    await emu.close();
  }
});

test("close() stops a running task without waiting for it", async () => {
  const emu = await startEmulator({ taskDelayMs: 60_000 });
  const tok = await transferToken(emu);
  const r = await submitTransfer(emu, tok, {
    source_endpoint: T1,
    destination_endpoint: T2,
    DATA: [{
      source_path: "/share/godata/file1.txt",
      destination_path: "/~/f.txt",
    }],
  });
  assert.equal(r.status, 202);
  await emu.close();
  await emu.close(); // idempotent
});

test("an expired deadline fails the task", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      deadline: "2001-01-01T00:00:00+00:00",
      DATA: [{
        source_path: "/share/godata/file1.txt",
        destination_path: "/~/f.txt",
      }],
    });
    const t = await waitTask(emu, tok, r.body.task_id);
    assert.equal(t.status, "FAILED");
    assert.equal(t.fatal_error.code, "EXPIRED");
    assert.equal(t.deadline, "2001-01-01T00:00:00+00:00");
    assert.ok(t.subtasks_expired >= 1);
    assertCountersAddUp(t);
  } finally {
    await emu.close();
  }
});

test("external_checksum mismatches fail the task", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const good = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      DATA: [{
        source_path: "/share/godata/file1.txt",
        destination_path: "/~/ok.txt",
        external_checksum: "0bee89b07a248e27c83fc3d5951213c1",
        checksum_algorithm: "MD5",
      }],
    });
    assert.equal(
      (await waitTask(emu, tok, good.body.task_id)).status,
      "SUCCEEDED",
    );
    const bad = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      DATA: [{
        source_path: "/share/godata/file1.txt",
        destination_path: "/~/bad.txt",
        external_checksum: "00000000000000000000000000000000",
        checksum_algorithm: "MD5",
      }],
    });
    assert.equal(
      (await waitTask(emu, tok, bad.body.task_id)).fatal_error.code,
      "CHECKSUM_MISMATCH",
    );
  } finally {
    await emu.close();
  }
});

test("seeded tasks page lazily: 100,000 tasks via task_list and 100,000 successful transfers via markers", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const seeded = emu.seedTasks(100_000, { successfulTransfers: 100_000 });
    let offset = 0;
    let count = 0;
    let total = -1;
    while (total < 0 || offset < total) {
      const r = await api(
        emu,
        tok,
        "GET",
        `task_list?limit=1000&offset=${offset}`,
      );
      assert.equal(r.status, 200);
      total = r.body.total;
      count += r.body.DATA.length;
      if (r.body.DATA.length === 0) break;
      offset += r.body.DATA.length;
    }
    assert.equal(total, 100_000);
    assert.equal(count, 100_000);
    const first =
      (await api(emu, tok, "GET", `task/${seeded.firstTaskId}`)).body;
    assert.equal(first.status, "SUCCEEDED");
    assert.equal(first.task_id, seeded.firstTaskId);
    let marker: number | null = 0;
    let items = 0;
    while (marker !== null) {
      const r: { body: { next_marker: number | null; DATA: unknown[] } } =
        await api(
          emu,
          tok,
          "GET",
          `task/${
            seeded.taskId(5)
          }/successful_transfers?marker=${marker}&limit=1000`,
        );
      items += r.body.DATA.length;
      marker = r.body.next_marker;
    }
    assert.equal(items, 100_000);
    const ctl = await fetch(`${emu.url}/_emulator/seed_tasks`, {
      method: "POST",
      body: JSON.stringify({ count: 5 }),
    });
    assert.equal((await ctl.json()).count, 5);
    assert.equal(
      (await api(emu, tok, "GET", "task_list?filter=label:~seeded")).body.total,
      100_005,
    );
  } finally {
    await emu.close();
  }
});

test("task_list orders by orderby's fields (ASC, DESC, several), after the filter and before the page; an unknown field or direction is a 400", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    emu.seedTasks(5, { label: "run {i}" });
    const labels = async (query: string) =>
      ((await api(emu, tok, "GET", `task_list?${query}`)).body.DATA as {
        label: string;
      }[]).map((t) => t.label);
    assert.deepEqual(await labels("orderby=label%20ASC&limit=3"), [
      "run 0",
      "run 1",
      "run 2",
    ]);
    assert.deepEqual(await labels("orderby=label&offset=3"), [
      "run 3",
      "run 4",
    ]);
    assert.deepEqual(
      await labels("orderby=status%20ASC,label%20desc&limit=2"),
      ["run 4", "run 3"],
    );
    const page = await api(
      emu,
      tok,
      "GET",
      "task_list?orderby=label%20ASC&limit=2&offset=1&filter=label:~run",
    );
    assert.equal(page.body.total, 5);
    for (
      const [orderby, message] of [
        ["bogus_field", /Invalid orderby field 'bogus_field'/],
        ["label SIDEWAYS", /Invalid orderby 'label SIDEWAYS'/],
      ] as const
    ) {
      const r = await api(
        emu,
        tok,
        "GET",
        `task_list?orderby=${encodeURIComponent(orderby)}`,
      );
      assert.equal(r.status, 400);
      assert.match(String(r.body.message), message);
    }
  } finally {
    await emu.close();
  }
});

test("the emulator answers status requests while it copies thousands of small files", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const files = 3000;
    const src = home(emu, T1, "many");
    await mkdir(src, { recursive: true });
    for (let i = 0; i < files; i++) {
      await writeFile(join(src, `f${i}.txt`), `file ${i}\n`.repeat(50));
    }
    const r = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: T2,
      verify_checksum: true,
      DATA: [{
        source_path: "/~/many/",
        destination_path: "/~/many/",
        recursive: true,
      }],
    });
    // Small files are copied with blocking calls; the event loop must
    // still get turns during the copy, or every poll would wait for the end.
    // The emulator takes a turn at least every TURN_EVERY_FILES files
    // (3000 files: at least 46 turns), however fast the disk is, and the
    // polls come from this thread while the copy runs in the emulator's.
    const seen: number[] = [];
    for (;;) {
      const t = (await api(emu, tok, "GET", `task/${r.body.task_id}`)).body;
      if (t.status !== "ACTIVE") {
        assert.equal(t.status, "SUCCEEDED");
        assert.equal(t.files_transferred, files);
        break;
      }
      seen.push(t.files_transferred);
    }
    const midway = seen.filter((n) => n > 0 && n < files);
    assert.ok(
      midway.length >= 2,
      `polls during the copy saw files_transferred ${JSON.stringify(seen)}`,
    );
    assert.equal(
      await readFile(home(emu, T2, "many", "f2999.txt"), "utf8"),
      "file 2999\n".repeat(50),
    );
  } finally {
    await emu.close();
  }
});

test("interpret_globs deletes the names a last-component pattern matches", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const dir = home(emu, T1, "g");
    await mkdir(join(dir, "sub.tmp"), { recursive: true });
    for (const f of ["a.tmp", "b.tmp", ".hidden.tmp", "keep.txt", "c1.log"]) {
      await writeFile(join(dir, f), f);
    }
    await writeFile(join(dir, "sub.tmp", "inner"), "x");
    const del = async (items: string[], more: Record<string, unknown> = {}) => {
      const r = await api(emu, tok, "POST", "delete", {
        DATA_TYPE: "delete",
        endpoint: T1,
        ...more,
        DATA: items.map((path) => ({ DATA_TYPE: "delete_item", path })),
      });
      assert.equal(r.status, 202);
      return await waitTask(emu, tok, r.body.task_id);
    };
    // Literal without interpret_globs: no file is called "*.tmp".
    const literal = await del(["/~/g/*.tmp"]);
    assert.equal(literal.fatal_error.code, "FILE_NOT_FOUND");
    // A matched folder still needs recursive.
    const flat = await del(["/~/g/*.tmp"], { interpret_globs: true });
    assert.equal(flat.fatal_error.code, "NOT_A_FILE");
    const ok = await del(["/~/g/*.tmp", "~/g/c[0-9].log"], {
      interpret_globs: true,
      recursive: true,
    });
    assert.equal(ok.status, "SUCCEEDED");
    assert.deepEqual((await readdir(dir)).sort(), [".hidden.tmp", "keep.txt"]);
    // A pattern that matches nothing fails as missing, unless ignore_missing.
    const none = await del(["/~/g/*.nothing"], { interpret_globs: true });
    assert.equal(none.fatal_error.code, "FILE_NOT_FOUND");
    const ignored = await del(["/~/g/*.nothing", "/~/nodir/*.x"], {
      interpret_globs: true,
      ignore_missing: true,
    });
    assert.equal(ignored.status, "SUCCEEDED");
    // A dot must be matched explicitly; globs never reach outside the collection.
    assert.equal(
      (await del(["/~/g/.*.tmp"], { interpret_globs: true })).status,
      "SUCCEEDED",
    );
    assert.deepEqual(await readdir(dir), ["keep.txt"]);
    const escape = await api(emu, tok, "POST", "delete", {
      DATA_TYPE: "delete",
      endpoint: T1,
      interpret_globs: true,
      recursive: true,
      DATA: [{ DATA_TYPE: "delete_item", path: "/~/../../../*" }],
    });
    assert.equal(escape.status, 400, JSON.stringify(escape.body));
    assert.deepEqual(await readdir(dir), ["keep.txt"]);
  } finally {
    await emu.close();
  }
});

test("a file still copying at the deadline stops there: the task fails EXPIRED (it ran on past its deadline and SUCCEEDED)", async () => {
  const emu = await startEmulator({
    throttleBytesPerSecond: 256 * 1024,
    collections: [{
      id: "5a1e0000-0000-4000-8000-0000000000d1",
      displayName: "big",
      files: { "/big.bin": "x".repeat(4 * 1024 * 1024) },
    }],
  });
  try {
    const tok = await transferToken(emu);
    // 4 MiB at 256 KiB/s: 16 s of copying, past a deadline 1 s away.
    const r = await submitTransfer(emu, tok, {
      source_endpoint: "5a1e0000-0000-4000-8000-0000000000d1",
      destination_endpoint: T2,
      deadline: new Date(Date.now() + 1000).toISOString(),
      DATA: [{ source_path: "/big.bin", destination_path: "/~/big.bin" }],
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    const t = await waitTask(emu, tok, r.body.task_id);
    assert.equal(t.status, "FAILED");
    assert.equal(t.fatal_error.code, "EXPIRED");
    assertCountersAddUp(t);
    assert.ok(
      t.bytes_transferred < 4 * 1024 * 1024,
      String(t.bytes_transferred),
    );
  } finally {
    await emu.close();
  }
});

test("external_checksum with ADLER32, CRC32 and CRC32C is checked (a wrong one SUCCEEDED unchecked); an algorithm Globus does not know is refused at submission", async () => {
  const ID = "5a1e0000-0000-4000-8000-0000000000c1";
  const emu = await startEmulator({
    collections: [{
      id: ID,
      displayName: "sums",
      files: { "/w.txt": "Wikipedia", "/n.txt": "123456789" },
    }],
  });
  try {
    const tok = await transferToken(emu);
    const run = async (
      path: string,
      external_checksum: string,
      checksum_algorithm: string,
    ) => {
      const r = await submitTransfer(emu, tok, {
        source_endpoint: ID,
        destination_endpoint: T2,
        DATA: [{
          source_path: path,
          destination_path: `/~/${checksum_algorithm}-${external_checksum}`,
          external_checksum,
          checksum_algorithm,
        }],
      });
      assert.equal(r.status, 202, JSON.stringify(r.body));
      const t = await waitTask(emu, tok, r.body.task_id);
      return t.status === "FAILED" ? t.fatal_error.code : t.status;
    };
    // The algorithms' published check values.
    assert.equal(await run("/w.txt", "11E60398", "ADLER32"), "SUCCEEDED");
    assert.equal(await run("/n.txt", "cbf43926", "CRC32"), "SUCCEEDED");
    assert.equal(await run("/n.txt", "e3069283", "crc32c"), "SUCCEEDED");
    assert.equal(
      await run("/w.txt", "deadbeef", "ADLER32"),
      "CHECKSUM_MISMATCH",
    );
    assert.equal(
      await run("/n.txt", "deadbeef", "CRC32C"),
      "CHECKSUM_MISMATCH",
    );
    const refused = await submitTransfer(emu, tok, {
      source_endpoint: ID,
      destination_endpoint: T2,
      DATA: [{
        source_path: "/n.txt",
        destination_path: "/~/nope",
        external_checksum: "1",
        checksum_algorithm: "NOPE",
      }],
    });
    assert.equal(refused.status, 400);
    assert.match(
      refused.body.message,
      /checksum_algorithm 'NOPE' is not supported: use one of MD5, SHA1, SHA256, SHA512, ADLER32, CRC32, CRC32C/,
    );
  } finally {
    await emu.close();
  }
});
