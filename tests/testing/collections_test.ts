import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALICE_USER, startEmulator } from "../../testing.ts";
import {
  makeCollection,
  seedCollection,
} from "../../src/testing/collections.ts";
import { rejection } from "../_helpers/argument_errors.ts";
import { api, transferToken } from "./_helpers.ts";

// A collection's seeded files: a path whose `..` climbs above the
// collection's root used to be written outside the emulator's folder
// (and left there by close()); `/~/` made a folder literally named `~`.

const ID = "5a0c6f1e-3b2d-4e8f-9a7c-1d2e3f4a5b6c";

test("a seeded file whose '..' leads outside its collection is refused, and nothing is written outside", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-seed-"));
  try {
    for (const inProcess of [true, false]) {
      assert.equal(
        await rejection(() =>
          startEmulator({
            inProcess,
            root: join(dir, "root"),
            collections: [{
              id: ID,
              displayName: "x",
              files: { "/../../escape.txt": "a" },
            }],
          })
        ),
        `Cannot start the emulator as the path "/../../escape.txt" of collections[0].files leads outside the collection ('..' above its root): give a path inside it, e.g. "/escape.txt"`,
      );
      assert.equal(existsSync(join(dir, "escape.txt")), false);
      assert.equal(existsSync(join(dir, "root")), false, "nothing was made");
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("relative and folder paths of seeded files are refused, naming the path to give", async () => {
  const start = (files: Record<string, string>) =>
    startEmulator({
      inProcess: true,
      collections: [{ id: ID, displayName: "x", files }],
    });
  assert.equal(
    await rejection(() => start({ "a.txt": "a" })),
    `Cannot start the emulator as the path "a.txt" of collections[0].files is relative: start it with "/" for the collection's root ("/a.txt") or "/~/" for its owner's home ("/~/a.txt")`,
  );
  assert.equal(
    await rejection(() => start({ "/dir/": "d" })),
    `Cannot start the emulator as the path "/dir/" of collections[0].files names a folder, not a file: give a file's path, e.g. "/dir/file.txt" (folders are made as needed)`,
  );
  // Inside the collection, '..' is fine.
  const emu = await start({ "/a/../b.txt": "b" });
  try {
    const tok = await transferToken(emu);
    const ls = await api(emu, tok, "GET", `operation/endpoint/${ID}/ls?path=/`);
    const names = ls.body.DATA.map((f: { name: string }) => f.name);
    assert.ok(names.includes("b.txt"), names.join());
    assert.ok(!names.includes("a"), names.join());
  } finally {
    await emu.close();
  }
});

test("a seeded '/~/' path is in the collection owner's home, where the owner's '/~/' finds it", async () => {
  for (const inProcess of [true, false]) {
    const other = crypto.randomUUID();
    const emu = await startEmulator({
      inProcess,
      collections: [
        { id: ID, displayName: "Demo's", files: { "/~/in-home.txt": "h" } },
        {
          id: other,
          displayName: "Alice's",
          ownerId: ALICE_USER.id,
          files: { "~/notes.txt": "n" },
        },
      ],
    });
    try {
      const tok = await transferToken(emu);
      const home = await api(
        emu,
        tok,
        "GET",
        `operation/endpoint/${ID}/ls?path=/~/`,
      );
      assert.equal(home.status, 200);
      assert.deepEqual(home.body.DATA.map((f: { name: string }) => f.name), [
        "in-home.txt",
      ]);
      assert.equal(
        await readFile(
          join(emu.root, ID, "home", "demo", "in-home.txt"),
          "utf8",
        ),
        "h",
      );
      const top = await api(
        emu,
        tok,
        "GET",
        `operation/endpoint/${ID}/ls?path=/`,
      );
      assert.deepEqual(top.body.DATA.map((f: { name: string }) => f.name), [
        "home",
      ], "no folder named '~'");
      assert.equal(
        await readFile(
          join(emu.root, other, "home", "alice", "notes.txt"),
          "utf8",
        ),
        "n",
      );
    } finally {
      await emu.close();
    }
  }
});

test("a seeded '/~/' path of a collection whose owner is no user of the emulator is refused", async () => {
  const owner = crypto.randomUUID();
  for (const inProcess of [true, false]) {
    assert.equal(
      await rejection(() =>
        startEmulator({
          inProcess,
          collections: [{
            id: ID,
            displayName: "x",
            ownerId: owner,
            files: { "/~/x.txt": "x" },
          }],
        })
      ),
      `Cannot create the file '/~/x.txt' of collection ${ID}: '/~/' is its owner's home, but its owner (${owner}) is not a user of this emulator; give a path from the collection's root instead (e.g. '/x.txt'), or add the owner to the 'users' option`,
    );
  }
});

test("seeding never writes through a symbolic link that leads outside the collection", async () => {
  const dir = await mkdtemp(join(tmpdir(), "emu-seed-link-"));
  try {
    const outside = join(dir, "outside");
    await mkdir(outside);
    const c = makeCollection(
      { id: ID, displayName: "x" },
      join(dir, "root"),
      ALICE_USER,
    );
    await mkdir(c.dir, { recursive: true });
    await symlink(outside, join(c.dir, "link"));
    await assert.rejects(
      () => seedCollection(c, { "/link/x.txt": "x" }, "/home/alice"),
      /Cannot create the file '\/link\/x\.txt' of collection .*: a symbolic link in .* leads outside the collection's folder; remove the link/,
    );
    assert.equal(existsSync(join(outside, "x.txt")), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("the tutorial collections are GCSv5 mapped collections with no host, as Globus's are, whatever the way their type is read", async () => {
  const emu = await startEmulator();
  try {
    const tok = await transferToken(emu);
    for (const id of [emu.collections.tutorial1, emu.collections.tutorial2]) {
      const doc = (await api(emu, tok, "GET", `endpoint/${id}`)).body;
      assert.equal(doc.entity_type, "GCSv5_mapped_collection");
      assert.equal(doc.high_assurance, false);
      assert.equal(typeof doc.gcs_version, "string");
      // no host: a guest collection's fields are unset, as on a mapped one
      for (
        const k of [
          "host_endpoint",
          "host_endpoint_id",
          "host_path",
          "mapped_collection_id",
        ]
      ) {
        assert.equal(doc[k], null, k);
      }
      // access rules belong to guest collections
      assert.equal(doc.acl_available, false);
    }
    // The Python SDK's data_access check (entity_type and high_assurance)
    // and the Globus CLI's (host_endpoint_id) agree, as they do on Globus;
    // the data_access scope they lead a script to ask for is accepted.
    const withScopes = await emu.mintTokens(
      `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${emu.collections.tutorial1}/data_access *https://auth.globus.org/scopes/${emu.collections.tutorial2}/data_access]`,
    );
    const ls = await api(
      emu,
      withScopes.access_token,
      "GET",
      `operation/endpoint/${emu.collections.tutorial1}/ls?path=/share/godata/`,
    );
    assert.equal(ls.status, 200);
    const typed = await api(
      emu,
      tok,
      "GET",
      "endpoint_search?filter_scope=all&filter_entity_type=GCSv5_guest_collection",
    );
    assert.deepEqual(typed.body.DATA, []);
  } finally {
    await emu.close();
  }
});
