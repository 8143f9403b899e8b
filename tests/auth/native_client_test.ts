import { test } from "node:test";
import assert from "node:assert/strict";
import { calculatePKCECodeChallenge } from "oauth4webapi";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { AuthCodeInputError } from "../../src/auth/paste_code.ts";
import {
  GCSCollectionScopes,
  Scope,
  TransferScopes,
} from "../../src/auth/scopes.ts";
import { AuthAPIError, GlobusError } from "../../src/core/errors.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { renderings } from "./_inspect.ts";

const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const TOKEN_ENDPOINT = "https://auth.globus.org/v2/oauth2/token";

function tokenBody(extra: Record<string, unknown> = {}) {
  return {
    access_token: "AT-secret-1",
    scope: TransferScopes.all,
    expires_in: 172800,
    token_type: "Bearer",
    resource_server: "transfer.api.globus.org",
    refresh_token: "RT-secret-1",
    state: "_default",
    other_tokens: [],
    ...extra,
  };
}

function form(body: string | undefined): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body ?? ""));
}

test("TUTORIAL_CLIENT_ID is the Python tutorial's client", () => {
  assert.equal(TUTORIAL_CLIENT_ID, "61338d24-54d5-408f-a10d-66c06b59f6d2");
});

test("oauth2GetAuthorizeUrl builds the Globus authorize URL with PKCE", async () => {
  const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
  const flow = client.oauth2StartFlow({
    requestedScopes: TransferScopes.all,
    refreshTokens: true,
    verifier: VERIFIER,
  });
  assert.equal(client.currentOAuth2Flow, flow);
  const challenge = await calculatePKCECodeChallenge(VERIFIER);
  assert.equal(flow.codeChallenge, challenge);
  assert.equal(challenge, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  const url = new URL(client.oauth2GetAuthorizeUrl());
  assert.equal(
    url.origin + url.pathname,
    "https://auth.globus.org/v2/oauth2/authorize",
  );
  assert.deepEqual([...url.searchParams], [
    ["client_id", TUTORIAL_CLIENT_ID],
    ["redirect_uri", "https://auth.globus.org/v2/web/auth-code"],
    ["scope", TransferScopes.all],
    ["state", "_default"],
    ["response_type", "code"],
    ["code_challenge", challenge],
    ["code_challenge_method", "S256"],
    ["access_type", "offline"],
  ]);
});

test("oauth2StartFlow defaults: scopes, online access, random verifier", () => {
  const client = new NativeAppAuthClient("cid");
  const flow = client.oauth2StartFlow();
  assert.equal(
    flow.requestedScopes,
    "openid profile email urn:globus:auth:scope:transfer.api.globus.org:all",
  );
  const params = new URL(client.oauth2GetAuthorizeUrl()).searchParams;
  assert.equal(params.get("access_type"), "online");
  assert.equal(params.get("code_challenge")?.length, 43);
  const other = client.oauth2StartFlow();
  assert.notEqual(other.codeChallenge, flow.codeChallenge);
  assert.match(other.codeChallenge ?? "", /^[A-Za-z0-9_-]{43}$/);
});

test("oauth2GetAuthorizeUrl adds session parameters, prefill and queryParams last", () => {
  const client = new NativeAppAuthClient("cid", {
    baseUrl: "https://auth.example.org",
  });
  client.oauth2StartFlow({
    requestedScopes: [
      new Scope(TransferScopes.all).addDependency(
        GCSCollectionScopes("c1").dataAccess,
        { optional: true },
      ),
      "openid",
    ],
    redirectUri: "http://localhost:8123/cb",
    prefillNamedGrant: "my laptop",
    state: "xyz",
    verifier: VERIFIER,
  });
  const url = new URL(client.oauth2GetAuthorizeUrl({
    sessionRequiredIdentities: ["id1", "id2"],
    sessionRequiredSingleDomain: ["uchicago.edu", "globus.org"],
    sessionRequiredPolicies: "p1",
    sessionRequiredMfa: true,
    sessionMessage: "please log in",
    prompt: "login",
    queryParams: { state: "override", extra: 1, access_type: null },
  }));
  assert.equal(url.origin, "https://auth.example.org");
  const p = url.searchParams;
  assert.equal(
    p.get("scope"),
    `${TransferScopes.all}[*https://auth.globus.org/scopes/c1/data_access] openid`,
  );
  assert.equal(p.get("redirect_uri"), "http://localhost:8123/cb");
  assert.equal(p.get("prefill_named_grant"), "my laptop");
  assert.equal(p.get("session_required_identities"), "id1,id2");
  assert.equal(
    p.get("session_required_single_domain"),
    "uchicago.edu,globus.org",
  );
  assert.equal(p.get("session_required_policies"), "p1");
  assert.equal(p.get("session_required_mfa"), "True");
  assert.equal(p.get("session_message"), "please log in");
  assert.equal(p.get("prompt"), "login");
  assert.equal(p.get("state"), "override");
  assert.equal(p.get("extra"), "1");
  assert.equal(p.has("access_type"), false);
});

test("null (Python's None) and empty lists in the authorize URL's session options are left out (they sent 'null' or failed with \"reading 'join'\")", () => {
  const client = new NativeAppAuthClient("cid");
  client.oauth2StartFlow({ requestedScopes: "openid" });
  const url = new URL(client.oauth2GetAuthorizeUrl({
    sessionRequiredIdentities: null,
    sessionRequiredSingleDomain: [],
    sessionRequiredPolicies: null,
    sessionRequiredMfa: null,
    sessionMessage: null,
    prompt: null,
  }));
  for (
    const name of [
      "session_required_identities",
      "session_required_single_domain",
      "session_required_policies",
      "session_required_mfa",
      "session_message",
      "prompt",
    ]
  ) {
    assert.equal(url.searchParams.has(name), false, name);
  }
  // A Set is a list too.
  const withSet = new URL(client.oauth2GetAuthorizeUrl({
    sessionRequiredPolicies: new Set(["p1", "p2"]) as unknown as string[],
  }));
  assert.equal(withSet.searchParams.get("session_required_policies"), "p1,p2");
});

test("flow methods before oauth2StartFlow throw a clear error", async () => {
  const client = new NativeAppAuthClient("cid");
  assert.throws(() => client.oauth2GetAuthorizeUrl(), (err: unknown) => {
    assert.ok(err instanceof GlobusError);
    assert.match(err.message, /call oauth2StartFlow\(\) first/);
    return true;
  });
  await assert.rejects(
    client.oauth2ExchangeCodeForTokens("abc"),
    /oauth2ExchangeCodeForTokens\(\) before a flow is started/,
  );
});

test("oauth2ExchangeCodeForTokens posts the code, verifier and client_id", async () => {
  const ff = fakeFetch([json(tokenBody())]);
  const clock = fakeClock({ startMs: 1_700_000_000_000 });
  const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
    fetch: ff.fetch,
    clock,
  });
  client.oauth2StartFlow({
    requestedScopes: TransferScopes.all,
    verifier: VERIFIER,
  });
  const tokens = await client.oauth2ExchangeCodeForTokens(
    "https://auth.globus.org/v2/web/auth-code?code=CODE123&state=_default",
  );
  assert.ok(tokens instanceof OAuthTokenResponse);
  assert.equal(
    tokens.byResourceServer["transfer.api.globus.org"]?.expires_at_seconds,
    1_700_000_000 + 172800,
  );
  assert.equal(ff.requests.length, 1);
  const req = ff.requests[0]!;
  assert.equal(req.method, "POST");
  assert.equal(req.url, TOKEN_ENDPOINT);
  assert.equal(
    req.headers["content-type"],
    "application/x-www-form-urlencoded",
  );
  assert.equal(req.headers["accept"], "application/json");
  assert.equal(req.headers["authorization"], undefined);
  assert.match(req.headers["user-agent"] ?? "", /^globus-deno-sdk\//);
  assert.equal(
    req.body,
    new URLSearchParams({
      redirect_uri: "https://auth.globus.org/v2/web/auth-code",
      code: "CODE123",
      code_verifier: VERIFIER,
      grant_type: "authorization_code",
      client_id: TUTORIAL_CLIENT_ID,
    }).toString(),
  );
});

