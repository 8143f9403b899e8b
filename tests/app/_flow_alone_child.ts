/**
 * The README's login without an app: a `NativeAppAuthClient` (its service
 * URL from `GLOBUS_SDK_SERVICE_URL_AUTH`, the emulator) and a
 * `CommandLineLoginFlowManager` run on its own. Prints `GOT TOKENS for
 * <resource servers>`; on failure the error on standard error and exit
 * code 2.
 */
import process from "node:process";
import { CommandLineLoginFlowManager } from "../../src/app/command_line_flow.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";

const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
try {
  const tokens = await new CommandLineLoginFlowManager().run({
    authClient: client,
    requestedScopes: [TransferScopes.all],
    refreshTokens: true,
    authParams: {},
    appName: "flow-alone-child",
  });
  process.stdout.write(
    `GOT TOKENS for ${Object.keys(tokens.byResourceServer).join(" ")}\n`,
  );
} catch (e) {
  process.stderr.write(
    `FAILED ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`,
  );
  process.exitCode = 2;
}
