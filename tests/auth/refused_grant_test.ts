/**
 * A token request Globus Auth refuses reads as a sentence naming what was
 * refused and why, not as the raw JSON body.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

function answering(body: unknown, status = 400) {
  return () => Promise.resolve(Response.json(body, { status }));
}

test("a refused refresh token: 'Globus Auth refused the refresh token (invalid_grant): …'", async () => {
  const refresh = "RT-never-shown-0123456789";
  const bare = new NativeAppAuthClient("client-1", {
    fetch: answering({ error: "invalid_grant" }),
    retry: false,
  });
  const e = await bare.oauth2RefreshToken(refresh).catch((x) => x);
  assert.ok(e instanceof AuthAPIError);
  assert.equal(e.name, "AuthAPIError");
  assert.equal(e.code, "invalid_grant");
  assert.match(
    e.message,
    /^Globus Auth refused the refresh token \(invalid_grant\): it is invalid, expired or revoked, or was issued to another client; log in again for a new refresh token \(an app does it with app\.login\(\); by hand, oauth2StartFlow\(\) and oauth2ExchangeCodeForTokens\(\) with a new code, then a new RefreshTokenAuthorizer\) \[POST https:\/\/auth\.globus\.org\/v2\/oauth2\/token → 400\]$/,
  );
  assert.ok(!e.message.includes("{"), "no raw JSON in the message");
  for (const shown of [e.message, inspect(e), JSON.stringify(e)]) {
    assert.ok(!shown.includes(refresh));
  }
  const described = new NativeAppAuthClient("client-1", {
    fetch: answering({
      error: "invalid_grant",
      error_description: "Refresh token expired",
    }),
    retry: false,
  });
  const d = await described.oauth2RefreshToken(refresh).catch((x) => x);
  assert.match(
    d.message,
    /^Globus Auth refused the refresh token \(invalid_grant\): Refresh token expired; log in again for a new refresh token \(/,
  );
  assert.equal(d.serviceMessage, "Refresh token expired");
});

test("a refused authorization code and refused client credentials read the same way", async () => {
  const native = new NativeAppAuthClient("client-1", {
    fetch: answering({ error: "invalid_grant" }),
    retry: false,
  });
  native.oauth2StartFlow();
  const code = await native.oauth2ExchangeCodeForTokens("some-code-123")
    .catch((x) => x);
  assert.ok(code instanceof AuthAPIError);
  assert.match(
    code.message,
    /^Globus Auth refused the authorization code \(invalid_grant\): it is invalid, expired or already used, or was issued to another client or for another redirect URI; a code works once: open the login link again and use the new code it gives \[POST /,
  );
  const confidential = new ConfidentialAppAuthClient("client-2", "secret-xyz", {
    fetch: answering({ error: "invalid_client" }, 401),
    retry: false,
  });
  const cc = await confidential.oauth2ClientCredentialsTokens("openid").catch((
    x,
  ) => x);
  assert.ok(cc instanceof AuthAPIError);
  assert.equal(cc.code, "invalid_client");
  assert.match(
    cc.message,
    /^Globus Auth refused the client credentials \(invalid_client\): check the client id and, for a confidential client \(a ClientApp, or a UserApp given clientSecret\), its secret: a secret is shown only once, when it is made, so a lost one is replaced by a new one made for the client at https:\/\/app\.globus\.org\/settings\/developers \[POST .* → 401\]$/,
  );
  // Globus Auth's own description comes first, then the fix.
  const described = new ConfidentialAppAuthClient("client-3", "secret-xyz", {
    fetch: answering({
      error: "invalid_client",
      error_description: "Invalid client credentials",
    }, 401),
    retry: false,
  });
  const cd = await described.oauth2ClientCredentialsTokens("openid").catch((
    x,
  ) => x);
  assert.match(
    cd.message,
    /^Globus Auth refused the client credentials \(invalid_client\): Invalid client credentials; check the client id and/,
  );
  assert.ok(!cd.message.includes("secret-xyz"));
});

test("against the emulator: a revoked refresh token and a reused code are refused in a sentence", async () => {
  const emu = await startEmulator({ inProcess: true });
  try {
    const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
      baseUrl: emu.authUrl,
      retry: false,
    });
    client.oauth2StartFlow({ refreshTokens: true });
    const code = await emu.approve(client.oauth2GetAuthorizeUrl());
    const tokens = await client.oauth2ExchangeCodeForTokens(code);
    const again = await client.oauth2ExchangeCodeForTokens(code).catch((x) =>
      x
    );
    assert.ok(again instanceof AuthAPIError);
    // The emulator says why (as Globus Auth does); the fix is said too.
    assert.match(
      again.message,
      /^Globus Auth refused the authorization code \(invalid_grant\): \S.*; a code works once: open the login link again and use the new code it gives \[POST /,
    );
    const rt = Object.values(tokens.byResourceServer)[0]!.refresh_token!;
    await client.oauth2RevokeToken(rt);
    const e = await client.oauth2RefreshToken(rt).catch((x) => x);
    assert.ok(e instanceof AuthAPIError);
    assert.equal(e.code, "invalid_grant");
    assert.match(
      e.message,
      /^Globus Auth refused the refresh token \(invalid_grant\): \S/,
    );
    assert.ok(!e.message.includes(rt));
  } finally {
    await emu.close();
  }
});

test("a refused grant's error names every frame of its stack (one read 'at new <anonymous>')", async () => {
  const bare = new NativeAppAuthClient("client-1", {
    fetch: answering({ error: "invalid_grant" }),
    retry: false,
  });
  const e = await bare.oauth2RefreshToken("RT-never-shown-0123456789").catch((
    x,
  ) => x);
  assert.ok(e instanceof AuthAPIError);
  assert.doesNotMatch(String(e.stack), /at new <anonymous>/);
  assert.match(String(e.stack), /at new refusedGrantError /);
});
