/**
 * What a Node user writes: the package's two entry points, a native-app
 * login against the local emulator (in its worker thread and in-process),
 * a directory listing, and an API error.
 *
 * scripts/build_npm.ts --test copies this folder to a temp dir (with
 * package.template.json as package.json — named so that Deno keeps resolving
 * `@globus-deno/sdk` here to the workspace, for `deno check .`), installs the
 * packed tarball, type-checks this file (NodeNext and Bundler resolution),
 * compiles it and runs it on each Node version; it must print the
 * `npm consumer OK on node vX.Y.Z:` line.
 */
import process from "node:process";
import { inspect } from "node:util";
import {
  AccessTokenAuthorizer,
  BaseClient,
  GlobusAPIError,
  NativeAppAuthClient,
  TransferAPIError,
  TransferClient,
} from "@globus-deno/sdk";
import { type Emulator, startEmulator } from "@globus-deno/sdk/testing";

/**
 * Logs in at `emulator`, lists the tutorial folder, and checks what a user
 * sees of an API error: its class, `name`, a stack that names the
 * method called (the package's JavaScript is bundled and minified), and
 * what `console.log(error)` prints of it.
 */
async function useEmulator(emulator: Emulator): Promise<string[]> {
  const auth = new NativeAppAuthClient(emulator.nativeClientId, {
    baseUrl: emulator.authUrl,
  });
  auth.oauth2StartFlow({
    requestedScopes: TransferClient.scopes.all,
    refreshTokens: true,
  });
  const code = await emulator.approve(auth.oauth2GetAuthorizeUrl());
  const tokens = await auth.oauth2ExchangeCodeForTokens(code);
  const transferTokens = tokens.byResourceServer[TransferClient.resourceServer];
  if (!transferTokens) throw new Error("no Transfer tokens in the response");

  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(transferTokens.access_token),
    baseUrl: emulator.transferUrl,
  });
  const ls = await tc.operationLs(emulator.collections.tutorial1, {
    path: "/share/godata/",
  });
  const names: string[] = ls.DATA.map((entry) => entry.name).sort();
  await useCustomClients(emulator, transferTokens.access_token);
  if (names.join(",") !== "file1.txt,file2.txt,file3.txt") {
    throw new Error(`unexpected listing: ${names.join(", ")}`);
  }

  const error = await tc.operationLs(emulator.collections.tutorial1, {
    path: "/share/no-such-folder/",
  }).then(() => null, (e: unknown) => e);
  if (
    !(error instanceof TransferAPIError) ||
    !(error instanceof GlobusAPIError) ||
    error.name !== "TransferAPIError" ||
    error.constructor.name !== "TransferAPIError" ||
    error.httpStatus !== 404 ||
    !/\bTransferClient\.operationLs\b/.test(error.stack ?? "")
  ) {
    throw new Error(
      `a missing folder should be a TransferAPIError (404) whose stack names TransferClient.operationLs, got: ${
        error instanceof Error ? error.stack : String(error)
      }`,
    );
  }
  // What `console.error(error)` in a catch block prints (Node's inspect):
  // the message, then where the call was made (the stack's frames), then
  // the fields; never the token.
  const shown = inspect(error);
  if (
    !shown.startsWith(`TransferAPIError: ${error.message}\n`) ||
    !/^\s+at .*\bTransferClient\.operationLs\b/m.test(shown) ||
    !shown.includes('"httpStatus": 404') ||
    shown.includes(transferTokens.access_token)
  ) {
    throw new Error(
      `console.log(error) should show the message, the stack's frames (TransferClient.operationLs) and the fields, without the token; got:\n${shown}`,
    );
  }
  return names;
}

/**
 * A client for another service as a port of the Python SDK's
 * `class MyClient(BaseClient): service_name = …; resource_server = …`:
 * static fields, and instance fields (the package's declarations must let
 * a field override `resourceServer` and `scopes`).
 */
class StaticTransfer extends BaseClient {
  static serviceName = "transfer";
  static resourceServer = "transfer.api.globus.org";
  static defaultScopeRequirements = [TransferClient.scopes.all];
}
class FieldTransfer extends BaseClient {
  static serviceName = "transfer";
  override resourceServer = "transfer.api.globus.org";
  override scopes = TransferClient.scopes;
  override defaultScopeRequirements = [TransferClient.scopes.all];
}

/** Lists tasks with both custom clients. */
async function useCustomClients(
  emulator: Emulator,
  token: string,
): Promise<void> {
  for (const Client of [StaticTransfer, FieldTransfer]) {
    const client = new Client({
      authorizer: new AccessTokenAuthorizer(token),
      baseUrl: emulator.transferUrl,
    });
    const res = await client.get<{ DATA: unknown[] }>("v0.10/task_list");
    if (
      res.httpStatus !== 200 || !Array.isArray(res.data.DATA) ||
      client.resourceServer !== "transfer.api.globus.org"
    ) {
      throw new Error(`${Client.name}: task_list gave ${res.httpStatus}`);
    }
  }
}

// The emulator in its worker thread (the default), then in this thread.
const listed: string[] = [];
for (const inProcess of [false, true]) {
  const emulator: Emulator = await startEmulator({ inProcess });
  try {
    listed.push((await useEmulator(emulator)).join(", "));
  } finally {
    await emulator.close();
  }
}
console.log(`npm consumer OK on node ${process.version}: ${listed[0]}`);
