/**
 * `await app.getAuthorizer(rs)` is an `instanceof` the class of the
 * authorizer of the app's tokens in use now, as Python's
 * `app.get_authorizer(rs)` returns that authorizer itself: a ported
 * `isinstance(authorizer, RefreshTokenAuthorizer)` was `false` (the app's
 * authorizer is a plain object that follows the app across logins), and
 * Python's `authorizer.ensure_valid_token()` was "not a function".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ClientApp } from "../../src/app/client_app.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { ClientCredentialsAuthorizer } from "../../src/authorizers/client_credentials.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { RenewingAuthorizer } from "../../src/authorizers/renewing.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import type { StoredTokenData } from "../../src/tokens/token_storage.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";

const CLIENT = "61338d24-54d5-408f-a10d-66c06b59f6d2";
const TRANSFER_RS = "transfer.api.globus.org";
const TRANSFER = "urn:globus:auth:scope:transfer.api.globus.org:all";
const NOW_S = 1_800_000_000;

function rec(
  rs: string,
  scope: string,
  refresh: boolean,
): StoredTokenData {
  return {
    resource_server: rs,
    identity_id: "id-1",
    scope,
    access_token: `AT-${rs}-secret-value`,
    refresh_token: refresh ? `RT-${rs}-secret-value` : null,
    expires_at_seconds: NOW_S + 3600,
    token_type: "Bearer",
  };
}

async function appWithCached(refresh: boolean): Promise<UserApp> {
  const storage = new MemoryTokenStorage();
  await storage.storeTokenDataByResourceServer({
    [TRANSFER_RS]: rec(TRANSFER_RS, TRANSFER, refresh),
    "auth.globus.org": rec("auth.globus.org", "openid", refresh),
  });
  return new UserApp({
    appName: "authorizer-class",
    clientId: CLIENT,
    scopeRequirements: { [TRANSFER_RS]: [TRANSFER] },
    config: {
      tokenStorage: storage,
      requestRefreshTokens: refresh,
      loginFlowManager: "command-line",
      clock: fakeClock({ startMs: NOW_S * 1000 }),
      prompt: () => Promise.resolve(null),
      write: () => {},
    },
  });
}

test("with a cached refresh token, app.getAuthorizer(rs) is an instanceof RefreshTokenAuthorizer (Python's isinstance)", async () => {
  const app = await appWithCached(true);
  const authorizer = await app.getAuthorizer(TRANSFER_RS);
  assert.equal(authorizer instanceof RefreshTokenAuthorizer, true);
  assert.equal(authorizer instanceof RenewingAuthorizer, true);
  assert.equal(authorizer instanceof AccessTokenAuthorizer, false);
  assert.equal(authorizer instanceof ClientCredentialsAuthorizer, false);
  // What the narrowed type offers reads the tokens in use.
  if (!(authorizer instanceof RefreshTokenAuthorizer)) throw new Error();
  assert.equal(authorizer.refreshToken, `RT-${TRANSFER_RS}-secret-value`);
  assert.equal(authorizer.accessToken, `AT-${TRANSFER_RS}-secret-value`);
  assert.equal(authorizer.needsRenewal(), false);
  // Python's authorizer.ensure_valid_token(): nothing to renew here.
  await authorizer.ensureValidToken();
  assert.equal(
    await authorizer.getAuthorizationHeader(),
    `Bearer AT-${TRANSFER_RS}-secret-value`,
  );
  await app.close();
});

test("without a refresh token, app.getAuthorizer(rs) is an instanceof AccessTokenAuthorizer", async () => {
  const app = await appWithCached(false);
  const authorizer = await app.getAuthorizer(TRANSFER_RS);
  assert.equal(authorizer instanceof AccessTokenAuthorizer, true);
  assert.equal(authorizer instanceof RefreshTokenAuthorizer, false);
  assert.equal(authorizer instanceof RenewingAuthorizer, false);
  await authorizer.ensureValidToken();
  await app.close();
});

test("instanceof of the authorizer classes is unchanged for their own instances, other values and a subclass of the user's", async () => {
  const at = new AccessTokenAuthorizer("tok");
  const client = new NativeAppAuthClient(CLIENT);
  const rt = new RefreshTokenAuthorizer("rt", client);
  class MyRefreshTokenAuthorizer extends RefreshTokenAuthorizer {}
  const mine = new MyRefreshTokenAuthorizer("rt", client);
  assert.equal(at instanceof AccessTokenAuthorizer, true);
  assert.equal(at instanceof RefreshTokenAuthorizer, false);
  assert.equal(rt instanceof RefreshTokenAuthorizer, true);
  assert.equal(rt instanceof AccessTokenAuthorizer, false);
  assert.equal(rt instanceof MyRefreshTokenAuthorizer, false);
  assert.equal(mine instanceof MyRefreshTokenAuthorizer, true);
  assert.equal(mine instanceof RefreshTokenAuthorizer, true);
  for (const v of [null, undefined, 1, "tok", {}, { accessToken: "x" }]) {
    assert.equal(v instanceof RefreshTokenAuthorizer, false);
    assert.equal(v instanceof AccessTokenAuthorizer, false);
  }
  const app = await appWithCached(true);
  const authorizer = await app.getAuthorizer(TRANSFER_RS);
  assert.equal(authorizer instanceof MyRefreshTokenAuthorizer, false);
  await app.close();
});

test("the app's authorizer never shows its tokens, the refresh token included", async () => {
  const app = await appWithCached(true);
  const authorizer = await app.getAuthorizer(TRANSFER_RS);
  const secrets = [
    `AT-${TRANSFER_RS}-secret-value`,
    `RT-${TRANSFER_RS}-secret-value`,
  ];
  for (
    const text of [
      inspect(authorizer, { showHidden: true, getters: true, depth: 6 }),
      inspect(authorizer),
      String(authorizer),
      JSON.stringify(authorizer),
      JSON.stringify({ authorizer }),
    ]
  ) {
    for (const s of secrets) assert.ok(!text.includes(s), text);
  }
  assert.deepEqual(Object.keys(authorizer).sort(), [
    "ensureValidToken",
    "getAuthorizationHeader",
    "handleMissingAuthorization",
  ]);
  await app.close();
});

test("a ClientApp's app.getAuthorizer(rs) is an instanceof ClientCredentialsAuthorizer, as Python's", async () => {
  const emu = await startEmulator();
  try {
    const app = new ClientApp({
      appName: "svc",
      clientId: emu.confidentialClient.clientId,
      clientSecret: emu.confidentialClient.clientSecret,
      scopeRequirements: { [TRANSFER_RS]: [TRANSFER] },
      config: { tokenStorage: "memory", authBaseUrl: emu.authUrl },
    });
    const authorizer = await app.getAuthorizer(TRANSFER_RS);
    assert.equal(authorizer instanceof ClientCredentialsAuthorizer, true);
    assert.equal(authorizer instanceof RenewingAuthorizer, true);
    assert.equal(authorizer instanceof RefreshTokenAuthorizer, false);
    if (!(authorizer instanceof ClientCredentialsAuthorizer)) throw new Error();
    assert.match(authorizer.scopes, /transfer\.api\.globus\.org:all/);
    await app.close();
  } finally {
    await emu.close();
  }
});

test("Python's names on the app's authorizer (authorizer.access_token, ensure_valid_token) say the camelCase ones (they read undefined)", async () => {
  const app = await appWithCached(true);
  const authorizer = await app.getAuthorizer(TRANSFER_RS);
  const loose = authorizer as unknown as Record<string, unknown>;
  for (
    const [python, camel] of [
      ["access_token", "accessToken"],
      ["expires_at", "expiresAt"],
      ["ensure_valid_token", "ensureValidToken"],
      ["get_authorization_header", "getAuthorizationHeader"],
    ]
  ) {
    assert.throws(
      () => loose[python as string],
      (e: unknown) =>
        e instanceof TypeError && e.message.includes(camel as string) &&
        e.message.startsWith("AppAuthorizer has no") &&
        !e.message.includes("secret-value"),
      python,
    );
  }
  // Other missing names read undefined, as on any object.
  assert.equal(loose["somethingElse"], undefined);
  await app.close();
});
