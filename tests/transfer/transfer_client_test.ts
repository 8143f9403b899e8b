import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  fakeFetch,
  json,
  type RecordedRequest,
} from "../_helpers/fake_fetch.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import {
  formatTransferFilter,
  TransferClient,
} from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import {
  ResponseValidationError,
  TransferAPIError,
} from "../../src/core/errors.ts";
import type { ServiceApp } from "../../src/core/app_seam.ts";
import type { DisplaySink, ShowOptions } from "../../src/notebook/display.ts";
import { JUPYTER_DISPLAY } from "../../src/notebook/display.ts";
import {
  BASE,
  endpoint,
  EP1,
  EP2,
  fileEntry,
  fileList,
  submitResult,
  task,
  TASK_ID,
} from "./_sample.ts";

const TOKEN = "tok-SECRET-abc123";

function setup(
  answers: Parameters<typeof fakeFetch>[0],
  fallback?: Parameters<typeof fakeFetch>[1],
) {
  const ff = fakeFetch(answers, fallback);
  const clock = fakeClock();
  const tc = new TransferClient({
    authorizer: {
      getAuthorizationHeader: () => Promise.resolve(`Bearer ${TOKEN}`),
    },
    fetch: ff.fetch,
    clock,
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
  });
  return { tc, ff, clock };
}

function body(req: RecordedRequest | undefined): unknown {
  assert.ok(req, "a request was sent");
  return req.body === undefined ? undefined : JSON.parse(req.body);
}

function url(req: RecordedRequest | undefined): string {
  assert.ok(req, "a request was sent");
  return req.url;
}

test("TransferClient sends the bearer token and uses the production base URL by default", async () => {
  const ff = fakeFetch([json({ value: "abc" })]);
  const tc = new TransferClient({
    authorizer: {
      getAuthorizationHeader: () => Promise.resolve(`Bearer ${TOKEN}`),
    },
    fetch: ff.fetch,
    environment: "production",
  });
  assert.equal(TransferClient.resourceServer, "transfer.api.globus.org");
  assert.equal(
    TransferClient.scopes.all,
    "urn:globus:auth:scope:transfer.api.globus.org:all",
  );
  await tc.getSubmissionId();
  const req = ff.requests[0];
  assert.ok(req);
  assert.equal(req.method, "GET");
  assert.match(req.url, /\/v0\.10\/submission_id$/);
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
});

test("endpointSearch sends every filter and pages with has_next_page", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "endpoint_list",
      offset: 0,
      limit: 2,
      has_next_page: true,
      DATA: [endpoint(0), endpoint(1)],
    }),
    json({
      DATA_TYPE: "endpoint_list",
      offset: 2,
      limit: 2,
      has_next_page: false,
      DATA: [endpoint(2)],
    }),
  ]);
  const eps = await tc.endpointSearch("tutorial", {
    filterScope: "all",
    filterOwnerId: "owner-1",
    filterEntityType: "GCSv5_mapped_collection",
    filterNonFunctional: false,
    limit: 2,
  }).toArray();
  assert.deepEqual(eps.map((e) => e.display_name), [
    "Endpoint 0",
    "Endpoint 1",
    "Endpoint 2",
  ]);
  assert.equal(
    url(ff.requests[0]),
    BASE +
      "endpoint_search?filter_fulltext=tutorial&filter_scope=all&filter_owner_id=owner-1&filter_entity_type=GCSv5_mapped_collection&filter_non_functional=0&limit=2&offset=0",
  );
  assert.equal(
    url(ff.requests[1]),
    BASE +
      "endpoint_search?filter_fulltext=tutorial&filter_scope=all&filter_owner_id=owner-1&filter_entity_type=GCSv5_mapped_collection&filter_non_functional=0&limit=2&offset=2",
  );
  assert.equal(ff.requests.length, 2);
});

