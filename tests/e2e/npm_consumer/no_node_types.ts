/**
 * A TypeScript project that type-checks against the package's declarations
 * without Node's types: `"types": []` (TypeScript 6+'s default, where
 * `@types/node` is no longer loaded unless listed) with the DOM library
 * (tsconfig.notypes.json). Nothing here imports `node:`; the package's own
 * declarations must not need `@types/node` either (`Symbol.asyncDispose`
 * comes from the `esnext.disposable` library they reference).
 *
 * scripts/build_npm.ts --test type-checks it in the consumer project; it is
 * not run.
 */
import {
  AccessTokenAuthorizer,
  TransferAPIError,
  TransferClient,
  TUTORIAL_CLIENT_ID,
  UserApp,
} from "@globus-deno/sdk";
import type { Emulator } from "@globus-deno/sdk/testing";

/**
 * Lists the tutorial folder at `emulator`, with an app that is closed at
 * the end of the block (`await using`, the declaration that needs
 * `Symbol.asyncDispose`).
 */
export async function listTutorial(emulator: Emulator): Promise<string[]> {
  await using app = new UserApp({
    appName: "no-node-types",
    clientId: TUTORIAL_CLIENT_ID,
    config: { tokenStorage: "memory" },
  });
  const tokens = await emulator.mintTokens(TransferClient.scopes.all);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tokens.access_token),
    baseUrl: emulator.transferUrl,
  });
  try {
    const ls = await tc.operationLs(emulator.collections.tutorial1, {
      path: "/share/godata/",
    });
    return [app.appName, ...ls.DATA.map((entry) => entry.name)];
  } catch (e) {
    if (e instanceof TransferAPIError) return [`${e.httpStatus} ${e.code}`];
    throw e;
  }
}
