import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  MAPPED_COLLECTION,
  TUTORIAL_COLLECTION_1,
  TUTORIAL_COLLECTION_2,
} from "../../src/testing/collections.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import {
  api,
  login,
  submitTransfer,
  TRANSFER,
  transferToken,
  waitTask,
} from "./_helpers.ts";

const T1 = TUTORIAL_COLLECTION_1;

test("endpoint_search: fulltext, my-endpoints, paging fields and limits", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const r = await api(
      emu,
      tok,
      "GET",
      "endpoint_search?filter_fulltext=Tutorial%20Collection",
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.DATA_TYPE, "endpoint_list");
    assert.equal(r.body.has_next_page, false);
    assert.equal(r.body.offset, 0);
    assert.equal(r.body.limit, 25);
    const names = r.body.DATA.map((e: { display_name: string }) =>
      e.display_name
    ).sort();
    assert.deepEqual(names, [
      "Globus Tutorial Collection 1",
      "Globus Tutorial Collection 2",
    ]);
    assert.equal(typeof r.body.DATA[0]._rank, "number");
    assert.equal(r.body.DATA[0].DATA_TYPE, "endpoint");
    const mine = await api(
      emu,
      tok,
      "GET",
      "endpoint_search?filter_scope=my-endpoints",
    );
    assert.equal(mine.body.DATA.length, 3);
    assert.ok(
      mine.body.DATA.some((e: { id: string }) => e.id === MAPPED_COLLECTION),
    );
    const typed = await api(
      emu,
      tok,
      "GET",
      "endpoint_search?filter_scope=all&filter_entity_type=GCSv5_mapped_collection",
    );
    // The tutorial collections are mapped collections, as Globus's are.
    assert.deepEqual(
      typed.body.DATA.map((e: { id: string }) => e.id).sort(),
      [MAPPED_COLLECTION, TUTORIAL_COLLECTION_1, TUTORIAL_COLLECTION_2].sort(),
    );
    assert.equal(
      (await api(emu, tok, "GET", "endpoint_search?limit=101")).status,
      400,
    );
    assert.equal(
      (await api(emu, tok, "GET", "endpoint_search?filter_scope=bogus")).status,
      400,
    );
  } finally {
    await emu.close();
  }
});

test("endpoint_search pages with has_next_page and stops at 1000 results", async () => {
  const collections = Array.from({ length: 1100 }, (_, i) => ({
    id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
    displayName: `Bulk ${i}`,
    keywords: "bulk",
  }));
  const emu = await startEmulator({ collections });
  try {
    const tok = await transferToken(emu);
    let offset = 0;
    let seen = 0;
    for (;;) {
      const r = await api(
        emu,
        tok,
        "GET",
        `endpoint_search?filter_fulltext=bulk&limit=100&offset=${offset}`,
      );
      assert.equal(r.status, 200);
      seen += r.body.DATA.length;
      if (!r.body.has_next_page) break;
      offset += 100;
    }
    assert.equal(seen, 1000);
    assert.equal(
      (await api(emu, tok, "GET", "endpoint_search?offset=950&limit=100"))
        .status,
      400,
    );
  } finally {
    await emu.close();
  }
});

