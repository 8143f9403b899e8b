/**
 * A user's script for the emulator permission test: README's
 * `hello_globus.ts` (start the emulator without a root folder, list
 * Globus Tutorial Collection 1, close). Prints `LISTED <n>`.
 */
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const emulator = await startEmulator();
const tokens = await emulator.mintTokens(TransferClient.scopes.all);
const tc = new TransferClient({
  authorizer: new AccessTokenAuthorizer(tokens.access_token),
  baseUrl: emulator.transferUrl,
});
const ls = await tc.operationLs(emulator.collections.tutorial1, {
  path: "/share/godata/",
});
console.log(`LISTED ${ls.DATA.length}`);
await emulator.close();
