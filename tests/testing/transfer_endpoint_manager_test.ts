/**
 * The endpoint manager's task documents (`endpoint_manager/task_list` and
 * `endpoint_manager/task/{id}`): the administrator fields the real service
 * sends on each task — `*_host_endpoint*`, `*_host_path`,
 * `*_mapped_collection_*`, `*_local_user` and `*_local_user_status` — for a
 * task on a guest collection (its host, the mapped collection), on a mapped
 * collection itself, on neither, and seen by an administrator of one side
 * only; and the same field names as the recorded endpoint_manager_task_list.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ALICE_USER } from "../../src/testing/auth_store.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import {
  api,
  fixturesDir,
  mappedToken,
  submitTransfer,
  TRANSFER,
  waitTask,
} from "./_helpers.ts";

/** The fields this file is about, per side. */
const SIDE_FIELDS = [
  "host_endpoint",
  "host_endpoint_display_name",
  "host_endpoint_id",
  "host_path",
  "local_user",
  "local_user_status",
  "mapped_collection_display_name",
  "mapped_collection_id",
];
const ADMIN_FIELDS = ["source", "destination"].flatMap((s) =>
  SIDE_FIELDS.map((f) => `${s}_${f}`)
);

// deno-lint-ignore no-explicit-any
type Doc = Record<string, any>;

/** The administrator fields of one side of a task document. */
function side(doc: Doc, s: "source" | "destination"): Doc {
  return Object.fromEntries(SIDE_FIELDS.map((f) => [f, doc[`${s}_${f}`]]));
}

const NONE = {
  host_endpoint: null,
  host_endpoint_display_name: null,
  host_endpoint_id: null,
  host_path: null,
  mapped_collection_display_name: null,
  mapped_collection_id: null,
};

/**
 * A guest collection on the mapped collection (`/~/share/` of the demo
 * user, so `/home/demo/share/` on the host) holding `f1.txt`, on which
 * alice may read and write.
 */