test("endpoint/{id} returns the collection document; unknown ids are 404 EndpointNotFound", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const r = await api(emu, tok, "GET", `endpoint/${T1}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.display_name, "Globus Tutorial Collection 1");
    assert.equal(r.body.id, T1);
    assert.equal(r.body.default_directory, "/~/");
    assert.equal(r.body.owner_id, emu.user.id);
    const m = await api(emu, tok, "GET", `endpoint/${MAPPED_COLLECTION}`);
    assert.equal(m.body.entity_type, "GCSv5_mapped_collection");
    const missing = await api(
      emu,
      tok,
      "GET",
      "endpoint/11111111-2222-4333-8444-555555555555",
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "EndpointNotFound");
    assert.equal(
      missing.body.resource,
      "/v0.10/endpoint/11111111-2222-4333-8444-555555555555",
    );
  } finally {
    await emu.close();
  }
});

test("operation ls: godata files, shapes, filter, orderby, hidden, limit/offset, ~ home", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const r = await api(
      emu,
      tok,
      "GET",
      `operation/endpoint/${T1}/ls?path=/share/godata/`,
    );
    assert.equal(r.status, 200);
    assert.equal(r.body.DATA_TYPE, "file_list");
    assert.equal(r.body.path, "/share/godata/");
    assert.equal(r.body.endpoint, T1);
    assert.equal(r.body.length, 3);
    assert.equal(r.body.total, 3);
    assert.deepEqual(r.body.DATA.map((f: { name: string }) => f.name), [
      "file1.txt",
      "file2.txt",
      "file3.txt",
    ]);
    const f = r.body.DATA[0];
    assert.equal(f.DATA_TYPE, "file");
    assert.equal(f.type, "file");
    assert.equal(f.size, 4);
    assert.match(f.last_modified, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00$/);
    assert.match(f.permissions, /^0[0-7]{3}$/);
    assert.equal(f.link_target, null);

    const home = join(emu.root, T1, "home", "demo");
    await mkdir(join(home, "sub"), { recursive: true });
    await writeFile(join(home, "a.txt"), "aaaa");
    await writeFile(join(home, "b.csv"), "b");
    await writeFile(join(home, ".hidden"), "h");
    const ls = async (q: string) =>
      (await api(emu, tok, "GET", `operation/endpoint/${T1}/ls?${q}`)).body;
    const all = await ls("path=/~/");
    assert.equal(all.path, "/~/");
    assert.equal(all.absolute_path, "/home/demo/");
    assert.equal(all.total, 4);
    assert.equal((await ls("path=/~/&show_hidden=0")).total, 3);
    const txt = await ls("path=/~/&filter=name:~*.txt/type:file");
    assert.deepEqual(txt.DATA.map((x: { name: string }) => x.name), ["a.txt"]);
    // Repeated filter parameters (a list, as the SDKs send one): an entry
    // must match each, as the clauses of one filter.
    const both = await ls("path=/~/&filter=type:file&filter=name:~*.txt");
    assert.deepEqual(both.DATA.map((x: { name: string }) => x.name), ["a.txt"]);
    const none = await ls("path=/~/&filter=name:~*.txt&filter=name:~*.csv");
    assert.equal(none.total, 0);
    const dirs = await ls("path=~&filter=type:dir");
    assert.deepEqual(dirs.DATA.map((x: { name: string }) => x.name), ["sub"]);
    const desc = await ls("path=/~/&show_hidden=0&orderby=name%20DESC");
    assert.deepEqual(desc.DATA.map((x: { name: string }) => x.name), [
      "sub",
      "b.csv",
      "a.txt",
    ]);
    const byType = await ls("path=/~/&show_hidden=0&orderby=type,name");
    assert.deepEqual(byType.DATA.map((x: { name: string }) => x.name), [
      "sub",
      "a.txt",
      "b.csv",
    ]);
    const page = await ls("path=/~/&show_hidden=0&limit=1&offset=1");
    assert.equal(page.length, 1);
    assert.equal(page.total, 3);
    assert.equal(page.DATA[0].name, "b.csv");
    const big = await ls("path=/~/&filter=size:>=4&local_user=demo");
    assert.deepEqual(
      big.DATA.map((x: { name: string }) => x.name).includes("a.txt"),
      true,
    );
    const missing = await api(
      emu,
      tok,
      "GET",
      `operation/endpoint/${T1}/ls?path=/nope/`,
    );
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, "ClientError.NotFound");
    const notDir = await api(
      emu,
      tok,
      "GET",
      `operation/endpoint/${T1}/ls?path=/share/godata/file1.txt`,
    );
    assert.equal(notDir.status, 502);
  } finally {
    await emu.close();
  }
});

test("paths are confined to the collection (.. and symlink escapes)", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const esc = await api(
      emu,
      tok,
      "GET",
      `operation/endpoint/${T1}/ls?path=/../../`,
    );
    assert.equal(esc.status, 400);
    assert.equal(esc.body.code, "ClientError.BadRequest.InvalidPath");
    const esc2 = await api(
      emu,
      tok,
      "GET",
      `operation/endpoint/${T1}/stat?path=~/../../../etc/passwd`,
    );
    assert.equal(esc2.status, 400);
    await symlink("/etc", join(emu.root, T1, "home", "demo", "etc-link")).catch(
      async () => {
        await mkdir(join(emu.root, T1, "home", "demo"), { recursive: true });
        await symlink("/etc", join(emu.root, T1, "home", "demo", "etc-link"));
      },
    );
    const viaLink = await api(
      emu,
      tok,
      "GET",
      `operation/endpoint/${T1}/ls?path=/~/etc-link/`,
    );
    assert.equal(viaLink.status, 403);
    const submit = await submitTransfer(emu, tok, {
      source_endpoint: T1,
      destination_endpoint: TUTORIAL_COLLECTION_2,
      DATA: [{
        DATA_TYPE: "transfer_item",
        source_path: "/../x",
        destination_path: "/~/x",
      }],
    });
    assert.equal(submit.status, 400);
  } finally {
    await emu.close();
  }
});

test("mkdir, rename and stat", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const base = `operation/endpoint/${T1}`;
    const mk = await api(emu, tok, "POST", `${base}/mkdir`, {
      DATA_TYPE: "mkdir",
      path: "/~/newdir",
    });
    assert.equal(mk.status, 202);
    assert.equal(mk.body.DATA_TYPE, "mkdir_result");
    assert.equal(mk.body.code, "DirectoryCreated");
    const again = await api(emu, tok, "POST", `${base}/mkdir`, {
      DATA_TYPE: "mkdir",
      path: "/~/newdir",
    });
    assert.equal(again.status, 502);
    assert.equal(again.body.code, "ExternalError.MkdirFailed.Exists");
    const ro = await api(emu, tok, "POST", `${base}/mkdir`, {
      DATA_TYPE: "mkdir",
      path: "/share/godata/x",
    });
    assert.equal(ro.status, 403);
    const rn = await api(emu, tok, "POST", `${base}/rename`, {
      DATA_TYPE: "rename",
      old_path: "/~/newdir",
      new_path: "/~/renamed",
    });
    assert.equal(rn.status, 200);
    assert.equal(rn.body.code, "FileRenamed");
    const st = await api(emu, tok, "GET", `${base}/stat?path=/~/renamed`);
    assert.equal(st.status, 200);
    assert.equal(st.body.type, "dir");
    assert.equal(st.body.name, "renamed");
    const f = await api(
      emu,
      tok,
      "GET",
      `${base}/stat?path=/share/godata/file2.txt`,
    );
    assert.equal(f.body.DATA_TYPE, "file");
    assert.equal(f.body.size, 4);
    const nf = await api(emu, tok, "GET", `${base}/stat?path=/~/missing`);
    assert.equal(nf.status, 404);
    assert.equal(nf.body.code, "NotFound");
    assert.deepEqual(Object.keys(nf.body).sort(), [
      "code",
      "message",
      "request_id",
      "resource",
    ]);
    const rnMissing = await api(emu, tok, "POST", `${base}/rename`, {
      DATA_TYPE: "rename",
      old_path: "/~/nothing",
      new_path: "/~/x",
    });
    assert.equal(rnMissing.status, 404);
  } finally {
    await emu.close();
  }
});

test("the mapped collection needs a data_access consent (ConsentRequired)", async () => {
  const emu = await startEmulator();
  try {
    const plain = await transferToken(emu);
    const r = await api(
      emu,
      plain,
      "GET",
      `operation/endpoint/${MAPPED_COLLECTION}/ls?path=/~/`,
    );
    assert.equal(r.status, 403);
    assert.equal(r.body.code, "ConsentRequired");
    const scope =
      `${TRANSFER}[*https://auth.globus.org/scopes/${MAPPED_COLLECTION}/data_access]`;
    assert.deepEqual(r.body.required_scopes, [scope]);
    assert.deepEqual(r.body.authorization_parameters.required_scopes, [scope]);
    assert.equal(
      typeof r.body.authorization_parameters.session_message,
      "string",
    );
    assert.equal(typeof r.body.request_id, "string");
    assert.equal(typeof r.body.message, "string");
    assert.equal(
      r.body.resource,
      `/v0.10/operation/endpoint/${MAPPED_COLLECTION}/ls`,
    );
    const sub = await submitTransfer(emu, plain, {
      source_endpoint: MAPPED_COLLECTION,
      destination_endpoint: T1,
      DATA: [{
        source_path: "/share/godata/file1.txt",
        destination_path: "/~/f",
      }],
    });
    assert.equal(sub.status, 403);
    assert.equal(sub.body.code, "ConsentRequired");
    // an unrelated collection's consent does not help
    const other = await transferToken(
      emu,
      `${TRANSFER}[*https://auth.globus.org/scopes/${T1}/data_access]`,
    );
    assert.equal(
      (await api(
        emu,
        other,
        "GET",
        `operation/endpoint/${MAPPED_COLLECTION}/ls`,
      )).status,
      403,
    );
    const withConsent = await login(emu, scope);
    const ok = await api(
      emu,
      withConsent.body.access_token,
      "GET",
      `operation/endpoint/${MAPPED_COLLECTION}/ls?path=/share/godata/`,
    );
    assert.equal(ok.status, 200);
    assert.equal(ok.body.total, 3);
  } finally {
    await emu.close();
  }
});

