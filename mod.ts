/**
 * globus-deno: Globus Auth and Transfer for Deno notebooks, scripts and
 * Node.js.
 *
 * @example List a collection
 * ```ts ignore
 * import { TransferClient, UserApp, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const app = new UserApp({ appName: "my-notebook", clientId: TUTORIAL_CLIENT_ID });
 * const tc = new TransferClient({ app });
 * const ls = await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc", { path: "/share/godata/" });
 * for (const entry of ls.DATA) console.log(entry.name);
 * ```
 *
 * @module
 */

// The code is dist/mod.js, this module's sources (src/mod.ts) bundled into
// one JavaScript file by `deno task bundle`: Deno imports it several times
// faster than the ~120 TypeScript modules it is built from. The types, and
// stack traces through source maps, are the sources'.
// @ts-types="./src/mod.ts"
export * from "./dist/mod.js";
