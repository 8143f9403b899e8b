import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";

const SECRETS = ["at-SECRET-transfer", "rt-SECRET-transfer"];

/** What a login gives: the token response, and Transfer's record in it. */
function login(refresh: boolean): OAuthTokenResponse {
  return new OAuthTokenResponse({
    access_token: "at-SECRET-transfer",
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
    expires_in: 172800,
    token_type: "Bearer",
    resource_server: "transfer.api.globus.org",
    ...(refresh ? { refresh_token: "rt-SECRET-transfer" } : {}),
    other_tokens: [],
  });
}

function refused(make: () => unknown): string {
  let message = "";
  assert.throws(make, (e: unknown) => {
    assert.ok(e instanceof TypeError);
    message = e.message;
    return true;
  });
  for (const secret of SECRETS) assert.ok(!message.includes(secret), message);
  return message;
}

test("an AccessTokenAuthorizer given the token response or a token record says to pass its access_token", () => {
  const tokens = login(true);
  assert.equal(
    refused(() => new AccessTokenAuthorizer(tokens as never)),
    `Cannot create an AccessTokenAuthorizer as 'accessToken' is a token response (every token of a login), not one token: pass the access_token of the resource server the client calls, e.g. new AccessTokenAuthorizer(tokens.byResourceServer["transfer.api.globus.org"].access_token)`,
  );
  const record = tokens.byResourceServer["transfer.api.globus.org"]!;
  assert.equal(
    refused(() => new AccessTokenAuthorizer(record as never)),
    "Cannot create an AccessTokenAuthorizer as 'accessToken' is a token record (for transfer.api.globus.org), not the token: pass its access_token, e.g. new AccessTokenAuthorizer(record.access_token)",
  );
  // The raw body (tokens.data, or an emulator's mintTokens()) too.
  assert.match(
    refused(() => new AccessTokenAuthorizer(tokens.data as never)),
    /is a token record \(for transfer\.api\.globus\.org\), not the token: pass its access_token/,
  );
  assert.match(
    refused(() => new AccessTokenAuthorizer(undefined as never)),
    /'accessToken' is undefined: pass the token itself, e.g\. tokens\.byResourceServer\["transfer\.api\.globus\.org"\]\.access_token$/,
  );
  assert.match(
    refused(() => new AccessTokenAuthorizer(42 as never)),
    /'accessToken' must be a non-empty string \(the token\), not the number 42$/,
  );
  assert.match(
    refused(() => new AccessTokenAuthorizer("  ")),
    /'accessToken' is an empty string$/,
  );
  // The token itself still works.
  assert.equal(
    new AccessTokenAuthorizer(record.access_token).accessToken,
    "at-SECRET-transfer",
  );
});

test("a RefreshTokenAuthorizer given a record, or a null refresh_token from a login without refresh tokens, says what to pass", () => {
  const client = new NativeAppAuthClient("cid");
  const record = login(true).byResourceServer["transfer.api.globus.org"]!;
  assert.equal(
    refused(() => new RefreshTokenAuthorizer(record as never, client)),
    "Cannot create a RefreshTokenAuthorizer as 'refreshToken' is a token record (for transfer.api.globus.org), not the token: pass its refresh_token, e.g. new RefreshTokenAuthorizer(record.refresh_token, authClient, { accessToken: record.access_token, expiresAt: record.expires_at_seconds })",
  );
  const noRefresh = login(false).byResourceServer["transfer.api.globus.org"]!;
  assert.equal(noRefresh.refresh_token, null);
  assert.equal(
    refused(() =>
      new RefreshTokenAuthorizer(noRefresh.refresh_token as never, client)
    ),
    "Cannot create a RefreshTokenAuthorizer as 'refreshToken' is null: a token record's refresh_token is null when the login asked for no refresh tokens; log in with refreshTokens: true (a UserApp: config.requestRefreshTokens: true), or use an AccessTokenAuthorizer with the access token",
  );
  assert.match(
    refused(() => new RefreshTokenAuthorizer(login(true) as never, client)),
    /is a token response \(every token of a login\), not one token: pass the refresh_token of the resource server the client calls, e\.g\. new RefreshTokenAuthorizer\(tokens\.byResourceServer\["transfer\.api\.globus\.org"\]\.refresh_token, authClient, \{ accessToken: /,
  );
});
