/**
 * A Transfer client on a fresh emulator, for tests that call Transfer as a
 * user's program would.
 *
 * @module
 */
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import type { TransferClientOptions } from "../../src/transfer/transfer_options.ts";

const TRANSFER = "urn:globus:auth:scope:transfer.api.globus.org:all";

/**
 * Runs `fn` with a Transfer client (a minted access token) on a fresh
 * emulator, closed after.
 *
 * @param fn The test's body: the client, the emulator and the token.
 * @param options More client options.
 */
export async function withTransfer(
  fn: (tc: TransferClient, emu: Emulator, token: string) => Promise<void>,
  options: Omit<TransferClientOptions, "authorizer" | "baseUrl"> = {},
): Promise<void> {
  const emu = await startEmulator();
  try {
    const tok = await emu.mintTokens(TRANSFER);
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer(tok.access_token),
      baseUrl: emu.transferUrl,
      ...options,
    });
    await fn(tc, emu, tok.access_token);
  } finally {
    await emu.close();
  }
}
