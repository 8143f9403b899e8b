/**
 * A child for the file-size-limit test: stores one record carrying
 * `padding` bytes of `extra` data in a JSONTokenStorage: prints `writing`
 * first and `stored` after; on an error it prints the message and exits 1.
 *
 * Usage: _big_writer.ts <path> <resource_server> <padding>
 */
import process from "node:process";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";

const [path, rs, padding] = process.argv.slice(2);
if (!path || !rs || !padding) {
  throw new Error("usage: _big_writer.ts <path> <rs> <padding>");
}
console.log("writing");
try {
  await new JSONTokenStorage(path).storeTokenDataByResourceServer({
    [rs]: {
      resource_server: rs,
      identity_id: "ae341a98-d274-11e5-b888-dbae3a8ba545",
      scope: `scope:${rs}`,
      access_token: `SECRET-AT-${rs}`,
      refresh_token: `SECRET-RT-${rs}`,
      expires_at_seconds: 1_900_000_000,
      token_type: "Bearer",
      extra: { padding: "x".repeat(Number(padding)) },
    },
  });
  console.log("stored");
} catch (e) {
  console.log(e instanceof Error ? e.message : String(e));
  process.exit(1);
}
