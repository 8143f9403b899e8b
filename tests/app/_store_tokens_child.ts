/**
 * Child process for rejected_refresh_lock_test.ts: another program sharing
 * the token file, which stores the token records of `<records.json>` in it
 * (taking the file's lock, as every writer does) and prints `stored`.
 *
 * Usage: _store_tokens_child.ts <token file> <records.json>
 */
import { readFile } from "node:fs/promises";
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";

const [path, recordsFile] = process.argv.slice(2);
if (!path || !recordsFile) {
  throw new Error("usage: _store_tokens_child.ts <token file> <records.json>");
}
const records = JSON.parse(await readFile(recordsFile, "utf-8"));
await new JSONTokenStorage(path, { lockTimeoutMs: 120_000 })
  .storeTokenDataByResourceServer(records);
process.stdout.write("stored\n");