test("endpointSearch stops at the service's 1000-result cap", async () => {
  const { tc, ff } = setup([], (req) => {
    const u = new URL(req.url);
    const offset = Number(u.searchParams.get("offset"));
    const limit = Number(u.searchParams.get("limit"));
    return json({
      DATA_TYPE: "endpoint_list",
      offset,
      limit,
      has_next_page: true,
      DATA: Array.from({ length: limit }, (_, i) => endpoint(offset + i)),
    });
  });
  let n = 0;
  for await (const _ of tc.endpointSearch("x")) n++;
  assert.equal(n, 1000);
  assert.equal(ff.requests.length, 10);
  assert.match(url(ff.requests[9]), /limit=100&offset=900$/);
});

test("endpointSearch honours maxResults and an empty first page", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "endpoint_list",
      has_next_page: true,
      DATA: [endpoint(0), endpoint(1), endpoint(2)],
    }),
  ]);
  const two = await tc.endpointSearch(undefined, { maxResults: 3, limit: 100 })
    .toArray();
  assert.equal(two.length, 3);
  assert.equal(url(ff.requests[0]), BASE + "endpoint_search?limit=3&offset=0");

  const empty = setup([
    json({ DATA_TYPE: "endpoint_list", has_next_page: false, DATA: [] }),
  ]);
  assert.deepEqual(await empty.tc.endpointSearch("none").toArray(), []);
  assert.equal(empty.ff.requests.length, 1);
});

test("endpointSearch rejects a page size above 100 with the value", () => {
  const { tc } = setup([]);
  assert.throws(
    () => tc.endpointSearch("x", { limit: 500 }),
    (e: unknown) =>
      e instanceof RangeError && /limit/.test(e.message) &&
      /500/.test(e.message),
  );
});

test("endpointSearch .pages() yields raw pages that render as tables", async () => {
  const { tc } = setup([
    json({
      DATA_TYPE: "endpoint_list",
      has_next_page: false,
      DATA: [endpoint(7)],
    }),
  ]);
  const pages = [];
  for await (const p of tc.endpointSearch("x").pages()) pages.push(p);
  assert.equal(pages.length, 1);
  const page = pages[0]!;
  assert.equal(page.has_next_page, false);
  const bundle =
    (page as unknown as Record<symbol, () => Record<string, string>>)[
      JUPYTER_DISPLAY
    ]!();
  assert.match(bundle["text/html"]!, /Endpoint 7/);
  assert.ok(!Object.keys(page).includes(String(JUPYTER_DISPLAY)));
  assert.equal(JSON.stringify(page).includes("Jupyter"), false);
});

test("getEndpoint gets one endpoint and it renders in notebooks", async () => {
  const { tc, ff } = setup([json(endpoint(1, { display_name: "<b>x</b>" }))]);
  const ep = await tc.getEndpoint(EP1);
  assert.equal(url(ff.requests[0]), BASE + `endpoint/${EP1}`);
  assert.equal(ff.requests[0]!.method, "GET");
  assert.equal(ep.entity_type, "GCSv5_mapped_collection");
  const bundle =
    (ep as unknown as Record<symbol, () => Record<string, string>>)[
      JUPYTER_DISPLAY
    ]!();
  assert.ok(bundle["text/html"]!.includes("&lt;b&gt;x&lt;/b&gt;"));
  assert.ok(!bundle["text/html"]!.includes("<b>x</b>"));
});

test("ids are required and URL-encoded", async () => {
  const { tc, ff } = setup([json(endpoint(1))]);
  await assert.rejects(() => tc.getEndpoint(""), TypeError);
  await tc.getEndpoint("go#ep1");
  assert.equal(url(ff.requests[0]), BASE + "endpoint/go%23ep1");
});

