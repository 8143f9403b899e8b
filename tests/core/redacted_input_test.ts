/**
 * A token response saved with JSON.stringify() and read back holds
 * "[REDACTED]" where its tokens were: the authorizers and token storages
 * refuse the placeholder, saying where the tokens are, instead of sending
 * it (Globus answered 401 "Token is not valid", far from the cause).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { messageOf } from "../_helpers/argument_errors.ts";

const AT = "AgQ8dW0J1xYbKq7Zr3LmN2pVt5sWc9Hf";
const RT = "AgRt5sWc9Hf8dW0J1xYbKq7Zr3LmN2pV";

function response(): OAuthTokenResponse {
  return new OAuthTokenResponse({
    access_token: AT,
    refresh_token: RT,
    expires_in: 172800,
    resource_server: "transfer.api.globus.org",
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
    token_type: "Bearer",
    other_tokens: [],
  });
}

test("tokens read back from JSON.stringify(tokenResponse) are refused by the authorizers and storages, naming where the tokens are", async () => {
  const saved = JSON.parse(JSON.stringify(response())) as {
    by_resource_server: Record<
      string,
      {
        access_token: string;
        refresh_token: string;
        expires_at_seconds: number;
      }
    >;
  };
  const entry = saved.by_resource_server["transfer.api.globus.org"]!;
  assert.equal(entry.access_token, "[REDACTED]");
  const where =
    /is "\[REDACTED\]", the placeholder the SDK prints instead of a token .*read the token itself by name \(tokens\.byResourceServer\["transfer\.api\.globus\.org"\]\.access_token\)/;
  assert.match(
    messageOf(() => new AccessTokenAuthorizer(entry.access_token)),
    new RegExp(
      `^Cannot create an AccessTokenAuthorizer as 'accessToken' ${where.source}`,
    ),
  );
  const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
  assert.match(
    messageOf(() => new RefreshTokenAuthorizer(entry.refresh_token, client)),
    /^Cannot create a RefreshTokenAuthorizer as 'refreshToken' is "\[REDACTED\]"/,
  );
  assert.match(
    messageOf(() =>
      new RefreshTokenAuthorizer(RT, client, {
        accessToken: entry.access_token,
        expiresAt: entry.expires_at_seconds,
      })
    ),
    /^Cannot create a RefreshTokenAuthorizer as 'accessToken' is "\[REDACTED\]"/,
  );
  const storage = new MemoryTokenStorage();
  await assert.rejects(
    storage.storeTokenDataByResourceServer(
      saved.by_resource_server as never,
    ),
    {
      name: "TypeError",
      message:
        /^Cannot store the tokens for 'transfer\.api\.globus\.org' as 'access_token' is "\[REDACTED\]"/,
    },
  );
  assert.deepEqual(await storage.getTokenDataByResourceServer(), {});
  // The real tokens are taken as before.
  const real = response().byResourceServer["transfer.api.globus.org"]!;
  assert.equal(new AccessTokenAuthorizer(real.access_token).accessToken, AT);
  await storage.storeTokenResponse(response());
  assert.equal(
    (await storage.getTokenData("transfer.api.globus.org"))?.refresh_token,
    RT,
  );
});
