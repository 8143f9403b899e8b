/**
 * A writer process for the token file lock stress harness
 * (tests/reliability/_lock_stress.ts) and the lock tests.
 *
 * Usage: _lock_stress_writer.ts <path> <instance> <host|-> <mode> <stop-file|->
 *        [lockTimeoutMs] [staleLockMs]
 *
 * Modes:
 * - `loop`: until `<stop-file>` exists, replaces its previous record
 *   `<instance>-<i-1>` by `<instance>-<i>` in one locked read-modify-write,
 *   printing `saved <instance>-<i>` after each one that succeeded;
 * - `once`: one such step (`<instance>-0`), then exits;
 * - `hold`: takes the lock, prints `holding <pid>`, and never lets go (for
 *   a test to kill it).
 *
 * `<host>` makes its locks claim that host name (simulated hosts).
 * Errors are printed as `error <message>` (no tokens in them).
 */
import { existsSync, writeSync } from "node:fs";
import process from "node:process";
import { _setLockHostnameForTesting } from "../../src/tokens/file_lock.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { tokenRecord as rec } from "../_helpers/token_record.ts";

const [path, instance, host, mode, stop, timeout, stale] = process.argv.slice(
  2,
);
if (!path || !instance || !host || !mode || !stop) {
  throw new Error(
    "usage: _lock_stress_writer <path> <instance> <host|-> <loop|once|hold> <stop-file|-> [lockTimeoutMs] [staleLockMs]",
  );
}
if (host !== "-") _setLockHostnameForTesting(host);

class Writer extends JSONTokenStorage {
  step(prev: string | undefined, next: string): Promise<void> {
    return this.modify((current) => {
      const records = { ...current };
      if (prev !== undefined) delete records[prev];
      records[next] = rec(next);
      return { next: records, result: undefined };
    });
  }

  hold(): Promise<void> {
    return this.modify(() => {
      writeSync(1, `holding ${process.pid}\n`);
      for (;;) {
        // Spin with the lock held until killed.
      }
    });
  }
}

const w = new Writer(path, {
  ...(timeout ? { lockTimeoutMs: Number(timeout) } : {}),
  ...(stale ? { staleLockMs: Number(stale) } : {}),
});

function say(line: string): void {
  writeSync(1, line + "\n");
}

if (mode === "hold") {
  await w.hold();
} else {
  say(`ready ${process.pid}`);
  let prev: string | undefined;
  for (let i = 0;; i++) {
    const key = `${instance}-${i}`;
    try {
      await w.step(prev, key);
      say(`saved ${key}`);
      prev = key;
    } catch (e) {
      say(`error ${e instanceof Error ? e.message : String(e)}`);
      await new Promise((r) => setTimeout(r, 20));
      i--;
    }
    if (mode === "once" && prev !== undefined) break;
    if (stop !== "-" && existsSync(stop)) break;
  }
  process.exit(0);
}
