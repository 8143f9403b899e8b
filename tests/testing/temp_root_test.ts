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