test("operationLs sends path, show_hidden, orderby, an object filter, paging and local_user", async () => {
  const { tc, ff } = setup([json(fileList("/share/godata/", ["file1.txt"]))]);
  const ls = await tc.operationLs(EP1, {
    path: "/share/godata/",
    showHidden: false,
    orderby: ["type", "name DESC"],
    filter: { name: "~*.txt", type: "file" },
    limit: 10,
    offset: 5,
    localUser: "bob",
  });
  const u = new URL(url(ff.requests[0]));
  assert.equal(u.origin + u.pathname, BASE + `operation/endpoint/${EP1}/ls`);
  assert.deepEqual(Object.fromEntries(u.searchParams), {
    path: "/share/godata/",
    show_hidden: "0",
    orderby: "type,name DESC",
    filter: "name:~*.txt/type:file",
    limit: "10",
    offset: "5",
    local_user: "bob",
  });
  assert.equal(ls.DATA[0]?.name, "file1.txt");
});

test("operationLs with no options sends no query and returns a displayable FileList", async () => {
  const { tc, ff } = setup([
    json(fileList("/~/", ["a.txt", "<img src=x onerror=alert(1)>"])),
  ]);
  const ls = await tc.operationLs(EP1);
  assert.equal(url(ff.requests[0]), BASE + `operation/endpoint/${EP1}/ls`);
  const bundle =
    (ls as unknown as Record<symbol, () => Record<string, string>>)[
      JUPYTER_DISPLAY
    ]!();
  assert.ok(
    bundle["text/html"]!.includes("&lt;img src=x onerror=alert(1)&gt;"),
  );
  assert.ok(!bundle["text/html"]!.includes("<img"));
  assert.match(bundle["text/plain"]!, /a\.txt/);
  // non-enumerable: JSON and equality are unaffected
  assert.deepEqual(
    JSON.parse(JSON.stringify(ls)),
    fileList("/~/", ["a.txt", "<img src=x onerror=alert(1)>"]),
  );
  assert.equal(Object.getOwnPropertySymbols(ls).length, 1);
  assert.equal(
    Object.getOwnPropertyDescriptor(ls, JUPYTER_DISPLAY)?.enumerable,
    false,
  );
});

test("operationLs accepts a string filter and show_hidden=1", async () => {
  const { tc, ff } = setup([json(fileList("/", []))]);
  await tc.operationLs(EP1, { filter: "name:~*.txt", showHidden: true });
  assert.equal(
    url(ff.requests[0]),
    BASE + `operation/endpoint/${EP1}/ls?show_hidden=1&filter=name%3A%7E*.txt`,
  );
});

test("operationMkdir, operationRename and operationStat send the documented requests", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "mkdir_result",
      code: "DirectoryCreated",
      message: "ok",
      request_id: "r",
      resource: "/x",
    }),
    json({ DATA_TYPE: "mkdir_result", code: "DirectoryCreated" }),
    json({ DATA_TYPE: "result", code: "FileRenamed", message: "ok" }),
    json(fileEntry("file1.txt")),
  ]);
  const mk = await tc.operationMkdir(EP2, "/~/new dir");
  assert.equal(mk.code, "DirectoryCreated");
  assert.equal(ff.requests[0]!.method, "POST");
  assert.equal(url(ff.requests[0]), BASE + `operation/endpoint/${EP2}/mkdir`);
  assert.deepEqual(body(ff.requests[0]), {
    DATA_TYPE: "mkdir",
    path: "/~/new dir",
  });
  assert.equal(ff.requests[0]!.headers["content-type"], "application/json");

  await tc.operationMkdir(EP2, "/~/d2", { localUser: "bob" });
  assert.deepEqual(body(ff.requests[1]), {
    DATA_TYPE: "mkdir",
    path: "/~/d2",
    local_user: "bob",
  });

  const rn = await tc.operationRename(EP2, "/~/a", "/~/b");
  assert.equal(rn.code, "FileRenamed");
  assert.equal(ff.requests[2]!.method, "POST");
  assert.equal(url(ff.requests[2]), BASE + `operation/endpoint/${EP2}/rename`);
  assert.deepEqual(body(ff.requests[2]), {
    DATA_TYPE: "rename",
    old_path: "/~/a",
    new_path: "/~/b",
  });

  const st = await tc.operationStat(EP1, "/share/godata/file1.txt", {
    localUser: "u",
  });
  assert.equal(st.name, "file1.txt");
  assert.equal(ff.requests[3]!.method, "GET");
  assert.equal(
    url(ff.requests[3]),
    BASE +
      `operation/endpoint/${EP1}/stat?path=%2Fshare%2Fgodata%2Ffile1.txt&local_user=u`,
  );
});

