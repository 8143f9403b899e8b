/**
 * Two real hosts on one token directory, as on NFS home directories of HPC
 * login nodes: each "host" is its own UTS and PID namespace (`unshare`, as
 * root on Linux), so the two have different host names and overlapping
 * pids, and a pid of one is not alive (or is another process) in the
 * other. Writers on both hosts store records at once; none may fail (a
 * writer whose staging entry the other host swept by a local pid check
 * failed with `Cannot create the lock file …: ENOENT`), none may be lost,
 * and nothing may be left behind.
 *
 * The same with simulated hosts and kill -9 runs in
 * token_lock_stress_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";

const NS = ["--uts", "--pid", "--fork", "--mount-proc"];

const cannot = (() => {
  if (process.platform !== "linux") return "namespaces need Linux";
  if (process.getuid?.() !== 0) return "unshare needs root";
  try {
    execFileSync("unshare", [...NS, "true"], { stdio: "ignore" });
    return false;
  } catch (e) {
    return `unshare does not work here (${e instanceof Error ? e.message : e})`;
  }
})();

const writerScript = fileURLToPath(
  new URL(
    isDeno ? "../tokens/_writer.ts" : "../tokens/_writer.js",
    import.meta.url,
  ),
);

function quote(s: string): string {
  return `'${s.replaceAll("'", `'"'"'`)}'`;
}

/** Runs `writers` writers (20 records each) on a host of its own. */
function host(
  name: string,
  path: string,
  writers: number,
): Promise<{ code: number | null; err: string }> {
  const cmd = [
    process.execPath,
    ...(isDeno ? ["run", "-A"] : []),
    writerScript,
  ].map(quote).join(" ");
  const script = `hostname ${name} || exit 9
pids=""
for i in $(seq ${writers}); do ${cmd} ${
    quote(path)
  } ${name}-w$i many & pids="$pids $!"; done
rc=0
for p in $pids; do wait $p || rc=1; done
exit $rc`;
  const child = spawn("unshare", [...NS, "sh", "-c", script], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d) => err += d);
  return new Promise((resolve) =>
    child.on("exit", (code) => resolve({ code, err }))
  );
}

test(
  "two hosts (UTS+PID namespaces) writing one token file: no writer fails, no record is lost, nothing is left",
  {
    skip: cannot,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "globus-deno-hosts-"));
    try {
      const path = join(dir, "tokens.json");
      const writers = 5;
      const [a, b] = await Promise.all([
        host("lock-host-a", path, writers),
        host("lock-host-b", path, writers),
      ]);
      assert.equal(a.code, 0, a.err.slice(-2000));
      assert.equal(b.code, 0, b.err.slice(-2000));
      const keys = Object.keys(
        JSON.parse(await readFile(path, "utf-8")).data.DEFAULT,
      );
      assert.equal(keys.length, 2 * writers * 20);
      assert.deepEqual(await readdir(dir), ["tokens.json"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);