test("submission_id, transfer result shape, idempotent resubmission and empty DATA", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const sid = (await api(emu, tok, "GET", "submission_id")).body.value;
    assert.match(sid, /^[0-9a-f-]{36}$/);
    const doc = {
      DATA_TYPE: "transfer",
      submission_id: sid,
      source_endpoint: T1,
      destination_endpoint: TUTORIAL_COLLECTION_2,
      label: "idem",
      DATA: [{
        DATA_TYPE: "transfer_item",
        source_path: "/share/godata/file1.txt",
        destination_path: "/~/file1.txt",
      }],
    };
    const first = await api(emu, tok, "POST", "transfer", doc);
    assert.equal(first.status, 202);
    assert.equal(first.body.DATA_TYPE, "transfer_result");
    assert.equal(first.body.code, "Accepted");
    assert.equal(first.body.submission_id, sid);
    assert.equal(
      first.body.task_link.href,
      `/v0.10/task/${first.body.task_id}?format=json`,
    );
    const second = await api(emu, tok, "POST", "transfer", doc);
    assert.equal(second.body.task_id, first.body.task_id);
    assert.equal(second.body.code, "Duplicate");
    await waitTask(emu, tok, first.body.task_id);
    const list = await api(emu, tok, "GET", "task_list?filter=label:idem");
    assert.equal(list.body.total, 1);
    const empty = await api(emu, tok, "POST", "transfer", {
      ...doc,
      submission_id: "x-1",
      DATA: [],
    });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.code, "ClientError.BadRequest.NoTransferItems");
    const emptyDelete = await api(emu, tok, "POST", "delete", {
      DATA_TYPE: "delete",
      endpoint: T1,
      DATA: [],
    });
    assert.equal(emptyDelete.status, 400);
    assert.equal(
      emptyDelete.body.code,
      "ClientError.BadRequest.NoTransferItems",
    );
    const badEndpoint = await api(emu, tok, "POST", "transfer", {
      ...doc,
      submission_id: "x-2",
      source_endpoint: "11111111-2222-4333-8444-555555555555",
    });
    assert.equal(badEndpoint.status, 404);
  } finally {
    await emu.close();
  }
});