async function guestSetup(emu: Emulator) {
  const mapped = emu.collections.mapped;
  const demo = await mappedToken(emu);
  const alice = (await emu.mintTokens(TRANSFER, { identity: "alice" }))
    .access_token;
  const dir = join(emu.root, mapped, "home", "demo", "share");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "f1.txt"), "abc\n");
  const made = await api(emu, demo, "POST", "shared_endpoint", {
    DATA_TYPE: "shared_endpoint",
    host_endpoint: mapped,
    host_path: "/~/share/",
    display_name: "demo share",
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const guest: string = made.body.id;
  const rule = await api(emu, demo, "POST", `endpoint/${guest}/access`, {
    DATA_TYPE: "access",
    principal_type: "identity",
    principal: ALICE_USER.id,
    path: "/",
    permissions: "rw",
  });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const mappedDoc = (await api(emu, demo, "GET", `endpoint/${mapped}`)).body;
  return { mapped, mappedDoc, demo, alice, guest };
}

/** Submits a transfer of one file and waits for it to finish. */
async function copy(
  emu: Emulator,
  token: string,
  source: string,
  destination: string,
  from: string,
  to: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const r = await submitTransfer(emu, token, {
    source_endpoint: source,
    destination_endpoint: destination,
    DATA: [{
      DATA_TYPE: "transfer_item",
      source_path: from,
      destination_path: to,
    }],
    ...extra,
  });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const done = await waitTask(emu, token, r.body.task_id);
  assert.equal(done.status, "SUCCEEDED", JSON.stringify(done));
  return r.body.task_id;
}

test("a guest collection's task, seen by its mapped collection's administrator, names the host, the host path and the mapped collection", async () => {
  const emu = await startEmulator();
  try {
    const { mapped, mappedDoc, demo, alice, guest } = await guestSetup(emu);
    const t2 = emu.collections.tutorial2;
    const id = await copy(emu, alice, guest, t2, "/f1.txt", "/~/g.txt");

    const list = await api(
      emu,
      demo,
      "GET",
      `endpoint_manager/task_list?filter_endpoint=${mapped}`,
    );
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const listed: Doc | undefined = list.body.DATA.find((t: Doc) =>
      t.task_id === id
    );
    assert.ok(listed, "the hosted guest's task is listed");
    const one = await api(emu, demo, "GET", `endpoint_manager/task/${id}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));

    for (const doc of [listed, one.body as Doc]) {
      assert.deepEqual(side(doc, "source"), {
        host_endpoint: mappedDoc.canonical_name,
        host_endpoint_display_name: mappedDoc.display_name,
        host_endpoint_id: mapped,
        host_path: "/home/demo/share/",
        local_user: null,
        local_user_status: "OK",
        mapped_collection_display_name: mappedDoc.display_name,
        mapped_collection_id: mapped,
      });
      // the destination (a tutorial collection) is neither guest nor mapped
      assert.deepEqual(side(doc, "destination"), {
        ...NONE,
        local_user: null,
        local_user_status: "OK",
      });
      assert.equal(doc.source_endpoint_id, guest);
    }
    // the host path agrees with the guest's own endpoint document
    const guestDoc = (await api(emu, demo, "GET", `endpoint/${guest}`)).body;
    assert.equal(listed.source_host_path, guestDoc.host_path);
    assert.equal(listed.source_host_endpoint_id, guestDoc.host_endpoint_id);
    assert.equal(
      listed.source_mapped_collection_id,
      guestDoc.mapped_collection_id,
    );

    // the owner's own task document is unchanged
    const own = (await api(emu, alice, "GET", `task/${id}`)).body;
    assert.equal("source_host_path" in own, false);
  } finally {
    await emu.close();
  }
});

test("a mapped collection's own task has no host or mapped-collection fields, as the recorded task on a mapped collection; a DELETE has no destination side", async () => {
  const emu = await startEmulator();
  try {
    const mapped = emu.collections.mapped;
    const demo = await mappedToken(emu);
    const t1 = emu.collections.tutorial1;
    const id = await copy(
      emu,
      demo,
      t1,
      mapped,
      "/share/godata/file1.txt",
      "/~/m.txt",
      { destination_local_user: "demo" },
    );
    const doc = (await api(emu, demo, "GET", `endpoint_manager/task/${id}`))
      .body;
    assert.deepEqual(side(doc, "destination"), {
      ...NONE,
      local_user: "demo",
      local_user_status: "OK",
    });
    assert.deepEqual(side(doc, "source"), {
      ...NONE,
      local_user: null,
      local_user_status: "OK",
    });

    const sid = (await api(emu, demo, "GET", "submission_id")).body.value;
    const del = await api(emu, demo, "POST", "delete", {
      DATA_TYPE: "delete",
      submission_id: sid,
      endpoint: mapped,
      DATA: [{ DATA_TYPE: "delete_item", path: "/~/m.txt" }],
    });
    assert.equal(del.status, 202, JSON.stringify(del.body));
    await waitTask(emu, demo, del.body.task_id);
    const [d] = (await api(
      emu,
      demo,
      "GET",
      `endpoint_manager/task_list?filter_task_id=${del.body.task_id}`,
    )).body.DATA;
    assert.equal(d.source_mapped_collection_id, null);
    assert.equal(d.source_local_user_status, "OK");
    assert.deepEqual(side(d, "destination"), {
      ...NONE,
      local_user: null,
      local_user_status: null,
    });
  } finally {
    await emu.close();
  }
});

test("a side the viewer does not administer has local_user_status NO_PERMISSION and no local user", async () => {
  const emu = await startEmulator();
  try {
    const { mapped, demo, alice, guest } = await guestSetup(emu);
    // alice monitors the guest collection only
    const role = await api(emu, demo, "POST", `endpoint/${guest}/role`, {
      DATA_TYPE: "role",
      principal_type: "identity",
      principal: ALICE_USER.id,
      role: "activity_monitor",
    });
    assert.equal(role.status, 201, JSON.stringify(role.body));
    const id = await copy(
      emu,
      demo,
      emu.collections.tutorial1,
      guest,
      "/share/godata/file2.txt",
      "/in.txt",
      { source_local_user: "demo" },
    );
    const seen = (await api(emu, alice, "GET", `endpoint_manager/task/${id}`))
      .body;
    assert.equal(seen.task_id, id, JSON.stringify(seen));
    assert.equal(seen.source_local_user, null);
    assert.equal(seen.source_local_user_status, "NO_PERMISSION");
    assert.equal(seen.destination_local_user_status, "OK");
    assert.equal(seen.destination_mapped_collection_id, mapped);
    assert.equal(seen.destination_host_path, "/home/demo/share/");
    // the tutorial collection's administrator sees its local user
    const admin = (await api(emu, demo, "GET", `endpoint_manager/task/${id}`))
      .body;
    assert.equal(admin.source_local_user, "demo");
    assert.equal(admin.source_local_user_status, "OK");
  } finally {
    await emu.close();
  }
});

const fixtures = fixturesDir();

test(
  "endpoint-manager task documents have the recorded task's field names, with its types",
  {
    skip: fixtures === null ? "no fixtures" : false,
  },
  async () => {
    const recorded = JSON.parse(
      await readFile(
        join(fixtures ?? "", "transfer.endpoint_manager_task_list.json"),
        "utf8",
      ),
    );
    const want: Doc = recorded.DATA[0];
    for (const k of ADMIN_FIELDS) assert.ok(k in want, `fixture has ${k}`);
    const emu = await startEmulator();
    try {
      const { mapped, demo, alice, guest } = await guestSetup(emu);
      const id = await copy(
        emu,
        alice,
        guest,
        emu.collections.tutorial2,
        "/f1.txt",
        "/~/k.txt",
      );
      const list = (await api(
        emu,
        demo,
        "GET",
        `endpoint_manager/task_list?filter_endpoint=${mapped}`,
      )).body;
      const one = (await api(emu, demo, "GET", `endpoint_manager/task/${id}`))
        .body;
      for (const got of [...list.DATA, one] as Doc[]) {
        assert.deepEqual(
          Object.keys(got).sort(),
          Object.keys(want).sort(),
          `task ${got.task_id}`,
        );
        for (const [k, v] of Object.entries(want)) {
          if (v === null || got[k] === null) continue;
          assert.equal(
            typeof got[k],
            typeof v,
            `${k}: ${JSON.stringify(got[k])}`,
          );
        }
      }
    } finally {
      await emu.close();
    }
  },
);
