/**
 * Empty Transfer lists (an empty folder, a task without skipped errors, no
 * tasks) render with their columns and say they are empty, instead of a
 * blank output with an empty header row.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { kernelView } from "../_helpers/kernel_view.ts";
import { emulatorClient } from "./client/_emulator.ts";

/** The header cells of a text table's first row after the caption. */
function headerCells(text: string, line = 1): string[] {
  return (text.split("\n")[line] ?? "").split("|").map((c) => c.trim());
}

test("empty Transfer lists show their columns and '(no rows)'", async () => {
  const { emu: emulator, tc } = await emulatorClient();
  try {
    const src = emulator.collections.tutorial1;
    const dst = emulator.collections.tutorial2;

    // No tasks yet: the first page of taskList and its collected array.
    const page = (await tc.taskList().pages().next()).value;
    const pageView = await kernelView(page);
    assert.deepEqual(headerCells(pageView["text/plain"] ?? "", 0), [
      "Task ID",
      "Status / Type",
      "Label",
      "Source → Destination",
      "Files",
      "Bytes",
      "Requested",
    ]);
    assert.equal(pageView["text/plain"]?.split("\n").at(-1), "(no rows)");
    assert.ok(
      pageView["text/html"]?.includes(
        '<th><div align="left">Task ID</div></th>',
      ),
    );
    const none = await tc.taskList().toArray();
    assert.equal(none.length, 0);
    const noneText = (await kernelView(none))["text/plain"] ?? "";
    assert.equal(headerCells(noneText, 0)[0], "Task ID");
    assert.match(noneText, /\(no rows\)$/);

    // An empty folder.
    await tc.operationMkdir(dst, "/~/empty-folder/");
    const ls = await tc.operationLs(dst, { path: "/~/empty-folder/" });
    const lsText = (await kernelView(ls))["text/plain"] ?? "";
    assert.equal(
      lsText.split("\n")[0],
      `/~/empty-folder/ on ${dst} (0 entries)`,
    );
    assert.deepEqual(headerCells(lsText), [
      "Name",
      "Type",
      "Size",
      "Last Modified",
      "Permissions",
      "User",
      "Group",
    ]);
    assert.equal(lsText.split("\n").at(-1), "(no rows)");
    assert.equal(String(ls), lsText);

    // A task without skipped errors.
    const sub = await tc.submitTransfer(
      new TransferData({ sourceEndpoint: src, destinationEndpoint: dst })
        .addItem("/share/godata/file1.txt", "/~/empty-folder/file1.txt"),
    );
    assert.ok(await tc.taskWait(sub.task_id, { timeoutS: 60 }));
    const skipped = await tc.taskSkippedErrors(sub.task_id).toArray();
    const skippedText = (await kernelView(skipped))["text/plain"] ?? "";
    assert.deepEqual(headerCells(skippedText, 0), [
      "Source Path",
      "Destination Path",
      "Error Code",
      "Time",
    ]);
    assert.match(skippedText, /\(no rows\)$/);

    // One entry is "1 entry".
    const one = await tc.operationLs(dst, { path: "/~/empty-folder/" });
    assert.equal(
      String(one).split("\n")[0],
      `/~/empty-folder/ on ${dst} (1 entry)`,
    );
  } finally {
    await emulator.close();
  }
});