test("task_list, task GET/PUT, event_list, successful_transfers, skipped_errors", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await submitTransfer(emu, tok, {
        source_endpoint: T1,
        destination_endpoint: TUTORIAL_COLLECTION_2,
        label: `task ${i}`,
        skip_source_errors: i === 2,
        DATA: [
          {
            source_path: "/share/godata/",
            destination_path: `/~/t${i}/`,
            recursive: true,
          },
          ...(i === 2
            ? [{
              source_path: "/share/godata/missing.txt",
              destination_path: "/~/m.txt",
            }]
            : []),
        ],
      });
      ids.push(r.body.task_id);
    }
    for (const id of ids) {
      assert.equal((await waitTask(emu, tok, id)).status, "SUCCEEDED");
    }
    const list = await api(emu, tok, "GET", "task_list?limit=2");
    assert.equal(list.body.DATA_TYPE, "task_list");
    assert.equal(list.body.total, 3);
    assert.equal(list.body.length, 2);
    assert.equal(list.body.limit, 2);
    assert.equal(list.body.DATA[0].task_id, ids[2]);
    const page2 = await api(emu, tok, "GET", "task_list?limit=2&offset=2");
    assert.equal(page2.body.DATA[0].task_id, ids[0]);
    const filtered = await api(
      emu,
      tok,
      "GET",
      "task_list?filter=status:SUCCEEDED/type:TRANSFER/label:~TASK 1",
    );
    assert.deepEqual(
      filtered.body.DATA.map((t: { task_id: string }) => t.task_id),
      [ids[1]],
    );
    assert.equal(
      (await api(emu, tok, "GET", "task_list?filter=type:DELETE")).body.total,
      0,
    );
    assert.equal(
      (await api(emu, tok, "GET", "task_list?limit=1001")).status,
      400,
    );

    const put = await api(emu, tok, "PUT", `task/${ids[0]}`, {
      DATA_TYPE: "task",
      label: "renamed",
    });
    assert.equal(put.body.code, "Updated");
    const task = (await api(emu, tok, "GET", `task/${ids[0]}`)).body;
    assert.equal(task.label, "renamed");
    assert.equal(task.DATA_TYPE, "task");
    assert.equal(task.type, "TRANSFER");
    assert.equal(task.files, 3);
    assert.equal(task.directories, 1);
    assert.equal(task.files_transferred, 3);
    assert.equal(task.bytes_transferred, 12);
    assert.equal(task.nice_status, null);
    assert.equal(task.is_ok, null);
    assert.equal(task.fatal_error, null);
    assert.equal(
      task.source_endpoint_display_name,
      "Globus Tutorial Collection 1",
    );
    assert.match(task.completion_time, /\+00:00$/);
    const badPut = await api(emu, tok, "PUT", `task/${ids[0]}`, {
      status: "FAILED",
    });
    assert.equal(badPut.status, 400);

    const ev = await api(emu, tok, "GET", `task/${ids[0]}/event_list`);
    assert.equal(ev.body.DATA_TYPE, "event_list");
    assert.equal(ev.body.DATA[0].code, "SUCCEEDED");
    assert.equal(ev.body.DATA.at(-1).code, "STARTED");
    assert.equal(ev.body.total, ev.body.DATA.length);
    const ev1 = await api(
      emu,
      tok,
      "GET",
      `task/${ids[0]}/event_list?limit=1&offset=1`,
    );
    assert.equal(ev1.body.length, 1);

    const st = await api(
      emu,
      tok,
      "GET",
      `task/${ids[0]}/successful_transfers?limit=2`,
    );
    assert.equal(st.body.DATA_TYPE, "successful_transfers");
    assert.equal(st.body.marker, 0);
    assert.equal(st.body.next_marker, 2);
    assert.equal(st.body.DATA[0].DATA_TYPE, "successful_transfer");
    assert.equal(st.body.DATA[0].source_path, "/share/godata/file1.txt");
    assert.equal(st.body.DATA[0].destination_path, "/~/t0/file1.txt");
    const st2 = await api(
      emu,
      tok,
      "GET",
      `task/${ids[0]}/successful_transfers?marker=2&limit=2`,
    );
    assert.equal(st2.body.DATA.length, 1);
    assert.equal(st2.body.next_marker, null);

    const se = await api(emu, tok, "GET", `task/${ids[2]}/skipped_errors`);
    assert.equal(se.body.DATA_TYPE, "skipped_errors");
    assert.equal(se.body.next_marker, null);
    assert.equal(se.body.DATA.length, 1);
    assert.equal(se.body.DATA[0].error_code, "FILE_NOT_FOUND");
    assert.equal(se.body.DATA[0].source_path, "/share/godata/missing.txt");
    const t2 = (await api(emu, tok, "GET", `task/${ids[2]}`)).body;
    assert.equal(t2.subtasks_skipped_errors, 1);

    const nf = await api(
      emu,
      tok,
      "GET",
      "task/11111111-2222-4333-8444-555555555555",
    );
    assert.equal(nf.status, 404);
    // another identity cannot see the demo user's tasks
    const { clientId, clientSecret } = emu.confidentialClient;
    const cc = await (await fetch(`${emu.authUrl}v2/oauth2/token`, {
      method: "POST",
      headers: {
        authorization: "Basic " + btoa(`${clientId}:${clientSecret}`),
      },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        scope: TRANSFER,
      }),
    })).json();
    const foreign = await api(emu, cc.access_token, "GET", `task/${ids[0]}`);
    assert.equal(foreign.status, 403);
    assert.equal(
      (await api(emu, cc.access_token, "GET", "task_list")).body.total,
      0,
    );
    const copied = await readFile(
      join(emu.root, TUTORIAL_COLLECTION_2, "home", "demo", "t0", "file2.txt"),
      "utf8",
    );
    assert.equal(copied, "def\n");
  } finally {
    await emu.close();
  }
});

