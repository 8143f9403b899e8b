/**
 * Runs the tutorial notebooks (`notebooks/0*.ipynb`) end to end in the Deno
 * Jupyter kernel against an in-process emulator, then runs
 * `00_quickstart` a second time to prove the token cache spares a login.
 * Called by `deno task test`; ends with one line `N passed, N failed`.
 *
 * When Jupyter can't run here (no `jupyter_client`/`nbformat` for
 * `/usr/bin/python3`, or no `deno` kernelspec), it prints why and
 * `0 passed, 0 failed, N skipped`, and exits 0.
 *
 * Usage: deno run -A scripts/notebooks_ci.ts [NOTEBOOK...]
 *
 * Set `GLOBUS_NOTEBOOKS_DUMP_DIR=DIR` to keep each run's output text in
 * `DIR/<notebook>.txt`, and `GLOBUS_NOTEBOOKS_PYTHON` to use another Python
 * than `/usr/bin/python3`.
 *
 * The notebooks run with a fresh temporary HOME (token files land there,
 * never in your own `~/.globus`); Jupyter's kernelspecs and Deno's cache
 * stay the real ones. The runner checks that no token the emulator issued
 * (`GET /_emulator/tokens`) shows in any output, whichever way a notebook
 * stores its tokens.
 *
 * @module
 */
import { startEmulator } from "../testing.ts";

const PYTHON = Deno.env.get("GLOBUS_NOTEBOOKS_PYTHON") ?? "/usr/bin/python3";
const root = new URL("..", import.meta.url).pathname;
const decoder = new TextDecoder();

interface Counts {
  passed: number;
  failed: number;
}

/** Runs a command, returning its exit code and combined output. */
async function run(
  cmd: string,
  args: string[],
  opts: { env?: Record<string, string>; echo?: boolean; clearEnv?: boolean } =
    {},
): Promise<{ code: number; output: string }> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(cmd, {
      args,
      cwd: root,
      env: opts.env ?? {},
      clearEnv: opts.clearEnv ?? false,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    return { code: 127, output: e instanceof Error ? e.message : String(e) };
  }
  let output = "";
  let pending = "";
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) {
      const text = decoder.decode(chunk, { stream: true });
      output += text;
      if (opts.echo) {
        // Indent the runner's lines, so its own `N passed, N failed` line is
        // not mistaken for this script's total.
        pending += text;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) console.log(`  ${line}`);
      }
    }
  };
  await Promise.all([pump(child.stdout), pump(child.stderr)]);
  if (opts.echo && pending) console.log(`  ${pending}`);
  const { code } = await child.status;
  return { code, output };
}

