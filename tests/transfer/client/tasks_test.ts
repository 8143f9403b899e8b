/**
 * TransferClient's task submission, listing, documents, events and transfers
 * against a fake fetch; formatTransferFilter.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  fakeFetch,
  json,
  type RecordedRequest,
} from "../../_helpers/fake_fetch.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";
import {
  formatTransferFilter,
  TransferClient,
} from "../../../src/transfer/transfer_client.ts";
import { TransferData } from "../../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../../src/transfer/delete_data.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { ResponseValidationError } from "../../../src/core/response_validation_error.ts";
import { JUPYTER_DISPLAY } from "../../../src/notebook/display.ts";
import { BASE, EP1, EP2, submitResult, task, TASK_ID } from "../_sample.ts";
import { body, setup, url } from "./_setup.ts";
import { emulatorClient } from "./_emulator.ts";

test("submitTransfer fetches a submission id first, sets it on the TransferData, then POSTs the document", async () => {
  const { tc, ff } = setup([
    json({ value: "sub-1" }),
    json(submitResult("transfer", "sub-1")),
  ]);
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
    label: "t",
  })
    .addItem("/share/godata/file1.txt", "/~/file1.txt");
  const res = await tc.submitTransfer(td);
  assert.equal(res.task_id, TASK_ID);
  assert.equal(td.submissionId, "sub-1");
  assert.equal(url(ff.requests[0]), BASE + "submission_id");
  assert.equal(ff.requests[1]!.method, "POST");
  assert.equal(url(ff.requests[1]), BASE + "transfer");
  assert.deepEqual(body(ff.requests[1]), {
    DATA_TYPE: "transfer",
    submission_id: "sub-1",
    source_endpoint: EP1,
    destination_endpoint: EP2,
    label: "t",
    DATA: [{
      DATA_TYPE: "transfer_item",
      source_path: "/share/godata/file1.txt",
      destination_path: "/~/file1.txt",
    }],
  });
});

test("a retried submit POSTs the same submission id (no second task)", async () => {
  const ff = fakeFetch([
    json({ value: "sub-9" }),
    json({ code: "ServiceUnavailable", message: "busy" }, 503),
    json(submitResult("transfer", "sub-9")),
  ]);
  const tc = new TransferClient({
    fetch: ff.fetch,
    clock: fakeClock(),
    retry: { random: () => 0 },
    baseUrl: "https://transfer.api.globus.org/",
  });
  const td = new TransferData({ sourceEndpoint: EP1, destinationEndpoint: EP2 })
    .addItem("/a", "/b");
  await tc.submitTransfer(td);
  assert.equal(ff.requests.length, 3);
  assert.equal(
    (body(ff.requests[1]) as Record<string, unknown>).submission_id,
    "sub-9",
  );
  assert.equal(
    (body(ff.requests[2]) as Record<string, unknown>).submission_id,
    "sub-9",
  );
});

test("submitTransfer keeps an existing submission id and accepts a raw document", async () => {
  const { tc, ff } = setup([
    json(submitResult("transfer", "mine")),
    json({ value: "fetched" }),
    json(submitResult("transfer", "fetched")),
  ]);
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
    submissionId: "mine",
  })
    .addItem("/a", "/b");
  await tc.submitTransfer(td);
  assert.equal(ff.requests.length, 1);
  assert.equal(
    (body(ff.requests[0]) as Record<string, unknown>).submission_id,
    "mine",
  );

  const raw: Record<string, unknown> = {
    DATA_TYPE: "transfer",
    source_endpoint: EP1,
    destination_endpoint: EP2,
    DATA: [{
      DATA_TYPE: "transfer_item",
      source_path: "/a",
      destination_path: "/b",
    }],
  };
  await tc.submitTransfer(raw);
  assert.equal(raw.submission_id, "fetched");
  assert.equal(url(ff.requests[1]), BASE + "submission_id");
  assert.deepEqual(body(ff.requests[2]), raw);
});

test("submitTransfer of an empty TransferData throws a TypeError before any request", async () => {
  const { tc, ff } = setup([]);
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  await assert.rejects(
    () => tc.submitTransfer(td),
    (e: unknown) =>
      e instanceof TypeError &&
      /has no items; add one with addItem\(/.test(e.message),
  );
  assert.equal(ff.requests.length, 0);
});

test("a service error on submit is a TransferAPIError with the code", async () => {
  const { tc } = setup([
    json({
      code: "PermissionDenied",
      message: "No write permission on the destination",
      request_id: "x",
      resource: "/transfer",
    }, 403),
  ]);
  await assert.rejects(
    () =>
      tc.submitTransfer({
        DATA_TYPE: "transfer",
        submission_id: "s",
        source_endpoint: EP1,
        destination_endpoint: EP2,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/a",
          destination_path: "/b",
        }],
      }),
    (e: unknown) =>
      e instanceof TransferAPIError && e.code === "PermissionDenied",
  );
});

test("submit checks the kind and content of a document before any request", async () => {
  const { tc, ff } = setup([]);
  const td = new TransferData({ sourceEndpoint: EP1, destinationEndpoint: EP2 })
    .addItem("/a", "/b");
  const dd = new DeleteData({ endpoint: EP2 }).addItem("/~/x");
  const cases: [() => Promise<unknown>, RegExp][] = [
    [
      () => tc.submitTransfer(dd as never),
      /pass this DeleteData to submitDelete\(\)/,
    ],
    [
      () => tc.submitDelete(td as never),
      /pass this TransferData to submitTransfer\(\)/,
    ],
    [
      () => tc.submitTransfer({ DATA_TYPE: "delete", endpoint: EP2, DATA: [] }),
      /takes a transfer document: its DATA_TYPE is "delete"; use submitDelete\(\)/,
    ],
    [() => tc.submitTransfer({}), /'source_endpoint' must be a non-empty/],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: [],
        }),
      /^Cannot submit the transfer document as its 'DATA' has no items: add one, e\.g\. DATA: \[\{ DATA_TYPE: "transfer_item", source_path: "\/source\/path"/,
    ],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: [{ source_path: "relative", destination_path: "/b" }],
        }),
      /^Cannot use DATA\[0\] of the transfer document as 'source_path' must be an absolute path.*"relative"/,
    ],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: [
            { source_path: "/a", destination_path: "/b" },
            { source_path: "/c", destination_path: "d" },
          ],
        }),
      /^Cannot use DATA\[1\] of the transfer document as 'destination_path' must be/,
    ],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: { source_path: "/a", destination_path: "/b" },
        }),
      /^Cannot use the transfer document as 'DATA' must be a list of items such as \[\{ DATA_TYPE: "transfer_item".*current value is \{"source_path":"\/a"/,
    ],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: ["/a"],
        }),
      /^Cannot use DATA\[0\] of the transfer document as each item must be an object.*current value is "\/a"$/,
    ],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: [{ source_path: "/a", destination_path: "/b" }],
          filter_rules: [{ method: "drop", name: "*.tmp" }],
        }),
      /^Cannot use filter_rules\[0\] of the transfer document as 'method' must be "include" or "exclude"/,
    ],
    [
      () => tc.submitDelete({ DATA: [{ path: "/x" }] }),
      /'endpoint' must be a non-empty/,
    ],
    [
      () => tc.submitDelete({ endpoint: EP2 }),
      /^Cannot submit the delete document as its 'DATA' has no items: add one, e\.g\. DATA: \[\{ DATA_TYPE: "delete_item", path: "\/path" \}\]$/,
    ],
    [
      () => tc.submitDelete({ endpoint: EP2, DATA: [{ path: "x" }] }),
      /^Cannot use DATA\[0\] of the delete document as 'path' must be an absolute path/,
    ],
  ];
  for (const [call, message] of cases) {
    await assert.rejects(
      call,
      (e: unknown) => e instanceof TypeError && message.test(e.message),
      String(message),
    );
  }
  await assert.rejects(
    tc.submitTransfer({
      source_endpoint: EP1,
      destination_endpoint: EP2,
      sync_level: "sometimes",
      DATA: [{ source_path: "/a", destination_path: "/b" }],
    }),
    (e: unknown) =>
      e instanceof RangeError &&
      /^Cannot use the transfer document as 'sync_level' must be "exists", "size", "mtime", "checksum" or 0–3: current value is "sometimes"$/
        .test(e.message),
  );
  assert.equal(ff.requests.length, 0, "nothing was sent");
});

test("a TransferData changed after its submit is refused before anything is sent (Globus would answer Duplicate and drop the change); unchanged, it is a Duplicate as in Python; with its id cleared, a new task", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const one = emu.collections.tutorial1;
    const two = emu.collections.tutorial2;
    const tdata = new TransferData({
      sourceEndpoint: one,
      destinationEndpoint: two,
    });
    tdata.addItem("/share/godata/file1.txt", "/~/resubmit/file1.txt");
    const first = await tc.submitTransfer(tdata);
    assert.equal(first.code, "Accepted");
    // The same document again (a notebook cell run twice): Duplicate.
    const again = await tc.submitTransfer(tdata);
    assert.equal(again.code, "Duplicate");
    assert.equal(again.task_id, first.task_id);
    // Changed since: refused, naming the task and the way out.
    tdata.addItem("/share/godata/file2.txt", "/~/resubmit/file2.txt");
    const before = (await tc.taskList().toArray()).length;
    await assert.rejects(tc.submitTransfer(tdata), {
      name: "TypeError",
      message:
        `Cannot submit this TransferData again: it was submitted as task ${first.task_id} with submission id ${tdata.submissionId}, and it has changed since (1 item then, 2 now). Globus would answer Duplicate with that task and leave the change out. To submit it as a new task (every item again), clear its submission id first (tdata.submissionId = undefined; a new one is fetched), or build a new TransferData`,
    });
    assert.equal((await tc.taskList().toArray()).length, before);
    tdata.submissionId = undefined;
    const fresh = await tc.submitTransfer(tdata);
    assert.equal(fresh.code, "Accepted");
    assert.notEqual(fresh.task_id, first.task_id);
    // A raw document and a DeleteData are held to the same rule.
    const raw = {
      DATA_TYPE: "delete",
      endpoint: two,
      DATA: [{ DATA_TYPE: "delete_item", path: "/~/nothing-here-1" }],
      ignore_missing: true,
    };
    await tc.submitDelete(raw);
    raw.DATA.push({ DATA_TYPE: "delete_item", path: "/~/nothing-here-2" });
    await assert.rejects(
      tc.submitDelete(raw),
      /^TypeError: Cannot submit this delete document again: .* delete its submission_id first/,
    );
    const ddata = new DeleteData({ endpoint: two, ignoreMissing: true });
    ddata.addItem("/~/nothing-here-3");
    await tc.submitDelete(ddata);
    ddata.addItem("/~/nothing-here-4");
    await assert.rejects(
      tc.submitDelete(ddata),
      /^TypeError: Cannot submit this DeleteData again: .*\(ddata\.submissionId = undefined/,
    );
  } finally {
    await emu.close();
  }
});

test("submitDelete fetches a submission id and POSTs the delete document", async () => {
  const { tc, ff } = setup([
    json({ value: "sub-d" }),
    json(submitResult("delete", "sub-d")),
  ]);
  const dd = new DeleteData({ endpoint: EP2, recursive: true, label: "clean" })
    .addItem("/~/old/");
  const res = await tc.submitDelete(dd);
  assert.equal(res.DATA_TYPE, "delete_result");
  assert.equal(url(ff.requests[1]), BASE + "delete");
  assert.deepEqual(body(ff.requests[1]), {
    DATA_TYPE: "delete",
    submission_id: "sub-d",
    endpoint: EP2,
    recursive: true,
    label: "clean",
    DATA: [{ DATA_TYPE: "delete_item", path: "/~/old/" }],
  });
});

/** An empty first page of `task_list`. */
function emptyTaskList() {
  return {
    DATA_TYPE: "task_list",
    length: 0,
    limit: 1000,
    offset: 0,
    total: 0,
    DATA: [],
  };
}

