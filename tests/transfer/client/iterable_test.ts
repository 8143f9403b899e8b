/**
 * List documents and paginator pages walk their items with `for…of`, as the
 * Python SDK's `IterableTransferResponse` (ports of the Python functional
 * tests test_operation_ls, test_iterable and test_paginated), and stay plain
 * data; a paginator's `items()` walks every item across pages.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { json } from "../../_helpers/fake_fetch.ts";
import { BASE, endpoint, EP1, fileEntry, fileList, task } from "../_sample.ts";
import { setup, url } from "./_setup.ts";

test("operationLs: for…of walks DATA (Python's `for x in tc.operation_ls(ep)`)", async () => {
  const body = fileList("/~/", ["results", "scratch", "notes.txt", ".config"]);
  const { tc, ff } = setup([json(body)]);
  const ls = await tc.operationLs(EP1);
  const names: string[] = [];
  for (const x of ls) {
    assert.ok("DATA_TYPE" in x);
    assert.ok(["file", "dir"].includes(String(x.DATA_TYPE)));
    names.push(x.name);
  }
  assert.deepEqual(names, ["results", "scratch", "notes.txt", ".config"]);
  assert.equal(url(ff.requests[0]), BASE + `operation/endpoint/${EP1}/ls`);
  // still plain data: JSON, keys and equality unchanged
  assert.deepEqual(JSON.parse(JSON.stringify(ls)), body);
  assert.deepEqual(Object.keys(ls), Object.keys(body));
  assert.equal(
    Object.getOwnPropertyDescriptor(ls, Symbol.iterator)?.enumerable,
    false,
  );
});

test("endpointServerList can be walked twice, and reads DATA when the walk starts", async () => {
  const { tc } = setup([
    json({
      DATA_TYPE: "endpoint_server_list",
      endpoint: "examplelab#main",
      DATA: [{
        DATA_TYPE: "server",
        hostname: "gridftp.example.org",
        id: 4101,
        port: 2811,
        scheme: "gsiftp",
        uri: "gsiftp://gridftp.example.org:2811",
      }],
    }),
  ]);
  const res = await tc.endpointServerList("epid");
  assert.equal(res.DATA_TYPE, "endpoint_server_list");
  assert.equal(res.endpoint, "examplelab#main");
  assert.equal([...res].length, 1);
  assert.equal([...res].length, 1);
  assert.equal([...res][0]?.DATA_TYPE, "server");
  res.DATA.push({ ...res.DATA[0]!, id: 2 });
  assert.deepEqual([...res].map((s) => s.id), [4101, 2]);
});

test("the other list documents walk their items: acl, roles, bookmarks, pause rules, admin lists, tunnels", async () => {
  const rule = {
    DATA_TYPE: "access",
    id: "r1",
    principal_type: "identity",
    principal: "u",
    path: "/",
    permissions: "r",
  };
  const { tc } = setup([
    json({ DATA_TYPE: "access_list", endpoint: EP1, DATA: [rule] }),
    json({
      DATA_TYPE: "role_list",
      DATA: [{
        id: "ro1",
        role: "administrator",
        principal_type: "identity",
        principal: "u",
      }],
    }),
    json({
      DATA_TYPE: "bookmark_list",
      DATA: [{ id: "b1", name: "n", endpoint_id: EP1, path: "/~/" }],
    }),
    json({ DATA_TYPE: "pause_rule_list", DATA: [{ id: "p1" }] }),
    json({ DATA_TYPE: "endpoint_list", DATA: [endpoint(1), endpoint(2)] }),
    json({ DATA_TYPE: "endpoint_list", DATA: [endpoint(3)] }),
    json({
      data: [{ type: "Tunnel", id: "t1", attributes: {} }, {
        type: "Tunnel",
        id: "t2",
        attributes: {},
      }],
    }),
    json({
      data: [{ type: "TunnelEvent", id: 1, attributes: {} }],
    }),
  ]);
  assert.deepEqual([...await tc.endpointAclList(EP1)].map((r) => r.id), [
    "r1",
  ]);
  assert.deepEqual([...await tc.endpointRoleList(EP1)].map((r) => r.id), [
    "ro1",
  ]);
  assert.deepEqual([...await tc.bookmarkList()].map((b) => b.name), ["n"]);
  assert.deepEqual(
    [...await tc.myEffectivePauseRuleList(EP1)].map((p) => p.id),
    ["p1"],
  );
  assert.equal([...await tc.endpointManagerMonitoredEndpoints()].length, 2);
  assert.deepEqual(
    [...await tc.mySharedEndpointList(EP1)].map((e) => e.display_name),
    ["Endpoint 3"],
  );
  // /v2/ lists walk `data`, as Python's IterableJSONAPIResponse
  assert.deepEqual([...await tc.listTunnels()].map((t) => t.id), [
    "t1",
    "t2",
  ]);
  assert.deepEqual([...await tc.getTunnelEvents("t1")].map((e) => e.type), [
    "TunnelEvent",
  ]);
});

test("paginator pages walk their items (Python's `for page in paginated…: for x in page`)", async () => {
  const searchPages = [0, 1, 2].map((p) => ({
    DATA_TYPE: "endpoint_list",
    offset: p * 100,
    limit: 100,
    has_next_page: p < 2,
    DATA: Array.from({ length: 100 }, (_, i) => endpoint(p * 100 + i)),
  }));
  const taskPages = [0, 1].map((p) => ({
    DATA_TYPE: "task_list",
    offset: p * 100,
    limit: 100,
    total: 200,
    DATA: Array.from({ length: 100 }, () => task("SUCCEEDED")),
  }));
  const lastKeyPages = [0, 1].map((p) => ({
    DATA_TYPE: "task_list",
    last_key: p === 0 ? "abc" : "def",
    limit: 100,
    has_next_page: p === 0,
    DATA: Array.from({ length: 100 }, () => task("SUCCEEDED")),
  }));
  const { tc } = setup([...searchPages, ...taskPages, ...lastKeyPages].map(
    (p) => json(p),
  ));
  const cases = [
    [tc.endpointSearch("q"), "endpoint_list", "endpoint", 3],
    [tc.taskList({ limit: 100, maxResults: 200 }), "task_list", "task", 2],
    [tc.endpointManagerTaskList(), "task_list", "task", 2],
  ] as const;
  for (const [paginator, wrapperType, dataType, pageCount] of cases) {
    let pages = 0;
    let objects = 0;
    for await (const page of paginator.pages()) {
      pages++;
      assert.equal(page.DATA_TYPE, wrapperType);
      for (const item of page) {
        objects++;
        assert.equal(item.DATA_TYPE, dataType);
      }
    }
    assert.equal(pages, pageCount);
    assert.equal(objects, pageCount * 100);
  }
});

test("marker and next_token pages walk their items too", async () => {
  const { tc } = setup([
    json({
      DATA_TYPE: "skipped_errors",
      next_marker: "m1",
      DATA: [{ DATA_TYPE: "skipped_error", source_path: "/a" }],
    }),
    json({
      DATA_TYPE: "skipped_errors",
      next_marker: null,
      DATA: [{ DATA_TYPE: "skipped_error", source_path: "/b" }],
    }),
    json({ next_token: "token1", shared_endpoints: [{ id: "abcd" }] }),
    json({ next_token: null, shared_endpoints: [{ id: "efgh" }] }),
  ]);
  const skipped: string[] = [];
  for await (const page of tc.taskSkippedErrors("t").pages()) {
    for (const item of page) skipped.push(String(item.source_path));
  }
  assert.deepEqual(skipped, ["/a", "/b"]);
  const shared: string[] = [];
  for await (const page of tc.getSharedEndpointList("ep").pages()) {
    assert.ok("shared_endpoints" in page);
    for (const item of page) shared.push(String(item.id));
  }
  assert.deepEqual(shared, ["abcd", "efgh"]);
});

test("a stat entry (one file, not a list) is not made iterable", async () => {
  const { tc } = setup([json(fileEntry("file1.txt"))]);
  const st = await tc.operationStat(EP1, "/share/godata/file1.txt");
  assert.equal(Symbol.iterator in st, false);
});

test("paginator.items() walks every item across pages (Python's test_paginated *_iter_items and skipped_errors pagination)", async () => {
  const searchPages = [0, 1, 2].map((p) => ({
    DATA_TYPE: "endpoint_list",
    offset: p * 100,
    limit: 100,
    has_next_page: p < 2,
    DATA: Array.from({ length: 100 }, (_, i) => endpoint(p * 100 + i)),
  }));
  const sharedPages = [
    { next_token: "token1", n: 1000 },
    { next_token: "token2", n: 1000 },
    { next_token: null, n: 100 },
  ].map(({ next_token, n }) => ({
    next_token,
    shared_endpoints: Array.from({ length: n }, () => ({ id: "abcd" })),
  }));
  const skippedPages = Array.from({ length: 10 }, (_, page) => ({
    DATA_TYPE: "skipped_errors",
    next_marker: page < 9 ? `mark${page}` : null,
    DATA: Array.from({ length: 100 }, (_, i) => ({
      DATA_TYPE: "skipped_error",
      error_code: "PERMISSION_DENIED",
      source_path: `/~/${page}-${i}.txt`,
      destination_path: `/~/${page}-${i}.txt`,
      is_directory: false,
    })),
  }));
  const { tc } = setup(
    [...searchPages, ...sharedPages, ...skippedPages].map((p) => json(p)),
  );
  // for item in tc.paginated.endpoint_search("search_query").items()
  let count = 0;
  for await (const item of tc.endpointSearch("search_query").items()) {
    count++;
    assert.equal(item.DATA_TYPE, "endpoint");
  }
  assert.equal(count, 300);
  // for item in tc.paginated.get_shared_endpoint_list("endpoint_id").items()
  count = 0;
  for await (const item of tc.getSharedEndpointList("endpoint_id").items()) {
    count++;
    assert.ok("id" in item);
  }
  assert.equal(count, 2100);
  // for item in tc.paginated.task_skipped_errors(task_id).items()
  count = 0;
  for await (const item of tc.taskSkippedErrors("task-id").items()) {
    count++;
    assert.equal(item.DATA_TYPE, "skipped_error");
  }
  assert.equal(count, 1000);
});