test("unknown Transfer routes are 404 with the Globus error body", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    const r = await api(emu, tok, "GET", "nope");
    assert.equal(r.status, 404);
    assert.deepEqual(Object.keys(r.body).sort(), [
      "code",
      "message",
      "request_id",
      "resource",
    ]);
    const root = await fetch(`${emu.url}/nothing-here`);
    assert.equal(root.status, 404);
    await root.body?.cancel();
  } finally {
    await emu.close();
  }
});

test("task_list filters by request_time and completion_time ranges", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    emu.seedTasks(10, { label: "seed {i}" });
    const all = (await api(emu, tok, "GET", "task_list?limit=10")).body.DATA;
    assert.equal(all.length, 10);
    // Newest first, one second apart: pick the 4th to the 8th.
    const iso = (t: string) => t.replace("+00:00", "Z");
    const from = iso(all[7].request_time);
    const to = iso(all[3].request_time);
    const range = async (key: string, value: string) =>
      (await api(
        emu,
        tok,
        "GET",
        `task_list?limit=100&filter=${key}:${encodeURIComponent(value)}`,
      )).body;
    const mid = await range("request_time", `${from},${to}`);
    assert.deepEqual(
      mid.DATA.map((t: { label: string }) => t.label),
      ["seed 3", "seed 4", "seed 5", "seed 6", "seed 7"],
    );
    assert.equal(mid.total, 5);
    // Open ends, a space instead of T, and no zone (UTC).
    const spaced = all[2].request_time.slice(0, 19).replace("T", " ");
    // The newest three are at or after it, the other eight at or before it.
    assert.equal((await range("request_time", `${spaced},`)).total, 3);
    assert.equal((await range("request_time", `,${spaced}`)).total, 8);
    assert.equal(
      (await range("request_time", `2000-01-01,2000-12-31`)).total,
      0,
    );
    assert.equal(
      (await range("completion_time", `${iso(all[1].completion_time)},`)).total,
      2,
    );
    // A running task has no completion_time: a completion filter skips it.
    const slow = await startEmulator({ taskDelayMs: 60_000 });
    try {
      const t2 = await transferToken(slow);
      await submitTransfer(slow, t2, {
        source_endpoint: T1,
        destination_endpoint: TUTORIAL_COLLECTION_2,
        DATA: [{
          source_path: "/share/godata/file1.txt",
          destination_path: "/~/f",
        }],
      });
      const q = (f: string) =>
        api(slow, t2, "GET", `task_list?filter=${encodeURIComponent(f)}`);
      assert.equal((await q("request_time:2000-01-01,")).body.total, 1);
      assert.equal((await q("completion_time:2000-01-01,")).body.total, 0);
    } finally {
      await slow.close();
    }
    for (const bad of ["yesterday,", "2026-01-01", "2026-13-45,"]) {
      const r = await api(
        emu,
        tok,
        "GET",
        `task_list?filter=request_time:${encodeURIComponent(bad)}`,
      );
      assert.equal(r.status, 400, bad);
      assert.equal(r.body.code, "ClientError.BadRequest.InvalidFilter");
      assert.match(r.body.message, /request_time/);
    }
  } finally {
    await emu.close();
  }
});

