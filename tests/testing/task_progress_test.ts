/**
 * What taskWait's progress is drawn from, as the emulator reports it while
 * a folder is copied: every file of the folder is counted once the folder
 * is listed, and the counters only grow.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TUTORIAL_COLLECTION_2 as T2 } from "../../src/testing/collections.ts";
import { progressFraction } from "../../src/notebook/progress.ts";
import { api, submitTransfer, transferToken } from "./_helpers.ts";

const SRC = "5a1e0000-0000-4000-8000-0000000000e1";

test("a folder of 8 files counts all 8 once listed, so the progress only grows (it read 4/4 files, 99 %, then 4/8, 50 %)", async () => {
  // 8 files, 4 copied at a time, each 4 bytes at 1 byte/s: the first four
  // take 4 s, long after the folder is listed.
  const emu = await startEmulator({
    throttleBytesPerSecond: 1,
    collections: [{
      id: SRC,
      displayName: "eight files",
      files: Object.fromEntries(
        Array.from({ length: 8 }, (_, i) => [`/d/f${i}.txt`, "abc\n"]),
      ),
    }],
  });
  try {
    const token = await transferToken(emu);
    const r = await submitTransfer(emu, token, {
      source_endpoint: SRC,
      destination_endpoint: T2,
      DATA: [{
        DATA_TYPE: "transfer_item",
        source_path: "/d/",
        destination_path: "/~/d/",
        recursive: true,
      }],
    });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    // deno-lint-ignore no-explicit-any
    const seen: any[] = [];
    for (let i = 0; i < 4000; i++) {
      const t = (await api(emu, token, "GET", `task/${r.body.task_id}`)).body;
      seen.push(t);
      if (t.status !== "ACTIVE") break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const last = seen.at(-1);
    assert.equal(last.status, "SUCCEEDED");
    assert.equal(last.files_transferred, 8);
    // Once any file is counted, all 8 are, with a pending subtask each.
    const counted = seen.filter((t) => t.files > 0);
    assert.ok(counted.length > 0);
    for (const t of counted) {
      assert.equal(t.files, 8, JSON.stringify(t));
      assert.equal(t.subtasks_total, 9, JSON.stringify(t));
    }
    // The fraction shown never goes back.
    const fractions = seen.map((t) => progressFraction(t) ?? 0);
    for (let i = 1; i < fractions.length; i++) {
      assert.ok(
        fractions[i]! >= fractions[i - 1]!,
        `progress went back: ${fractions.join(", ")}`,
      );
    }
  } finally {
    await emu.close();
  }
});
