import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AccessTokenAuthorizer,
  AuthClient,
  AuthScopes,
  ConfidentialAppAuthClient,
  JSONTokenStorage,
  NativeAppAuthClient,
  Scope,
  TransferScopes,
  TUTORIAL_CLIENT_ID,
} from "../../mod.ts";
import { messageOf, rejection, untyped } from "../_helpers/argument_errors.ts";

const client = () =>
  new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
    baseUrl: "https://auth.example.org/",
  });

test("oauth2StartFlow: Python's requested_scopes and refresh_tokens are refused by name; its positional arguments stay positional", () => {
  const c = client();
  assert.equal(
    messageOf(() =>
      c.oauth2StartFlow(
        untyped({ requested_scopes: "openid", refresh_tokens: true }),
      )
    ),
    "oauth2StartFlow(): unknown options 'requested_scopes' (did you mean 'requestedScopes'?), 'refresh_tokens' (did you mean 'refreshTokens'?). Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(c.currentOAuth2Flow, undefined);
  // Python's oauth2_start_flow(TransferScopes.all, refresh_tokens=True)
  // (it was refused, saying to write { requestedScopes }).
  const flow = c.oauth2StartFlow("openid profile", { refreshTokens: true });
  assert.equal(flow.requestedScopes, "openid profile");
  assert.equal(
    new URL(c.oauth2GetAuthorizeUrl()).searchParams.get("access_type"),
    "offline",
  );
  assert.equal(
    messageOf(() =>
      c.oauth2StartFlow("openid", untyped({ requestedScopes: "email" }))
    ),
    "oauth2StartFlow(): 'requestedScopes' is given twice, as an argument and in the options; give it once",
  );
  assert.match(
    messageOf(() =>
      c.oauth2StartFlow(untyped({}), untyped({ refreshTokens: true }))
    ),
    /^oauth2StartFlow\(\) takes its options once/,
  );
  // A confidential app's: oauth2_start_flow(redirect_uri, requested_scopes).
  const app = new ConfidentialAppAuthClient(
    "4b3a1c5e-8f0e-4d61-9a77-2f6c1b0d9e41",
    "Zx8qLmN3vB5rT7yU1iO9pA2sD4fG6hJ0kWcE",
    { baseUrl: "https://auth.example.org/" },
  );
  app.oauth2StartFlow("https://app.example.org/cb", TransferScopes.all, {
    state: "s1",
  });
  const url = new URL(app.oauth2GetAuthorizeUrl());
  assert.equal(
    url.searchParams.get("redirect_uri"),
    "https://app.example.org/cb",
  );
  assert.equal(url.searchParams.get("scope"), TransferScopes.all);
  assert.equal(url.searchParams.get("state"), "s1");
});

test("oauth2StartFlow takes one Scope as Python does; a number is refused by name", () => {
  const c = client();
  const flow = c.oauth2StartFlow({
    requestedScopes: Scope.parse(`${AuthScopes.openid}`)[0] as Scope,
  });
  // It threw "scopes.map is not a function".
  assert.equal(flow.requestedScopes, "openid");
  assert.equal(
    messageOf(() => c.oauth2StartFlow({ requestedScopes: untyped(5) })),
    'Cannot use the scopes as they must be a scope string, a Scope or a list of them (e.g. [TransferScopes.all, "openid"]): current value is number',
  );
  assert.equal(
    messageOf(() =>
      c.oauth2StartFlow({ requestedScopes: untyped(["openid", { x: 1 }]) })
    ),
    "Cannot use the scopes as each must be a scope string or a Scope: one is object",
  );
});

test("oauth2GetAuthorizeUrl refuses Python's session_required_mfa", () => {
  const c = client();
  c.oauth2StartFlow({ requestedScopes: TransferScopes.all });
  assert.equal(
    messageOf(() =>
      c.oauth2GetAuthorizeUrl(untyped({ session_required_mfa: true }))
    ),
    "oauth2GetAuthorizeUrl(): unknown option 'session_required_mfa'; did you mean 'sessionRequiredMfa'? Options are camelCase here, not the Python SDK's snake_case.",
  );
});

test("NativeAppAuthClient, AuthClient and JSONTokenStorage refuse snake_case options", () => {
  assert.match(
    messageOf(() =>
      new NativeAppAuthClient(
        TUTORIAL_CLIENT_ID,
        untyped({ base_url: "https://auth.example.org/" }),
      )
    ),
    /^NativeAppAuthClient: unknown option 'base_url'; did you mean 'baseUrl'\?/,
  );
  assert.match(
    messageOf(() =>
      new AuthClient(untyped(new AccessTokenAuthorizer("test-access-token")))
    ),
    /^AuthClient: the options must be an object of named options, not an AccessTokenAuthorizer, as in new AuthClient\(\{ authorizer \}\)/,
  );
  assert.match(
    messageOf(() =>
      new JSONTokenStorage("/tmp/x.json", untyped({ name_space: "x" }))
    ),
    /^JSONTokenStorage: unknown option 'name_space'; did you mean 'namespace'\?/,
  );
  assert.match(
    messageOf(() => new JSONTokenStorage(untyped({ path: "/tmp/x.json" }))),
    /current value is an object: the path comes first, then the options$/,
  );
});

test("getIdentities with a bare username says how to write it", async () => {
  const auth = new AuthClient({
    fetch: () => Promise.reject(new Error("no request expected")),
  });
  const message = await auth.getIdentities(untyped("user@example.org")).then(
    () => assert.fail("expected a TypeError"),
    (err: unknown) => {
      assert.ok(err instanceof TypeError, String(err));
      return err.message;
    },
  );
  assert.match(
    message,
    /^AuthClient\.getIdentities\(\): the options must be an object of named options, not a string \(16 characters\); write \{ usernames: … \}, as in auth\.getIdentities\(\{ usernames: \["user@example\.org"\] \}\)/,
  );
});

test("AuthClient's Auth API methods refuse query_params and misspellings before any request", async () => {
  const requests: string[] = [];
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer("test-access-token-value"),
    baseUrl: "https://auth.example.org/",
    fetch: (input) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(Response.json({}, { status: 500 }));
    },
    retry: false,
  });
  const o = untyped({ query_params: {} });
  const calls: [string, () => unknown][] = [
    ["userinfo", () => auth.userinfo(o)],
    ["getConsents", () => auth.getConsents("id", o)],
    ["getIdentityProviders", () => auth.getIdentityProviders(o)],
    ["getProject", () => auth.getProject("p", o)],
    ["getProjects", () => auth.getProjects(o)],
    ["createProject", () => auth.createProject("n", "e@x.org", o)],
    ["updateProject", () => auth.updateProject("p", o)],
    ["deleteProject", () => auth.deleteProject("p", o)],
    ["getPolicy", () => auth.getPolicy("p", o)],
    ["getPolicies", () => auth.getPolicies(o)],
    ["createPolicy", () => auth.createPolicy(o)],
    ["updatePolicy", () => auth.updatePolicy("p", o)],
    ["deletePolicy", () => auth.deletePolicy("p", o)],
    ["getClient", () => auth.getClient(o)],
    ["getClients", () => auth.getClients(o)],
    ["createClient", () => auth.createClient("n", "p", o)],
    ["updateClient", () => auth.updateClient("c", o)],
    ["deleteClient", () => auth.deleteClient("c", o)],
    ["getClientCredentials", () => auth.getClientCredentials("c", o)],
    ["createClientCredential", () => auth.createClientCredential("c", "n", o)],
    ["deleteClientCredential", () => auth.deleteClientCredential("c", "k", o)],
    ["getScope", () => auth.getScope("s", o)],
    ["getScopes", () => auth.getScopes(o)],
    ["createScope", () => auth.createScope("c", "n", "d", "s", o)],
    ["updateScope", () => auth.updateScope("s", o)],
    ["deleteScope", () => auth.deleteScope("s", o)],
  ];
  for (const [method, call] of calls) {
    await assert.rejects(
      async () => await call(),
      (err: Error) => {
        assert.ok(err instanceof TypeError, String(err));
        assert.equal(
          err.message,
          `AuthClient.${method}(): unknown option 'query_params'; did you mean 'queryParams'? Options are camelCase here, not the Python SDK's snake_case.`,
        );
        return true;
      },
    );
  }
  assert.equal(
    await rejection(() =>
      auth.createClient("n", "p", untyped({ public_client: true }))
    ),
    "AuthClient.createClient(): unknown option 'public_client'; did you mean 'publicClient'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      auth.createPolicy(untyped({
        projectId: "p",
        displayName: "n",
        description: "d",
        high_assurance: true,
      }))
    ),
    "AuthClient.createPolicy(): unknown option 'high_assurance'; did you mean 'highAssurance'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      auth.updateScope("s", untyped({ scope_suffix: "x", advertized: true }))
    ),
    "AuthClient.updateScope(): unknown options 'scope_suffix' (did you mean 'scopeSuffix'?), 'advertized' (did you mean 'advertised'?). Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() => auth.getJwk(undefined, untyped({ as_pem: true }))),
    "AuthClient.getJwk(): unknown option 'as_pem'; did you mean 'asPem'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  // getClient's own message for a lone id stays.
  assert.match(
    await rejection(() => auth.getClient(untyped("c"))),
    /^Cannot call getClient\(\) with a string: pass \{ clientId: "c" \} or \{ fqdn \}$/,
  );
  assert.deepEqual(requests, []);
});

