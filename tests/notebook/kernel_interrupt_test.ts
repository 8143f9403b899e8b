/**
 * Jupyter's "Interrupt the kernel" during `taskWait`, in the real Deno
 * kernel, from a project folder outside the checkout: the interrupt ends the
 * wait with an error that says the task keeps running, and the kernel lives
 * on with the notebook's variables (without a SIGINT listener, Deno ends the
 * kernel). Skipped, with the reason, where Jupyter is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { denoDir, jupyterMissing } from "../e2e/_shared.ts";
import { startEmulator } from "../../testing.ts";
import { TRANSFER_SCOPE } from "../transfer/client/_emulator.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
const skip = D ? false : "drives the Deno Jupyter kernel (Deno only)";
const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);
const PYTHON = D?.env.get("GLOBUS_NOTEBOOKS_PYTHON") ?? "/usr/bin/python3";

interface CellOutput {
  streams: string;
  displays: string[];
  results: string[];
  errors: { ename: string; evalue: string }[];
  interrupted: boolean;
  alive: boolean;
  died?: boolean;
  timeout?: boolean;
}

test(
  "interrupting taskWait in the Deno kernel stops the wait and keeps the kernel and its variables",
  { skip },
  async (t) => {
    const why = await jupyterMissing(PYTHON);
    if (why) {
      console.log(`kernel interrupt test skipped: ${why}`);
      t.skip(why);
      return;
    }
    // The task waits ten minutes before it starts: ACTIVE all along.
    const emu = await startEmulator({ taskDelayMs: 600_000 });
    const dir = await mkdtemp(join(tmpdir(), "globus-kernel-interrupt-"));
    try {
      const token = (await emu.mintTokens(TRANSFER_SCOPE)).access_token;
      await writeFile(
        join(dir, "deno.json"),
        JSON.stringify({
          imports: { "@globus-deno/sdk": "jsr:@globus-deno/sdk@^0" },
          links: [ROOT],
        }),
      );
      const { tutorial1, tutorial2 } = emu.collections;
      const cells = [
        {
          code:
            `import { AccessTokenAuthorizer, TransferClient, TransferData } from "@globus-deno/sdk";
const tc = new TransferClient({ authorizer: new AccessTokenAuthorizer(Deno.env.get("TEST_TRANSFER_TOKEN")!) });
const kept = "state kept";
const td = new TransferData({ sourceEndpoint: "${tutorial1}", destinationEndpoint: "${tutorial2}", label: "interrupted wait" });
td.addItem("/share/godata/file1.txt", "/~/file1.txt");
const { task_id } = await tc.submitTransfer(td);
task_id`,
        },
        {
          code:
            `await tc.taskWait(task_id, { timeoutS: 600, pollingIntervalS: 1 })`,
          interrupt_on_display: true,
        },
        { code: `[kept, (await tc.getTask(task_id)).status].join(" ")` },
      ];
      const env: Record<string, string> = {
        ...emu.env,
        TEST_TRANSFER_TOKEN: token,
        NO_COLOR: "1",
      };
      const dd = await denoDir();
      if (dd) env.DENO_DIR = dd;
      const child = new D.Command(PYTHON, {
        args: [join(ROOT, "tests", "notebook", "_kernel_interrupt.py")],
        cwd: dir,
        env,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = child.stdin.getWriter();
      await writer.write(new TextEncoder().encode(JSON.stringify(cells)));
      await writer.close();
      const out = await child.output();
      const stdout = new TextDecoder().decode(out.stdout);
      const report = `${stdout}\n${new TextDecoder().decode(out.stderr)}`;
      assert.equal(out.code, 0, report);
      const [submit, wait, after] = stdout.trim().split("\n").map((l) =>
        JSON.parse(l) as CellOutput
      );
      assert.ok(submit && wait, report);
      assert.deepEqual(submit.errors, [], report);
      const taskId = JSON.parse(submit.results[0]!);
      assert.ok(wait.interrupted, `the progress display never came: ${report}`);
      assert.ok(wait.alive, `the kernel died on the interrupt: ${report}`);
      assert.equal(wait.errors.length, 1, report);
      assert.match(
        wait.errors[0]!.evalue,
        new RegExp(
          `^Interrupted: stopped waiting for task "${taskId}"\\. The task keeps running on Globus; wait again with taskWait\\("${taskId}"\\), or cancel it with cancelTask\\("${taskId}"\\)$`,
        ),
        report,
      );
      assert.equal(wait.errors[0]!.ename, "AbortError", report);
      // The notebook's variables are still there, and the task still runs.
      assert.ok(after, report);
      assert.deepEqual(after.errors, [], report);
      assert.match(after.results.join("\n"), /state kept ACTIVE/, report);
    } finally {
      await rm(dir, { recursive: true, force: true });
      await emu.close();
    }
  },
);
