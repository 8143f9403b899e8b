/**
 * Well-known Globus identifiers.
 *
 * @module
 */

/**
 * The client id of the Globus tutorial native app (the one the Python SDK
 * tutorial uses). Fine for trying things out; register your own app for
 * real work.
 *
 * @example Log in with the tutorial client
 * ```ts
 * import { NativeAppAuthClient, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
 * console.log(client.clientId);
 * ```
 */
export const TUTORIAL_CLIENT_ID: string =
  "61338d24-54d5-408f-a10d-66c06b59f6d2";
