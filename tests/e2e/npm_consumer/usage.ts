/**
 * What a Node user writes: the package's two entry points, a native-app
 * login against the local emulator, and a directory listing.
 *
 * scripts/build_npm.ts --test copies this folder to a temp dir (with
 * package.template.json as package.json — named so that Deno keeps resolving
 * `@globus-deno/sdk` here to the workspace, for `deno check .`), installs the
 * packed tarball, type-checks this file (NodeNext and Bundler resolution),
 * compiles it and runs it on each Node version; it must print the
 * `npm consumer OK on node vX.Y.Z:` line.
 */
import process from "node:process";
import {
  AccessTokenAuthorizer,
  NativeAppAuthClient,
  TransferClient,
} from "@globus-deno/sdk";
import { type Emulator, startEmulator } from "@globus-deno/sdk/testing";

const emulator: Emulator = await startEmulator();
try {
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
  if (names.join(",") !== "file1.txt,file2.txt,file3.txt") {
    throw new Error(`unexpected listing: ${names.join(", ")}`);
  }
  console.log(
    `npm consumer OK on node ${process.version}: ${names.join(", ")}`,
  );
} finally {
  await emulator.close();
}
