/**
 * A user's program for the raw-terminal login test: its own `readline`
 * interface is open on the terminal (raw mode, with a `SIGINT` handler
 * that keeps it going, as Node's REPL has) when it calls `app.login()`
 * with the command-line flow and a token file under $HOME. It prints how
 * the login ended (`LOGIN OK`, or `LOGIN FAILED <name>: <message>`), then
 * `loginRequired=<bool>; raw again: <bool>`, then what its own interface
 * reads next (`readline took: <json>`), and exits 0.
 *
 * Usage: _raw_terminal_login_child.{ts,js}   (on a terminal; the services
 * from GLOBUS_SDK_SERVICE_URL_AUTH: the emulator)
 */
import process from "node:process";
import { createInterface } from "node:readline";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { UserApp } from "../../src/app/user_app.ts";

const rl = createInterface({
  input: process.stdin,
  output: process.stdout,
  terminal: true,
});
// The REPL's Ctrl-C (a key in raw mode): it clears the line and goes on.
rl.on("SIGINT", () => process.stdout.write("\n(readline SIGINT)\n"));
const app = new UserApp({
  appName: "raw-terminal-login-child",
  clientId: TUTORIAL_CLIENT_ID,
  config: { loginFlowManager: "command-line", tokenStorage: "json" },
});
try {
  await app.login();
  process.stdout.write("LOGIN OK\n");
} catch (e) {
  process.stdout.write(
    `LOGIN FAILED ${e instanceof Error ? `${e.name}: ${e.message}` : e}\n`,
  );
}
process.stdout.write(
  `loginRequired=${await app
    .loginRequired()}; raw again: ${process.stdin.isRaw}\n`,
);
rl.once("line", (line) => {
  process.stdout.write(`\nreadline took: ${JSON.stringify(line)}\n`);
  rl.close();
});
