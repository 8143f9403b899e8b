/**
 * A Node program bundled by esbuild, package and all (`esbuild --bundle`,
 * as ESM and as CommonJS): the emulator's worker thread is a file of its
 * own that the bundle does not carry, so `startEmulator()` must refuse
 * with what to do (keep the package external, or `inProcess: true`), and
 * the in-process emulator must work from the bundle. With the argument
 * `external` (bundled with `--packages=external`), the worker emulator
 * must start.
 *
 * scripts/build_npm.ts --test bundles and runs it in the consumer project;
 * it must print the `npm consumer bundle OK on node vX.Y.Z:` line.
 */
import process from "node:process";
import { AccessTokenAuthorizer, TransferClient } from "@globus-deno/sdk";
import { startEmulator } from "@globus-deno/sdk/testing";

async function list(emulator) {
  const tokens = await emulator.mintTokens(TransferClient.scopes.all);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tokens.access_token),
    baseUrl: emulator.transferUrl,
  });
  const ls = await tc.operationLs(emulator.collections.tutorial1, {
    path: "/share/godata/",
  });
  return ls.DATA.map((entry) => entry.name).sort().join(", ");
}

async function main() {
  const external = process.argv[2] === "external";
  let emulator;
  if (external) {
    emulator = await startEmulator();
  } else {
    const refused = await startEmulator().then(
      async (started) => {
        await started.close();
        return "it started";
      },
      (e) => (e instanceof Error ? e.message : String(e)),
    );
    if (
      !refused.includes("startEmulator({ inProcess: true })") ||
      !refused.includes("--packages=external")
    ) {
      throw new Error(
        `startEmulator() in a bundle should refuse, saying to keep the package external or to pass { inProcess: true }; got: ${refused}`,
      );
    }
    emulator = await startEmulator({ inProcess: true });
  }
  try {
    const names = await list(emulator);
    console.log(
      `npm consumer bundle OK on node ${process.version}: ${
        external ? "worker" : "in-process"
      } emulator listed ${names}`,
    );
  } finally {
    await emulator.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
