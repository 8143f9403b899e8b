/**
 * The emulator's consents route with the SDK: a login with a mapped
 * collection's data_access scope leaves a dependent consent that
 * `getConsents(identity).toForest().meetsScopeRequirements(…)` finds; the
 * route lists the consents rooted at the calling client (all clients with
 * `all=true` and the view_consents scope), as Globus Auth does.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startEmulator } from "../../src/testing/emulator.ts";
import type { Emulator } from "../../src/testing/emulator.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import {
  AuthScopes,
  GCSCollectionScopes,
  Scope,
  TransferScopes,
} from "../../src/auth/scopes.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { AuthAPIError, TransferAPIError } from "../../src/core/errors.ts";
import type { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const VIEW_CONSENTS = "urn:globus:auth:scope:auth.globus.org:view_consents";

/** Logs in through the authorize page; returns the token response. */
async function login(
  emu: Emulator,
  clientId: string,
  scopes: (string | Scope)[],
): Promise<OAuthTokenResponse> {
  const client = new NativeAppAuthClient(clientId, { baseUrl: emu.authUrl });
  client.oauth2StartFlow({
    requestedScopes: [AuthScopes.openid, AuthScopes.profile, ...scopes],
  });
  const code = await emu.approve(client.oauth2GetAuthorizeUrl());
  return await client.oauth2ExchangeCodeForTokens(code);
}

/** Logs in through the authorize page; returns an AuthClient for the login. */
async function loginAuthClient(
  emu: Emulator,
  clientId: string,
  scopes: (string | Scope)[],
): Promise<AuthClient> {
  const tokens = await login(emu, clientId, scopes);
  return new AuthClient({
    baseUrl: emu.authUrl,
    authorizer: new AccessTokenAuthorizer(
      tokens.byResourceServer["auth.globus.org"]!.access_token,
    ),
  });
}

test("a data_access login shows in getConsents(identity).toForest()", async () => {
  const emu = await startEmulator();
  try {
    const mapped = GCSCollectionScopes(emu.collections.mapped).dataAccess;
    const other = GCSCollectionScopes(emu.collections.tutorial1).dataAccess;
    const needed = `${TransferScopes.all}[${mapped}]`;

    // First a plain Transfer login: no data_access consent yet.
    const first = await loginAuthClient(emu, TUTORIAL_CLIENT_ID, [
      TransferScopes.all,
    ]);
    const before = (await first.getConsents(emu.user.id)).toForest();
    assert.equal(before.meetsScopeRequirements(TransferScopes.all), true);
    assert.equal(before.meetsScopeRequirements(needed), false);

    // Then the login an app makes after addAppDataAccessScope: the optional
    // data_access dependency under Transfer.
    const auth = await loginAuthClient(emu, TUTORIAL_CLIENT_ID, [
      new Scope(TransferScopes.all).addDependency(mapped, { optional: true }),
    ]);
    const res = await auth.getConsents(emu.user.id);
    const forest = res.toForest();
    assert.equal(forest.meetsScopeRequirements(needed), true);
    assert.equal(
      forest.meetsScopeRequirements(`${TransferScopes.all}[*${mapped}]`),
      true,
    );
    assert.equal(
      forest.meetsScopeRequirements([
        AuthScopes.openid,
        new Scope(TransferScopes.all, { dependencies: [mapped] }),
      ]),
      true,
    );
    // not consented: another collection's data_access, another service
    assert.equal(
      forest.meetsScopeRequirements(`${TransferScopes.all}[${other}]`),
      false,
    );
    assert.equal(
      forest.meetsScopeRequirements(
        `${TransferScopes.all}[${mapped} ${other}]`,
      ),
      false,
    );
    assert.equal(
      forest.meetsScopeRequirements(
        "urn:globus:auth:scope:groups.api.globus.org:all",
      ),
      false,
    );
    // the data_access consent hangs under the one Transfer consent
    const transferTree = forest.trees.find((t) =>
      t.root.scope_name === TransferScopes.all
    )!;
    assert.equal(transferTree.maxDepth, 2);
    const [child] = transferTree.edges.get(transferTree.root.id)!;
    assert.equal(transferTree.getNode(child!).scope_name, mapped);
    assert.deepEqual(transferTree.getNode(child!).dependency_path, [
      transferTree.root.id,
      child,
    ]);
  } finally {
    await emu.close();
  }
});

