/**
 * Child process for the two-process refresh test: a UserApp over a shared
 * token file whose Transfer access token has expired; it lists a
 * collection (which refreshes the token and writes it back) and prints the
 * fingerprint of the access token it received (never the token itself).
 *
 * Usage: _refresh_child.ts <token file> <auth url> <transfer url> <collection>
 */
import process from "node:process";
import { UserApp } from "../../src/app/user_app.ts";
import type { FetchLike } from "../../src/core/transport.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fingerprint, isRefreshGrant, noLogin } from "./_tokens.ts";

const [path, authUrl, transferUrl, collection] = process.argv.slice(2);
if (!path || !authUrl || !transferUrl || !collection) {
  throw new Error("usage: _refresh_child.ts <file> <auth> <transfer> <coll>");
}
const issued: string[] = [];
const authFetch: FetchLike = async (input, init) => {
  const res = await fetch(input, init);
  if (isRefreshGrant(input, init?.body)) {
    const body = await res.clone().json();
    issued.push(await fingerprint(body.access_token));
  }
  return res;
};
const app = new UserApp({
  appName: "refresh-race",
  clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
  config: {
    tokenStorage: new JSONTokenStorage(path, { lockTimeoutMs: 30_000 }),
    authBaseUrl: authUrl,
    fetch: authFetch,
    loginFlowManager: noLogin,
  },
});
const tc = new TransferClient({ app, baseUrl: transferUrl });
const ls = await tc.operationLs(collection, { path: "/share/godata/" });
process.stdout.write(
  JSON.stringify({ files: ls.DATA.length, issued }) + "\n",
);
