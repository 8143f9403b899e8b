/**
 * A token file shared between a user and root (a job run with the user's
 * `HOME` through `sudo -E`, a root cron job): root's writes keep the
 * user's ownership, and a file the user may not write is refused, never
 * replaced. Run as root, with the user's side as `nobody` through setpriv;
 * skipped otherwise.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import {
  chmod,
  chown,
  lstat,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { tokenRecord } from "../_helpers/token_record.ts";
import {
  asNobodySkip,
  CHILD,
  NOBODY,
  nobodyHome,
  runChild,
} from "./_as_nobody.ts";

const RS = "transfer.api.globus.org";

test(
  "JSON: a root refresh of a user's token file keeps it the user's, and the user's next run reads and refreshes it (it became root's 0600, and the user got EACCES)",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, "tokens.json");
      // nobody logs in.
      const login = await runChild(["json", path, "store", "1"], {
        home,
        denoDir,
      });
      assert.equal(login.ok, true, login.text);
      // A root job with nobody's HOME refreshes.
      await new JSONTokenStorage(path).storeTokenDataByResourceServer({
        [RS]: tokenRecord(RS, { n: 2 }),
      });
      const st = await lstat(path);
      assert.equal(st.uid, NOBODY, "the token file is still nobody's");
      assert.equal(st.gid, NOBODY);
      assert.equal(st.mode & 0o777, 0o600);
      assert.equal(existsSync(`${path}.lock`), false);
      // nobody's next job reads root's refresh, and refreshes again.
      const read = await runChild(["json", path, "read"], { home, denoDir });
      assert.deepEqual([read.ok, read.value], [true, `AT-${RS}-2`], read.text);
      const again = await runChild(["json", path, "store", "3"], {
        home,
        denoDir,
      });
      assert.equal(again.ok, true, again.text);
      assert.match(await readFile(path, "utf-8"), new RegExp(`AT-${RS}-3`));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test(
  "JSON: folders and a token file root makes in a user's folder (the first login ran as root with the user's HOME) are the user's, who then uses them",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, ".globus", "app", "cid", "my-app", "tokens.json");
      await new JSONTokenStorage(path).storeTokenDataByResourceServer({
        [RS]: tokenRecord(RS, { n: 1 }),
      });
      for (
        const p of [
          join(home, ".globus"),
          join(home, ".globus", "app"),
          join(home, ".globus", "app", "cid"),
          join(home, ".globus", "app", "cid", "my-app"),
          path,
        ]
      ) {
        assert.equal((await lstat(p)).uid, NOBODY, `${p} is nobody's`);
      }
      const again = await runChild(["json", path, "store", "2"], {
        home,
        denoDir,
      });
      assert.equal(again.ok, true, again.text);
      const read = await runChild(["json", path, "read"], { home, denoDir });
      assert.deepEqual([read.ok, read.value], [true, `AT-${RS}-2`], read.text);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test(
  "JSON: a lock left by a root job killed while holding it in a user's folder is taken over by the user (it was root's 0700 folder: the user could not even read it)",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, "tokens.json");
      const login = await runChild(["json", path, "store", "1"], {
        home,
        denoDir,
      });
      assert.equal(login.ok, true, login.text);
      await mkdir(join(root, "root-deno"));
      // A root job takes the lock and is killed (kill -9) while holding it.
      const holder = spawn(process.execPath, [
        "run",
        "-A",
        "--no-config",
        CHILD,
        "json",
        path,
        "hold",
      ], { env: { HOME: home, DENO_DIR: join(root, "root-deno") } });
      let out = "";
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (d) => {
          out += d;
          if (out.includes('"held"')) resolve();
        });
        holder.on("close", () => reject(new Error(`holder ended: ${out}`)));
      });
      const closed = new Promise((resolve) => holder.on("close", resolve));
      holder.kill("SIGKILL");
      await closed;
      assert.equal(existsSync(`${path}.lock`), true, "the lock was left");
      // nobody's next job takes it over and saves its tokens.
      const next = await runChild(["json", path, "store", "2"], {
        home,
        denoDir,
      });
      assert.equal(next.ok, true, next.text);
      assert.match(await readFile(path, "utf-8"), new RegExp(`AT-${RS}-2`));
      assert.equal(existsSync(`${path}.lock`), false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test(
  "JSON: a root-owned 0644 token file in a user's own folder is refused as read-only for that user, and left as it was (it was silently replaced by a file of the user's)",
  {
    skip: asNobodySkip(),
  },
  async () => {
    const { root, home, denoDir } = await nobodyHome();
    try {
      const path = join(home, "tokens.json");
      await new JSONTokenStorage(path).storeTokenDataByResourceServer({
        [RS]: tokenRecord(RS, { n: 1 }),
      });
      // Root's, even in nobody's folder: an existing root file stays root's.
      await chown(path, 0, 0);
      await chmod(path, 0o644);
      const before = await readFile(path, "utf-8");
      for (const action of ["check", "store"]) {
        const r = await runChild(["json", path, action, "2"], {
          home,
          denoDir,
        });
        assert.equal(r.ok, false, `${action}: ${r.text}`);
        assert.equal(r.name, "TokenStorageError", r.text);
        assert.match(
          r.message ?? "",
          /^Token file .*tokens\.json is read-only for this user \(EACCES: another user owns it/,
        );
        assert.match(r.message ?? "", /sudo chown "\$\(id -un\)"/);
      }
      const st = await lstat(path);
      assert.deepEqual([st.uid, st.mode & 0o777], [0, 0o644], "left as it was");
      assert.equal(await readFile(path, "utf-8"), before);
      // Reading still works: the file is readable, only not writable.
      const read = await runChild(["json", path, "read"], { home, denoDir });
      assert.deepEqual([read.ok, read.value], [true, `AT-${RS}-1`], read.text);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);

test(
  "JSON: a token file of one's own made read-only (0400) is still refused when running as root",
  {
    skip: process.platform === "win32" ? "POSIX modes only" : false,
  },
  async () => {
    const root = await mkdtemp(join(tmpdir(), "globus-owner-"));
    try {
      const path = join(root, "tokens.json");
      await writeFile(path, '{"data": {}, "format_version": "2.0"}');
      await chmod(path, 0o400);
      await assert.rejects(
        new JSONTokenStorage(path).checkWritable(),
        /is read-only, so new tokens cannot be saved/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  },
);
