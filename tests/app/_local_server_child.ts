/**
 * A user's program for the out-of-process local-server login test: a
 * `UserApp` with the local-server login flow (the browser is opened with
 * the platform's opener, found on `PATH`) that lists Globus Tutorial
 * Collection 1, with the services taken from `GLOBUS_SDK_SERVICE_URL_AUTH`
 * / `_TRANSFER` (the emulator). It prints `LOGGED IN; <n> files` on
 * success; on failure the error on standard error, and exits with code 2.
 */
import process from "node:process";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { LocalServerLoginFlowManager } from "../../src/app/local_server_flow.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { TUTORIAL_COLLECTION_1 } from "../../src/testing/collections.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const app = new UserApp({
  appName: "local-server-child",
  clientId: TUTORIAL_CLIENT_ID,
  config: {
    // Long enough for a loaded machine; a failing test ends sooner.
    loginFlowManager: new LocalServerLoginFlowManager({ timeoutMs: 120_000 }),
    tokenStorage: "memory",
  },
});
const tc = new TransferClient({ app });
try {
  const ls = await tc.operationLs(TUTORIAL_COLLECTION_1, {
    path: "/share/godata/",
  });
  process.stdout.write(`LOGGED IN; ${ls.DATA.length} files\n`);
} catch (e) {
  process.stderr.write(
    `FAILED ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`,
  );
  process.exitCode = 2;
} finally {
  await app.close();
}
