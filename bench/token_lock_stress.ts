/**
 * `deno task stress:tokens [--writers N] [--kills N] [--hosts N]
 * [--runtimes deno,node] [--variants run,no-run]`: the token file lock
 * under fire. N writer processes (Deno and Node, alternating) on simulated
 * hosts share one token file; random ones are killed with SIGKILL and
 * respawned, N kills per variant; Deno writers run with, then without,
 * `--allow-run`. Prints, per variant, the goal figures: lost updates, torn
 * files (reads that did not parse), recovery time from a killed lock
 * holder, leftover files. See tests/reliability/_lock_stress.ts for how
 * each is measured.
 *
 * Defaults: 20 writers, 200 kills, 2 hosts, Deno and Node (Node writers
 * need a current npm build: `deno task build:npm`), both variants.
 * Exits 1 if an update was lost, a file was torn or files were left over;
 * never on timing.
 *
 * @module
 */
import {
  formatResult,
  nodeWriter,
  runLockStress,
  type Runtime,
  type StressResult,
} from "../tests/reliability/_lock_stress.ts";

function arg(name: string, fallback: string): string {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && Deno.args[i + 1] ? Deno.args[i + 1] as string : fallback;
}

const writers = Number(arg("writers", "20"));
const kills = Number(arg("kills", "200"));
const hostCount = Number(arg("hosts", "2"));
let runtimes = arg("runtimes", "deno,node").split(",") as Runtime[];
const variants = arg("variants", "run,no-run").split(",");

if (runtimes.includes("node")) {
  const n = nodeWriter();
  if (typeof n === "string") {
    console.log(`Node writers skipped: ${n}`);
    runtimes = runtimes.filter((r) => r !== "node");
  }
}
const hosts = Array.from({ length: hostCount }, (_, i) => `stress-host-${i}`);
console.log(
  `token file lock stress: ${writers} writers (${
    runtimes.join(" + ")
  }) on ${hostCount} simulated host(s), ${kills} kill -9 per variant\n`,
);

const results: StressResult[] = [];
for (const v of variants) {
  const r = await runLockStress({
    writers,
    kills,
    hosts,
    runtimes,
    denoAllowRun: v === "run",
    log: (l) => console.log(l),
  });
  results.push(r);
  console.log(formatResult(r) + "\n");
}

const maxRecovery = Math.max(0, ...results.flatMap((r) => r.recoveries));
const sum = (f: (r: StressResult) => number) =>
  results.reduce((a, r) => a + f(r), 0);
const lost = sum((r) => r.lost);
const torn = sum((r) => r.torn);
const leftovers = sum((r) => r.leftovers.length);
const unrecovered = sum((r) => r.unrecovered);
console.log(
  `goal (0 lost updates, 0 torn files, recovery from a dead holder ≤ 1 s, 0 leftover files):\n` +
    `  lost updates ${lost}, torn files ${torn}, slowest recovery ${
      maxRecovery.toFixed(0)
    } ms (${unrecovered} never), leftover files ${leftovers}: ${
      lost === 0 && torn === 0 && leftovers === 0 && unrecovered === 0 &&
        maxRecovery <= 1000
        ? "met"
        : "NOT met"
    }`,
);
if (lost || torn || leftovers) Deno.exit(1);
