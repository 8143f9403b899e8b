/**
 * Paging benchmark child: iterates tasks (offset paging) or a task's
 * successful transfers (marker paging) from an emulator and prints items,
 * seconds, the process's CPU seconds over the same span (user + system,
 * from /proc; null elsewhere) and peak RSS (VmHWM) as JSON.
 *
 * Usage: paging_child.ts <transferUrl> <tokenFile> <tasks|raw-tasks|transfers|raw-transfers> <count> [taskId] [garbageKiB]
 *
 * `garbageKiB` allocates that many KiB of short-lived objects before the
 * walk, which moves where V8's minor GCs fall relative to the pages (see
 * bench/paging.ts, the GC phase sweep).
 */
import { AccessTokenAuthorizer, TransferClient } from "../mod.ts";

const [transferUrl, tokenFile, mode, countText, taskId, garbageText] =
  Deno.args;
if (!transferUrl || !tokenFile || !mode || !countText) {
  throw new Error("usage: paging_child.ts <url> <tokenFile> <mode> <count>");
}
const count = Number(countText);
const token = (await Deno.readTextFile(tokenFile)).trim();
const tc = new TransferClient({
  authorizer: new AccessTokenAuthorizer(token),
  baseUrl: transferUrl,
});

function peakRssKiB(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const m = status.match(/VmHWM:\s+(\d+)\s+kB/);
  return m ? Number(m[1]) : Math.round(Deno.memoryUsage().rss / 1024);
}

/**
 * The CPU time this process has used (all threads, user + system), in
 * seconds, from /proc/self/stat (10 ms ticks); undefined without /proc.
 * Not `process.cpuUsage()`: loading Deno's Node layer would add to the
 * peak RSS this child reports.
 */
function cpuSeconds(): number | undefined {
  try {
    const stat = Deno.readTextFileSync("/proc/self/stat");
    // The fields after the command name (which may hold spaces), from
    // the 3rd: utime and stime are the 14th and 15th.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return undefined;
  }
}

// Garbage before the walk (64-byte objects, 16 per KiB, none kept): the
// GC phase sweep's offset.
let sink: unknown;
for (let i = 0; i < Number(garbageText ?? 0) * 16; i++) {
  sink = { a: i, b: i, c: i, d: i, e: i };
}
if (sink === 0) console.log(sink);

const cpuStart = cpuSeconds();
const start = performance.now();
let n = 0;
let check = 0;
if (mode === "raw-tasks") {
  // The floor: the same task_list pages with plain fetch + JSON.parse, each
  // page in a call of its own. Written as one top-level loop, the finished
  // page stayed reachable from the module's suspended frame while the next
  // was fetched and parsed (two pages alive at once: ~25 MiB more at the
  // peak), which is not the floor.
  const onePage = async (offset: number) => {
    const res = await fetch(
      `${transferUrl}v0.10/task_list?offset=${offset}&limit=${
        Math.min(1000, count - offset)
      }`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const page = await res.json() as { DATA: { task_id: string }[] };
    for (const t of page.DATA) {
      n++;
      check += t.task_id.length;
    }
  };
  for (let offset = 0; offset < count; offset += 1000) await onePage(offset);
} else if (mode === "tasks") {
  for await (const t of tc.taskList({ maxResults: count })) {
    n++;
    check += t.task_id.length;
  }
} else if (mode === "raw-transfers") {
  // The marker floor: the same successful_transfers pages with plain fetch
  // + JSON.parse, following next_marker (each page in a call of its own).
  let marker: string | number | null | undefined;
  const onePage = async () => {
    const res = await fetch(
      `${transferUrl}v0.10/task/${taskId}/successful_transfers${
        marker === undefined ? "" : `?marker=${encodeURIComponent(marker!)}`
      }`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const page = await res.json() as {
      DATA: { source_path: string }[];
      next_marker?: string | number | null;
    };
    for (const t of page.DATA) {
      if (n >= count) return;
      n++;
      check += t.source_path.length;
    }
    marker = page.next_marker;
  };
  while (n < count && marker !== null) await onePage();
} else {
  for await (const t of tc.taskSuccessfulTransfers(String(taskId))) {
    n++;
    check += t.source_path.length;
    if (n >= count) break;
  }
}
const seconds = (performance.now() - start) / 1000;
const cpuEnd = cpuSeconds();
const cpu = cpuStart === undefined || cpuEnd === undefined
  ? null
  : cpuEnd - cpuStart;
const peakKiB = peakRssKiB();
// With --v8-flags=--expose-gc: the heap still reachable after a full GC
// (what paging retains), as opposed to garbage not yet collected.
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const retainedKiB = gc ? Math.round(Deno.memoryUsage().heapUsed / 1024) : null;
console.log(
  JSON.stringify({ n, seconds, cpu, check, peakKiB, retainedKiB }),
);
