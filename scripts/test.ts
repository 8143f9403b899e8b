/**
 * `deno task test`: every check the project has, in order, ending with one
 * line `N passed, N failed` totalled over every suite.
 *
 * Each check (fmt, lint, type check, doc lint, publish dry-run) counts as one
 * test; test suites count their own tests.
 *
 * Usage: deno task test [--quick]   (--quick: Deno unit tests only)
 */

const quick = Deno.args.includes("--quick");
const root = new URL("..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
/** Why a leg or suite was skipped, gathered from each suite's output. */
const skipReasons: string[] = [];

const decoder = new TextDecoder();
// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

interface RunResult {
  code: number;
  output: string;
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: root,
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const pump = async (
    stream: ReadableStream<Uint8Array>,
    sink: { write(b: Uint8Array): Promise<number> },
  ) => {
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      await sink.write(chunk);
    }
  };
  await Promise.all([
    pump(child.stdout, Deno.stdout),
    pump(child.stderr, Deno.stderr),
  ]);
  const { code } = await child.status;
  return { code, output: output.replace(ANSI, "") };
}

function banner(title: string): void {
  console.log(`\n━━━ ${title} ━━━`);
}

async function check(
  title: string,
  cmd: string,
  args: string[],
): Promise<void> {
  banner(title);
  const { code } = await run(cmd, args);
  if (code === 0) passed++;
  else {
    failed++;
    failures.push(title);
  }
}

/** Runs a suite and adds the counts its runner printed. */
async function suite(
  title: string,
  cmd: string,
  args: string[],
  parse: (
    out: string,
  ) => { passed: number; failed: number; skipped?: number } | null,
  env: Record<string, string> = {},
): Promise<void> {
  banner(title);
  const { code, output } = await run(cmd, args, env);
  const counts = parse(output);
  if (!counts) {
    failed++;
    failures.push(`${title} (no test summary found; exit ${code})`);
    return;
  }
  passed += counts.passed;
  failed += counts.failed;
  skipped += counts.skipped ?? 0;
  for (const why of parseSkipReasons(output)) {
    skipReasons.push(`${title}: ${why}`);
  }
  if (counts.failed > 0 || code !== 0) {
    failures.push(`${title} (${counts.failed} failed, exit ${code})`);
    if (counts.failed === 0) failed++;
  }
}

/** Parses Deno's `ok | 12 passed (3 steps) | 0 failed | 1 ignored` summary. */
export function parseDenoSummary(
  out: string,
): { passed: number; failed: number; skipped: number } | null {
  const m = [
    ...out.matchAll(
      /^(?:ok|FAILED) \| (\d+) passed(?: \((\d+) steps?\))? \| (\d+) failed(?: \((\d+) steps?\))?(?: \| (\d+) ignored)?/gm,
    ),
  ].at(-1);
  if (!m) return null;
  return {
    passed: Number(m[1]),
    failed: Number(m[3]),
    skipped: Number(m[5] ?? 0),
  };
}

/** Parses `node --test` spec/tap summaries (`ℹ pass 3` / `# pass 3`). */
export function parseNodeSummary(
  out: string,
): { passed: number; failed: number; skipped: number } | null {
  const num = (name: string) => {
    const m = [...out.matchAll(new RegExp(`^(?:ℹ|#) ${name} (\\d+)`, "gm"))].at(
      -1,
    );
    return m ? Number(m[1]) : undefined;
  };
  const p = num("pass");
  const f = num("fail");
  if (p === undefined || f === undefined) return null;
  return { passed: p, failed: f, skipped: num("skipped") ?? 0 };
}

/**
 * The run's closing lines. The last is exactly `N passed, N failed`, the
 * form CI reads; skipped tests (Node-only ones under Deno, say) are counted
 * on the line before it.
 *
 * @param passed Tests passed.
 * @param failed Tests failed.
 * @param skipped Tests skipped.
 * @returns The lines, the summary last.
 */
export function summaryLines(
  passed: number,
  failed: number,
  skipped: number,
): string[] {
  return [
    ...(skipped ? [`(${skipped} skipped)`] : []),
    `${passed} passed, ${failed} failed`,
  ];
}

/**
 * The reasons a suite printed for what it skipped: the items of a
 * `Skipped:` list (`  - why`) and `… skipped: why` lines.
 */
export function parseSkipReasons(out: string): string[] {
  const reasons: string[] = [];
  let inList = false;
  for (const line of out.split("\n")) {
    if (line === "Skipped:") {
      inList = true;
      continue;
    }
    const item = inList ? /^ {2}- (.+)$/.exec(line) : null;
    if (item) {
      reasons.push(item[1]!);
      continue;
    }
    inList = false;
    const m = /^(\w[\w ]*) skipped: (.+)$/.exec(line);
    if (m) reasons.push(`${m[1]} skipped: ${m[2]}`);
  }
  return reasons;
}

/** Parses the notebook runner's own `N passed, N failed` line. */
export function parsePlainSummary(
  out: string,
): { passed: number; failed: number; skipped: number } | null {
  const m = [
    ...out.matchAll(/^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm),
  ].at(-1);
  if (!m) return null;
  return {
    passed: Number(m[1]),
    failed: Number(m[2]),
    skipped: Number(m[3] ?? 0),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(new URL(path, `file://${root}`));
    return true;
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const deno = Deno.execPath();
  if (!quick) {
    await check("deno fmt --check", deno, ["fmt", "--check"]);
    await check("deno lint", deno, ["lint"]);
    await check("deno check", deno, ["check", "."]);
    await check("README snippets type-check", deno, [
      "check",
      "--doc-only",
      "README.md",
    ]);
    await check("deno doc --lint mod.ts testing.ts", deno, [
      "doc",
      "--lint",
      "mod.ts",
      "testing.ts",
    ]);
    await check("deno publish --dry-run", deno, [
      "publish",
      "--dry-run",
      "--allow-dirty",
    ]);
  }
  await suite("deno test (unit, integration, conformance)", deno, [
    "test",
    "-A",
    "--no-prompt",
    "tests/",
  ], parseDenoSummary);
  if (!quick) {
    await suite("doc examples (deno test --doc)", deno, [
      "test",
      "-A",
      "--no-prompt",
      "--doc",
      "mod.ts",
      "testing.ts",
      "src/",
    ], parseDenoSummary);
    if (await exists("scripts/build_npm.ts")) {
      await suite("npm build + tests on Node", deno, [
        "run",
        "-A",
        "scripts/build_npm.ts",
        "--test",
      ], parsePlainSummary);
    }
    if (await exists("scripts/run_notebooks.py")) {
      await suite("notebooks (Deno Jupyter kernel)", deno, [
        "run",
        "-A",
        "scripts/notebooks_ci.ts",
      ], parsePlainSummary);
    }
    if (await exists("scripts/browser_e2e.ts")) {
      await suite("notebooks in a browser (Chromium, Jupyter Notebook)", deno, [
        "run",
        "-A",
        "scripts/browser_e2e.ts",
      ], parsePlainSummary);
    }
  }
  console.log("");
  if (failures.length) {
    console.log("Failed:");
    for (const f of failures) console.log(`  - ${f}`);
  }
  if (skipReasons.length) {
    console.log("Skipped:");
    for (const s of skipReasons) console.log(`  - ${s}`);
  }
  for (const line of summaryLines(passed, failed, skipped)) console.log(line);
  Deno.exit(failed > 0 ? 1 : 0);
}
