/**
 * End-to-end: the auth clients against the in-process Globus emulator.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { AuthScopes, TransferScopes } from "../../src/auth/scopes.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { ClientCredentialsAuthorizer } from "../../src/authorizers/client_credentials.ts";
import { AuthAPIError } from "../../src/core/errors.ts";

async function transferStatus(
  transferUrl: string,
  token: string,
): Promise<number> {
  const res = await fetch(
    `${transferUrl}v0.10/endpoint_search?filter_scope=my-endpoints`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  await res.body?.cancel();
  return res.status;
}

test("native flow against the emulator: login, id_token, refresh, revoke", async () => {
  const emu = await startEmulator();
  try {
    const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
      baseUrl: emu.authUrl,
    });
    client.oauth2StartFlow({
      requestedScopes: [
        AuthScopes.openid,
        AuthScopes.profile,
        AuthScopes.email,
        TransferScopes.all,
      ],
      refreshTokens: true,
    });
    const url = client.oauth2GetAuthorizeUrl();
    assert.ok(url.startsWith(`${emu.authUrl}v2/oauth2/authorize?`));
    const code = await emu.approve(url);
    const tokens = await client.oauth2ExchangeCodeForTokens(code);
    assert.deepEqual(tokens.resourceServers.sort(), [
      "auth.globus.org",
      "transfer.api.globus.org",
    ]);
    const transfer = tokens.byScopes[TransferScopes.all]!;
    assert.ok(transfer.refresh_token);
    assert.ok(transfer.expires_at_seconds > Date.now() / 1000);

    const claims = await tokens.decodeIdToken();
    assert.equal(claims.aud, TUTORIAL_CLIENT_ID);
    assert.equal(claims.sub, emu.user.id);

    const auth = new AuthClient({
      baseUrl: emu.authUrl,
      authorizer: new AccessTokenAuthorizer(
        tokens.byResourceServer["auth.globus.org"]!.access_token,
      ),
    });
    assert.equal((await auth.userinfo()).sub, emu.user.id);

    assert.equal(
      await transferStatus(emu.transferUrl, transfer.access_token),
      200,
    );

    // Refresh through the authorizer (no access token yet → refresh first).
    let refreshed = 0;
    const authorizer = new RefreshTokenAuthorizer(
      transfer.refresh_token!,
      client,
      {
        onRefresh: () => {
          refreshed++;
        },
      },
    );
    const header = await authorizer.getAuthorizationHeader();
    assert.equal(refreshed, 1);
    const newToken = header.replace(/^Bearer /, "");
    assert.notEqual(newToken, transfer.access_token);
    assert.equal(await transferStatus(emu.transferUrl, newToken), 200);

    // Revoke, then Transfer refuses the token.
    assert.equal((await client.oauth2RevokeToken(newToken)).active, false);
    assert.equal(await transferStatus(emu.transferUrl, newToken), 401);

    // A used code is refused.
    await assert.rejects(
      client.oauth2ExchangeCodeForTokens(code),
      (err: unknown) =>
        err instanceof AuthAPIError && err.code === "invalid_grant",
    );
  } finally {
    await emu.close();
  }
});

test("confidential client against the emulator: client credentials and dependent tokens", async () => {
  const emu = await startEmulator();
  try {
    const { clientId, clientSecret } = emu.confidentialClient;
    const client = new ConfidentialAppAuthClient(clientId, clientSecret, {
      baseUrl: emu.authUrl,
    });
    const cc = await client.oauth2ClientCredentialsTokens(TransferScopes.all);
    const ccToken =
      cc.byResourceServer["transfer.api.globus.org"]!.access_token;
    assert.equal(await transferStatus(emu.transferUrl, ccToken), 200);

    const authorizer = new ClientCredentialsAuthorizer(
      client,
      TransferScopes.all,
    );
    assert.match(await authorizer.getAuthorizationHeader(), /^Bearer \S+$/);

    const info = await client.oauth2TokenIntrospect(ccToken);
    assert.equal(info.active, true);

    const user = await emu.mintTokens(TransferScopes.all, { clientId });
    const dep = await client.oauth2GetDependentTokens(user.access_token, {
      scope: TransferScopes.all,
      refreshTokens: true,
    });
    const depToken = dep.byResourceServer["transfer.api.globus.org"]!;
    assert.ok(depToken.refresh_token);
    assert.equal(
      await transferStatus(emu.transferUrl, depToken.access_token),
      200,
    );

    const wrong = new ConfidentialAppAuthClient(clientId, "wrong-secret", {
      baseUrl: emu.authUrl,
    });
    await assert.rejects(
      wrong.oauth2ClientCredentialsTokens(TransferScopes.all),
      (err: unknown) =>
        err instanceof AuthAPIError && err.code === "invalid_client",
    );
  } finally {
    await emu.close();
  }
});