function parseCounts(output: string): Counts | null {
  const m = [...output.matchAll(/^(\d+) passed, (\d+) failed/gm)].at(-1);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

function skip(reason: string, count: number): never {
  console.log(`notebooks skipped: ${reason}`);
  console.log(`0 passed, 0 failed, ${count} skipped`);
  Deno.exit(0);
}

async function notebookPaths(): Promise<string[]> {
  if (Deno.args.length > 0) {
    // A bare name ("00_quickstart", "00_quickstart.ipynb") is one of the
    // tutorial notebooks; a path is taken as it is.
    return Deno.args.map((a) =>
      a.includes("/") ? a : `notebooks/${a.replace(/(\.ipynb)?$/, ".ipynb")}`
    );
  }
  const names: string[] = [];
  for await (const e of Deno.readDir(`${root}notebooks`)) {
    if (e.isFile && /^0.*\.ipynb$/.test(e.name)) names.push(e.name);
  }
  return names.sort().map((n) => `notebooks/${n}`);
}

async function main(): Promise<number> {
  const notebooks = await notebookPaths();
  if (notebooks.length === 0) skip("no notebooks/0*.ipynb found", 0);

  const probe = await run(PYTHON, [
    "-c",
    "import jupyter_client, nbformat",
  ]);
  if (probe.code !== 0) {
    skip(
      `${PYTHON} cannot import jupyter_client and nbformat (install them: apt-get install python3-jupyter-client python3-nbformat)`,
      notebooks.length,
    );
  }

  const realHome = Deno.env.get("HOME") ?? "";
  const jupyterData = Deno.env.get("JUPYTER_DATA_DIR") ??
    `${realHome}/.local/share/jupyter`;
  const install = await run(Deno.execPath(), [
    "jupyter",
    "--install",
    "--force",
  ]);
  const jupyterPath = [jupyterData, Deno.env.get("JUPYTER_PATH")]
    .filter(Boolean).join(":");
  const spec = await run(PYTHON, [
    "-c",
    "from jupyter_client.kernelspec import KernelSpecManager; KernelSpecManager().get_kernel_spec('deno')",
  ], { env: { JUPYTER_PATH: jupyterPath } });
  if (spec.code !== 0) {
    skip(
      `the 'deno' Jupyter kernelspec is missing and 'deno jupyter --install --force' failed (exit ${install.code}): ${
        install.output.trim().split("\n").at(-1) ?? ""
      }`,
      notebooks.length,
    );
  }

  const info = await run(Deno.execPath(), ["info", "--json"]);
  let denoDir = Deno.env.get("DENO_DIR");
  if (!denoDir && info.code === 0) {
    try {
      denoDir = (JSON.parse(info.output) as { denoDir?: string }).denoDir;
    } catch {
      // keep the default
    }
  }

  const home = await Deno.makeTempDir({ prefix: "globus-notebooks-home-" });
  const emulator = await startEmulator();
  try {
    const env: Record<string, string> = {
      ...emulator.env,
      HOME: home,
      JUPYTER_PATH: jupyterPath,
      JUPYTER_RUNTIME_DIR: `${home}/.jupyter-runtime`,
      GLOBUS_EMULATOR_URL: emulator.url,
      GLOBUS_EMULATOR_ROOT: emulator.root,
      GLOBUS_EMULATOR_MAPPED_COLLECTION: emulator.collections.mapped,
      NO_COLOR: "1",
    };
    if (denoDir) env.DENO_DIR = denoDir;
    console.log(`emulator at ${emulator.url}, HOME=${home}`);

    const total: Counts = { passed: 0, failed: 0 };
    const runner = [
      "scripts/run_notebooks.py",
      "--expectations",
      "scripts/notebook_expectations.json",
    ];
    const dumpDir = Deno.env.get("GLOBUS_NOTEBOOKS_DUMP_DIR");
    if (dumpDir) runner.push("--dump-dir", dumpDir);
    const first = await run(PYTHON, [...runner, ...notebooks], {
      env,
      echo: true,
    });
    const c1 = parseCounts(first.output);
    if (!c1) {
      console.log(
        `the notebook runner printed no summary (exit ${first.code})`,
      );
      total.failed += notebooks.length;
    } else {
      total.passed += c1.passed;
      total.failed += c1.failed;
      if (first.code !== 0 && c1.failed === 0) total.failed++;
    }

    const quickstart = notebooks.find((p) => p.endsWith("00_quickstart.ipynb"));
    if (quickstart) {
      console.log(
        "second run of 00_quickstart (the cached tokens are reused):",
      );
      const second = await run(PYTHON, [
        ...runner,
        "--label-suffix",
        " (second run)",
        quickstart,
      ], { env, echo: true });
      const c2 = parseCounts(second.output);
      if (!c2) {
        console.log(
          `the notebook runner printed no summary (exit ${second.code})`,
        );
        total.failed++;
      } else {
        total.passed += c2.passed;
        total.failed += c2.failed;
        if (second.code !== 0 && c2.failed === 0) total.failed++;
      }
    }
    console.log(`${total.passed} passed, ${total.failed} failed`);
    return total.failed > 0 ? 1 : 0;
  } finally {
    await emulator.close();
    await Deno.remove(home, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) Deno.exit(await main());