test("taskList sends a list filter as one filter parameter per item, and takes Set values, as Python does", async () => {
  const { tc, ff } = setup([json(emptyTaskList())]);
  // Python: tc.task_list(filter=[{"task_id": {t1, t2}}, "type:TRANSFER"])
  await tc.taskList({
    filter: [{ task_id: new Set(["t1", "t2"]) }, "type:TRANSFER"],
  }).toArray();
  assert.deepEqual(
    new URL(url(ff.requests[0])).searchParams.getAll("filter"),
    ["task_id:t1,t2", "type:TRANSFER"],
  );
});

test("taskList sends filter and orderby, and pages with offset until total", async () => {
  const { tc, ff } = setup([], (req) => {
    const u = new URL(req.url);
    const offset = Number(u.searchParams.get("offset"));
    const limit = Number(u.searchParams.get("limit"));
    const n = Math.max(0, Math.min(limit, 25 - offset));
    return json({
      DATA_TYPE: "task_list",
      length: n,
      limit,
      offset,
      total: 25,
      DATA: Array.from(
        { length: n },
        (_, i) => task("SUCCEEDED", { task_id: `t${offset + i}` }),
      ),
    });
  });
  const ids: string[] = [];
  for await (
    const t of tc.taskList({
      filter: { status: ["ACTIVE", "SUCCEEDED"], type: "TRANSFER" },
      orderby: "request_time DESC",
      limit: 10,
      maxResults: 100,
    })
  ) ids.push(t.task_id);
  assert.equal(ids.length, 25);
  assert.equal(ids[24], "t24");
  assert.equal(ff.requests.length, 3);
  const u = new URL(url(ff.requests[0]));
  assert.equal(u.origin + u.pathname, BASE + "task_list");
  assert.deepEqual(Object.fromEntries(u.searchParams), {
    filter: "status:ACTIVE,SUCCEEDED/type:TRANSFER",
    orderby: "request_time DESC",
    limit: "10",
    offset: "0",
  });
  assert.match(url(ff.requests[2]), /limit=10&offset=20$/);
});

