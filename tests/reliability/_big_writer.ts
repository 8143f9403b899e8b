/**
 * A child for the file-size-limit test: stores one record carrying
 * `padding` bytes of `extra` data in a JSONTokenStorage: prints `writing`
 * first and `stored` after; on an error it prints the message and exits 1.
 *
 * Usage: _big_writer.ts <path> <resource_server> <padding>
 */
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { tokenRecord } from "../_helpers/token_record.ts";

const [path, rs, padding] = process.argv.slice(2);
if (!path || !rs || !padding) {
  throw new Error("usage: _big_writer.ts <path> <rs> <padding>");
}
console.log("writing");
try {
  await new JSONTokenStorage(path).storeTokenDataByResourceServer({
    [rs]: tokenRecord(rs, {
      tokenPrefix: "SECRET-",
      extraBytes: Number(padding),
    }),
  });
  console.log("stored");
} catch (e) {
  console.log(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
