/**
 * A token database shared between a user and root (a job run with the
 * user's `HOME`): root's writes leave it the user's, and a database the
 * user may not write is refused before a refresh. Run as root, with the
 * user's side as `nobody` through setpriv; skipped otherwise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chmod, chown, lstat, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import { tokenRecord } from "../_helpers/token_record.ts";
import { asNobodySkip, NOBODY, nobodyHome, runChild } from "./_as_nobody.ts";

const RS = "transfer.api.globus.org";

async function rootStores(path: string, n: number): Promise<void> {
  const storage = new SQLiteTokenStorage(path);
  try {
    await storage.storeTokenDataByResourceServer({
      [RS]: tokenRecord(RS, { n }),
    });
  } finally {
    await storage.close();
  }
}

test(
  "SQLite: a root write to a user's token database leaves it and its folder's files the user's, and the user's next run reads and writes it",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, "tokens.db");
      const login = await runChild(["sqlite", path, "store", "1"], {
        home,
        denoDir,
      });
      assert.equal(login.ok, true, login.text);
      await rootStores(path, 2);
      for (const name of await readdir(home)) {
        assert.equal((await lstat(join(home, name))).uid, NOBODY, name);
      }
      const read = await runChild(["sqlite", path, "read"], { home, denoDir });
      assert.deepEqual([read.ok, read.value], [true, `AT-${RS}-2`], read.text);
      const again = await runChild(["sqlite", path, "store", "3"], {
        home,
        denoDir,
      });
      assert.equal(again.ok, true, again.text);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test(
  "SQLite: a database and folders root creates in a user's folder (the first login ran as root with the user's HOME) are the user's, who then writes it",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, ".globus", "app", "cid", "my-app", "tokens.db");
      await rootStores(path, 1);
      for (
        const p of [
          join(home, ".globus"),
          join(home, ".globus", "app", "cid", "my-app"),
          path,
        ]
      ) {
        assert.equal((await lstat(p)).uid, NOBODY, `${p} is nobody's`);
      }
      const again = await runChild(["sqlite", path, "store", "2"], {
        home,
        denoDir,
      });
      assert.equal(again.ok, true, again.text);
      const read = await runChild(["sqlite", path, "read"], { home, denoDir });
      assert.deepEqual([read.ok, read.value], [true, `AT-${RS}-2`], read.text);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test(
  "SQLite: a root-owned 0644 database in a user's folder is refused as read-only for that user before a refresh (checkWritable passed, and only the write failed), and left as it was",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, "tokens.db");
      await rootStores(path, 1);
      await chown(path, 0, 0);
      await chmod(path, 0o644);
      const before = await readFile(path);
      for (const action of ["check", "store"]) {
        const r = await runChild(["sqlite", path, action, "2"], {
          home,
          denoDir,
        });
        assert.equal(r.ok, false, `${action}: ${r.text}`);
        assert.equal(r.name, "TokenStorageError", r.text);
        assert.match(
          r.message ?? "",
          /^Token database .*tokens\.db is read-only for this user \(EACCES: another user owns it/,
        );
      }
      assert.deepEqual(await readFile(path), before, "left as it was");
      assert.equal(existsSync(`${path}-journal`), false);
      const read = await runChild(["sqlite", path, "read"], { home, denoDir });
      assert.deepEqual([read.ok, read.value], [true, `AT-${RS}-1`], read.text);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);
