/**
 * Token file abuse not covered by tests/tokens/json_storage_test.ts: a full
 * disk (a small tmpfs when running as root), a token path that is a
 * directory, and a corrupt file seen through an app (which must fail
 * clearly instead of logging in again and replacing the file).
 *
 * Covered there already: 20 concurrent writer processes, a writer killed
 * with SIGKILL mid-write, a read-only file, a symbolic link, corrupt JSON
 * and unknown formats, 0600/0700 modes, stale locks.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmdirSync } from "node:fs";
import {
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  truncate,
  unlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { inspect } from "node:util";
import { UserApp } from "../../src/app/user_app.ts";
import { TokenStorageError } from "../../src/core/errors.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { isDeno } from "../../src/core/runtime.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";
import { tokenRecord } from "../_helpers/token_record.ts";

const rec = (rs: string, extraBytes = 0): StoredTokenData =>
  tokenRecord(rs, { tokenPrefix: "SECRET-", extraBytes });

/** Mounts a tmpfs of `kib` KiB, or returns why it cannot. */
function mountTmpfs(dir: string, kib: number): string | null {
  if (process.platform !== "linux") return "tmpfs needs Linux";
  if (process.getuid?.() !== 0) {
    return "mounting a small tmpfs needs root; JSONTokenStorage has no fs seam to inject ENOSPC";
  }
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k`, "tmpfs", dir], {
      stdio: "ignore",
    });
    return null;
  } catch (e) {
    return `mount failed (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Fills the file system holding `dir`, then frees `leaveBytes`. */
async function fill(dir: string, leaveBytes: number): Promise<string> {
  const filler = join(dir, "filler.bin");
  const fh = await open(filler, "w");
  const chunk = new Uint8Array(4096);
  let size = 0;
  try {
    for (;;) {
      await fh.write(chunk);
      size += chunk.length;
    }
  } catch (e) {
    assert.equal((e as { code?: string }).code, "ENOSPC");
  } finally {
    await fh.close();
  }
  await truncate(filler, Math.max(0, size - leaveBytes));
  return filler;
}

const diskFull = (() => {
  const probe = (() => {
    try {
      const d = mkdtempSync(join(tmpdir(), "globus-deno-probe-"));
      const why = mountTmpfs(d, 64);
      if (why === null) execFileSync("umount", [d], { stdio: "ignore" });
      rmdirSync(d);
      return why;
    } catch (e) {
      return `cannot probe mounting: ${e}`;
    }
  })();
  return probe === null ? false : probe;
})();

test(
  "disk full while writing the new file: a clear ENOSPC error, the old file intact, no temp files",
  {
    skip: diskFull,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "globus-deno-enospc-"));
    assert.equal(mountTmpfs(dir, 256), null);
    try {
      const path = join(dir, "tokens", "tokens.json");
      const s = new JSONTokenStorage(path);
      await s.storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
      const before = await readFile(path, "utf-8");
      const filler = await fill(dir, 16 * 1024);
      await assert.rejects(
        () =>
          s.storeTokenDataByResourceServer({
            "b.example.org": rec("b.example.org", 200 * 1024),
          }),
        (e: unknown) => {
          assert.ok(e instanceof TokenStorageError, String(e));
          assert.match(e.message, /Cannot write token file .*ENOSPC/);
          assert.match(e.message, /the disk is full: free some space/);
          assert.doesNotMatch(e.message, /permission/);
          assert.ok(e.message.includes(path));
          assert.ok(!inspect(e).includes("SECRET"), "no tokens in the error");
          return true;
        },
      );
      assert.equal(await readFile(path, "utf-8"), before, "old file intact");
      assert.deepEqual(await readdir(join(dir, "tokens")), ["tokens.json"]);
      assert.equal(
        (await s.getTokenData("a.example.org"))?.access_token,
        "SECRET-AT-a.example.org",
      );
      // Space comes back: the next write works.
      await unlink(filler);
      await s.storeTokenDataByResourceServer({
        "b.example.org": rec("b.example.org", 200 * 1024),
      });
      assert.ok(await s.getTokenData("b.example.org"));
      assert.ok(await s.getTokenData("a.example.org"));
    } finally {
      execFileSync("umount", [dir], { stdio: "ignore" });
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test(
  "disk completely full (not even a lock file fits): a clear error, the old file intact",
  {
    skip: diskFull,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "globus-deno-enospc-"));
    assert.equal(mountTmpfs(dir, 128), null);
    try {
      const path = join(dir, "tokens.json");
      const s = new JSONTokenStorage(path);
      await s.storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
      const before = await readFile(path, "utf-8");
      await fill(dir, 0);
      await assert.rejects(
        () =>
          s.storeTokenDataByResourceServer({
            "b.example.org": rec("b.example.org"),
          }),
        (e: unknown) =>
          e instanceof TokenStorageError && /ENOSPC/.test(e.message) &&
          /the disk is full/.test(e.message) &&
          !/permission/.test(e.message) && e.message.includes(path),
      );
      assert.equal(await readFile(path, "utf-8"), before);
      assert.deepEqual((await readdir(dir)).sort(), [
        "filler.bin",
        "tokens.json",
      ]);
    } finally {
      execFileSync("umount", [dir], { stdio: "ignore" });
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("a token path that is a directory is refused clearly, and left alone", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-tokdir-"));
  try {
    const path = join(dir, "tokens.json");
    await mkdir(path);
    await writeFile(join(path, "keep.txt"), "keep");
    const s = new JSONTokenStorage(path);
    for (
      const op of [
        () => s.getTokenDataByResourceServer(),
        () => s.storeTokenDataByResourceServer({ a: rec("a") }),
      ]
    ) {
      await assert.rejects(
        op,
        (e: unknown) =>
          e instanceof TokenStorageError &&
          /not a regular file/.test(e.message) && e.message.includes(path),
      );
    }
    assert.deepEqual(await readdir(path), ["keep.txt"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an app over a corrupt token file fails with TokenStorageError instead of logging in and replacing it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-corrupt-"));
  try {
    const path = join(dir, "tokens.json");
    const corrupt =
      '{"data": {"DEFAULT": {"auth.globus.org": {"access_token": "SECRET-';
    await writeFile(path, corrupt, { mode: 0o600 });
    let logins = 0;
    const app = new UserApp({
      appName: "corrupt",
      clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
      config: {
        tokenStorage: new JSONTokenStorage(path),
        authBaseUrl: "http://127.0.0.1:9/auth/",
        loginFlowManager: {
          run() {
            logins++;
            return Promise.reject(new Error("must not log in"));
          },
        },
      },
    });
    for (const op of [() => app.login(), () => app.loginRequired()]) {
      await assert.rejects(op, (e: unknown) => {
        assert.ok(e instanceof TokenStorageError, String(e));
        assert.match(e.message, /not a valid token file/);
        assert.ok(!inspect(e).includes("SECRET"));
        return true;
      });
    }
    assert.equal(logins, 0);
    assert.equal(await readFile(path, "utf-8"), corrupt);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

const bigWriter = fileURLToPath(
  new URL(isDeno ? "./_big_writer.ts" : "./_big_writer.js", import.meta.url),
);

test(
  "a write past the file size limit (ulimit -f) leaves the old file and nothing the next process trips on",
  {
    skip: process.platform === "linux" ? false : "ulimit -f via bash on Linux",
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "globus-deno-efbig-"));
    try {
      const path = join(dir, "tokens.json");
      const s = new JSONTokenStorage(path);
      await s.storeTokenDataByResourceServer({
        "a.example.org": rec("a.example.org"),
      });
      const before = await readFile(path, "utf-8");
      // 4096 blocks (2 MiB): room for the runtime's own cache writes and the
      // lock, not for an 8 MiB record. Deno dies of SIGXFSZ mid-write
      // (leaving a temp file and its lock behind); Node gets EFBIG.
      const runtime = isDeno
        ? [process.execPath, "run", "-A", bigWriter]
        : [process.execPath, bigWriter];
      const quoted = [...runtime, path, "b.example.org", String(8 << 20)]
        .map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
      const child = spawnSync(
        "bash",
        ["-c", `ulimit -f 4096; exec ${quoted}`],
        {
          encoding: "utf-8",
        },
      );
      assert.match(child.stdout, /^writing$/m, child.stderr);
      assert.notEqual(child.status, 0, "the oversized write must not succeed");
      if (child.signal === null) {
        // Node: a clear error that names the limit.
        assert.match(child.stdout, /EFBIG/);
        assert.match(child.stdout, /file size limit/);
        assert.doesNotMatch(child.stdout, /SECRET/);
      } else {
        assert.equal(child.signal, "SIGXFSZ");
      }
      // The next process (this one) reads the old file and writes at once.
      assert.equal(await readFile(path, "utf-8"), before);
      await s.storeTokenDataByResourceServer({
        "c.example.org": rec("c.example.org"),
      });
      assert.equal(
        (await s.getTokenData("a.example.org"))?.access_token,
        "SECRET-AT-a.example.org",
      );
      assert.equal(
        (await s.getTokenData("c.example.org"))?.access_token,
        "SECRET-AT-c.example.org",
      );
      assert.equal(await s.getTokenData("b.example.org"), null);
      assert.deepEqual(
        await readdir(dir),
        ["tokens.json"],
        "no temp or lock files left",
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
