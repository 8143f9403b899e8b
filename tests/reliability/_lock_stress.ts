/**
 * The token file lock stress harness: writer processes (Deno and/or Node)
 * on simulated hosts share one token file while random ones are killed with
 * SIGKILL and respawned. Used by `deno task stress:tokens`
 * (bench/token_lock_stress.ts, the full run) and by
 * tests/reliability/token_lock_stress_test.ts (a short run in CI).
 *
 * What it checks:
 * - **lost updates**: each writer instance replaces its previous record by
 *   the next one in one locked read-modify-write and prints each save. At
 *   the end, an instance's records in the file must be exactly its last
 *   reported one (or, for a killed instance, the next one if it was killed
 *   between saving and printing). A write based on a stale read would bring
 *   back a record its writer had already replaced (or drop its newest), so
 *   every lost update leaves a trace in the final file;
 * - **torn files**: the file is read and parsed every few ms during the run;
 * - **recovery**: when a killed writer held the lock, the time until its
 *   owner file is gone from the lock (another writer took over);
 * - **leftovers**: after the last writers finished normally, nothing but the
 *   token file is in the directory.
 */
import { spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import {
  cp,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { isDeno } from "../../src/core/runtime.ts";
import { parseOwner } from "../../src/tokens/file_lock.ts";

export type Runtime = "deno" | "node";

export interface StressOptions {
  /** Writer processes running at once. */
  writers: number;
  /** SIGKILLs in the run. */
  kills: number;
  /** Simulated host names; writers are spread over them. */
  hosts: string[];
  /** Runtimes; writers alternate between them. */
  runtimes: Runtime[];
  /** Whether Deno writers get `--allow-run`. */
  denoAllowRun: boolean;
  /** Pause between kills: uniform in [min, max] ms. */
  gapMs?: [number, number];
  /** Writers' `lockTimeoutMs`. @default {120000} */
  lockTimeoutMs?: number;
  /** Writers' `staleLockMs` (default: the library's). */
  staleLockMs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface StressResult {
  variant: string;
  writers: number;
  kills: number;
  /** Kills that hit the lock's holder. */
  holderKills: number;
  /** Saves reported by writers. */
  saves: number;
  /** Instances whose records in the final file are not what they saved. */
  lost: number;
  lostDetails: string[];
  /** File reads during the run, and how many did not parse. */
  samples: number;
  torn: number;
  /** `error …` lines from writers (timeouts, I/O errors). */
  errors: number;
  errorSamples: string[];
  /** Writers that exited on their own with a non-zero status. */
  crashes: number;
  /** Time until a killed holder's lock was taken over (ms). */
  recoveries: number[];
  /** Killed holders whose lock was never taken over. */
  unrecovered: number;
  /** Files other than the token file left at the end. */
  leftovers: string[];
  durationMs: number;
}

const here = fileURLToPath(new URL(".", import.meta.url));
const repo = join(here, "..", "..");

/** The Node writer script, or why Node writers cannot run. */
export function nodeWriter(): { script: string; node: string } | string {
  if (!isDeno) {
    return {
      script: join(here, "_lock_stress_writer.js"),
      node: process.execPath,
    };
  }
  const built = join(
    repo,
    "npm",
    "esm",
    "tests",
    "reliability",
    "_lock_stress_writer.js",
  );
  const lib = join(repo, "npm", "esm", "src", "tokens", "file_lock.js");
  if (!existsSync(built) || !existsSync(lib)) {
    return "no npm build (run `deno task build:npm` first)";
  }
  const src = join(repo, "src", "tokens", "file_lock.ts");
  if (statSync(lib).mtimeMs < statSync(src).mtimeMs) {
    return "the npm build is older than src/tokens/file_lock.ts (run `deno task build:npm`)";
  }
  return { script: built, node: "node" };
}

interface Proc {
  instance: string;
  runtime: Runtime;
  host: string;
  pid: number;
  last: number;
  killed: boolean;
  exited: Promise<number | null>;
  kill(): void;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Runs one stress variant.
 *
 * @param o The options.
 * @returns The figures.
 */
export async function runLockStress(o: StressOptions): Promise<StressResult> {
  const log = o.log ?? (() => {});
  const node = o.runtimes.includes("node") ? nodeWriter() : undefined;
  if (typeof node === "string") throw new Error(`Node writers: ${node}`);
  const root = await mkdtemp(join(tmpdir(), "globus-deno-lockstress-"));
  const dir = join(root, "tokens");
  const ctl = join(root, "ctl");
  await mkdir(dir, { mode: 0o700 });
  await mkdir(ctl);
  if (node && isDeno) {
    // A private copy of the npm build: a rebuild during the run (it wipes
    // npm/esm) must not break the Node writers.
    const npm = join(repo, "npm");
    const copy = join(root, "npm");
    await cp(join(npm, "esm"), join(copy, "esm"), { recursive: true });
    await cp(join(npm, "package.json"), join(copy, "package.json"));
    await symlink(join(npm, "node_modules"), join(copy, "node_modules"));
    node.script = join(copy, node.script.slice(npm.length + 1));
  }
  const path = join(dir, "tokens.json");
  const lockDir = path + ".lock";
  const stopFile = join(ctl, "stop");
  const variant = `${o.runtimes.join("+")}, ${o.hosts.length} host(s), Deno ${
    o.denoAllowRun ? "with" : "without"
  } --allow-run`;
  const started = performance.now();
  const procs: Proc[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let crashes = 0;
  let seq = 0;

  function start(slot: number, mode: "loop" | "once", host?: string): Proc {
    const runtime = o.runtimes[slot % o.runtimes.length] as Runtime;
    const h = host ?? o.hosts[slot % o.hosts.length] as string;
    const instance = `w${slot}g${seq++}`;
    const args = [
      path,
      instance,
      h,
      mode,
      mode === "loop" ? stopFile : "-",
      String(o.lockTimeoutMs ?? 120_000),
      ...(o.staleLockMs ? [String(o.staleLockMs)] : []),
    ];
    let cmd: string;
    let argv: string[];
    if (runtime === "deno") {
      cmd = isDeno ? process.execPath : "deno";
      argv = [
        "run",
        "--no-prompt",
        `--allow-read=${root}`,
        `--allow-write=${root}`,
        "--allow-sys=hostname",
        ...(o.denoAllowRun ? ["--allow-run"] : []),
        join(here, "_lock_stress_writer.ts"),
        ...args,
      ];
    } else {
      const n = node as { script: string; node: string };
      cmd = n.node;
      argv = [n.script, ...args];
    }
    const child = spawn(cmd, argv, {
      cwd: repo,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const p: Proc = {
      instance,
      runtime,
      host: h,
      pid: child.pid ?? -1,
      last: -1,
      killed: false,
      exited: new Promise((resolve) => {
        child.on("exit", (code) => resolve(code));
        child.on("error", () => resolve(-1));
      }),
      kill() {
        p.killed = true;
        child.kill("SIGKILL");
      },
    };
    let buf = "";
    child.stdout.setEncoding("utf-8");
    child.stdout.on("data", (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith("saved ")) {
          p.last = Number(line.slice(line.lastIndexOf("-") + 1));
        } else if (line.startsWith("error ")) {
          errors++;
          if (errorSamples.length < 5) {
            errorSamples.push(`${p.runtime}@${p.host}: ${line}`);
          }
        }
      }
    });
    let err = "";
    child.stderr.setEncoding("utf-8");
    child.stderr.on("data", (d: string) => err += d);
    void p.exited.then((code) => {
      if (!p.killed && code !== 0) {
        crashes++;
        if (errorSamples.length < 5) {
          errorSamples.push(
            `${p.runtime}@${p.host} exited ${code}: ${err.slice(-400)}`,
          );
        }
      }
    });
    procs.push(p);
    return p;
  }

  // Sample the file while everything runs.
  let samples = 0;
  let torn = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      try {
        const doc = JSON.parse(await readFile(path, "utf-8"));
        if (doc?.format_version !== "2.0") torn++;
        samples++;
      } catch (e) {
        if ((e as { code?: string }).code !== "ENOENT") {
          torn++;
          samples++;
        }
      }
      await sleep(5);
    }
  })();

  const recoveries: number[] = [];
  let unrecovered = 0;
  let holderKills = 0;
  const watchers: Promise<void>[] = [];

  /** If `p` (just killed) held the lock, times until its lock is taken over. */
  async function watchHolder(p: Proc, killedAt: number): Promise<void> {
    let names: string[];
    try {
      names = await readdir(lockDir);
    } catch {
      return;
    }
    for (const name of names) {
      const owner = join(lockDir, name);
      let info;
      try {
        info = parseOwner(await readFile(owner, "utf-8"));
      } catch {
        continue;
      }
      if (info.pid !== p.pid || info.host !== p.host) continue;
      holderKills++;
      // Past this, only age could free it: counted as never taken over.
      const limit = killedAt + 2 * (o.staleLockMs ?? 30_000) + 10_000;
      while (performance.now() < limit) {
        const there = await lstat(owner).then(() => true, () => false);
        if (!there) {
          recoveries.push(performance.now() - killedAt);
          return;
        }
        await sleep(2);
      }
      unrecovered++;
    }
  }

  const live = new Map<number, Proc>();

  /** The slot whose writer holds the lock now, if any. */
  async function currentHolder(): Promise<number | undefined> {
    try {
      for (const name of await readdir(lockDir)) {
        const info = parseOwner(await readFile(join(lockDir, name), "utf-8"));
        for (const [slot, p] of live) {
          if (p.pid === info.pid && p.host === info.host) return slot;
        }
      }
    } catch {
      // no lock right now
    }
    return undefined;
  }
  for (let slot = 0; slot < o.writers; slot++) {
    live.set(slot, start(slot, "loop"));
  }
  const [gmin, gmax] = o.gapMs ?? [20, 120];
  for (let k = 0; k < o.kills; k++) {
    await sleep(gmin + Math.random() * (gmax - gmin));
    // Every other kill aims at the lock's holder (when one is seen).
    const target = k % 2 === 0 ? await currentHolder() : undefined;
    const slot = target ?? Math.floor(Math.random() * o.writers);
    const p = live.get(slot) as Proc;
    p.kill();
    const killedAt = performance.now();
    await p.exited;
    watchers.push(watchHolder(p, killedAt));
    live.set(slot, start(slot, "loop"));
    if ((k + 1) % 50 === 0) log(`  ${k + 1}/${o.kills} kills`);
  }
  // Let the last ones finish normally.
  await writeFile(stopFile, "");
  await Promise.all([...live.values()].map((p) => p.exited));
  await Promise.all(watchers);
  // One more write per host and runtime: each sweeps what crashed writers
  // of its host left (only a writer on the same host can tell they died).
  const finals: Proc[] = [];
  for (const host of o.hosts) {
    for (let r = 0; r < o.runtimes.length; r++) {
      finals.push(start(r, "once", host));
    }
  }
  for (const p of finals) await p.exited;
  sampling = false;
  await sampler;

  // Lost updates.
  const lostDetails: string[] = [];
  let lost = 0;
  let saves = 0;
  const doc = JSON.parse(await readFile(path, "utf-8"));
  const present = new Map<string, number[]>();
  for (const key of Object.keys(doc.data?.DEFAULT ?? {})) {
    const i = key.lastIndexOf("-");
    const inst = key.slice(0, i);
    present.set(inst, [...(present.get(inst) ?? []), Number(key.slice(i + 1))]);
  }
  for (const p of procs) {
    saves += p.last + 1;
    const have = (present.get(p.instance) ?? []).sort((a, b) => a - b);
    present.delete(p.instance);
    const ok = p.killed
      ? (p.last < 0 ? have.length === 0 : false) ||
        (have.length === 1 &&
          (have[0] === p.last || have[0] === p.last + 1))
      : (p.last < 0 ? have.length === 0 : have.length === 1 &&
        have[0] === p.last);
    if (!ok) {
      lost++;
      if (lostDetails.length < 10) {
        lostDetails.push(
          `${p.instance} (${p.runtime}@${p.host}, ${
            p.killed ? "killed" : "finished"
          }) saved up to ${p.last}, file has [${have.join(", ")}]`,
        );
      }
    }
  }
  for (const [inst, idx] of present) {
    lost++;
    lostDetails.push(`unknown records ${inst}-[${idx.join(", ")}]`);
  }
  const leftovers = (await readdir(dir)).filter((n) => n !== "tokens.json");
  await rm(root, { recursive: true, force: true });
  return {
    variant,
    writers: o.writers,
    kills: o.kills,
    holderKills,
    saves,
    lost,
    lostDetails,
    samples,
    torn,
    errors,
    errorSamples,
    crashes,
    recoveries,
    unrecovered,
    leftovers,
    durationMs: performance.now() - started,
  };
}

/** One line of figures for a result. */
export function formatResult(r: StressResult): string {
  const sorted = [...r.recoveries].sort((a, b) => a - b);
  const q = (f: number) =>
    sorted.length
      ? `${
        (sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ??
          0).toFixed(0)
      } ms`
      : "—";
  return [
    `${r.variant}: ${r.writers} writers, ${r.kills} kill -9 (${r.holderKills} of the lock holder), ${r.saves} saves in ${
      (r.durationMs / 1000).toFixed(1)
    } s`,
    `  lost updates: ${r.lost}   torn files: ${r.torn} of ${r.samples} reads   leftover files: ${r.leftovers.length}`,
    `  recovery from a dead holder: max ${q(1)}, median ${
      q(0.5)
    } (${r.recoveries.length} measured, ${r.unrecovered} never)   writer errors: ${r.errors}   crashes: ${r.crashes}`,
    ...r.lostDetails.map((d) => `  lost: ${d}`),
    ...r.errorSamples.map((d) => `  error: ${d}`),
    ...(r.leftovers.length ? [`  leftovers: ${r.leftovers.join(", ")}`] : []),
  ].join("\n");
}
