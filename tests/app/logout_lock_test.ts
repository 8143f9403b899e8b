/**
 * `logout()` while another process refreshes, with rotating refresh
 * tokens: the logout read the tokens, revoked them and removed them
 * outside the token file's lock, so a refresh between the read and the
 * removal replaced the refresh token it revoked, and a working refresh
 * token stayed on Globus Auth (and in the other process). Under the lock,
 * what is revoked is what the file holds, and the refresh that waited for
 * the lock finds no tokens and a revoked refresh token.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserApp } from "../../src/app/user_app.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { approvingFlow } from "./_setup.ts";

const TRANSFER_RS = "transfer.api.globus.org";

/** An app that starts `during` when its logout revokes its first token. */
class RacedApp extends UserApp {
  during: (() => void) | undefined;

  override async revokeToken(token: string): Promise<void> {
    const d = this.during;
    this.during = undefined;
    d?.();
    // The other process's refresh gets its chance to run here.
    await new Promise((r) => setTimeout(r, 50));
    return await super.revokeToken(token);
  }
}

test("a refresh racing logout() leaves no working refresh token (rotating refresh tokens)", async () => {
  const emu = await startEmulator({ rotateRefreshTokens: true });
  const dir = await mkdtemp(join(tmpdir(), "globus-logout-lock-"));
  try {
    const path = join(dir, "tokens.json");
    const app = new RacedApp({
      appName: "logout-race",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: approvingFlow(emu).flow,
        tokenStorage: new JSONTokenStorage(path),
        authBaseUrl: emu.authUrl,
      },
    });
    new TransferClient({ app, baseUrl: emu.transferUrl });
    await app.login();
    const saved = await new JSONTokenStorage(path).getTokenData(TRANSFER_RS);
    assert.ok(saved?.refresh_token);
    // The other process: the same token file, refreshing when it must.
    const other = new RefreshTokenAuthorizer(
      saved.refresh_token,
      app.authClient,
      {
        tokenStorage: new JSONTokenStorage(path),
        resourceServer: TRANSFER_RS,
      },
    );
    let refresh: Promise<unknown> | undefined;
    app.during = () => {
      refresh = other.renew().then(() => "refreshed", (e: unknown) => e);
    };
    await app.logout();
    const outcome = await refresh;
    assert.ok(refresh, "the refresh ran during the logout");
    // It waited for the lock, found no tokens, and its refresh token had
    // been revoked.
    assert.ok(
      outcome instanceof AuthAPIError && outcome.code === "invalid_grant",
      String(outcome),
    );
    assert.deepEqual(
      await new JSONTokenStorage(path).getTokenDataByResourceServer(),
      {},
    );
    // No refresh token it ever held still works.
    const held = other.refreshToken;
    await assert.rejects(
      app.authClient.oauth2RefreshToken(held),
      (e: unknown) => e instanceof AuthAPIError && e.code === "invalid_grant",
    );
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});