test("a plain paged method's limit is also how many it yields, as Python's task_list(limit=…) returns one page; tc.paginated walks every page", async () => {
  const pages = (total: number, type: string) => (req: RecordedRequest) => {
    const u = new URL(req.url);
    const offset = Number(u.searchParams.get("offset"));
    const limit = Number(u.searchParams.get("limit"));
    const n = Math.max(0, Math.min(limit, total - offset));
    return json({
      DATA_TYPE: type,
      length: n,
      limit,
      offset,
      total,
      DATA: Array.from(
        { length: n },
        (_, i) =>
          type === "task_list"
            ? task("SUCCEEDED", { task_id: `t${offset + i}` })
            : {
              DATA_TYPE: "event",
              code: `E${offset + i}`,
              description: "",
              details: "",
              is_error: false,
              time: "2021-10-06T16:13:57+00:00",
            },
      ),
    });
  };
  {
    const { tc, ff } = setup([], pages(25, "task_list"));
    const ten = await tc.taskList({ limit: 10 }).toArray();
    assert.deepEqual(ten.map((t) => t.task_id), [
      ...Array.from({ length: 10 }, (_, i) => `t${i}`),
    ]);
    assert.equal(ff.requests.length, 1);
    // With an offset: the page that starts there (Python's limit/offset).
    const next = await tc.taskList({ limit: 10, offset: 20 }).toArray();
    assert.deepEqual(next.map((t) => t.task_id), [
      "t20",
      "t21",
      "t22",
      "t23",
      "t24",
    ]);
    // maxResults, when given, is the total and limit only the page size.
    assert.equal(
      (await tc.taskList({ limit: 10, maxResults: 25 }).toArray()).length,
      25,
    );
    const sizes = [];
    for await (const page of tc.paginated.taskList({ limit: 10 })) {
      sizes.push(page.DATA.length);
    }
    assert.deepEqual(sizes, [10, 10, 5]);
  }
  {
    const { tc } = setup([], pages(7, "event_list"));
    const codes = (await tc.taskEventList(TASK_ID, { limit: 3 }).toArray())
      .map((e) => e.code);
    assert.deepEqual(codes, ["E0", "E1", "E2"]);
    let n = 0;
    for await (
      const _ of tc.paginated.taskEventList(TASK_ID, { limit: 3 }).items()
    ) n++;
    assert.equal(n, 7);
  }
});