test("a bad code is refused before any request", async () => {
  const ff = fakeFetch([]);
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch });
  client.oauth2StartFlow();
  await assert.rejects(
    client.oauth2ExchangeCodeForTokens("not a code"),
    AuthCodeInputError,
  );
  assert.equal(ff.requests.length, 0);
});

test("invalid_grant becomes an AuthAPIError that says what was refused, without the code in it", async () => {
  const ff = fakeFetch([json({ error: "invalid_grant" }, 400)]);
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch });
  client.oauth2StartFlow();
  await assert.rejects(
    client.oauth2ExchangeCodeForTokens("SECRETCODE42"),
    (err: unknown) => {
      assert.ok(err instanceof AuthAPIError);
      assert.equal(err.httpStatus, 400);
      assert.equal(err.code, "invalid_grant");
      assert.match(
        err.message,
        /^Globus Auth refused the authorization code \(invalid_grant\): .* \[POST https:\/\/auth.globus.org\/v2\/oauth2\/token → 400\]$/,
      );
      for (const text of [err.message, ...renderings(err)]) {
        assert.ok(!text.includes("SECRETCODE42"));
      }
      return true;
    },
  );
});

test("token requests are retried on 503 through the transport", async () => {
  const ff = fakeFetch([json({}, 503), json(tokenBody())]);
  const clock = fakeClock();
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch, clock });
  const tokens = await client.oauth2RefreshToken("RT-secret-1");
  assert.equal(ff.requests.length, 2);
  assert.equal(clock.sleeps.length, 1);
  assert.equal(
    tokens.byResourceServer["transfer.api.globus.org"]?.access_token,
    "AT-secret-1",
  );
});

