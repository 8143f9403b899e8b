/**
 * A child process for the concurrency tests: stores one record (or loops
 * storing records until killed) in a JSONTokenStorage.
 *
 * Usage: _writer.ts <path> <resource_server> [loop]
 */
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";

const [path, rs, mode] = process.argv.slice(2);
if (!path || !rs) throw new Error("usage: _writer.ts <path> <rs> [loop]");
const storage = new JSONTokenStorage(path, { lockTimeoutMs: 60_000 });

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
} else {
  await storage.storeTokenDataByResourceServer({ [rs]: record(0) });
}
