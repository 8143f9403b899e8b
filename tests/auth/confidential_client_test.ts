import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import {
  OAuthDependentTokenResponse,
  OAuthTokenResponse,
} from "../../src/auth/token_response.ts";
import { AuthScopes, Scope, TransferScopes } from "../../src/auth/scopes.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import { ResponseValidationError } from "../../src/core/response_validation_error.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { renderings } from "./_inspect.ts";

const ID = "client-id-1";
const SECRET = "s3cr3t+/=value";
const BASIC = `Basic ${btoa(`${ID}:${SECRET}`)}`;
const TOKEN_ENDPOINT = "https://auth.globus.org/v2/oauth2/token";

function entry(rs: string, scope: string, token = "AT-secret") {
  return {
    access_token: token,
    scope,
    expires_in: 172800,
    token_type: "Bearer",
    resource_server: rs,
  };
}

test("oauth2ClientCredentialsTokens posts scope with plain HTTP Basic", async () => {
  const ff = fakeFetch([
    json({
      ...entry("transfer.api.globus.org", TransferScopes.all),
      other_tokens: [],
    }),
  ]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  const tokens = await client.oauth2ClientCredentialsTokens([
    TransferScopes.all,
    AuthScopes.openid,
  ]);
  assert.ok(tokens instanceof OAuthTokenResponse);
  const req = ff.requests[0]!;
  assert.equal(req.method, "POST");
  assert.equal(req.url, TOKEN_ENDPOINT);
  assert.equal(req.headers["authorization"], BASIC);
  assert.equal(
    req.headers["content-type"],
    "application/x-www-form-urlencoded",
  );
  assert.equal(
    req.body,
    new URLSearchParams({
      scope: `${TransferScopes.all} openid`,
      grant_type: "client_credentials",
    }).toString(),
  );
  await assert.rejects(client.oauth2ClientCredentialsTokens([]), TypeError);
});

test("oauth2ClientCredentialsTokens takes Python's requested_scopes keyword as { requestedScopes }", async () => {
  const ff = fakeFetch([
    json({ ...entry("transfer.api.globus.org", TransferScopes.all) }),
    json({ ...entry("auth.globus.org", "openid profile email") }),
  ]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  await client.oauth2ClientCredentialsTokens({
    requestedScopes: TransferScopes.all,
  });
  assert.equal(
    new URLSearchParams(ff.requests[0]!.body).get("scope"),
    TransferScopes.all,
  );
  // Without requestedScopes: the same defaults as no argument at all.
  await client.oauth2ClientCredentialsTokens({});
  assert.equal(
    new URLSearchParams(ff.requests[1]!.body).get("scope"),
    `openid profile email ${TransferScopes.all}`,
  );
  // Python's own spelling is answered with the name to use, before a request.
  await assert.rejects(
    client.oauth2ClientCredentialsTokens(
      { requested_scopes: "openid" } as never,
    ),
    (e: unknown) => e instanceof TypeError && /requestedScopes/.test(e.message),
  );
  await assert.rejects(
    client.oauth2ClientCredentialsTokens({ requestedScopes: [] }),
    TypeError,
  );
  assert.equal(ff.requests.length, 2);
});

test("oauth2GetDependentTokens sends the dependent grant and reads a bare array", async () => {
  const ff = fakeFetch([json([
    entry("transfer.api.globus.org", TransferScopes.all, "dep-xfer"),
    entry(
      "groups.api.globus.org",
      "urn:globus:auth:scope:groups.api.globus.org:all",
      "dep-groups",
    ),
  ])]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  const tokens = await client.oauth2GetDependentTokens("incoming-token", {
    scope: TransferScopes.all,
    refreshTokens: true,
  });
  assert.ok(tokens instanceof OAuthDependentTokenResponse);
  assert.equal(
    tokens.byResourceServer["transfer.api.globus.org"]?.access_token,
    "dep-xfer",
  );
  assert.equal(
    tokens.byResourceServer["groups.api.globus.org"]?.access_token,
    "dep-groups",
  );
  const req = ff.requests[0]!;
  assert.equal(req.url, TOKEN_ENDPOINT);
  assert.equal(req.headers["authorization"], BASIC);
  assert.equal(
    req.body,
    new URLSearchParams({
      token: "incoming-token",
      scope: TransferScopes.all,
      access_type: "offline",
      grant_type: "urn:globus:auth:grant_type:dependent_token",
    }).toString(),
  );
});

test("oauth2GetDependentTokens takes one Scope as its scope, as Python's", async () => {
  const ff = fakeFetch([json([])]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  await client.oauth2GetDependentTokens("incoming-token", {
    scope: new Scope(TransferScopes.all),
  });
  assert.match(
    ff.requests[0]?.body ?? "",
    /^token=incoming-token&scope=urn%3Aglobus%3Aauth%3Ascope%3Atransfer\.api\.globus\.org%3Aall&/,
  );
});

test("oauth2GetDependentTokens without options sends only the token", async () => {
  const ff = fakeFetch([json([])]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  const tokens = await client.oauth2GetDependentTokens("incoming-token");
  assert.deepEqual(tokens.resourceServers, []);
  assert.equal(
    ff.requests[0]?.body,
    "token=incoming-token&grant_type=urn%3Aglobus%3Aauth%3Agrant_type%3Adependent_token",
  );
});

test('oauth2GetDependentTokens takes refreshTokens as true or false ("false" asked for refresh tokens); null scope and refreshTokens are left out, as Python\'s None', async () => {
  const ff = fakeFetch([json([])]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  await assert.rejects(
    client.oauth2GetDependentTokens("incoming-token", {
      refreshTokens: "false" as unknown as boolean,
    }),
    {
      name: "TypeError",
      message:
        `Cannot get dependent tokens as 'refreshTokens' must be true or false (or left out): current value is the string "false"; write refreshTokens: false, without quotes`,
    },
  );
  assert.equal(ff.requests.length, 0);
  await client.oauth2GetDependentTokens("incoming-token", {
    scope: null,
    refreshTokens: null,
  });
  assert.equal(
    ff.requests[0]?.body,
    "token=incoming-token&grant_type=urn%3Aglobus%3Aauth%3Agrant_type%3Adependent_token",
  );
});

test("oauth2GetDependentTokens sends additionalParams (Python's additional_params) as form fields", async () => {
  const ff = fakeFetch([json([])]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  await client.oauth2GetDependentTokens("incoming-token", {
    additionalParams: { session_message: "hi", skipped: undefined },
  });
  assert.equal(
    ff.requests[0]?.body,
    "token=incoming-token&session_message=hi&grant_type=urn%3Aglobus%3Aauth%3Agrant_type%3Adependent_token",
  );
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    client.oauth2GetDependentTokens("t", { additionalParams: "x" as any }),
    /'additionalParams' must be an object of form fields/,
  );
  assert.equal(ff.requests.length, 1);
});

test("oauth2TokenIntrospect posts token and include with Basic auth", async () => {
  const ff = fakeFetch([
    json({ active: true, scope: "openid", sub: "u1" }),
    json({ nope: 1 }),
  ]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  const info = await client.oauth2TokenIntrospect("tok", {
    include: ["identity_set", "session_info"],
  });
  assert.equal(info.active, true);
  assert.equal(info.sub, "u1");
  const req = ff.requests[0]!;
  assert.equal(req.url, "https://auth.globus.org/v2/oauth2/token/introspect");
  assert.equal(req.headers["authorization"], BASIC);
  assert.equal(req.body, "include=identity_set%2Csession_info&token=tok");
  await assert.rejects(
    client.oauth2TokenIntrospect("tok"),
    ResponseValidationError,
  );
  assert.equal(ff.requests[1]?.body, "token=tok");
});

test("oauth2TokenIntrospect sends no query by default, and queryParams on the URL (Python's query_params)", async () => {
  const body = { active: true, username: "u@x.org", sub: "u1" };
  const ff = fakeFetch([json(body), json(body)]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  await client.oauth2TokenIntrospect("some_very_cool_token");
  assert.equal(new URL(ff.requests[0]!.url).search, "");
  const info = await client.oauth2TokenIntrospect("some_very_cool_token", {
    queryParams: { foo: "bar", skip: undefined },
  });
  assert.equal(info.username, "u@x.org");
  const url = new URL(ff.requests[1]!.url);
  assert.equal(url.pathname, "/v2/oauth2/token/introspect");
  assert.deepEqual(Object.fromEntries(url.searchParams), { foo: "bar" });
  assert.equal(ff.requests[1]!.body, "token=some_very_cool_token");
  assert.equal(ff.requests[1]!.headers["authorization"], BASIC);
});

test("confidential flows need a redirect URI and use no PKCE", async () => {
  const ff = fakeFetch([
    json({ ...entry("auth.globus.org", "openid") }),
    json({}),
    json(entry("auth.globus.org", "openid")),
  ]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  assert.throws(() => client.oauth2StartFlow(), /'redirectUri' is required/);
  client.oauth2StartFlow({
    redirectUri: "https://app.example/cb",
    requestedScopes: "openid",
    refreshTokens: true,
  });
  const params = new URL(client.oauth2GetAuthorizeUrl()).searchParams;
  assert.equal(params.has("code_challenge"), false);
  assert.equal(params.has("code_challenge_method"), false);
  assert.equal(params.get("redirect_uri"), "https://app.example/cb");
  assert.equal(params.get("access_type"), "offline");
  await client.oauth2ExchangeCodeForTokens("CODE9");
  let req = ff.requests[0]!;
  assert.equal(req.headers["authorization"], BASIC);
  assert.equal(
    req.body,
    "redirect_uri=https%3A%2F%2Fapp.example%2Fcb&code=CODE9&grant_type=authorization_code",
  );
  await client.oauth2RevokeToken("tok");
  req = ff.requests[1]!;
  assert.equal(req.url, "https://auth.globus.org/v2/oauth2/token/revoke");
  assert.equal(req.headers["authorization"], BASIC);
  assert.equal(req.body, "token=tok");
  await client.oauth2RefreshToken("rt");
  req = ff.requests[2]!;
  assert.equal(req.headers["authorization"], BASIC);
  assert.equal(req.body, "refresh_token=rt&grant_type=refresh_token");
});

test("the client secret never appears in inspect output or errors", async () => {
  const ff = fakeFetch([json({ error: "invalid_client" }, 401)]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  for (const text of renderings(client)) {
    assert.ok(!text.includes(SECRET), text);
    assert.ok(!text.includes(btoa(`${ID}:${SECRET}`)), text);
  }
  await assert.rejects(
    client.oauth2ClientCredentialsTokens("openid"),
    (err: unknown) => {
      assert.ok(err instanceof AuthAPIError);
      assert.equal(err.code, "invalid_client");
      for (const text of [err.message, ...renderings(err)]) {
        assert.ok(!text.includes(SECRET));
        assert.ok(!text.includes(btoa(`${ID}:${SECRET}`)));
      }
      return true;
    },
  );
  assert.throws(() => new ConfidentialAppAuthClient(ID, ""), TypeError);
});

test("oauth2StartFlow(redirectUri) (Python's first positional argument for a confidential app) is the redirect URI", () => {
  const client = new ConfidentialAppAuthClient(ID, SECRET);
  // It was refused, saying to write { redirectUri }.
  const positional = client.oauth2StartFlow("http://localhost:5000/login");
  assert.equal(
    new URL(positional.getAuthorizeUrl()).searchParams.get("redirect_uri"),
    "http://localhost:5000/login",
  );
  const flow = client.oauth2StartFlow({
    redirectUri: "http://localhost:5000/login",
  });
  assert.equal(
    new URL(flow.getAuthorizeUrl()).searchParams.get("redirect_uri"),
    "http://localhost:5000/login",
  );
});

test("oauth2RefreshToken and oauth2RevokeToken send bodyParams (Python's body_params) as form fields", async () => {
  const ff = fakeFetch([
    json({
      access_token: "a",
      expires_in: 3600,
      resource_server: "transfer.api.globus.org",
      scope: TransferScopes.all,
      token_type: "Bearer",
    }),
    json({ active: false }),
  ]);
  const client = new ConfidentialAppAuthClient(ID, SECRET, { fetch: ff.fetch });
  await client.oauth2RefreshToken("rt-1", {
    bodyParams: { scope: TransferScopes.all, skipped: undefined },
  });
  const refresh = new URLSearchParams(ff.requests[0]?.body ?? "");
  assert.equal(refresh.get("grant_type"), "refresh_token");
  assert.equal(refresh.get("refresh_token"), "rt-1");
  assert.equal(refresh.get("scope"), TransferScopes.all);
  assert.equal(refresh.has("skipped"), false);
  await client.oauth2RevokeToken("tok-1", {
    bodyParams: { token_type_hint: "refresh_token" },
  });
  const revoke = new URLSearchParams(ff.requests[1]?.body ?? "");
  assert.equal(revoke.get("token"), "tok-1");
  assert.equal(revoke.get("token_type_hint"), "refresh_token");
  await assert.rejects(
    // deno-lint-ignore no-explicit-any
    client.oauth2RevokeToken("t", { bodyParams: ["x"] as any }),
    /oauth2RevokeToken\(\): 'bodyParams' must be an object of form fields/,
  );
  assert.equal(ff.requests.length, 2);
});

test("a secret given in the options object (Python's keyword form) says it comes second, as a string", () => {
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  assert.throws(
    () => new ConfidentialAppAuthClient(ID, loose({ clientSecret: SECRET })),
    {
      name: "TypeError",
      message:
        "Cannot create ConfidentialAppAuthClient as 'clientSecret' must be a non-empty string: current value is an object (the secret comes second, as a string, then the options: new ConfidentialAppAuthClient(clientId, clientSecret, { baseUrl }))",
    },
  );
  assert.throws(
    () => new ConfidentialAppAuthClient(ID, ""),
    {
      name: "TypeError",
      message:
        "Cannot create ConfidentialAppAuthClient as 'clientSecret' must be a non-empty string: current value is a string (0 characters)",
    },
  );
});