/** A service paging `total` items with offset and limit, as Transfer does. */
function offsetPages(
  dataType: string,
  total: number,
  item: (index: number) => unknown,
) {
  return (req: RecordedRequest) => {
    const u = new URL(req.url);
    const offset = Number(u.searchParams.get("offset"));
    const limit = Number(u.searchParams.get("limit"));
    const n = Math.max(0, Math.min(limit, total - offset));
    return json({
      DATA_TYPE: dataType,
      length: n,
      limit,
      offset,
      total,
      DATA: Array.from({ length: n }, (_, i) => item(offset + i)),
    });
  };
}

test("taskList stops at 1000 by default, where Python's paginator stops and the service refuses to go further (a port failed past it on Globus); maxResults goes further", async () => {
  const fallback = offsetPages("task_list", 2500, () => task("SUCCEEDED"));
  const byDefault = setup([], fallback);
  assert.equal((await byDefault.tc.taskList().toArray()).length, 1000);
  assert.equal(byDefault.ff.requests.length, 1);
  assert.match(url(byDefault.ff.requests[0]), /limit=1000&offset=0$/);
  // tc.paginated with a page size: pages of 300 up to 1000, as Python's
  // tc.paginated.task_list(limit=300).
  const paged = setup([], fallback);
  let n = 0;
  for await (const _ of paged.tc.paginated.taskList({ limit: 300 }).items()) {
    n++;
  }
  assert.equal(n, 1000);
  assert.deepEqual(
    paged.ff.requests.map((r) => new URL(r.url).searchParams.get("offset")),
    ["0", "300", "600", "900"],
  );
  const all = setup([], fallback);
  assert.equal(
    (await all.tc.taskList({ maxResults: Infinity }).toArray()).length,
    2500,
  );
  assert.equal(all.ff.requests.length, 3);
});

