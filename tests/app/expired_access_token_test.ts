/**
 * A UserApp without refresh tokens whose access token expired logs in
 * again on the next request, as `loginRequired()` says it must. It kept
 * the authorizer it had built and sent the expired token on and on
 * (401 AuthenticationFailed), however often it was called.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { approvingFlow } from "./_setup.ts";

test("an expired access token with no refresh token is replaced by a new login before the request (it was sent on, refused with 401)", async () => {
  const emu = await startEmulator();
  try {
    const clock = fakeClock({ startMs: Date.now() });
    const login = approvingFlow(emu);
    const app = new UserApp({
      appName: "no-refresh",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: login.flow,
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        requestRefreshTokens: false,
        clock,
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = () =>
      tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    await ls();
    await ls();
    assert.equal(login.logins, 1, "a valid token is used as it is");
    const sent = (await app.tokenStorage.getTokenData(
      "transfer.api.globus.org",
    ))?.access_token;
    // Three days on, for the app: its token (48 h) has expired.
    clock.advance(3 * 86400 * 1000);
    assert.equal(await app.loginRequired(), true);
    await ls();
    assert.equal(login.logins, 2, "logged in again before the request");
    const now = (await app.tokenStorage.getTokenData(
      "transfer.api.globus.org",
    ))?.access_token;
    assert.ok(sent && now && now !== sent, "a new token is in use");
    assert.equal(await app.loginRequired(), false);
  } finally {
    await emu.close();
  }
});