test("operationStat maps a 404 to TransferAPIError with the code", async () => {
  const { tc } = setup([
    json({
      code: "NotFound",
      message: "Path not found",
      request_id: "rq",
      resource: "/stat",
    }, 404),
  ]);
  await assert.rejects(
    () => tc.operationStat(EP1, "/nope"),
    (e: unknown) =>
      e instanceof TransferAPIError && e.httpStatus === 404 &&
      e.code === "NotFound",
  );
});

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
      /has no items/,
    ],
    [
      () =>
        tc.submitTransfer({
          source_endpoint: EP1,
          destination_endpoint: EP2,
          DATA: [{ source_path: "relative", destination_path: "/b" }],
        }),
      /'sourcePath' must be an absolute path.*"relative"/,
    ],
    [
      () => tc.submitDelete({ DATA: [{ path: "/x" }] }),
      /'endpoint' must be a non-empty/,
    ],
    [() => tc.submitDelete({ endpoint: EP2 }), /DeleteData as it has no items/],
  ];
  for (const [call, message] of cases) {
    await assert.rejects(
      call,
      (e: unknown) => e instanceof TypeError && message.test(e.message),
    );
  }
  assert.equal(ff.requests.length, 0, "nothing was sent");
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

test("taskList pages past 1000 by default and stops at maxResults when given", async () => {
  const fallback = (req: RecordedRequest) => {
    const u = new URL(req.url);
    const offset = Number(u.searchParams.get("offset"));
    const limit = Number(u.searchParams.get("limit"));
    const n = Math.max(0, Math.min(limit, 2500 - offset));
    return json({
      DATA_TYPE: "task_list",
      length: n,
      limit,
      offset,
      total: 2500,
      DATA: Array.from({ length: n }, () => task("SUCCEEDED")),
    });
  };
  const all = setup([], fallback);
  assert.equal((await all.tc.taskList().toArray()).length, 2500);
  assert.equal(all.ff.requests.length, 3);
  assert.match(url(all.ff.requests[0]), /limit=1000&offset=0$/);
  const capped = setup([], fallback);
  assert.equal(
    (await capped.tc.taskList({ maxResults: 1000 }).toArray()).length,
    1000,
  );
  assert.equal(capped.ff.requests.length, 1);
});

