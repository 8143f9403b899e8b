/**
 * What a CommonJS user writes (a `.cts` file, or any project without
 * `"type": "module"`): the `import`s below compile to `require()`, which
 * loads the package's ES modules on Node ≥ 20.19 and ≥ 22.12.
 *
 * scripts/build_npm.ts --test type-checks and compiles this file under
 * NodeNext (into dist/usage_cjs.cjs) and runs it on each Node version that
 * has `require()` of ES modules; it must print the
 * `npm consumer (require) OK on node vX.Y.Z:` line.
 */
import process = require("node:process");
import {
  AccessTokenAuthorizer,
  NativeAppAuthClient,
  TransferAPIError,
  TransferClient,
} from "@globus-deno/sdk";
import { startEmulator } from "@globus-deno/sdk/testing";

async function main(): Promise<void> {
  if (typeof require !== "function" || typeof module !== "object") {
    throw new Error("this file should have been compiled to CommonJS");
  }
  const emulator = await startEmulator();
  try {
    const auth = new NativeAppAuthClient(emulator.nativeClientId, {
      baseUrl: emulator.authUrl,
    });
    auth.oauth2StartFlow({ requestedScopes: TransferClient.scopes.all });
    const code = await emulator.approve(auth.oauth2GetAuthorizeUrl());
    const tokens = await auth.oauth2ExchangeCodeForTokens(code);
    const token = tokens.byResourceServer[TransferClient.resourceServer]
      ?.access_token;
    if (!token) throw new Error("no Transfer token in the response");
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(token),
      baseUrl: emulator.transferUrl,
    });
    const ls = await tc.operationLs(emulator.collections.tutorial1, {
      path: "/share/godata/",
    });
    const names = ls.DATA.map((entry) => entry.name).sort().join(", ");
    if (names !== "file1.txt, file2.txt, file3.txt") {
      throw new Error(`unexpected listing: ${names}`);
    }

    // require() and import() give the same module: an error thrown by the
    // required client is an instance of the imported class (no second
    // copy of the package, as a dual CommonJS/ESM build would load).
    const imported = await import("@globus-deno/sdk");
    const error = await tc.operationLs(emulator.collections.tutorial1, {
      path: "/share/no-such-folder/",
    }).then(() => null, (e: unknown) => e);
    if (
      imported.TransferAPIError !== TransferAPIError ||
      !(error instanceof imported.TransferAPIError) ||
      error.httpStatus !== 404
    ) {
      throw new Error(
        `a missing folder should be the one TransferAPIError (404), got: ${
          error instanceof Error ? error.stack : String(error)
        }`,
      );
    }
    // Tools read the package's version this way.
    const pkg = require("@globus-deno/sdk/package.json") as { name: string };
    if (pkg.name !== "@globus-deno/sdk") {
      throw new Error(`package.json names ${pkg.name}`);
    }
    console.log(
      `npm consumer (require) OK on node ${process.version}: ${names}`,
    );
  } finally {
    await emulator.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
