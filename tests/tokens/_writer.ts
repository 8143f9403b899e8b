/**
 * A child process for the concurrency tests: stores one record (or loops
 * storing records until killed, or stores `many` records one after the
 * other, or takes the lock and holds it until killed) in a
 * JSONTokenStorage — or, for a path ending in `.db`, a SQLiteTokenStorage
 * (not `hold`).
 *
 * Usage: _writer.ts <path> <resource_server> [once|loop|many|hold]
 *        [lockTimeoutMs] [staleLockMs]
 */
import { writeSync } from "node:fs";
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";

const [path, rs, mode, timeout, stale] = process.argv.slice(2);
if (!path || !rs) throw new Error("usage: _writer.ts <path> <rs> [mode]");

class Holder extends JSONTokenStorage {
  /** Takes the lock, says so, and spins holding it until killed. */
  hold(): Promise<void> {
    return this.modify(() => {
      writeSync(1, `holding ${process.pid}\n`);
      for (;;) {
        // until SIGKILL
      }
    });
  }
}

const options = {
  lockTimeoutMs: timeout ? Number(timeout) : 60_000,
  ...(stale ? { staleLockMs: Number(stale) } : {}),
};
const storage = path.endsWith(".db")
  ? new SQLiteTokenStorage(path, options)
  : new Holder(path, options);

function record(i: number) {
  return {
    resource_server: rs as string,
    identity_id: "ident-1",
    scope: `scope-${rs}`,
    access_token: `at-${rs}-${i}`,
    refresh_token: `rt-${rs}-${i}`,
    expires_at_seconds: 2_000_000_000 + i,
    token_type: "Bearer",
  };
}

if (mode === "loop") {
  process.stdout.write("ready\n");
  for (let i = 0;; i++) {
    await storage.storeTokenDataByResourceServer({ [rs]: record(i) });
  }
} else if (mode === "hold") {
  if (!(storage instanceof Holder)) throw new Error("hold: JSON files only");
  await storage.hold();
} else if (mode === "many") {
  for (let i = 0; i < 20; i++) {
    await storage.storeTokenDataByResourceServer({ [`${rs}-${i}`]: record(i) });
  }
} else {
  await storage.storeTokenDataByResourceServer({ [rs]: record(0) });
}
