/**
 * A path without a leading slash is looked for in the home folder; a 404
 * for one from a file operation (ls, stat, mkdir, rename) says so, and how to write the
 * path from the root.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferAPIError } from "../../src/core/errors.ts";
import { emulatorClient } from "./client/_emulator.ts";

test("a file operation (ls, stat, mkdir, rename) on a path without its leading '/' that is not found says it was looked for under /~/", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const id = emu.collections.tutorial1;
    // The emulator's tutorial files are at /share/godata/ (from the root).
    const found = await tc.operationLs(id, { path: "/share/godata/" });
    assert.ok(found.DATA.length > 0);
    await assert.rejects(
      tc.operationLs(id, { path: "share/godata/" }),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.match(
          err.message,
          /'share\/godata\/' has no leading '\/', so Transfer looked for it in your home folder \(\/~\/share\/godata\/\); for a path from the collection's root write '\/share\/godata\/'/,
        );
        // The stack's first line says the same (a notebook shows it).
        assert.ok(String(err.stack).includes("has no leading '/'"));
        return true;
      },
    );
    // operationStat takes its path the same way.
    await assert.rejects(
      tc.operationStat(id, "share/godata/file1.txt"),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.match(
          err.message,
          /in your home folder \(\/~\/share\/godata\/file1\.txt\); for a path from the collection's root write '\/share\/godata\/file1\.txt'/,
        );
        return true;
      },
    );
    // mkdir and rename take their paths in the body: a folder made in a
    // parent that is not in the home folder, a file renamed from or into one.
    const home = (p: string) =>
      new RegExp(
        `'${p}' has no leading '/', so Transfer looked for it in your home folder \\(/~/${p}\\); for a path from the collection's root write '/${p}'`,
      );
    const write = emu.collections.tutorial2;
    await assert.rejects(
      tc.operationMkdir(write, "share/new_folder"),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.code, "ExternalError.MkdirFailed.NotFound");
        assert.match(err.message, home("share/new_folder"));
        return true;
      },
    );
    await tc.operationMkdir(write, "/~/made");
    await assert.rejects(
      tc.operationRename(write, "made/none.txt", "/~/made/x.txt"),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.match(err.message, home("made/none.txt"));
        return true;
      },
    );
    await assert.rejects(
      tc.operationRename(write, "/~/made", "no/such/parent"),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.match(err.message, home("no/such/parent"));
        return true;
      },
    );
    // A relative path that was found is not the problem: no hint.
    await tc.operationMkdir(write, "made/inner");
    await assert.rejects(
      tc.operationMkdir(write, "made/inner"),
      (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.code, "ExternalError.MkdirFailed.Exists");
        assert.doesNotMatch(err.message, /leading '\/'/);
        return true;
      },
    );
    // A path from the root, or from ~, that is not there gets no such hint.
    for (const path of ["/nowhere/", "~/nowhere/", "/~/nowhere/"]) {
      await assert.rejects(tc.operationLs(id, { path }), (err: unknown) => {
        assert.ok(err instanceof TransferAPIError, String(err));
        assert.equal(err.httpStatus, 404);
        assert.doesNotMatch(err.message, /leading '\/'/, path);
        return true;
      });
    }
  } finally {
    await emu.close();
  }
});
