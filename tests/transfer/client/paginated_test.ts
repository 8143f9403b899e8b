/**
 * `tc.paginated.*`, as the Python SDK's `TransferClient.paginated`:
 * iterating yields pages (each a list document that `for…of` walks), and
 * `.items()` yields the items.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { emulatorClient } from "./_emulator.ts";
import { setup } from "./_setup.ts";
import { json } from "../../_helpers/fake_fetch.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";
import { PagePaginator } from "../../../src/transfer/client/paginated.ts";
import { TransferData } from "../../../src/transfer/transfer_data.ts";

/** Python 4.9's `TransferClient.paginated` methods. */
const PYTHON_PAGINATED = [
  "endpoint_search",
  "get_shared_endpoint_list",
  "task_list",
  "task_event_list",
  "task_successful_transfers",
  "task_skipped_errors",
  "endpoint_manager_task_list",
  "endpoint_manager_task_event_list",
  "endpoint_manager_task_successful_transfers",
  "endpoint_manager_task_skipped_errors",
];
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

test("every Python paginated method is on tc.paginated and returns a page paginator without a request", () => {
  const { tc, ff } = setup([]);
  const paginated = tc.paginated as unknown as Record<
    string,
    (...args: unknown[]) => unknown
  >;
  for (const name of PYTHON_PAGINATED) {
    const method = paginated[camel(name)];
    assert.equal(typeof method, "function", `paginated.${camel(name)}`);
    const args = name === "get_shared_endpoint_list"
      ? ["host-id"]
      : /task_(event_list|successful_transfers|skipped_errors)$/.test(name)
      ? ["task-id"]
      : [];
    assert.ok(method?.(...args) instanceof PagePaginator, name);
  }
  assert.equal(ff.requests.length, 0);
  assert.equal(tc.paginated, tc.paginated);
});

test("for await over tc.paginated.endpointSearch yields pages, each iterable; .items() yields what tc.endpointSearch does", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const pages = [];
    for await (
      const page of tc.paginated.endpointSearch("Tutorial", { limit: 1 })
    ) {
      assert.equal(page.DATA_TYPE, "endpoint_list");
      pages.push([...page].map((ep) => ep.display_name));
    }
    assert.deepEqual(pages, [
      ["Globus Tutorial Collection 1"],
      ["Globus Tutorial Collection 2"],
    ]);
    const items = [];
    for await (
      const ep of tc.paginated.endpointSearch("Tutorial", { limit: 1 }).items()
    ) items.push(ep.id);
    const direct = await tc.endpointSearch("Tutorial").toArray();
    assert.deepEqual(items, direct.map((ep) => ep.id));
    assert.equal(items.length, 2);
    // The plain method with a limit: Python's endpoint_search(limit=1), one
    // page of one.
    const one = await tc.endpointSearch("Tutorial", { limit: 1 }).toArray();
    assert.deepEqual(one.map((ep) => ep.id), [items[0]]);
  } finally {
    await emu.close();
  }
});

test("tc.paginated.taskList pages by the limit, and .pages() is the same walk", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    for (let i = 0; i < 3; i++) {
      await tc.submitTransfer(
        new TransferData(emu.collections.tutorial1, emu.collections.tutorial2, {
          label: `t${i}`,
        }).addItem("/share/godata/file1.txt", `/~/f${i}.txt`),
      );
    }
    const sizes = [];
    for await (const page of tc.paginated.taskList({ limit: 2 })) {
      sizes.push([...page].length);
    }
    assert.deepEqual(sizes, [2, 1]);
    const again = [];
    for await (const page of tc.paginated.taskList({ limit: 2 }).pages()) {
      again.push(page.DATA.length);
    }
    assert.deepEqual(again, sizes);
    // Python's list(tc.paginated.task_list(limit=2).items())
    const labels = (await tc.paginated.taskList({ limit: 2 }).items()
      .toArray()).map((t) => t.label).sort();
    assert.deepEqual(labels, ["t0", "t1", "t2"]);
    assert.throws(
      () => JSON.stringify(tc.paginated.taskList()),
      /^TypeError: Cannot write a paginator as JSON/,
    );
  } finally {
    await emu.close();
  }
});

test("a page paginator says what it is when printed", () => {
  const tc = new TransferClient({ fetch: () => Promise.resolve(json({})) });
  assert.match(
    String(tc.paginated.taskList()),
    /for await \(const page of it\) yields pages; \.items\(\) yields every item/,
  );
});
