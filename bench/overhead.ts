/**
 * Benchmark section 1, `overhead`: per-request cost of our client against
 * raw fetch and `@globus/sdk`, on Deno and Node.
 *
 * @module
 */
import {
  fmt,
  median,
  note,
  NPM,
  OUT,
  quick,
  report,
  ROOT,
  run,
  RUNS,
  which,
} from "./common.ts";
import { emu, transferToken } from "./emulator.ts";
import { buildNpm, peerDir } from "./npm.ts";

/** `@globus/sdk`'s ESM entry in bench/out/peer, as a file URL (Node). */
async function peerEntry(): Promise<string | null> {
  const peer = await peerDir();
  if (!peer) return null;
  const pkg = JSON.parse(
    await Deno.readTextFile(`${peer}/node_modules/@globus/sdk/package.json`),
  );
  const rel = pkg.exports?.["."]?.import ?? pkg.module ?? pkg.main;
  return new URL(rel, `file://${peer}/node_modules/@globus/sdk/`).href;
}

interface RequestRun {
  wallUsPerReq: number;
  cpuUsPerReq: number;
  concurrentMs: number;
}

/**
 * Rows 1–4: operationLs against the out-of-process emulator, each variant
 * in its own process (bench/requests_child.mjs), the variants interleaved
 * run by run; medians.
 */
