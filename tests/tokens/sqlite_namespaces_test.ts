/**
 * Python's `SQLiteTokenStorage` lines: `storage.iter_namespaces()` (it
 * was missing) and `connect_params={"timeout": …}` (an unknown option
 * with no word on what it is here).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";

const sqliteSpecifier: string = "node:sqlite";
const noSqlite: string | false = await import(sqliteSpecifier).then(
  () => false,
  () => `this runtime has no node:sqlite (${process.version})`,
);

function record(rs: string): Record<string, StoredTokenData> {
  return {
    [rs]: {
      resource_server: rs,
      identity_id: "ae341a98-d274-11e5-b888-dbae3a8ba545",
      scope: `urn:globus:auth:scope:${rs}:all`,
      access_token: "test-access-token",
      refresh_token: null,
      expires_at_seconds: 2_000_000_000,
      token_type: "Bearer",
    },
  };
}

async function all(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of it) out.push(x);
  return out;
}

test(
  "storage.iterNamespaces() walks the namespaces with tokens in the database, as Python's iter_namespaces() (it was missing)",
  {
    skip: noSqlite,
  },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "ns-"));
    try {
      const path = join(dir, "tokens.db");
      const none = new SQLiteTokenStorage(path);
      assert.deepEqual(await all(none.iterNamespaces()), []);
      const a = new SQLiteTokenStorage(path, { namespace: "user-b" });
      const b = new SQLiteTokenStorage(path, { namespace: "user-a" });
      await a.storeTokenDataByResourceServer(record("transfer.api.globus.org"));
      await b.storeTokenDataByResourceServer(record("transfer.api.globus.org"));
      await b.storeTokenDataByResourceServer(record("auth.globus.org"));
      assert.deepEqual(await all(none.iterNamespaces()), ["user-a", "user-b"]);
      a.close();
      b.close();
      none.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("SQLiteTokenStorage(path, { connect_params }) says what Python's connect_params is here: its timeout is lockTimeoutMs", () => {
  assert.throws(
    () =>
      new SQLiteTokenStorage(join(tmpdir(), "never.db"), {
        // @ts-expect-error: Python's name
        connect_params: { timeout: 5 },
      }),
    /^TypeError: SQLiteTokenStorage: unknown option 'connect_params'; the Python SDK's connect_params \(sqlite3\.connect's keyword arguments\) are not taken here: its timeout \(seconds to wait for another program's lock\) is lockTimeoutMs \(in milliseconds: the seconds times 1000\)/,
  );
});
