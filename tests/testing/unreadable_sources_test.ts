/**
 * Sources the collection's user may not read (mode 000), as a data manager
 * meets them: with `skipSourceErrors`, an unreadable file given as an item
 * and an unreadable folder met in a recursive transfer are skipped errors
 * (both failed the task; only an unreadable file met in a folder was
 * skipped). The transfers run in a child process without the permission
 * to read anything (root has it), see _unreadable_sources_child.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";

interface Outcome {
  status: string;
  fatal: string | null;
  files_transferred: number;
  subtasks_skipped_errors: number;
  skipped: { source_path: string; error_code: string; is_directory: boolean }[];
  written: string[];
}

test("skipSourceErrors skips an unreadable file given as an item and an unreadable folder met in a recursive transfer; without it the task fails with PERMISSION_DENIED", async (t) => {
  if (!isDeno) {
    t.skip("the child is a Deno script");
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find(existsSync);
  if (asRoot && !setpriv) {
    t.skip("root reads anything: needs setpriv (util-linux) to drop that");
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), "globus-unreadable-"));
  try {
    const child = fileURLToPath(
      new URL("./_unreadable_sources_child.ts", import.meta.url),
    );
    const deno = [process.execPath, "run", "-A", child, join(dir, "root")];
    const [cmd, ...args] = asRoot
      ? [
        setpriv!,
        "--bounding-set=-dac_override,-dac_read_search",
        ...deno,
      ]
      : deno;
    const out = await new Promise<{ code: number | null; text: string }>(
      (resolve) => {
        const p = spawn(cmd!, args, {
          env: { ...process.env, NO_COLOR: "1" },
        });
        let text = "";
        p.stdout.on("data", (d) => text += d);
        p.stderr.on("data", (d) => text += d);
        p.on("close", (code) => resolve({ code, text }));
      },
    );
    assert.equal(out.code, 0, out.text);
    const line = out.text.trim().split("\n").at(-1)!;
    const { skipping, failing } = JSON.parse(line) as {
      skipping: Outcome;
      failing: Outcome;
    };
    assert.equal(skipping.status, "SUCCEEDED", line);
    assert.equal(skipping.files_transferred, 2, line);
    assert.equal(skipping.subtasks_skipped_errors, 2, line);
    assert.deepEqual(skipping.skipped, [
      {
        source_path: "/other/locked.txt",
        error_code: "PERMISSION_DENIED",
        is_directory: false,
      },
      {
        source_path: "/data/locked",
        error_code: "PERMISSION_DENIED",
        is_directory: true,
      },
    ]);
    // The readable files are copied; no empty folder is left for the
    // skipped one.
    assert.deepEqual(skipping.written, ["data", "data/a.txt", "data/z.txt"]);

    assert.equal(failing.status, "FAILED", line);
    assert.equal(failing.fatal, "PERMISSION_DENIED", line);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
