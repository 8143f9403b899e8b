/**
 * Benchmark section 3, `paging`: paginated task listing against the
 * emulator's seeded tasks.
 *
 * @module
 */
import {
  fmt,
  median,
  note,
  OUT,
  quick,
  report,
  ROOT,
  run,
  RUNS,
} from "./common.ts";
import { emu, transferToken } from "./emulator.ts";

export async function benchPaging(): Promise<void> {
  const e = await emu();
  const N = 100_000;
  const small = 1_000;
  const mid = 10_000;
  await e.seedTasks(N, { label: "bench {i}" });
  const big = (await e.seedTasks(1, { successfulTransfers: N })).firstTaskId;
  const tokenFile = `${OUT}/paging-token.txt`;
  await Deno.writeTextFile(tokenFile, transferToken, { mode: 0o600 });
  const child = `${ROOT}/bench/paging_child.ts`;
  const one = async (mode: string, count: number, garbageKiB = 0) => {
    const r = await run(Deno.execPath(), [
      "run",
      "-A",
      "--v8-flags=--expose-gc",
      child,
      e.transferUrl,
      tokenFile,
      mode,
      String(count),
      big,
      String(garbageKiB),
    ]);
    if (r.code !== 0) throw new Error(`paging child: ${r.stderr}`);
    return JSON.parse(r.stdout.trim()) as {
      n: number;
      seconds: number;
      cpu: number | null;
      peakKiB: number;
      retainedKiB: number | null;
    };
  };
  const modes = [
    ["tasks", "taskList (offset paging, 1000/page)"],
    [
      "raw-tasks",
      "floor: raw fetch + JSON.parse of the same task_list pages",
    ],
    ["transfers", "taskSuccessfulTransfers (marker paging, 100/page)"],
    [
      "raw-transfers",
      "floor: raw fetch + JSON.parse of the same successful_transfers pages",
    ],
  ] as const;
  type Samples = {
    rates: number[];
    /** The child's CPU time per item (µs), over the same span as `rates`. */
    cpus: number[];
    peaks: number[];
    smallPeaks: number[];
    retained: number[];
    smallRetained: number[];
    midPeaks: number[];
  };
  const samples = new Map<string, Samples>(modes.map(([mode]) => [mode, {
    rates: [],
    cpus: [],
    peaks: [],
    smallPeaks: [],
    retained: [],
    smallRetained: [],
    midPeaks: [],
  }]));
  // The modes interleaved run by run (the machine is shared: load that
  // comes and goes falls on all of them alike).
  for (let i = 0; i < RUNS; i++) {
    for (const [mode] of modes) {
      const m = samples.get(mode) as Samples;
      const r = await one(mode, N);
      if (r.n !== N) throw new Error(`${mode}: got ${r.n} items, not ${N}`);
      m.rates.push(r.n / r.seconds);
      m.cpus.push(r.cpu === null ? NaN : r.cpu * 1e6 / r.n);
      m.peaks.push(r.peakKiB);
      m.retained.push(r.retainedKiB ?? NaN);
      const s = await one(mode, small);
      m.smallPeaks.push(s.peakKiB);
      m.smallRetained.push(s.retainedKiB ?? NaN);
      m.midPeaks.push((await one(mode, mid)).peakKiB);
    }
  }
  for (const [mode, label] of modes) {
    const { peaks, smallPeaks, retained, smallRetained, midPeaks, rates } =
      samples.get(mode) as Samples;
    const peak = median(peaks);
    const smallPeak = median(smallPeaks);
    const ratio = peak / smallPeak;
    report({
      section: "3. Paging",
      what: `${label}: ${N} items`,
      value: `${fmt(median(rates), 0)} items/s; peak RSS ${
        fmt(peak / 1024, 1)
      } MiB`,
      baseline: `peak RSS iterating ${small}: ${fmt(smallPeak / 1024, 1)} MiB`,
      ratio: `${fmt(ratio, 3)}× memory`,
      target: "<1.2× (flat)",
      met: ratio < 1.2 ? "met" : "NOT met",
    });
    // Flatness: once V8's heap has reached its steady size (a few dozen
    // pages), ten times as many items must not cost more memory.
    const midPeak = median(midPeaks);
    report({
      section: "3. Paging",
      what: `${label}: peak RSS growth from ${mid} to ${N} items`,
      value: `${fmt(peak / 1024, 1)} MiB after ${N}`,
      baseline: `${fmt(midPeak / 1024, 1)} MiB after ${mid}`,
      ratio: `${fmt(peak / midPeak, 3)}× memory`,
      target: "<1.2× (flat)",
      met: peak / midPeak < 1.2 ? "met" : "NOT met",
    });
    const kept = median(retained);
    const keptSmall = median(smallRetained);
    report({
      section: "3. Paging",
      what: `${label}: heap retained after a full GC at the end`,
      value: `${fmt(kept / 1024, 1)} MiB after ${N} items`,
      baseline: `${fmt(keptSmall / 1024, 1)} MiB after ${small}`,
      ratio: `${fmt(kept / keptSmall, 3)}×`,
      target: "",
      met: "",
    });
  }
  // Ours against its floor, run by run (the two ran one after the other in
  // each run, so load that came and went fell on both): the medians of the
  // per-run ratios. Wall time is mostly the emulator's (a page of 1000
  // tasks costs it several times what parsing it costs the client), so
  // the client's own CPU time per item is reported too.
  const paired = (a: string, b: string, pick: (m: Samples) => number[]) => {
    const x = pick(samples.get(a) as Samples);
    const y = pick(samples.get(b) as Samples);
    return median(x.map((v, i) => v / (y[i] as number)));
  };
  const ours = samples.get("tasks") as Samples;
  const floor = samples.get("raw-tasks") as Samples;
  const speed = paired("tasks", "raw-tasks", (m) => m.rates);
  const memory = paired("tasks", "raw-tasks", (m) => m.peaks);
  // The GC phase sweep. A page of 1000 tasks parses into ~1.1 MiB of young
  // objects. When a minor GC falls while an early page is still being
  // walked, the page survives it, and V8 doubles the young generation for
  // the rest of the process (~+9 MiB peak RSS). Where the GCs fall depends
  // on everything the process allocated before: 200–800 KiB of unrelated
  // garbage before the walk moves the raw floor from ~59 to ~63 MiB, and
  // 1000 KiB or more moves taskList from ~69 to ~64 MiB. One process is one
  // draw of that lottery, so both walks run at each of these offsets
  // (interleaved) and the row compares the means.
  const phases = [0, 200, 400, 600, 800, 1000, 1200, 1400, 1600];
  const swept = { tasks: [] as number[], "raw-tasks": [] as number[] };
  for (let round = 0; round < (quick ? 1 : 2); round++) {
    for (const kib of phases) {
      for (const mode of ["tasks", "raw-tasks"] as const) {
        const r = await one(mode, N, kib);
        if (r.n !== N) throw new Error(`${mode}: got ${r.n} items, not ${N}`);
        swept[mode].push(r.peakKiB);
      }
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const range = (xs: number[]) =>
    `${fmt(Math.min(...xs) / 1024, 1)}–${fmt(Math.max(...xs) / 1024, 1)} MiB`;
  const sweptOurs = mean(swept.tasks);
  const sweptFloor = mean(swept["raw-tasks"]);
  const sweptMemory = sweptOurs / sweptFloor;
  report({
    section: "3. Paging",
    what:
      `taskList ${N} items, Deno: peak RSS over ${phases.length} GC phases (0–1600 KiB of garbage before the walk)`,
    value: `mean ${fmt(sweptOurs / 1024, 1)} MiB (runs ${range(swept.tasks)})`,
    baseline: `raw fetch + JSON.parse mean ${fmt(sweptFloor / 1024, 1)} MiB (${
      range(swept["raw-tasks"])
    })`,
    ratio: `${fmt(sweptMemory, 3)}×`,
    target: "",
    met: "",
  });
  report({
    issue: 9,
    section: "3. Paging",
    what: `taskList ${N} items, Deno: throughput / peak RSS`,
    value: `${fmt(median(ours.rates) / 1000, 1)}k/s, ${
      fmt(sweptOurs / 1024, 0)
    } MiB (GC-phase mean; ${fmt(median(ours.peaks) / 1024, 0)} MiB at phase 0)`,
    baseline: `raw fetch + JSON.parse ${
      fmt(median(floor.rates) / 1000, 1)
    }k/s, ${fmt(sweptFloor / 1024, 0)} MiB (${
      fmt(median(floor.peaks) / 1024, 0)
    } MiB at phase 0)`,
    ratio: `${fmt(speed)}× / ${fmt(sweptMemory)}× (${fmt(memory)}× at phase 0)`,
    target: "≥0.95× / ≤1.15×",
    met: speed >= 0.95 && sweptMemory <= 1.15 ? "met" : "NOT met",
  });
  for (
    const [mine, raw, label] of [
      ["tasks", "raw-tasks", `taskList ${N} items (1000/page)`],
      [
        "transfers",
        "raw-transfers",
        `taskSuccessfulTransfers ${N} items (100/page)`,
      ],
    ] as const
  ) {
    const a = samples.get(mine) as Samples;
    const b = samples.get(raw) as Samples;
    report({
      section: "3. Paging",
      what: `${label}, Deno: client CPU per item / throughput`,
      value: `${fmt(median(a.cpus))} µs, ${fmt(median(a.rates) / 1000, 1)}k/s`,
      baseline: `raw fetch + JSON.parse ${fmt(median(b.cpus))} µs, ${
        fmt(median(b.rates) / 1000, 1)
      }k/s`,
      ratio: `${fmt(paired(mine, raw, (m) => m.cpus))}× CPU / ${
        fmt(paired(mine, raw, (m) => m.rates))
      }× throughput`,
      target: "",
      met: "",
    });
  }
  note(
    "paging: peak RSS (VmHWM) includes garbage V8 has not collected yet. Iterating 1,000 tasks is a single page, before V8's heap has grown to its steady size; over 100 pages the old generation grows until major GCs keep pace, so the 100,000-vs-1,000 ratio is above 1.2× even for the raw fetch + JSON.parse floor. Memory is flat in the sense that matters: from 10,000 to 100,000 items the peak barely moves, and the heap still reachable after a forced full GC does not grow.",
  );
  note(
    `paging, GC phase: a page of 1000 tasks parses into ~1.1 MiB of young objects. When a minor GC falls while an early page is still being walked, the page survives it and V8 doubles the young generation for the rest of the process (~+9 MiB peak RSS, for ours and the floor alike); where the GCs fall depends on everything the process allocated before. 200–800 KiB of unrelated garbage before the walk moves the floor from ~59 to ~63 MiB; 1000 KiB or more moves taskList from ~69 to ~64 MiB. So row 9's peak RSS is the mean over ${phases.length} such offsets (${
      phases.join(", ")
    } KiB), each walk run at each (interleaved, ${
      quick ? 1 : 2
    } round(s)); the ratio at offset 0 alone is shown beside it.`,
  );
  note(
    "paging floor: raw fetch + JSON.parse with each page in a call of its own (bench/paging_child.ts). As one top-level loop it kept the finished page reachable while fetching and parsing the next (two pages alive: ~25 MiB more at the peak), as taskList's iterator did before it dropped the page; the modes run interleaved, run by run.",
  );
  await Deno.remove(tokenFile).catch(() => {});
}
