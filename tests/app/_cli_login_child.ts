/**
 * A user's program for the out-of-process login tests: a `UserApp` with the
 * command-line login flow that lists Globus Tutorial Collection 1 and reads
 * the user's identity, with the services taken from
 * `GLOBUS_SDK_SERVICE_URL_AUTH` / `_TRANSFER` (the emulator). It prints
 * `LOGGED IN as <username>; <n> files` on success; on failure the error on
 * standard error, then `loginRequired=<bool>`, and exits with code 2.
 *
 * Usage: _cli_login_child.{ts,js} <memory|json|sqlite> [read-rest]
 * (json, sqlite: the default token file or database under $HOME; with
 * `read-rest`, the program then reads the rest of its standard input to
 * its end, as a program of its own would, and prints `REST <json>`)
 */
import process from "node:process";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { TUTORIAL_COLLECTION_1 } from "../../src/testing/collections.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const storage = process.argv[2];
if (storage !== "memory" && storage !== "json" && storage !== "sqlite") {
  throw new Error("usage: _cli_login_child <memory|json|sqlite>");
}
const app = new UserApp({
  appName: "cli-login-child",
  clientId: TUTORIAL_CLIENT_ID,
  config: { loginFlowManager: "command-line", tokenStorage: storage },
});
const tc = new TransferClient({ app });
const auth = new AuthClient({ app });
try {
  const ls = await tc.operationLs(TUTORIAL_COLLECTION_1, {
    path: "/share/godata/",
  });
  const me = await auth.userinfo();
  process.stdout.write(
    `LOGGED IN as ${me.preferred_username}; ${ls.DATA.length} files\n`,
  );
  if (process.argv[3] === "read-rest") {
    let rest = "";
    for await (const chunk of process.stdin) rest += String(chunk);
    process.stdout.write(`REST ${JSON.stringify(rest)}\n`);
  }
} catch (e) {
  process.stderr.write(
    `FAILED ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`,
  );
  process.stderr.write(`loginRequired=${await app.loginRequired()}\n`);
  process.exitCode = 2;
}