test("taskEventList stops at 1000 events by default, as Python's paginator does", async () => {
  const fallback = offsetPages("event_list", 1500, (i) => ({
    DATA_TYPE: "event",
    code: `E${i}`,
    description: "d",
    details: "",
    is_error: false,
    time: "2026-01-01T00:00:00+00:00",
  }));
  const byDefault = setup([], fallback);
  assert.equal(
    (await byDefault.tc.taskEventList(TASK_ID).toArray()).length,
    1000,
  );
  const all = setup([], fallback);
  assert.equal(
    (await all.tc.taskEventList(TASK_ID, { maxResults: 1500 }).toArray())
      .length,
    1500,
  );
});

test("taskList on an empty account makes one request", async () => {
  const { tc, ff } = setup([json(emptyTaskList())]);
  const items = await tc.taskList().toArray();
  assert.deepEqual(items, []);
  assert.equal(ff.requests.length, 1);
  assert.equal(
    typeof (items as unknown as Record<symbol, unknown>)[JUPYTER_DISPLAY],
    "function",
  );
});

test("getTask, updateTask and cancelTask send the documented requests", async () => {
  const { tc, ff } = setup([
    json(task("ACTIVE")),
    json({ DATA_TYPE: "result", code: "Updated", message: "updated" }),
    json({ DATA_TYPE: "result", code: "Canceled", message: "canceled" }),
  ]);
  const t = await tc.getTask(TASK_ID);
  assert.equal(t.status, "ACTIVE");
  assert.equal(url(ff.requests[0]), BASE + `task/${TASK_ID}`);
  const bundle = (t as unknown as Record<symbol, () => Record<string, string>>)[
    JUPYTER_DISPLAY
  ]!();
  assert.match(bundle["text/plain"]!, /ACTIVE/);
  assert.match(bundle["text/html"]!, /<table>/);

  const up = await tc.updateTask(TASK_ID, {
    label: "new",
    deadline: new Date("2030-01-02T03:04:05Z"),
  });
  assert.equal(up.code, "Updated");
  assert.equal(ff.requests[1]!.method, "PUT");
  assert.equal(url(ff.requests[1]), BASE + `task/${TASK_ID}`);
  assert.deepEqual(body(ff.requests[1]), {
    DATA_TYPE: "task",
    label: "new",
    deadline: "2030-01-02T03:04:05.000Z",
  });

  const c = await tc.cancelTask(TASK_ID);
  assert.equal(c.code, "Canceled");
  assert.equal(ff.requests[2]!.method, "POST");
  assert.equal(url(ff.requests[2]), BASE + `task/${TASK_ID}/cancel`);
  assert.equal(ff.requests[2]!.body, undefined);
});

