/**
 * `String(result)` on Transfer results (a listing, an endpoint, a task,
 * pages and collected lists) prints a readable table, not
 * `[object Object]`, while JSON and key listings stay exactly the data.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";

const TRANSFER_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";

/** The text lines of `String(value)`, trailing spaces cut. */
function lines(value: unknown): string[] {
  return String(value).split("\n").map((l) => l.trimEnd());
}

/** The cells of a table row (`a | b | c`). */
function cells(line: string): string[] {
  return line.split("|").map((c) => c.trim());
}

test("String() of Transfer results is a readable table; JSON is unchanged", async () => {
  const emulator = await startEmulator();
  try {
    const tokens = await emulator.mintTokens(TRANSFER_SCOPE);
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emulator.transferUrl,
      retry: false,
    });
    const src = emulator.collections.tutorial1;
    const dst = emulator.collections.tutorial2;

    // A directory listing: caption, header, one row per entry.
    const ls = await tc.operationLs(src, { path: "/share/godata/" });
    const lsText = lines(ls);
    assert.doesNotMatch(String(ls), /\[object Object\]/);
    assert.equal(lsText[0], `/share/godata/ on ${src} (3 entries)`);
    const header = cells(lsText[1]!);
    assert.ok(header.includes("Name") && header.includes("Type"), lsText[1]);
    const nameCol = header.indexOf("Name");
    const typeCol = header.indexOf("Type");
    const rows = lsText.slice(3).map(cells);
    assert.deepEqual(rows.map((r) => r[nameCol]).sort(), [
      "file1.txt",
      "file2.txt",
      "file3.txt",
    ]);
    assert.deepEqual(rows.map((r) => r[typeCol]), ["file", "file", "file"]);
    assert.equal(`${ls}`, String(ls), "a template literal shows the same");
    // The data itself is untouched: JSON, keys, structural equality.
    assert.ok(!Object.keys(ls).includes("toString"));
    const json = JSON.parse(JSON.stringify(ls));
    assert.deepEqual(Object.keys(json), Object.keys(ls));
    assert.deepEqual(json.DATA.map((e: { name: string }) => e.name).sort(), [
      "file1.txt",
      "file2.txt",
      "file3.txt",
    ]);
    assert.deepEqual({ ...ls }, json);

    // One endpoint: a field/value table under its name.
    const ep = await tc.getEndpoint(src);
    const epText = lines(ep);
    assert.equal(epText[0], "Globus Tutorial Collection 1");
    assert.ok(
      epText.some((l) =>
        /^id\s+\| 6c54cade-bde5-45c1-bdea-f4bd71dba2cc$/.test(l)
      ),
      String(ep),
    );
    assert.ok(!Object.hasOwn(JSON.parse(JSON.stringify(ep)), "toString"));

    // Endpoint search, collected: one row per endpoint.
    const found = await tc.endpointSearch("tutorial").toArray();
    const foundText = String(found);
    assert.doesNotMatch(foundText, /\[object Object\]/);
    assert.match(foundText, /Globus Tutorial Collection 1/);
    assert.match(foundText, /Globus Tutorial Collection 2/);
    assert.equal(lines(found).length, 2 + found.length);
    assert.equal(JSON.stringify(found), JSON.stringify([...found]));

    // A task, a task list page, and a collected task list.
    const tdata = new TransferData({
      sourceEndpoint: src,
      destinationEndpoint: dst,
      label: "to-string",
    });
    tdata.addItem("/share/godata/file1.txt", "/~/to-string.txt");
    const submitted = await tc.submitTransfer(tdata);
    const { task_id } = submitted;
    // A submission's result, and a mkdir's, print their fields.
    const submittedText = String(submitted);
    assert.doesNotMatch(submittedText, /\[object Object\]/);
    assert.match(submittedText, /^Accepted$/m);
    assert.match(submittedText, new RegExp(`^task_id\\s+\\| ${task_id}$`, "m"));
    assert.ok(!Object.keys(submitted).includes("toString"));
    assert.equal(JSON.parse(JSON.stringify(submitted)).task_id, task_id);
    const made = await tc.operationMkdir(dst, "/~/to-string-dir/");
    assert.match(String(made), /^code\s+\| DirectoryCreated$/m);
    const task = await tc.getTask(task_id);
    const taskText = lines(task);
    assert.equal(taskText[0], `Task ${task_id}`);
    assert.ok(
      taskText.some((l) => new RegExp(`^task_id\\s+\\| ${task_id}$`).test(l)),
      String(task),
    );
    assert.ok(taskText.some((l) => /^label\s+\| to-string$/.test(l)));
    assert.ok(taskText.some((l) => /^type\s+\| TRANSFER$/.test(l)));

    for await (const page of tc.taskList().pages()) {
      const pageText = String(page);
      assert.doesNotMatch(pageText, /\[object Object\]/);
      assert.match(pageText, new RegExp(task_id));
      assert.ok(!Object.keys(page).includes("toString"));
    }
    const tasks = await tc.taskList().toArray();
    const row = lines(tasks).find((l) => l.includes(task_id));
    assert.ok(row, String(tasks));
    assert.match(row, /to-string/);
    assert.match(row, /Globus Tutorial Collection 1/);
  } finally {
    await emulator.close();
  }
});