export async function benchOverhead(): Promise<void> {
  const e = await emu();
  const n = quick ? 300 : 1000;
  const concurrency = 50;
  const rounds = quick ? 6 : 20;
  const tokenFile = `${OUT}/requests-token.txt`;
  await Deno.writeTextFile(tokenFile, transferToken, { mode: 0o600 });
  const child = `${ROOT}/bench/requests_child.mjs`;
  const tail = (module: string) => [
    module,
    e.transferUrl,
    tokenFile,
    e.collections.tutorial1,
    String(n),
    String(concurrency),
    String(rounds),
  ];
  const haveNode = await which("node");
  const nodeBuilt = haveNode && await buildNpm();
  const peer = haveNode ? await peerEntry() : null;
  type V = { name: string; cmd: string; args: string[] };
  const variants: V[] = [
    {
      name: "deno sdk",
      cmd: Deno.execPath(),
      args: ["run", "-A", child, "sdk", ...tail(`${ROOT}/mod.ts`)],
    },
    {
      name: "deno raw",
      cmd: Deno.execPath(),
      args: ["run", "-A", child, "raw", ...tail("-")],
    },
    {
      name: "deno careful",
      cmd: Deno.execPath(),
      args: ["run", "-A", child, "careful", ...tail("-")],
    },
    {
      name: "deno peer",
      cmd: Deno.execPath(),
      args: ["run", "-A", child, "peer", ...tail("npm:@globus/sdk@^6")],
    },
  ];
  if (nodeBuilt) {
    variants.push(
      {
        name: "node sdk",
        cmd: "node",
        args: [child, "sdk", ...tail(`${NPM}/esm/mod.js`)],
      },
      { name: "node raw", cmd: "node", args: [child, "raw", ...tail("-")] },
      {
        name: "node careful",
        cmd: "node",
        args: [child, "careful", ...tail("-")],
      },
    );
    if (peer) {
      variants.push({
        name: "node peer",
        cmd: "node",
        args: [child, "peer", ...tail(peer)],
      });
    }
  } else {
    note(
      haveNode
        ? "requests (Node): skipped: the npm build failed"
        : "requests (Node): skipped: node not found",
    );
  }
  const results = new Map<string, RequestRun[]>();
  const failed = new Set<string>();
  for (let r = 0; r < RUNS; r++) {
    for (const v of variants) {
      if (failed.has(v.name)) continue;
      const out = await run(v.cmd, v.args, { cwd: ROOT });
      if (out.code !== 0) {
        failed.add(v.name);
        note(`requests: ${v.name} failed: ${out.stderr.trim().slice(-300)}`);
        continue;
      }
      const parsed = JSON.parse(out.stdout.trim().split("\n").at(-1) ?? "");
      results.set(v.name, [...(results.get(v.name) ?? []), parsed]);
    }
  }
  const med = (name: string, key: keyof RequestRun) => {
    const xs = results.get(name)?.map((x) => x[key]);
    return xs?.length ? median(xs) : NaN;
  };
  /**
   * The median of the run-by-run ratios `a / b` (run r of each variant ran
   * back to back, so a slow spell of the shared machine weighs on both
   * sides of a ratio, not on one variant's median).
   */
  const paired = (a: string, b: string, key: keyof RequestRun) => {
    const xs = results.get(a) ?? [];
    const ys = results.get(b) ?? [];
    const ratios = xs.slice(0, ys.length).map((x, i) =>
      x[key] / (ys[i] as RequestRun)[key]
    );
    return ratios.length ? median(ratios) : NaN;
  };
  const us = (x: number) => `${fmt(x, 0)} µs`;
  /**
   * The hand-written client with the SDK's headers, a timeout and a size
   * cap (bench/requests_child.mjs `careful`): what those guarantees alone
   * cost over raw fetch, measured in the same runs.
   */
  const careful = (runtime: "deno" | "node", key: keyof RequestRun) => {
    const value = med(`${runtime} careful`, key);
    if (!Number.isFinite(value)) return "";
    return `; careful fetch (SDK headers, timeout, size cap) ${us(value)}, ${
      fmt(paired(`${runtime} careful`, `${runtime} raw`, key), 3)
    }× raw`;
  };
  const within = (ratio: number, max: number) =>
    Number.isFinite(ratio) ? (ratio <= max ? "met" : "NOT met") : "n/a";
  // Row 1: wall per request, Deno.
  {
    const ours = med("deno sdk", "wallUsPerReq");
    const raw = med("deno raw", "wallUsPerReq");
    const peerUs = med("deno peer", "wallUsPerReq");
    const vsRaw = paired("deno sdk", "deno raw", "wallUsPerReq");
    const vsPeer = paired("deno sdk", "deno peer", "wallUsPerReq");
    report({
      issue: 1,
      section: "1. Requests",
      what: `${n} sequential operationLs, wall per request, Deno`,
      value: us(ours),
      baseline: `raw fetch ${us(raw)}${
        careful("deno", "wallUsPerReq")
      }; @globus/sdk (npm:) ${
        Number.isFinite(peerUs) ? us(peerUs) : "failed"
      }; Python SDK skipped: not installable here`,
      ratio: `${fmt(vsRaw, 3)}× raw${
        Number.isFinite(peerUs) ? `; ${fmt(vsPeer, 3)}× peer` : ""
      }`,
      target: "≤1.05× raw",
      met: within(vsRaw, 1.05),
    });
  }
  // Row 2: the same on Node.
  if (results.has("node sdk")) {
    const ours = med("node sdk", "wallUsPerReq");
    const raw = med("node raw", "wallUsPerReq");
    const peerUs = med("node peer", "wallUsPerReq");
    const vsRaw = paired("node sdk", "node raw", "wallUsPerReq");
    const vsPeer = paired("node sdk", "node peer", "wallUsPerReq");
    report({
      issue: 2,
      section: "1. Requests",
      what: `${n} sequential operationLs, wall per request, Node (npm build)`,
      value: us(ours),
      baseline: `raw fetch ${us(raw)}${
        careful("node", "wallUsPerReq")
      }; @globus/sdk ${Number.isFinite(peerUs) ? us(peerUs) : "failed"}`,
      ratio: `${fmt(vsRaw, 3)}× raw${
        Number.isFinite(peerUs) ? `; ${fmt(vsPeer, 3)}× peer` : ""
      }`,
      target: "≤1.05× raw",
      met: within(vsRaw, 1.05),
    });
  }
  // Row 3: client CPU per request, Deno.
  {
    const ours = med("deno sdk", "cpuUsPerReq");
    const raw = med("deno raw", "cpuUsPerReq");
    const peerUs = med("deno peer", "cpuUsPerReq");
    const vsRaw = paired("deno sdk", "deno raw", "cpuUsPerReq");
    report({
      issue: 3,
      section: "1. Requests",
      what: "same, client CPU per request (user + system), Deno",
      value: us(ours),
      baseline: `raw fetch ${us(raw)}${
        careful("deno", "cpuUsPerReq")
      }; @globus/sdk (npm:) ${Number.isFinite(peerUs) ? us(peerUs) : "failed"}`,
      ratio: `${fmt(vsRaw, 3)}× raw`,
      target: "≤1.15× raw",
      met: within(vsRaw, 1.15),
    });
  }
  // Row 4: 50 concurrent × 20 rounds, Deno.
  {
    const per = (name: string) =>
      med(name, "concurrentMs") / (concurrency * rounds) * 1000;
    const ours = per("deno sdk");
    const raw = per("deno raw");
    const nodeOurs = per("node sdk");
    const nodeRaw = per("node raw");
    const vsRaw = paired("deno sdk", "deno raw", "concurrentMs");
    report({
      issue: 4,
      section: "1. Requests",
      what:
        `${concurrency} concurrent × ${rounds} rounds of operationLs, Deno (ms per 1000 requests)`,
      value: `${fmt(ours, 0)} ms`,
      baseline: `raw fetch ${fmt(raw, 0)} ms${
        Number.isFinite(nodeOurs)
          ? `; Node: ours ${fmt(nodeOurs, 0)} ms, raw ${fmt(nodeRaw, 0)} ms`
          : ""
      }`,
      ratio: `${fmt(vsRaw, 3)}× raw`,
      target: "≤1.05× raw",
      met: within(vsRaw, 1.05),
    });
  }
  note(
    "requests: the emulator runs in its own process (bench/emulator_child.ts); each variant runs in its own process (bench/requests_child.mjs: warm-up, then the timed loop), the variants interleaved run by run; 'careful fetch' is fetch written by hand with what the SDK guarantees on every request and nothing else — its four headers, a timeout (an AbortController and a timer) and a body read within a size cap — the floor for any client that keeps them; each ratio is the median of the run-by-run ratios (run r of ours against run r of the baseline, measured back to back), while the values shown are each variant's median. The emulator answers chunked (no Content-Length), so the SDK reads bodies through its size cap (maxResponseBytes) rather than in one call. The machine has 2 cores shared with other work: ratios move by ±10% between runs.",
  );
  await Deno.remove(tokenFile).catch(() => {});
}
