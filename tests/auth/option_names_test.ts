import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AccessTokenAuthorizer,
  AuthClient,
  AuthScopes,
  JSONTokenStorage,
  NativeAppAuthClient,
  Scope,
  TransferScopes,
  TUTORIAL_CLIENT_ID,
} from "../../mod.ts";

// deno-lint-ignore no-explicit-any
const untyped = (x: unknown): any => x;

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof TypeError, String(err));
    return err.message;
  }
  assert.fail("expected a TypeError");
}

const client = () =>
  new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
    baseUrl: "https://auth.example.org/",
  });

test("oauth2StartFlow: Python's requested_scopes and refresh_tokens, or the scopes as a positional string", () => {
  const c = client();
  assert.equal(
    messageOf(() =>
      c.oauth2StartFlow(
        untyped({ requested_scopes: "openid", refresh_tokens: true }),
      )
    ),
    "oauth2StartFlow(): unknown options 'requested_scopes' (did you mean 'requestedScopes'?), 'refresh_tokens' (did you mean 'refreshTokens'?). Options are camelCase here, not the Python SDK's snake_case.",
  );
  // It used to ask for the default scopes instead.
  assert.match(
    messageOf(() => c.oauth2StartFlow(untyped("openid profile"))),
    /^oauth2StartFlow\(\): the options must be an object of named options, not a string \(14 characters\); write \{ requestedScopes: … \}/,
  );
  assert.equal(c.currentOAuth2Flow, undefined);
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
