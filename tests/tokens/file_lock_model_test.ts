/**
 * An exhaustive check of the lock protocol of src/tokens/file_lock.ts, as a
 * model: every interleaving of four processes' atomic file system steps,
 * any one of which may crash at any point, is explored, and no state may
 * have two live processes holding the lock. The same check of the protocol
 * it replaced (a lock file broken by rename, re-check and link back) finds
 * the interleaving where a breaker moves a newer holder's lock away.
 *
 * Liveness probes are exact in the model (a process is "dead" once it
 * crashed), which is what the same-host probes give; breaking a live but
 * slow owner by age (`staleLockMs`) is a lease running out, not modelled.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

interface Proc {
  pc: string;
  /** The owner a breaker looked at. */
  m: number;
  /** What a breaker moved aside (old protocol). */
  moved: number;
}

interface State<L> {
  lock: L;
  procs: Proc[];
  crashed: number;
}

type Step<L> = (s: State<L>, i: number) => State<L>;

function clone<L>(s: State<L>): State<L> {
  return structuredClone(s);
}

/**
 * Explores every interleaving; returns the first bad state's trace, or
 * `null`.
 */
function explore<L>(
  init: State<L>,
  step: Step<L>,
  holding: (pc: string) => boolean,
  maxCrashes: number,
): { trace: string[] | null; states: number } {
  const seen = new Set<string>();
  const stack: { s: State<L>; trace: string[] }[] = [{ s: init, trace: [] }];
  while (stack.length) {
    const { s, trace } = stack.pop()!;
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.add(key);
    const holders = s.procs.filter((p) => holding(p.pc)).length;
    if (holders > 1) return { trace, states: seen.size };
    s.procs.forEach((p, i) => {
      if (p.pc === "done" || p.pc === "dead") return;
      const n = step(clone(s), i);
      stack.push({ s: n, trace: [...trace, `P${i}:${p.pc}`] });
      if (s.crashed < maxCrashes) {
        const c = clone(s);
        (c.procs[i] as Proc).pc = "dead";
        c.crashed++;
        stack.push({ s: c, trace: [...trace, `P${i} crashes`] });
      }
    });
  }
  return { trace: null, states: seen.size };
}

const dead = <L>(s: State<L>, who: number) => s.procs[who]?.pc === "dead";

/** The protocol of file_lock.ts: a lock directory holding one owner file. */
const dirStep: Step<number[] | null> = (s, i) => {
  const p = s.procs[i] as Proc;
  const L = s.lock;
  switch (p.pc) {
    case "try": // rename(staging_i, L): only onto nothing or an empty dir
      if (L === null || L.length === 0) {
        s.lock = [i];
        p.pc = "cs";
      } else p.pc = "look";
      break;
    case "look": // readdir(L)
      if (L === null) p.pc = "try";
      else if (L.length === 0) p.pc = "rmdirEmpty";
      else {
        p.m = L[0] as number;
        p.pc = "probe";
      }
      break;
    case "rmdirEmpty":
      if (L !== null && L.length === 0) s.lock = null;
      p.pc = "try";
      break;
    case "probe": // kernel lock / pid: exact
      p.pc = dead(s, p.m) ? "unlinkOwner" : "try";
      break;
    case "unlinkOwner": // unlink(L/<m>)
      if (L !== null) s.lock = L.filter((x) => x !== p.m);
      p.pc = "rmdirBroken";
      break;
    case "rmdirBroken":
      if (L !== null && L.length === 0) s.lock = null;
      p.pc = "try";
      break;
    case "cs":
      p.pc = "release1";
      break;
    case "release1": // unlink(L/<i>)
      if (L !== null) s.lock = L.filter((x) => x !== i);
      p.pc = "release2";
      break;
    case "release2": // rmdir(L)
      if (L !== null && L.length === 0) s.lock = null;
      p.pc = "done";
      break;
  }
  return s;
};

/** The protocol this replaced: a lock file; break = rename, check, link back. */
const fileStep: Step<number | null> = (s, i) => {
  const p = s.procs[i] as Proc;
  switch (p.pc) {
    case "try": // link(staging_i, L)
      if (s.lock === null) {
        s.lock = i;
        p.pc = "cs";
      } else p.pc = "look";
      break;
    case "look":
      if (s.lock === null) p.pc = "try";
      else {
        p.m = s.lock;
        p.pc = "probe";
      }
      break;
    case "probe":
      p.pc = dead(s, p.m) ? "recheck" : "try";
      break;
    case "recheck": // "only if it is still the same lock"
      p.pc = s.lock === p.m ? "rename" : "try";
      break;
    case "rename": // rename(L, moved)
      if (s.lock === null) p.pc = "try";
      else {
        p.moved = s.lock;
        s.lock = null;
        p.pc = p.moved === p.m ? "unlinkMoved" : "linkBack";
      }
      break;
    case "linkBack": // link(moved, L) if still free
      if (s.lock === null) s.lock = p.moved;
      p.pc = "unlinkMoved";
      break;
    case "unlinkMoved":
      p.moved = -1;
      p.pc = "try";
      break;
    case "cs":
      p.pc = "release1";
      break;
    case "release1": // read L: still mine?
      p.pc = s.lock === i ? "release2" : "done";
      break;
    case "release2": // unlink(L)
      s.lock = null;
      p.pc = "done";
      break;
  }
  return s;
};

const holding = (pc: string) => pc === "cs" || pc === "release1";

function init<L>(lock: L, n: number): State<L> {
  return {
    lock,
    crashed: 0,
    procs: Array.from({ length: n }, () => ({ pc: "try", m: -1, moved: -1 })),
  };
}

test("lock protocol model: no interleaving of 4 processes (one may crash anywhere) has two holders", () => {
  const r = explore(init<number[] | null>(null, 4), dirStep, holding, 1);
  assert.equal(r.trace, null, `two holders after: ${r.trace?.join(" → ")}`);
  assert.ok(r.states > 1000, `explored ${r.states} states`);
});

test("lock protocol model: the replaced lock-file protocol lets a breaker move a newer holder's lock away", () => {
  const r = explore(init<number | null>(null, 4), fileStep, holding, 1);
  assert.ok(
    r.trace,
    "the old protocol should have an interleaving with two holders",
  );
  assert.ok(r.trace.some((t) => t.endsWith("crashes")));
});
