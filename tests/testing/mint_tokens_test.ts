/**
 * `emulator.mintTokens()` stands in for a login the user approved: it
 * leaves the same consents (`getConsents(identity).toForest()` meets the
 * minted scopes, as after a real UserApp login), and with `openid` its
 * answer has the id_token a code exchange has, so a token storage seeded
 * from it knows the user (`identity_id` was `null`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { Scope, TransferScopes } from "../../src/auth/scopes.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";

for (const inProcess of [true, false]) {
  test(`mintTokens records the consents of an approved login: getConsents(identity).toForest() meets the minted scopes (inProcess ${inProcess})`, async () => {
    const emu = await startEmulator({ inProcess });
    try {
      const minted = await emu.mintTokens(`openid ${TransferScopes.all}`);
      assert.equal(minted.resource_server, "auth.globus.org");
      const auth = new AuthClient({
        baseUrl: emu.authUrl,
        authorizer: new AccessTokenAuthorizer(minted.access_token),
      });
      const res = await auth.getConsents(emu.user.id);
      const names = res.consents.map((c) => c.scope_name).sort();
      assert.deepEqual(names, ["openid", TransferScopes.all].sort());
      for (const c of res.consents) {
        assert.equal(c.client, TUTORIAL_CLIENT_ID);
        assert.equal(c.effective_identity, emu.user.id);
      }
      const forest = res.toForest();
      assert.equal(forest.meetsScopeRequirements(TransferScopes.all), true);
      assert.equal(
        forest.meetsScopeRequirements(
          "urn:globus:auth:scope:groups.api.globus.org:all",
        ),
        false,
      );

      // Another user's minted tokens are that user's consents, not demo's.
      const alice = await emu.mintTokens(`openid ${TransferScopes.all}`, {
        identity: "alice",
      });
      const aliceAuth = new AuthClient({
        baseUrl: emu.authUrl,
        authorizer: new AccessTokenAuthorizer(alice.access_token),
      });
      const aliceId = (await aliceAuth.userinfo()).sub;
      assert.notEqual(aliceId, emu.user.id);
      const aliceConsents = await aliceAuth.getConsents(aliceId);
      assert.equal(
        aliceConsents.toForest().meetsScopeRequirements(TransferScopes.all),
        true,
      );
      assert.equal(
        (await auth.getConsents(emu.user.id)).consents.length,
        2,
        "minting the same scopes again adds no consent",
      );
    } finally {
      await emu.close();
    }
  });
}

test("mintTokens with openid answers as a code exchange does: an id_token naming the user, so a storage seeded from it keeps identity_id", async () => {
  for (const inProcess of [true, false]) {
    const emu = await startEmulator({ inProcess });
    try {
      const minted = await emu.mintTokens(
        `openid ${TransferScopes.all}`,
        { refreshTokens: true },
      );
      // The top-level fields of a real authorization_code answer with openid.
      for (
        const k of [
          "access_token",
          "scope",
          "expires_in",
          "token_type",
          "resource_server",
          "state",
          "refresh_token",
          "id_token",
          "other_tokens",
        ]
      ) {
        assert.ok(k in minted, `${k} (inProcess ${inProcess})`);
      }
      assert.equal(minted.other_tokens?.length, 1);
      assert.equal(
        minted.other_tokens?.[0]?.resource_server,
        "transfer.api.globus.org",
      );
      assert.equal(minted.other_tokens?.[0]?.id_token, undefined);

      // Verified as a login flow verifies it: signature, audience, expiry.
      const claims = await new OAuthTokenResponse(minted, {
        clientId: TUTORIAL_CLIENT_ID,
        authBaseUrl: emu.authUrl,
      }).decodeIdToken();
      assert.equal(claims.sub, emu.user.id);
      assert.equal(claims.aud, TUTORIAL_CLIENT_ID);

      const storage = new MemoryTokenStorage();
      // The README's recipe for seeding an app's storage.
      await storage.storeTokenResponse(new OAuthTokenResponse(minted));
      for (const rs of ["auth.globus.org", "transfer.api.globus.org"]) {
        assert.equal(
          (await storage.getTokenData(rs))?.identity_id,
          emu.user.id,
          `${rs} (inProcess ${inProcess})`,
        );
      }

      // Without openid there is no id_token, as in a code exchange.
      const plain = await emu.mintTokens(TransferScopes.all);
      assert.equal("id_token" in plain, false);
    } finally {
      await emu.close();
    }
  }
});

for (const inProcess of [true, false]) {
  test(`mintTokens takes a list of scopes or a Scope, as the login calls do (a list was refused as "not object") (inProcess ${inProcess})`, async () => {
    const emu = await startEmulator({ inProcess });
    try {
      const listed = await emu.mintTokens(["openid", TransferScopes.all]);
      assert.equal(listed.resource_server, "auth.globus.org");
      assert.deepEqual(
        listed.other_tokens?.map((t) => t.resource_server),
        ["transfer.api.globus.org"],
      );
      const one = await emu.mintTokens(new Scope(TransferScopes.all));
      assert.equal(one.resource_server, "transfer.api.globus.org");
      const fromSet = await emu.mintTokens(new Set([TransferScopes.all]));
      assert.equal(fromSet.scope, TransferScopes.all);
      await assert.rejects(emu.mintTokens([]), {
        name: "TypeError",
        message: /needs the scopes to mint tokens for .*not an empty list/,
      });
      await assert.rejects(emu.mintTokens([TransferScopes.all, 7] as never), {
        name: "TypeError",
        message: /one of the scopes is number/,
      });
      await assert.rejects(emu.mintTokens({} as never), {
        name: "TypeError",
        message: /needs the scopes to mint tokens for .*not object/,
      });
    } finally {
      await emu.close();
    }
  });
}

test("an error from the emulator's worker thread shows the line that called it (it showed the thread's message plumbing only)", async () => {
  const emu = await startEmulator();
  try {
    const seedTheTestAccount = async () =>
      await emu.mintTokens("urn:globus:auth:scope:transfer.api.globus.org:al");
    const err = await seedTheTestAccount().then(
      () => assert.fail("no error"),
      (e: unknown) => e as Error,
    );
    assert.ok(err instanceof TypeError);
    const stack = String(err.stack);
    assert.match(stack, /^TypeError: Cannot mint tokens for the unknown scope/);
    assert.match(stack, /seedTheTestAccount/);
    assert.doesNotMatch(stack, /reviveError|onMessage/);
  } finally {
    await emu.close();
  }
});
