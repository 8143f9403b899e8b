/**
 * The login clients' API beyond the flows (getJwk, getOpenidConfiguration,
 * oauth2Token, createNativeAppInstance, createChildClient), AuthClient's
 * getJwk/getOpenidConfiguration, and the emulator refusing unknown scopes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import {
  OAuthDependentTokenResponse,
  OAuthTokenResponse,
} from "../../src/auth/token_response.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { fakeFetch } from "../_helpers/fake_fetch.ts";

test("getOpenidConfiguration and getJwk on AuthClient, NativeAppAuthClient and ConfidentialAppAuthClient", async () => {
  const emu = await startEmulator();
  try {
    const tok = await emu.mintTokens("openid");
    const clients = [
      new AuthClient({
        authorizer: new AccessTokenAuthorizer(tok.access_token),
        baseUrl: emu.authUrl,
      }),
      new NativeAppAuthClient(emu.nativeClientId, { baseUrl: emu.authUrl }),
      new ConfidentialAppAuthClient(
        emu.confidentialClient.clientId,
        emu.confidentialClient.clientSecret,
        { baseUrl: emu.authUrl },
      ),
    ];
    for (const client of clients) {
      const config = await client.getOpenidConfiguration();
      assert.equal(config.jwks_uri, `${emu.authUrl}jwk.json`);
      assert.equal(config["token_endpoint"], `${emu.authUrl}v2/oauth2/token`);
      const jwks = await client.getJwk();
      assert.ok(jwks.keys.length >= 1);
      assert.equal(jwks.keys[0]!.kty, "RSA");
      // With the configuration given, the same keys come back.
      assert.deepEqual(await client.getJwk(config), jwks);
      const pem = await client.getJwk(undefined, { asPem: true });
      assert.match(
        pem,
        /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n?$/,
      );
    }
    await assert.rejects(
      clients[0]!.getJwk({ issuer: "x" } as never),
      /no 'jwks_uri'/,
    );
  } finally {
    await emu.close();
  }
});

test("getJwk({ asPem: true }) (Python's get_jwk(as_pem=True)) is refused before any request, naming getJwk(undefined, { asPem: true })", async () => {
  const ff = fakeFetch([]);
  const clients = [
    new AuthClient({
      authorizer: new AccessTokenAuthorizer("tok"),
      fetch: ff.fetch,
      retry: false,
    }),
    new NativeAppAuthClient("cid", { fetch: ff.fetch, retry: false }),
    new ConfidentialAppAuthClient("cid", "secret", {
      fetch: ff.fetch,
      retry: false,
    }),
  ];
  for (const client of clients) {
    for (const misplaced of [{ asPem: true }, { as_pem: true }]) {
      await assert.rejects(
        client.getJwk(misplaced as never),
        (e: unknown) =>
          e instanceof TypeError &&
          e.message.includes("getJwk(undefined, { asPem: true })") &&
          !e.message.includes("no 'jwks_uri'"),
      );
    }
  }
  assert.equal(ff.requests.length, 0);
});

test("NativeAppAuthClient.createNativeAppInstance makes a confidential client whose secret works", async () => {
  const emu = await startEmulator();
  try {
    const native = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    const res = await native.createNativeAppInstance(
      emu.nativeClientId,
      "my laptop",
    );
    assert.equal(res.client.name, "my laptop");
    assert.equal(res.client.client_type, "confidential_client");
    assert.equal(res.client.parent_client, emu.nativeClientId);
    const secret = res.included?.client_credential?.secret;
    assert.equal(typeof secret, "string");
    assert.doesNotMatch(inspect(res, { depth: 6 }), new RegExp(secret!));
    const instance = new ConfidentialAppAuthClient(res.client.id, secret!, {
      baseUrl: emu.authUrl,
    });
    const tokens = await instance.oauth2ClientCredentialsTokens(
      TransferScopes.all,
    );
    assert.ok(tokens.byResourceServer["transfer.api.globus.org"]);
    // A confidential client is no template.
    await assert.rejects(
      native.createNativeAppInstance(res.client.id, "copy"),
      (e: unknown) => e instanceof AuthAPIError && e.httpStatus === 400,
    );
  } finally {
    await emu.close();
  }
});

test("ConfidentialAppAuthClient.createChildClient makes a child of the authenticated client", async () => {
  const emu = await startEmulator();
  try {
    const parent = new ConfidentialAppAuthClient(
      emu.confidentialClient.clientId,
      emu.confidentialClient.clientSecret,
      { baseUrl: emu.authUrl },
    );
    const child = await parent.createChildClient("worker", {
      clientType: "client_identity",
      visibility: "private",
    });
    assert.equal(child.client.name, "worker");
    assert.equal(child.client.client_type, "client_identity");
    assert.equal(child.client.parent_client, emu.confidentialClient.clientId);
    await assert.rejects(parent.createChildClient("x"), TypeError);
    await assert.rejects(
      parent.createChildClient("x", {
        publicClient: true,
        privacyPolicy: "https://x.org/p",
      }),
      TypeError,
    );
    const wrong = new ConfidentialAppAuthClient(
      emu.confidentialClient.clientId,
      "wrong",
      { baseUrl: emu.authUrl },
    );
    await assert.rejects(
      wrong.createChildClient("x", { publicClient: false }),
      (e: unknown) => e instanceof AuthAPIError && e.httpStatus === 401,
    );
  } finally {
    await emu.close();
  }
});

test("oauth2Token sends a raw grant as a form, authenticated as the client", async () => {
  const emu = await startEmulator();
  try {
    const conf = new ConfidentialAppAuthClient(
      emu.confidentialClient.clientId,
      emu.confidentialClient.clientSecret,
      { baseUrl: emu.authUrl },
    );
    const cc = await conf.oauth2Token({
      grant_type: "client_credentials",
      scope: TransferScopes.all,
    });
    assert.ok(cc instanceof OAuthTokenResponse);
    assert.ok(cc.byResourceServer["transfer.api.globus.org"]?.access_token);

    // A native app's refresh grant (client_id goes in the body).
    const minted = await emu.mintTokens(TransferScopes.all, {
      refreshTokens: true,
    });
    const native = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    const refreshed = await native.oauth2Token(
      { grant_type: "refresh_token" },
      { bodyParams: { refresh_token: minted.refresh_token! } },
    );
    assert.ok(refreshed instanceof OAuthTokenResponse);
    assert.notEqual(
      refreshed.byResourceServer["transfer.api.globus.org"]?.access_token,
      minted.access_token,
    );

    // A grant answered with a bare array takes OAuthDependentTokenResponse.
    const mine = await emu.mintTokens(TransferScopes.all, {
      clientId: emu.confidentialClient.clientId,
    });
    const dep = await conf.oauth2Token({
      grant_type: "urn:globus:auth:grant_type:dependent_token",
      token: mine.access_token,
    }, { responseClass: OAuthDependentTokenResponse });
    assert.ok(dep instanceof OAuthDependentTokenResponse);

    await assert.rejects(conf.oauth2Token({ scope: "openid" }), /grant_type/);
    await assert.rejects(
      native.oauth2Token({
        grant_type: "refresh_token",
        refresh_token: "nope",
      }),
      (e: unknown) => e instanceof AuthAPIError && e.httpStatus === 400,
    );
  } finally {
    await emu.close();
  }
});

test("the emulator refuses an unknown or misspelled scope with invalid_scope", async () => {
  const emu = await startEmulator();
  try {
    const misspelled = "urn:globus:auth:scope:transfer.api.globus.org:al";
    const native = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    native.oauth2StartFlow({ requestedScopes: misspelled });
    const url = native.oauth2GetAuthorizeUrl();
    await assert.rejects(
      emu.approve(url),
      /invalid_scope.*transfer\.api\.globus\.org:al/,
    );
    const page = await fetch(url);
    assert.equal(page.status, 400);
    assert.match(await page.text(), /invalid_scope/);

    // Also as a dependency, and at token time.
    native.oauth2StartFlow({
      requestedScopes: `${TransferScopes.all}[urn:globus:auth:scope:nope:x]`,
    });
    await assert.rejects(
      emu.approve(native.oauth2GetAuthorizeUrl()),
      /invalid_scope/,
    );
    const conf = new ConfidentialAppAuthClient(
      emu.confidentialClient.clientId,
      emu.confidentialClient.clientSecret,
      { baseUrl: emu.authUrl },
    );
    await assert.rejects(
      conf.oauth2ClientCredentialsTokens(misspelled),
      (e: unknown) =>
        e instanceof AuthAPIError && e.httpStatus === 400 &&
        // The scope, not the credentials (it read "refused the client
        // credentials (invalid_scope)").
        /^Globus Auth refused the requested scopes \(invalid_scope\)/.test(
          e.message,
        ),
    );
    // Known scopes, collection scopes included, are still granted.
    const ok = await conf.oauth2ClientCredentialsTokens(
      `${TransferScopes.all}[*https://auth.globus.org/scopes/${emu.collections.mapped}/data_access] openid`,
    );
    assert.ok(ok.byResourceServer["transfer.api.globus.org"]);
  } finally {
    await emu.close();
  }
});
