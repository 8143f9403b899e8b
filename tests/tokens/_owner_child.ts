/**
 * A child process for the token file ownership tests: run as another user
 * (through setpriv) or as root, it uses a token file or database and prints
 * one JSON line with the outcome.
 *
 * Usage: `deno run -A _owner_child.ts <json|sqlite> <path> <action> [n]`,
 * where action is `store` (a record numbered n), `read`, `check`
 * (`checkWritable()`) or `hold` (take the lock, print, and wait forever).
 */
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { SQLiteTokenStorage } from "../../src/tokens/sqlite_storage.ts";
import process from "node:process";
import { tokenRecord } from "../_helpers/token_record.ts";

const [kind, path, action, n] = process.argv.slice(2);
const storage = kind === "sqlite"
  ? new SQLiteTokenStorage(path!)
  : new JSONTokenStorage(path!);
const rs = "transfer.api.globus.org";
try {
  let value: unknown = null;
  if (action === "store") {
    await storage.storeTokenDataByResourceServer({
      [rs]: tokenRecord(rs, { n: Number(n ?? 0) }),
    });
  } else if (action === "read") {
    value = (await storage.getTokenData(rs))?.access_token ?? null;
  } else if (action === "check") {
    await storage.checkWritable();
  } else if (action === "hold") {
    await storage.withLock(() => {
      console.log(JSON.stringify({ ok: true, value: "held" }));
      return new Promise<never>(() => {});
    });
  }
  await storage.close?.();
  console.log(JSON.stringify({ ok: true, value }));
} catch (e) {
  console.log(
    JSON.stringify({
      ok: false,
      name: (e as Error).name,
      message: (e as Error).message,
    }),
  );
}