test("updateTask takes Python's task document as it is, DATA_TYPE included", async () => {
  const { tc, ff } = setup([
    json({ DATA_TYPE: "result", code: "Updated", message: "updated" }),
  ]);
  // Python: tc.update_task(task_id, {"DATA_TYPE": "task", "label": "x"})
  const up = await tc.updateTask(TASK_ID, { DATA_TYPE: "task", label: "x" });
  assert.equal(up.code, "Updated");
  assert.deepEqual(body(ff.requests[0]), { DATA_TYPE: "task", label: "x" });
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    tc.updateTask(TASK_ID, { DATA_TYPE: "endpoint", label: "x" } as any),
    {
      name: "TypeError",
      message:
        'TransferClient.updateTask(): DATA_TYPE must be "task" (or left out), not "endpoint"',
    },
  );
  assert.equal(ff.requests.length, 1);
});

test("a task body that breaks the schema is a ResponseValidationError naming the field", async () => {
  const { tc } = setup([
    json({
      DATA_TYPE: "task",
      task_id: TASK_ID,
      status: "ACTIVE",
      files: "three",
    }),
  ]);
  await assert.rejects(
    () => tc.getTask(TASK_ID),
    (e: unknown) =>
      e instanceof ResponseValidationError && /files/.test(e.message) &&
      e.issues.some((i) => i.path.join(".") === "files"),
  );
});

test("taskEventList pages with offset until total and sends the filter", async () => {
  const ev = (code: string) => ({
    DATA_TYPE: "event",
    code,
    description: code.toLowerCase(),
    details: "",
    is_error: false,
    time: "2021-10-06T16:13:57+00:00",
  });
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "event_list",
      length: 2,
      limit: 2,
      offset: 0,
      total: 3,
      DATA: [ev("STARTED"), ev("PROGRESS")],
    }),
    json({
      DATA_TYPE: "event_list",
      length: 1,
      limit: 2,
      offset: 2,
      total: 3,
      DATA: [ev("SUCCEEDED")],
    }),
  ]);
  const codes = (await tc.taskEventList(TASK_ID, {
    limit: 2,
    filter: "is_error:0",
    maxResults: 10,
  })
    .toArray()).map((e) => e.code);
  assert.deepEqual(codes, ["STARTED", "PROGRESS", "SUCCEEDED"]);
  assert.equal(
    url(ff.requests[0]),
    BASE + `task/${TASK_ID}/event_list?filter=is_error%3A0&limit=2&offset=0`,
  );
  assert.equal(
    url(ff.requests[1]),
    BASE + `task/${TASK_ID}/event_list?filter=is_error%3A0&limit=2&offset=2`,
  );
});

