/**
 * Testing tools: a local Globus (Auth + Transfer) emulator that real
 * clients — ours, `@globus/sdk`, and the Python SDK — can talk to without an
 * account or a network.
 *
 * @example Start an emulator and point clients at it
 * ```ts
 * import { startEmulator } from "@globus-deno/sdk/testing";
 * const emulator = await startEmulator();
 * console.log(emulator.env.GLOBUS_SDK_SERVICE_URL_TRANSFER);
 * await emulator.close();
 * ```
 *
 * @module
 */
export * from "./src/testing/emulator.ts";
export { EMULATOR_STREAM_ACCESS_POINTS } from "./src/testing/transfer_admin.ts";