test("login clients' token calls refuse unknown option names before any request", async () => {
  const requests: string[] = [];
  const fetch = (input: string | URL | Request) => {
    requests.push(String(input instanceof Request ? input.url : input));
    return Promise.resolve(Response.json({}, { status: 500 }));
  };
  const native = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
    baseUrl: "https://auth.example.org/",
    fetch,
  });
  const confidential = new ConfidentialAppAuthClient(
    "4b3a1c5e-8f0e-4d61-9a77-2f6c1b0d9e41",
    "Zx8qLmN3vB5rT7yU1iO9pA2sD4fG6hJ0kWcE",
    { baseUrl: "https://auth.example.org/", fetch },
  );
  assert.equal(
    await rejection(() =>
      native.oauth2RefreshToken("rt-value", untyped({ signl: undefined }))
    ),
    "oauth2RefreshToken(): unknown option 'signl'; did you mean 'signal'?",
  );
  assert.equal(
    await rejection(() =>
      native.oauth2RevokeToken("t-value", untyped({ body_params: {} }))
    ),
    "oauth2RevokeToken(): unknown option 'body_params'; did you mean 'bodyParams'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      native.oauth2Token(
        { grant_type: "x" },
        untyped({ body_params: { a: "b" } }),
      )
    ),
    "oauth2Token(): unknown option 'body_params'; did you mean 'bodyParams'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      native.createNativeAppInstance("t", "n", untyped({ sigal: undefined }))
    ),
    "NativeAppAuthClient.createNativeAppInstance(): unknown option 'sigal'; did you mean 'signal'?",
  );
  assert.equal(
    await rejection(() =>
      confidential.oauth2GetDependentTokens(
        "t-value",
        untyped({ refresh_tokens: true }),
      )
    ),
    "ConfidentialAppAuthClient.oauth2GetDependentTokens(): unknown option 'refresh_tokens'; did you mean 'refreshTokens'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      confidential.oauth2TokenIntrospect(
        "t-value",
        untyped({ include: "identity_set", query_params: {} }),
      )
    ),
    "ConfidentialAppAuthClient.oauth2TokenIntrospect(): unknown option 'query_params'; did you mean 'queryParams'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() =>
      confidential.oauth2ClientCredentialsTokens(
        "openid",
        untyped({ requested_scopes: "openid" }),
      )
    ),
    "ConfidentialAppAuthClient.oauth2ClientCredentialsTokens(): unknown option 'requested_scopes'. Options are camelCase here, not the Python SDK's snake_case. Its options are: signal.",
  );
  assert.equal(
    await rejection(() =>
      confidential.createChildClient("n", untyped({ client_type: "x" }))
    ),
    "ConfidentialAppAuthClient.createChildClient(): unknown option 'client_type'; did you mean 'clientType'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    await rejection(() => native.getJwk(undefined, untyped({ aspem: true }))),
    "getJwk(): unknown option 'aspem'; did you mean 'asPem'?",
  );
  assert.deepEqual(requests, []);
});

test("oauth2StartFlow(undefined, { refreshTokens: true }) is the positional form with the default scopes; extra arguments are refused, not dropped", () => {
  const c = client();
  const flow = c.oauth2StartFlow(undefined, { refreshTokens: true });
  assert.match(flow.requestedScopes, /transfer\.api\.globus\.org:all/);
  assert.equal(
    new URL(c.oauth2GetAuthorizeUrl()).searchParams.get("access_type"),
    "offline",
  );
  assert.match(
    messageOf(() =>
      c.oauth2StartFlow(untyped({ refreshTokens: true }), untyped(true))
    ),
    /^oauth2StartFlow\(\) takes its options once, and got an options object then another argument: write oauth2StartFlow\(\{ requestedScopes, refreshTokens: true \}\)/,
  );
  assert.match(
    messageOf(() =>
      c.oauth2StartFlow(
        ...untyped(["openid", { refreshTokens: true }, "https://x.example/cb"]),
      )
    ),
    /^oauth2StartFlow\(\) takes at most 2 arguments, not 3/,
  );
});