test("taskSuccessfulTransfers pages with marker until next_marker is null", async () => {
  const st = (i: number) => ({
    DATA_TYPE: "successful_transfer",
    source_path: `/s/${i}`,
    destination_path: `/d/${i}`,
  });
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "successful_transfers",
      marker: 0,
      next_marker: 17,
      DATA: [st(0), st(1)],
    }),
    json({
      DATA_TYPE: "successful_transfers",
      marker: 17,
      next_marker: null,
      DATA: [st(2)],
    }),
  ]);
  const items = await tc.taskSuccessfulTransfers(TASK_ID).toArray();
  assert.deepEqual(items.map((x) => x.destination_path), [
    "/d/0",
    "/d/1",
    "/d/2",
  ]);
  assert.equal(
    url(ff.requests[0]),
    BASE + `task/${TASK_ID}/successful_transfers`,
  );
  assert.equal(
    url(ff.requests[1]),
    BASE + `task/${TASK_ID}/successful_transfers?marker=17`,
  );
});

test("taskSkippedErrors pages with marker, starts at a given marker and stops without next_marker", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "skipped_errors",
      next_marker: "m2",
      DATA: [{
        DATA_TYPE: "skipped_error",
        source_path: "/a",
        destination_path: "/b",
        error_code: "FILE_NOT_FOUND",
      }],
    }),
    json({ DATA: [] }),
  ]);
  const pages = [];
  for await (
    const p of tc.taskSkippedErrors(TASK_ID, { marker: "m1" }).pages()
  ) pages.push(p);
  assert.equal(pages.length, 2);
  assert.equal(
    url(ff.requests[0]),
    BASE + `task/${TASK_ID}/skipped_errors?marker=m1`,
  );
  assert.equal(
    url(ff.requests[1]),
    BASE + `task/${TASK_ID}/skipped_errors?marker=m2`,
  );
  assert.equal(pages[0]!.DATA[0]?.error_code, "FILE_NOT_FOUND");
});

test("a filter that is no string, object or list is refused before any request, naming the forms it takes (filter: 5 listed every task; null failed with 'Cannot convert undefined or null to object')", async () => {
  const { tc, ff } = setup([]);
  for (const bad of [5, true, null]) {
    await assert.rejects(
      // deno-lint-ignore no-explicit-any
      async () => await tc.taskList({ filter: bad as any }).toArray(),
      {
        name: "TypeError",
        message:
          `Cannot send the filter as it must be a string ("status:ACTIVE/type:TRANSFER"), an object ({ status: "ACTIVE" }) or a list of those (or left out): current value is ${bad}`,
      },
    );
  }
  await assert.rejects(
    async () =>
      // deno-lint-ignore no-explicit-any
      await tc.operationLs(EP1, { filter: [{ type: "file" }, 7] as any }),
    { name: "TypeError", message: /current value is 7$/ },
  );
  assert.equal(ff.requests.length, 0);
});

test("formatTransferFilter sends dates as Python prints UTC datetimes, null as an open end", () => {
  assert.equal(
    formatTransferFilter({
      request_time: [new Date("2026-01-01T12:30:05.250Z"), null],
      status: ["SUCCEEDED", "FAILED"],
    }),
    "request_time:2026-01-01 12:30:05+00:00,/status:SUCCEEDED,FAILED",
  );
  assert.equal(
    formatTransferFilter([
      { completion_time: [null, new Date(Date.UTC(2026, 1, 3))] },
      "type:TRANSFER",
    ]),
    "completion_time:,2026-02-03 00:00:00+00:00/type:TRANSFER",
  );
  assert.equal(
    formatTransferFilter({ request_time: new Date(0) }),
    "request_time:1970-01-01 00:00:00+00:00",
  );
  assert.throws(
    () => formatTransferFilter({ request_time: [new Date(NaN), null] }),
    (e: unknown) => e instanceof RangeError && /Invalid Date/.test(e.message),
  );
});

test("updateTask sends a label: null as null (it clears the label), as Python's update_task(task_id, data) sends its document as given", async () => {
  const { tc, ff } = setup([
    json({ DATA_TYPE: "result", code: "Updated", message: "updated" }),
  ]);
  // Python: tc.update_task(task_id, {"DATA_TYPE": "task", "label": None})
  await tc.updateTask(TASK_ID, { DATA_TYPE: "task", label: null });
  assert.deepEqual(body(ff.requests[0]), { DATA_TYPE: "task", label: null });
});