test("taskList on an empty account makes one request", async () => {
  const { tc, ff } = setup([
    json({
      DATA_TYPE: "task_list",
      length: 0,
      limit: 1000,
      offset: 0,
      total: 0,
      DATA: [],
    }),
  ]);
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
  const codes =
    (await tc.taskEventList(TASK_ID, { limit: 2, filter: "is_error:0" })
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

function recordingSink(rich = true) {
  const shows: {
    bundle: Record<string, unknown>;
    options: ShowOptions | undefined;
  }[] = [];
  const sink: DisplaySink = {
    rich,
    show(bundle, options) {
      shows.push({ bundle, options });
      return Promise.resolve();
    },
  };
  return { sink, shows };
}

for (const final of ["SUCCEEDED", "FAILED", "INACTIVE"]) {
  test(`taskWait resolves true once the status is ${final}`, async () => {
    const { tc, ff, clock } = setup([
      json(task("ACTIVE")),
      json(task("ACTIVE")),
      json(task(final)),
    ]);
    const done = await tc.taskWait(TASK_ID, {
      timeoutS: 60,
      pollingIntervalS: 5,
      progress: false,
    });
    assert.equal(done, true);
    assert.equal(ff.requests.length, 3);
    assert.deepEqual(clock.sleeps.filter((ms) => ms === 5000), [5000, 5000]);
  });
}

test("taskWait resolves false when time runs out, polling as the Python SDK does", async () => {
  const { tc, ff, clock } = setup([], () => json(task("ACTIVE")));
  const start = clock.now();
  assert.equal(
    await tc.taskWait(TASK_ID, {
      timeoutS: 10,
      pollingIntervalS: 3,
      progress: false,
    }),
    false,
  );
  // polls at 0, 3, 6, 9 s; the next would be past the timeout
  assert.equal(ff.requests.length, 4);
  assert.equal(clock.now() - start, 9000);
  const d = setup([], () => json(task("ACTIVE")));
  assert.equal(await d.tc.taskWait(TASK_ID, { progress: false }), false);
  assert.equal(d.ff.requests.length, 2); // defaults: timeout 10, interval 10
});

test("taskWait caps the polling interval at the timeout", async () => {
  const { tc, clock } = setup([], () => json(task("ACTIVE")));
  await tc.taskWait(TASK_ID, {
    timeoutS: 2,
    pollingIntervalS: 20,
    progress: false,
  });
  assert.deepEqual(clock.sleeps, [2000]);
});

test("taskWait rejects timeoutS or pollingIntervalS below 1 with the value", async () => {
  const { tc, ff } = setup([]);
  await assert.rejects(
    () => tc.taskWait(TASK_ID, { timeoutS: 0 }),
    (e: unknown) =>
      e instanceof RangeError && /timeoutS/.test(e.message) &&
      /current value is 0/.test(e.message),
  );
  await assert.rejects(
    () => tc.taskWait(TASK_ID, { pollingIntervalS: 0.5 }),
    (e: unknown) =>
      e instanceof RangeError && /pollingIntervalS/.test(e.message) &&
      /0\.5/.test(e.message),
  );
  await assert.rejects(
    () => tc.taskWait(TASK_ID, { timeoutS: Number.NaN }),
    RangeError,
  );
  assert.equal(ff.requests.length, 0);
});

test("taskWait stops when its signal aborts during a sleep", async () => {
  const ff = fakeFetch([], () => json(task("ACTIVE")));
  const clock = fakeClock({ autoLimitMs: 0 });
  const tc = new TransferClient({
    fetch: ff.fetch,
    clock,
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
  });
  const ac = new AbortController();
  const p = tc.taskWait(TASK_ID, {
    timeoutS: 600,
    pollingIntervalS: 60,
    signal: ac.signal,
    progress: false,
  });
  for (let i = 0; i < 50 && ff.requests.length === 0; i++) {
    await new Promise((r) => setTimeout(r, 0));
  }
  assert.equal(ff.requests.length, 1);
  ac.abort(new Error("stop waiting"));
  await assert.rejects(p, /stop waiting/);
  assert.equal(ff.requests.length, 1);
});

test("taskWait calls onPoll with each task", async () => {
  const { tc } = setup([json(task("ACTIVE")), json(task("SUCCEEDED"))]);
  const seen: string[] = [];
  await tc.taskWait(TASK_ID, {
    timeoutS: 30,
    pollingIntervalS: 1,
    onPoll: (t) => void seen.push(t.status),
    progress: false,
  });
  assert.deepEqual(seen, ["ACTIVE", "SUCCEEDED"]);
});

test("taskWait updates one progress display in place", async () => {
  const { tc } = setup([
    json(task("ACTIVE", { files_transferred: 0, subtasks_pending: 4 })),
    json(task("ACTIVE", { files_transferred: 1, subtasks_pending: 2 })),
    json(task("SUCCEEDED")),
  ]);
  const { sink, shows } = recordingSink();
  assert.equal(
    await tc.taskWait(TASK_ID, {
      timeoutS: 30,
      pollingIntervalS: 1,
      progress: sink,
    }),
    true,
  );
  assert.equal(shows.length, 3);
  const id = shows[0]!.options?.id;
  assert.ok(id);
  assert.deepEqual(shows.map((s) => s.options?.id), [id, id, id]);
  assert.deepEqual(shows.map((s) => s.options?.update ?? false), [
    false,
    true,
    true,
  ]);
  assert.match(String(shows[2]!.bundle["text/plain"]), /SUCCEEDED/);
  assert.match(String(shows[2]!.bundle["text/plain"]), /100%/);
  assert.match(String(shows[0]!.bundle["text/html"]), /<progress/);
});

test("taskWait uses the client's display sink in automatic mode", async () => {
  const ff = fakeFetch([json(task("SUCCEEDED"))]);
  const { sink, shows } = recordingSink(true);
  const tc = new TransferClient({
    fetch: ff.fetch,
    clock: fakeClock(),
    baseUrl: "https://transfer.api.globus.org/",
    display: sink,
  });
  await tc.taskWait(TASK_ID);
  assert.equal(shows.length, 1);
});

test("addAppDataAccessScope adds the dependent data_access scope to the app's Transfer requirement", () => {
  const added: Record<string, string[]>[] = [];
  const app: ServiceApp = {
    environment: "production",
    addScopeRequirements: (r) => void added.push(r),
    getAuthorizer: () =>
      Promise.resolve({
        getAuthorizationHeader: () => Promise.resolve(undefined),
      }),
  };
  const tc = new TransferClient({ app });
  assert.deepEqual(added[0], {
    "transfer.api.globus.org": [
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    ],
  });
  assert.equal(tc.addAppDataAccessScope([EP1, EP2]), tc);
  assert.deepEqual(added[1], {
    "transfer.api.globus.org": [
      `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${EP1}/data_access *https://auth.globus.org/scopes/${EP2}/data_access]`,
    ],
  });
  tc.addAppDataAccessScope(EP1);
  assert.deepEqual(added[2], {
    "transfer.api.globus.org": [
      `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${EP1}/data_access]`,
    ],
  });
  assert.throws(() => tc.addAppDataAccessScope(""), TypeError);
});

test("addAppDataAccessScope without an app throws a clear error", () => {
  const { tc } = setup([]);
  assert.throws(
    () => tc.addAppDataAccessScope(EP1),
    (e: unknown) => e instanceof TypeError && /\{ app \}/.test(e.message),
  );
});

test("the access token never appears in the client's inspect, String or JSON output, or in errors", async () => {
  const { tc } = setup([
    json({ code: "PermissionDenied", message: "no" }, 403),
  ]);
  for (
    const out of [
      inspect(tc, { depth: 10 }),
      String(tc),
      JSON.stringify(tc) ?? "",
    ]
  ) {
    assert.ok(!out.includes(TOKEN));
  }
  const err = await tc.getTask(TASK_ID).catch((e) => e);
  assert.ok(err instanceof TransferAPIError);
  assert.ok(!inspect(err, { depth: 10 }).includes(TOKEN));
  assert.ok(!String(err).includes(TOKEN));
  assert.ok(!JSON.stringify(err).includes(TOKEN));
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

test("file operations refuse a missing or non-string path before any request", async () => {
  const { tc, ff } = setup([]);
  const cases: [() => Promise<unknown>, RegExp][] = [
    [
      () => tc.operationLs(EP1, { path: 5 as never }),
      /'path' must be a non-empty path.*current value is 5$/,
    ],
    [() => tc.operationLs(EP1, { path: "" }), /'path'.*current value is ""$/],
    [
      () => tc.operationMkdir(EP2, ""),
      /'path' must be a non-empty path \(e\.g\. "\/~\/data\/"\)/,
    ],
    [
      () => tc.operationRename(EP2, "/~/a", undefined as never),
      /'newPath'.*undefined$/,
    ],
    [() => tc.operationRename(EP2, null as never, "/~/b"), /'oldPath'.*null$/],
    [() => tc.operationStat(EP1, {} as never), /'path'.*\{\}$/],
  ];
  for (const [call, message] of cases) {
    await assert.rejects(
      call,
      (e: unknown) => e instanceof TypeError && message.test(e.message),
    );
  }
  assert.equal(ff.requests.length, 0);
});