test("the consents route lists the calling client's consents unless all=true", async () => {
  const emu = await startEmulator();
  try {
    emu.registerClient({ clientId: "other-native-app", name: "Other app" });
    const mapped = GCSCollectionScopes(emu.collections.mapped).dataAccess;
    const needed = `${TransferScopes.all}[${mapped}]`;
    // Another app got the data_access consent; the tutorial client did not.
    await loginAuthClient(emu, "other-native-app", [needed]);
    const auth = await loginAuthClient(emu, TUTORIAL_CLIENT_ID, [
      TransferScopes.all,
      VIEW_CONSENTS,
    ]);

    const mine = await auth.getConsents(emu.user.id);
    const forest = mine.toForest();
    assert.equal(forest.meetsScopeRequirements(TransferScopes.all), true);
    assert.equal(forest.meetsScopeRequirements(needed), false);
    for (const tree of forest.trees) {
      assert.equal(tree.root.client, TUTORIAL_CLIENT_ID);
    }

    const all = await auth.getConsents(emu.user.id, { all: true });
    assert.ok(all.consents.length > mine.consents.length);
    assert.equal(all.toForest().meetsScopeRequirements(needed), true);
    assert.deepEqual(
      [...new Set(all.toForest().trees.map((t) => t.root.client))].sort(),
      ["other-native-app", TUTORIAL_CLIENT_ID].sort(),
    );

    // all=true without the view_consents scope is refused
    const plain = await loginAuthClient(emu, TUTORIAL_CLIENT_ID, [
      TransferScopes.all,
    ]);
    await assert.rejects(
      plain.getConsents(emu.user.id, { all: true }),
      (e: unknown) =>
        e instanceof AuthAPIError && e.httpStatus === 403 &&
        /view_consents/.test(e.message),
    );
    assert.ok((await plain.getConsents(emu.user.id)).consents.length > 0);
  } finally {
    await emu.close();
  }
});

test("a data_access consent outlives the token that carried it, for its client, as in Globus Auth", async () => {
  const emu = await startEmulator();
  try {
    emu.registerClient({ clientId: "other-native-app", name: "Other app" });
    const mapped = emu.collections.mapped;
    const withConsent = new Scope(TransferScopes.all).addDependency(
      GCSCollectionScopes(mapped).dataAccess,
    );
    /** Lists the mapped collection with a login's Transfer token. */
    const ls = (tokens: OAuthTokenResponse) =>
      new TransferClient({
        baseUrl: emu.transferUrl,
        authorizer: new AccessTokenAuthorizer(
          tokens.byResourceServer["transfer.api.globus.org"]!.access_token,
        ),
      }).operationLs(mapped, { path: "/~/" });
    const consentRequired = (e: unknown) =>
      e instanceof TransferAPIError && e.httpStatus === 403 &&
      e.code === "ConsentRequired";

    const before = await login(emu, TUTORIAL_CLIENT_ID, [TransferScopes.all]);
    await assert.rejects(ls(before), consentRequired);

    await login(emu, TUTORIAL_CLIENT_ID, [withConsent]);
    // A later login asking only for Transfer keeps the consent, so its
    // token (and the one from before the consent) reach the collection:
    // Transfer's dependent token comes from the consents, not the token.
    const after = await login(emu, TUTORIAL_CLIENT_ID, [TransferScopes.all]);
    assert.equal((await ls(after)).DATA.length, 0);
    assert.equal((await ls(before)).DATA.length, 0);

    // The consent belongs to the tutorial client's Transfer consent.
    const other = await login(emu, "other-native-app", [TransferScopes.all]);
    await assert.rejects(ls(other), consentRequired);
  } finally {
    await emu.close();
  }
});
