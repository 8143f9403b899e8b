/**
 * TransferClient's file operations (ls, mkdir, rename, stat) against a fake
 * fetch.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { json } from "../../_helpers/fake_fetch.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { JUPYTER_DISPLAY } from "../../../src/notebook/display.ts";
import { BASE, EP1, EP2, fileEntry, fileList } from "../_sample.ts";
import { body, setup, url } from "./_setup.ts";

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
  // display, iterator (and the response's hidden slot): none enumerable
  const symbols = Object.getOwnPropertySymbols(ls);
  assert.ok(
    symbols.includes(JUPYTER_DISPLAY) && symbols.includes(Symbol.iterator),
  );
  for (const s of symbols) {
    assert.equal(Object.getOwnPropertyDescriptor(ls, s)?.enumerable, false);
  }
  assert.equal(
    Object.getOwnPropertyDescriptor(ls, JUPYTER_DISPLAY)?.enumerable,
    false,
  );
});

test("operationLs sends a list filter as one filter parameter per item, and takes Sets and generators, as Python does", async () => {
  const { tc, ff } = setup([
    json(fileList("/share/godata/", [])),
    json(fileList("/share/godata/", [])),
  ]);
  // Python: tc.operation_ls(ep, filter=["name:~*1.txt", {"name": "~*3.txt"}],
  // orderby=("name", "size DESC")): two filter parameters, not one filter
  // whose clauses must both match.
  await tc.operationLs(EP1, {
    path: "/share/godata/",
    filter: ["type:file", { name: ["~*1.txt"], size: "100" }],
    orderby: new Set(["name", "size DESC"]),
  });
  const u = new URL(url(ff.requests[0]));
  assert.deepEqual(u.searchParams.getAll("filter"), [
    "type:file",
    "name:~*1.txt/size:100",
  ]);
  assert.deepEqual(u.searchParams.getAll("orderby"), ["name,size DESC"]);
  // Any iterable, where Python takes any iterable: a Set of clauses, a
  // generator of values.
  function* names() {
    yield "a.txt";
    yield "b.txt";
  }
  await tc.operationLs(EP1, {
    path: "/share/godata/",
    filter: new Set([{ name: names() }]),
  });
  assert.deepEqual(
    new URL(url(ff.requests[1])).searchParams.getAll("filter"),
    ["name:a.txt,b.txt"],
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
  // A field/value table in a notebook and as text, as mkdir's and rename's
  // results (it showed a raw object, and String(st) "[object Object]").
  const shown = (st as unknown as Record<symbol, () => Record<string, string>>)[
    JUPYTER_DISPLAY
  ]!();
  assert.match(
    shown["text/html"]!,
    /^<div class="text-muted globus-caption">file1\.txt<\/div><div style=/,
  );
  assert.match(String(st), /^file1\.txt\n/);
  assert.match(String(st), /size\s+\S/);
  assert.deepEqual(JSON.parse(JSON.stringify(st)), fileEntry("file1.txt"));
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
    [
      () => tc.operationStat(EP1, {} as never),
      /operationStat\(\) as 'path'.*\{\}; each path is an argument/,
    ],
  ];
  for (const [call, message] of cases) {
    await assert.rejects(
      call,
      (e: unknown) => e instanceof TypeError && message.test(e.message),
    );
  }
  assert.equal(ff.requests.length, 0);
});

test("Python's keyword form of a path (operation_mkdir(ep, path=...), operation_rename(ep, oldpath=..., newpath=...)) says to pass the path as a string", async () => {
  const { tc, ff } = setup([]);
  const cases: [() => Promise<unknown>, string][] = [
    [
      () => tc.operationMkdir(EP2, { path: "/~/newdir/" } as never),
      'write tc.operationMkdir(endpointId, "/~/newdir/")',
    ],
    [
      () =>
        tc.operationRename(
          EP2,
          { oldpath: "/~/file1.txt", newpath: "/~/x.txt" } as never,
          undefined as never,
        ),
      'write tc.operationRename(endpointId, "/~/file1.txt", "/~/project1data.txt")',
    ],
    [
      () => tc.operationStat(EP1, { path: "/~/file1.txt" } as never),
      'write tc.operationStat(endpointId, "/~/file1.txt")',
    ],
  ];
  for (const [call, fix] of cases) {
    await assert.rejects(call, (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.ok(e.message.includes(fix), e.message);
      assert.match(e.message, /Python's keyword form/);
      return true;
    });
  }
  assert.equal(ff.requests.length, 0);
});

test('plain JavaScript\'s wrongly typed file-operation options are refused before any request, naming the call (showHidden: "no" was sent as show_hidden=1)', async () => {
  const { tc, ff } = setup([]);
  const cases: [() => Promise<unknown>, RegExp][] = [
    [
      () => tc.operationLs(EP1, { showHidden: "no" as unknown as boolean }),
      /^Cannot call TransferClient\.operationLs\(\) as 'showHidden' must be true or false \(or left out\): current value is the string "no"; write showHidden: false, without quotes$/,
    ],
    [
      () => tc.operationLs(EP1, { limit: "2" as unknown as number }),
      /^Cannot call TransferClient\.operationLs\(\) as 'limit' must be a non-negative integer \(or left out\): current value is the string "2"; write limit: Number\(…\)$/,
    ],
    [
      () => tc.operationLs(EP1, "/~/", { offset: -1 }),
      /'offset' must be a non-negative integer \(or left out\): current value is the number -1$/,
    ],
    [
      () => tc.operationLs(EP1, { localUser: 5 as unknown as string }),
      /'localUser' must be a string \(or left out\): current value is the number 5$/,
    ],
    [
      () =>
        tc.operationMkdir(EP1, "/~/new/", {
          localUser: 5 as unknown as string,
        }),
      /^Cannot call TransferClient\.operationMkdir\(\) as 'localUser' must be a string/,
    ],
    [
      () => tc.operationLs(EP1, { path: 5 as unknown as string }),
      /^Cannot call TransferClient\.operationLs\(\) as 'path' must be/,
    ],
  ];
  for (const [call, message] of cases) {
    await assert.rejects(call(), (e: unknown) => {
      // A negative count is a RangeError, a wrong type a TypeError.
      assert.ok(
        /current value is the number -1$/.test(String(e))
          ? e instanceof RangeError
          : e instanceof TypeError,
        String(e),
      );
      assert.match((e as Error).message, message);
      return true;
    });
  }
  assert.equal(ff.requests.length, 0);
});

test("null options (Python's None, the default) are left out of the file operations: operation_ls(id, path=None, show_hidden=None, local_user=None)", async () => {
  const { tc, ff } = setup([
    json(fileList("/~/", ["a.txt"])),
    json(fileList("/~/", ["a.txt"])),
    json({ DATA_TYPE: "mkdir_result", code: "DirectoryCreated" }),
  ]);
  const nulls = {
    path: null,
    showHidden: null,
    limit: null,
    offset: null,
    localUser: null,
  };
  await tc.operationLs(EP1, nulls);
  await tc.operationLs(EP1, null, { showHidden: null });
  for (const req of ff.requests) {
    assert.equal(url(req), BASE + `operation/endpoint/${EP1}/ls`);
  }
  assert.equal(ff.requests.length, 2);
  await tc.operationMkdir(EP2, "/~/d", { localUser: null });
  assert.deepEqual(body(ff.requests[2]), { DATA_TYPE: "mkdir", path: "/~/d" });
});
