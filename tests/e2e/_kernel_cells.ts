/**
 * Runs cells in the real Deno Jupyter kernel (through
 * `_kernel_interrupt.py`, Debian's Python and jupyter_client), in a scratch
 * project that links this checkout, with an emulator's environment and a
 * Transfer token in `TEST_TRANSFER_TOKEN`. Shared by the kernel tests.
 *
 * @module
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { denoDir, jupyterMissing } from "./_shared.ts";
import type { Emulator } from "../../testing.ts";
import { TRANSFER_SCOPE } from "../transfer/client/_emulator.ts";

// deno-lint-ignore no-explicit-any
const D = (globalThis as any).Deno;
/** Why a kernel test cannot run here (not Deno), or `false`. */
export const skipKernel: string | false = D
  ? false
  : "drives the Deno Jupyter kernel (Deno only)";
const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(
  /\/$/,
  "",
);
const PYTHON = D?.env.get("GLOBUS_NOTEBOOKS_PYTHON") ?? "/usr/bin/python3";

/** One cell, and when to interrupt it. */
export interface Cell {
  code: string;
  /** Interrupt once the cell has shown its first display. */
  interrupt_on_display?: boolean;
  /** Interrupt once the cell has printed this. */
  interrupt_on_stream?: string;
  /** Interrupt when the cell asks for input, then answer with this. */
  interrupt_on_input?: string;
}

/** What one cell showed. */
export interface CellOutput {
  streams: string;
  displays: string[];
  results: string[];
  errors: { ename: string; evalue: string }[];
  /** Each error's traceback, as the notebook shows it under the message. */
  tracebacks: string[];
  interrupted: boolean;
  alive: boolean;
  died?: boolean;
  timeout?: boolean;
}

/**
 * Runs `cells` in a Deno kernel started in a scratch project that links this
 * checkout, with the emulator's environment; returns each cell's output and
 * the driver's full report (for assertion messages).
 */
export async function runCells(
  emu: Emulator,
  cells: Cell[],
): Promise<{ outputs: CellOutput[]; report: string }> {
  const dir = await mkdtemp(join(tmpdir(), "globus-kernel-cells-"));
  try {
    await writeFile(
      join(dir, "deno.json"),
      JSON.stringify({
        imports: { "@globus-deno/sdk": "jsr:@globus-deno/sdk@^0" },
        links: [ROOT],
      }),
    );
    const env: Record<string, string> = {
      ...emu.env,
      TEST_TRANSFER_TOKEN: (await emu.mintTokens(TRANSFER_SCOPE)).access_token,
      NO_COLOR: "1",
    };
    const dd = await denoDir();
    if (dd) env.DENO_DIR = dd;
    const child = new D.Command(PYTHON, {
      args: [join(ROOT, "tests", "e2e", "_kernel_interrupt.py")],
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
    const outputs = stdout.trim().split("\n").map((l) =>
      JSON.parse(l) as CellOutput
    );
    return { outputs, report };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `fn` where Jupyter and the Deno kernelspec are installed; else skips. */
export async function withJupyter(
  t: { skip(why: string): void },
  fn: () => Promise<void>,
): Promise<void> {
  const why = await jupyterMissing(PYTHON);
  if (why) {
    console.log(`kernel test skipped: ${why}`);
    t.skip(why);
    return;
  }
  await fn();
}
