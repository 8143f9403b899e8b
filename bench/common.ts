/**
 * What every benchmark section shares: paths, the run count, `--quick`, the
 * result rows and notes, and small process and file helpers.
 *
 * @module
 */

export const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
export const OUT = `${ROOT}/bench/out`;
/** This run's copy of the npm package (see buildNpm). */
export const NPM = `${OUT}/npm`;
export const RUNS = 5;
export const TRANSFER_SCOPE =
  "urn:globus:auth:scope:transfer.api.globus.org:all";
export const TUTORIAL_CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";

export const quick = Deno.args.includes("--quick");

export interface Row {
  /** The row of issue 16's table this answers (1–11), if any. */
  issue?: number;
  section: string;
  what: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}
export const rows: Row[] = [];
export const notes: string[] = [];

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2
    ? s[mid] as number
    : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function fmt(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  return x.toFixed(digits);
}

export function report(r: Row): void {
  rows.push(r);
  console.log(
    `  ${r.what}: ${r.value}${r.baseline ? ` | baseline ${r.baseline}` : ""}${
      r.ratio ? ` | ratio ${r.ratio}` : ""
    }${r.target ? ` | target ${r.target}: ${r.met}` : ""}`,
  );
}

export function note(text: string): void {
  notes.push(text);
  console.log(`  note: ${text}`);
}

export async function run(
  cmd: string,
  cmdArgs: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const start = performance.now();
  const out = await new Deno.Command(cmd, {
    args: cmdArgs,
    stdout: "piped",
    stderr: "piped",
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  }).output();
  const ms = performance.now() - start;
  return {
    code: out.code,
    stdout: new TextDecoder().decode(out.stdout),
    stderr: new TextDecoder().decode(out.stderr),
    ms,
  };
}

export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

export async function which(cmd: string): Promise<boolean> {
  try {
    return (await run(cmd, ["--version"])).code === 0;
  } catch {
    return false;
  }
}

export async function dirSize(path: string): Promise<number> {
  const r = await run("du", ["-sb", path]);
  return Number(r.stdout.split(/\s/)[0] ?? 0);
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/**
 * Median wall times of `cmds`, run in rounds: each round runs every command
 * once, in turn, so load from other work on the machine (it is shared)
 * that comes and goes during the section moves every command alike. One
 * unmeasured round first warms the caches.
 *
 * @param cmds Program, arguments and working directory of each command.
 * @param rounds How many measured rounds.
 * @returns The median milliseconds of each, in order.
 */
export async function timeInterleaved(
  cmds: [string, string[], string?][],
  rounds: number,
): Promise<number[]> {
  const ms: number[][] = cmds.map(() => []);
  for (let round = -1; round < rounds; round++) {
    for (const [i, [cmd, args, cwd]] of cmds.entries()) {
      const r = await run(cmd, args, cwd ? { cwd } : {});
      if (r.code !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
      if (round >= 0) ms[i]!.push(r.ms);
    }
  }
  return ms.map((xs) => median(xs));
}

/**
 * A difference of milliseconds with its sign (`+9 ms`, `−3 ms`): a cost
 * within the noise of the machine can come out below zero.
 */
export function signedMs(x: number): string {
  const rounded = Math.round(x);
  return `${rounded < 0 ? "−" : "+"}${Math.abs(rounded)} ms`;
}