test("the tutorial collections also serve /home/share/godata/ (the path the Python SDK's newer examples and the Globus CLI use), read-only", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    for (const c of [TUTORIAL_COLLECTION_1, TUTORIAL_COLLECTION_2]) {
      const r = await api(
        emu,
        tok,
        "GET",
        `operation/endpoint/${c}/ls?path=/home/share/godata/`,
      );
      assert.equal(r.status, 200);
      assert.deepEqual(r.body.DATA.map((f: { name: string }) => f.name), [
        "file1.txt",
        "file2.txt",
        "file3.txt",
      ]);
      const ro = await api(emu, tok, "POST", `operation/endpoint/${c}/mkdir`, {
        DATA_TYPE: "mkdir",
        path: "/home/share/godata/x",
      });
      assert.equal(ro.status, 403);
    }
    const task = await submitTransfer(emu, tok, {
      DATA_TYPE: "transfer",
      source_endpoint: TUTORIAL_COLLECTION_1,
      destination_endpoint: TUTORIAL_COLLECTION_2,
      DATA: [{
        DATA_TYPE: "transfer_item",
        source_path: "/home/share/godata/file1.txt",
        destination_path: "/~/from-home-share.txt",
      }],
    });
    assert.equal(task.status, 202, JSON.stringify(task.body));
    assert.equal(
      (await waitTask(emu, tok, task.body.task_id)).status,
      "SUCCEEDED",
    );
    assert.equal(
      await readFile(
        join(
          emu.root,
          TUTORIAL_COLLECTION_2,
          "home",
          "demo",
          "from-home-share.txt",
        ),
        "utf8",
      ),
      "abc\n",
    );
  } finally {
    await emu.close();
  }
});

test("a request without an Authorization header, and one with a malformed header ('Bearer Bearer …'), are told apart", async () => {
  const emu = await startEmulator();
  try {
    const none = await api(emu, null, "GET", "task_list");
    assert.equal(none.status, 401);
    assert.equal(none.body.code, "AuthenticationFailed");
    assert.equal(none.body.message, "No Authorization header");
    const tokens = await emu.mintTokens(TRANSFER);
    const doubled = await api(
      emu,
      `Bearer ${tokens.access_token}`,
      "GET",
      "task_list",
    );
    assert.equal(doubled.status, 401);
    assert.equal(
      doubled.body.message,
      "The Authorization header is not 'Bearer <access token>'",
    );
  } finally {
    await emu.close();
  }
});
