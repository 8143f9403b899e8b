/**
 * A TransferClient logged in to a fresh emulator (tokens minted directly),
 * for the client tests of each Transfer area.
 *
 * @module
 */
import { AccessTokenAuthorizer } from "../../../src/authorizers/access_token.ts";
import {
  type Emulator,
  type EmulatorOptions,
  startEmulator,
} from "../../../src/testing/emulator.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";

/** The Transfer scope. */
export const TRANSFER_SCOPE =
  "urn:globus:auth:scope:transfer.api.globus.org:all";

/**
 * Starts an emulator and a client for its demo user.
 *
 * @param options Emulator options.
 * @returns The emulator and the client.
 */
export async function emulatorClient(
  options: EmulatorOptions = {},
): Promise<{ emu: Emulator; tc: TransferClient; token: string }> {
  const emu = await startEmulator(options);
  const tok = await emu.mintTokens(TRANSFER_SCOPE);
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(tok.access_token),
    baseUrl: emu.transferUrl,
    retry: false,
  });
  return { emu, tc, token: tok.access_token };
}