test("oauth2RefreshToken posts refresh_token, grant_type and client_id", async () => {
  const ff = fakeFetch([json(tokenBody({ refresh_token: "RT-secret-2" }))]);
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch });
  const tokens = await client.oauth2RefreshToken("RT-secret-1");
  const req = ff.requests[0]!;
  assert.equal(req.method, "POST");
  assert.equal(req.url, TOKEN_ENDPOINT);
  assert.equal(req.headers["authorization"], undefined);
  assert.equal(
    req.body,
    "refresh_token=RT-secret-1&grant_type=refresh_token&client_id=cid",
  );
  assert.equal(
    tokens.byResourceServer["transfer.api.globus.org"]?.refresh_token,
    "RT-secret-2",
  );
});

test("oauth2RevokeToken posts token and client_id to the revoke endpoint", async () => {
  const ff = fakeFetch([json({ active: false })]);
  const client = new NativeAppAuthClient("cid", { fetch: ff.fetch });
  // Globus Auth's answer, as Python's response reads resp["active"].
  assert.deepEqual(await client.oauth2RevokeToken("AT-secret-1"), {
    active: false,
  });
  const req = ff.requests[0]!;
  assert.equal(req.method, "POST");
  assert.equal(req.url, "https://auth.globus.org/v2/oauth2/token/revoke");
  assert.deepEqual(form(req.body), { token: "AT-secret-1", client_id: "cid" });
  assert.equal(req.body, "token=AT-secret-1&client_id=cid");
  await assert.rejects(client.oauth2RevokeToken(""), TypeError);
  // An empty 200 (what RFC 7009 allows) is an empty object, not an error.
  const empty = fakeFetch([new Response("", { status: 200 })]);
  assert.deepEqual(
    await new NativeAppAuthClient("cid", { fetch: empty.fetch })
      .oauth2RevokeToken("AT-secret-1"),
    {},
  );
});

test("environment and http base URLs are honoured", async () => {
  const sandbox = new NativeAppAuthClient("cid", { environment: "sandbox" });
  assert.equal(sandbox.baseUrl, "https://auth.sandbox.globuscs.info/");
  sandbox.oauth2StartFlow();
  assert.match(
    sandbox.oauth2GetAuthorizeUrl(),
    /^https:\/\/auth\.sandbox\.globuscs\.info\/v2\/oauth2\/authorize\?/,
  );
  const ff = fakeFetch([json(tokenBody())]);
  const local = new NativeAppAuthClient("cid", {
    baseUrl: "http://127.0.0.1:9/auth",
    fetch: ff.fetch,
  });
  await local.oauth2RefreshToken("rt");
  assert.equal(ff.requests[0]?.url, "http://127.0.0.1:9/auth/v2/oauth2/token");
});

test("the client and its flow never print the PKCE verifier", () => {
  const client = new NativeAppAuthClient("cid");
  const flow = client.oauth2StartFlow({ verifier: VERIFIER });
  for (const text of [...renderings(client), ...renderings(flow)]) {
    assert.ok(!text.includes(VERIFIER), text);
  }
  assert.throws(() => new NativeAppAuthClient(""), TypeError);
  assert.throws(() => client.oauth2StartFlow({ verifier: "short" }), TypeError);
  assert.throws(
    () => client.oauth2StartFlow({ requestedScopes: [] }),
    TypeError,
  );
});

test("oauth2StartFlow takes a Set or a generator of scopes, as Python takes any iterable", () => {
  const client = new NativeAppAuthClient("cid", {
    baseUrl: "https://auth.example.org",
  });
  client.oauth2StartFlow({
    requestedScopes: new Set(["openid", TransferScopes.all]),
  });
  assert.equal(
    new URL(client.oauth2GetAuthorizeUrl()).searchParams.get("scope"),
    `openid ${TransferScopes.all}`,
  );
  function* scopes() {
    yield new Scope("email");
    yield "profile";
  }
  assert.equal(Scope.serialize(scopes()), "email profile");
  // Still refused: something that is no list of scopes.
  assert.throws(
    () => Scope.serialize({ scope: "openid" } as never),
    /must be a scope string, a Scope or a list of them/,
  );
});
