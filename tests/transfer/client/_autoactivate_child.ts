/**
 * A ported Python 3 script's `endpoint_autoactivate` calls, for the
 * out-of-process test of the deprecation note: two calls on one client,
 * one on another, against the emulator. Prints each result's code.
 */
import { AccessTokenAuthorizer } from "../../../src/authorizers/access_token.ts";
import { TransferScopes } from "../../../src/auth/scopes.ts";
import { startEmulator } from "../../../src/testing/emulator.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";

const emu = await startEmulator();
try {
  const tokens = await emu.mintTokens(TransferScopes.all);
  const client = () =>
    new TransferClient({
      authorizer: new AccessTokenAuthorizer(tokens.access_token),
      baseUrl: emu.transferUrl,
    });
  const first = client();
  const second = client();
  for (const tc of [first, first, second]) {
    const r = await tc.endpointAutoactivate(emu.collections.tutorial1, {
      ifExpiresIn: 3600,
    });
    console.log(`CODE ${r.code}`);
  }
} finally {
  await emu.close();
}
