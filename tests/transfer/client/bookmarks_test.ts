/**
 * Bookmarks through TransferClient against the emulator: create, list (a
 * table), get, update, delete, the errors Globus gives, queryParams, and a
 * bookmark that survives an emulator restart with statePath.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { emulatorClient } from "./_emulator.ts";

test("bookmarks: create, list, get, update, delete through the client", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const ep = emu.collections.tutorial1;
    const made = await tc.createBookmark({
      name: "godata",
      endpoint_id: ep,
      path: "/share/godata/",
    });
    assert.equal(made.DATA_TYPE, "bookmark");
    assert.equal(made.name, "godata");
    assert.equal(made.endpoint_id, ep);
    assert.equal(made.path, "/share/godata/");

    const list = await tc.bookmarkList();
    assert.equal(list.DATA_TYPE, "bookmark_list");
    assert.deepEqual(list.DATA.map((b) => b.id), [made.id]);
    // a table in notebooks and in String()
    assert.match(String(list), /Name\s+\|?.*Collection/);
    assert.match(String(list), /godata/);

    const got = await tc.getBookmark(made.id, { queryParams: { x: "1" } });
    assert.deepEqual({ ...got }, { ...made });

    const renamed = await tc.updateBookmark(made.id, { name: "tutorial data" });
    assert.equal(renamed.name, "tutorial data");
    assert.equal((await tc.getBookmark(made.id)).name, "tutorial data");

    // a second bookmark with the same name is refused
    await assert.rejects(
      tc.createBookmark({
        name: "tutorial data",
        endpoint_id: ep,
        path: "/~/",
      }),
      (e) => e instanceof TransferAPIError && e.httpStatus === 409,
    );
    // the path of a bookmark cannot change
    await assert.rejects(
      tc.updateBookmark(made.id, { path: "/~/" }),
      (e) => e instanceof TransferAPIError && e.httpStatus === 400,
    );
    // an unknown collection
    await assert.rejects(
      tc.createBookmark({
        name: "x",
        endpoint_id: "00000000-0000-4000-8000-000000000000",
        path: "/",
      }),
      (e) => e instanceof TransferAPIError && e.code === "EndpointNotFound",
    );

    const deleted = await tc.deleteBookmark(made.id);
    assert.equal(deleted.code, "Deleted");
    await assert.rejects(
      tc.getBookmark(made.id),
      (e) =>
        e instanceof TransferAPIError && e.httpStatus === 404 &&
        e.code === "BookmarkNotFound",
    );
    assert.deepEqual((await tc.bookmarkList()).DATA, []);
    await assert.rejects(
      tc.createBookmark(
        null as unknown as { name: string; endpoint_id: string; path: string },
      ),
      /bookmarkData' must be an object/,
    );
  } finally {
    await emu.close();
  }
});

test("bookmarks survive an emulator restart with the same statePath", async () => {
  const dir = await mkdtemp(join(tmpdir(), "bookmarks-state-"));
  const statePath = join(dir, "state.json");
  try {
    const first = await emulatorClient({ statePath });
    let id: string;
    try {
      id = (await first.tc.createBookmark({
        name: "kept",
        endpoint_id: first.emu.collections.tutorial2,
        path: "/~/",
      })).id;
    } finally {
      await first.emu.close();
    }
    const second = await emulatorClient({ statePath });
    try {
      const list = await second.tc.bookmarkList();
      assert.deepEqual(
        list.DATA.map((b) => [b.id, b.name, b.path]),
        [[id, "kept", "/~/"]],
      );
    } finally {
      await second.emu.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
