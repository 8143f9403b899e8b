/**
 * startEmulator() under Node's permission model (`node --permission`;
 * `--experimental-permission` on Node 20): without `--allow-worker`, or
 * without access to the temporary folder, it said Node's "Access to this
 * API has been restricted" (nothing more on Node 20), and from its worker
 * thread with no line of the caller's. Node only: the child is Node.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeno } from "../../src/core/runtime.ts";

/**
 * Runs `script` (an ES module file; not `-e`, whose `--input-type` the
 * emulator's worker thread would inherit) in `node <flags>` with `env`; its
 * output.
 */
function node(
  flags: string[],
  script: string,
  env: Record<string, string>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...flags, script],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } },
    );
    let out = "";
    child.stdout.on("data", (d) => out += d);
    child.stderr.on("data", (d) => out += d);
    child.on("error", reject);
    child.on("close", () => resolve(out));
  });
}

test(
  "under node --permission, startEmulator() names the flags it needs: --allow-worker, and access to its folder",
  {
    skip: isDeno ? "Node's permission model (the child is Node)" : false,
  },
  async () => {
    const major = Number(process.versions.node.split(".")[0]);
    const permission = major >= 22
      ? "--permission"
      : "--experimental-permission";
    // Its own temporary folder (TMPDIR), which the emulator's root goes in.
    const tmp = await realpath(
      await mkdtemp(join(tmpdir(), "globus-deno-emuperm-")),
    );
    const scripts = await mkdtemp(join(tmpdir(), "globus-deno-emuperm-js-"));
    let n = 0;
    try {
      const testing = new URL("../../testing.js", import.meta.url).href;
      const start = async (options: string) => {
        const file = join(scripts, `start${n++}.mjs`);
        await writeFile(file, startCode(options));
        return file;
      };
      const startCode = (options: string) =>
        `import { startEmulator } from ${JSON.stringify(testing)};
async function startTheEmulatorForMyTests() {
  return await startEmulator(${options});
}
try {
  const emulator = await startTheEmulatorForMyTests();
  console.log("STARTED");
  await emulator.close();
} catch (e) {
  console.log("FAILED " + e.message);
  console.log(e.stack.includes("startTheEmulatorForMyTests") ? "CALLER SHOWN" : "NO CALLER");
}`;
      const env = { TMPDIR: tmp };
      const read = "--allow-fs-read=*";
      const noWorker = await node([permission, read], await start(""), env);
      assert.ok(
        noWorker.includes(
          `FAILED Cannot start the emulator: Node's permission model (${permission}) refuses the worker thread it runs in. Run node with --allow-worker, or start it in this thread: startEmulator({ inProcess: true })`,
        ),
        noWorker,
      );
      assert.match(noWorker, /CALLER SHOWN/);
      const folderFix =
        `gives no write access to ${tmp}, where it keeps its collections' files. Run node with --allow-fs-read='${tmp}/*' --allow-fs-write='${tmp}/*'`;
      // In the worker thread, and in this one.
      for (
        const [flags, options] of [
          [[permission, read, "--allow-worker"], ""],
          [[permission, read], "{ inProcess: true }"],
        ] as const
      ) {
        const out = await node([...flags], await start(options), env);
        assert.ok(
          out.includes(
            `FAILED Cannot start the emulator: Node's permission model (${permission}) ${folderFix}`,
          ),
          out,
        );
        assert.match(out, /CALLER SHOWN/);
      }
      // The flags the messages name are enough.
      const ok = await node(
        [
          permission,
          read,
          "--allow-worker",
          `--allow-fs-write=${tmp}/*`,
        ],
        await start(""),
        env,
      );
      assert.match(ok, /STARTED/, ok);
    } finally {
      await rm(tmp, { recursive: true, force: true });
      await rm(scripts, { recursive: true, force: true });
    }
  },
);
