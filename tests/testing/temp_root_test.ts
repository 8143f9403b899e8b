/**
 * The emulator's temporary root: removed on close, and, when its process
 * ended without closing it (a crash, Ctrl-C, a restarted kernel), removed
 * by the next emulator to start, never while its process runs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { OWNER_FILE, ROOT_PREFIX } from "../../src/testing/_temp_root.ts";

// On Node this runs from the npm build (npm/esm/tests/testing/), next to the
// compiled module.
const emulatorModule = new URL(
  isDeno ? "../../src/testing/emulator.ts" : "../../src/testing/emulator.js",
  import.meta.url,
).href;

/** Runs a process that starts an emulator and exits without closing it. */
async function crashedEmulatorRoot(): Promise<{ root: string; pid: number }> {
  // A script file (a worker thread refuses Node's --input-type of -e).
  const dir = await mkdtemp(join(tmpdir(), "temp-root-child-"));
  try {
    const script = join(dir, isDeno ? "child.ts" : "child.mjs");
    await writeFile(
      script,
      `import process from "node:process";
import { startEmulator } from ${JSON.stringify(emulatorModule)};
const emu = await startEmulator();
console.log(emu.root);
process.exit(3);
`,
    );
    const child = spawn(
      process.execPath,
      isDeno
        ? [
          "run",
          "-A",
          `--config=${
            fileURLToPath(new URL("../../deno.json", import.meta.url))
          }`,
          script,
        ]
        : [script],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const status = await new Promise<number | null>((resolve) =>
      child.on("exit", (c) => resolve(c))
    );
    assert.equal(status, 3, err);
    return { root: out.trim(), pid: child.pid! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test("a root left by an emulator whose process ended is removed by the next emulator; one whose process runs, or without an owner, is kept", async () => {
  const { root: left, pid } = await crashedEmulatorRoot();
  assert.ok(left.includes(ROOT_PREFIX), left);
  assert.ok(existsSync(left), "the crashed emulator's root is still there");
  assert.equal(
    (await readFile(join(left, OWNER_FILE), "utf8")).trim(),
    `${pid}`,
  );
  // Another process's live emulator, and a folder with no owner file.
  const live = await mkdtemp(join(tmpdir(), ROOT_PREFIX));
  await writeFile(join(live, OWNER_FILE), String(process.pid));
  const unowned = await mkdtemp(join(tmpdir(), ROOT_PREFIX));
  try {
    const emu = await startEmulator();
    try {
      assert.equal(existsSync(left), false, "the abandoned root was removed");
      assert.ok(existsSync(live), "a live process's root stays");
      assert.ok(existsSync(unowned), "a root without an owner stays");
      assert.equal(
        (await readFile(join(emu.root, OWNER_FILE), "utf8")).trim(),
        String(process.pid),
      );
    } finally {
      await emu.close();
    }
    assert.equal(existsSync(emu.root), false, "closing removes its own root");
  } finally {
    await rm(left, { recursive: true, force: true });
    await rm(live, { recursive: true, force: true });
    await rm(unowned, { recursive: true, force: true });
  }
});

test("an emulator's folder with a chmod 000 folder in it is still removed (close() threw EACCES after a test of unreadable files, for a user who is not root)", async (t) => {
  const { removeTree } = await import("../../src/testing/_temp_root.ts");
  const { chmod, mkdir } = await import("node:fs/promises");
  const asRoot = process.getuid?.() === 0;
  const dir = await mkdtemp(join(tmpdir(), "globus-remove-tree-"));
  try {
    const tree = join(dir, "tree");
    await mkdir(join(tree, "a", "locked", "deep"), { recursive: true });
    await writeFile(join(tree, "a", "locked", "deep", "f.txt"), "x");
    if (!asRoot) {
      await chmod(join(tree, "a", "locked"), 0o000);
      await removeTree(tree);
      assert.equal(existsSync(tree), false);
      return;
    }
    // Root reads anything: the removal runs as nobody, where it fails.
    const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find(existsSync);
    if (!isDeno || !setpriv) {
      t.skip("runs as nobody through setpriv (util-linux), with Deno");
      return;
    }
    const { chown } = await import("node:fs/promises");
    const script = join(dir, "remove.ts");
    await writeFile(
      script,
      `import { removeTree } from ${
        JSON.stringify(
          new URL("../../src/testing/_temp_root.ts", import.meta.url).href,
        )
      };\nawait removeTree(${JSON.stringify(tree)});\n`,
    );
    await chmod(dir, 0o777);
    for (const p of [tree, join(tree, "a"), join(tree, "a", "locked")]) {
      await chown(p, 65534, 65534);
    }
    await chown(join(tree, "a", "locked", "deep"), 65534, 65534);
    await chown(join(tree, "a", "locked", "deep", "f.txt"), 65534, 65534);
    await chmod(join(tree, "a", "locked"), 0o000);
    const denoDir = join(dir, "deno-dir");
    await mkdir(denoDir, { mode: 0o777 });
    await chmod(denoDir, 0o777);
    const out = await new Promise<{ code: number | null; text: string }>(
      (resolve) => {
        const child = spawn(setpriv, [
          "--reuid=65534",
          "--regid=65534",
          "--clear-groups",
          process.execPath,
          "run",
          "-A",
          "--no-config",
          script,
        ], {
          env: { HOME: denoDir, DENO_DIR: denoDir, NO_COLOR: "1" },
        });
        let text = "";
        child.stdout.on("data", (d) => text += d);
        child.stderr.on("data", (d) => text += d);
        child.on("close", (code) => resolve({ code, text }));
      },
    );
    assert.equal(out.code, 0, out.text);
    assert.equal(existsSync(tree), false, out.text);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
