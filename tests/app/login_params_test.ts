/**
 * A login's parameters: what `app.login({ authParams })` puts in the
 * authorize URL and which scopes it adds, and a GARE's session parameters
 * as the authorize URL's options.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { GlobusAuthorizationParameters } from "../../src/app/gare.ts";
import { loginParams, toAuthParams } from "../../src/app/login_params.ts";

test("loginParams splits extra scopes from the authorize URL's options, from a string or a list", () => {
  assert.deepEqual(loginParams(undefined), { urlParams: {}, scopes: [] });
  assert.deepEqual(
    loginParams({
      prompt: "login",
      requiredScopes:
        "openid  urn:globus:auth:scope:transfer.api.globus.org:all",
    }),
    {
      urlParams: { prompt: "login" },
      scopes: ["openid", "urn:globus:auth:scope:transfer.api.globus.org:all"],
    },
  );
  assert.deepEqual(
    loginParams({ sessionRequiredMfa: true, requiredScopes: ["email", " "] }),
    { urlParams: { sessionRequiredMfa: true }, scopes: ["email"] },
  );
  assert.throws(
    () => loginParams({ requiredScopes: 42 as unknown as string }),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message ===
        "login(): 'authParams.requiredScopes' must be a scope string or a list of them, got number",
  );
});

test("loginParams takes a GlobusAuthorizationParameters (a GARE's), leaving its unset fields out of the URL", () => {
  const params = new GlobusAuthorizationParameters({
    sessionRequiredIdentities: ["a@example.org"],
    sessionMessage: "Please log in again",
    requiredScopes: ["urn:globus:auth:scope:transfer.api.globus.org:all"],
  });
  assert.deepEqual(loginParams(params), {
    urlParams: {
      sessionMessage: "Please log in again",
      sessionRequiredIdentities: ["a@example.org"],
    },
    scopes: ["urn:globus:auth:scope:transfer.api.globus.org:all"],
  });
});

test("loginParams takes the wire form (err.authorizationParameters) and camelCase with nulls (err.info.authorizationParameters), as Python's None", () => {
  const scope =
    "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c1/data_access]";
  // It was refused as unknown options of getAuthorizeUrl().
  assert.deepEqual(
    loginParams(
      {
        session_message: "needs consent",
        required_scopes: [scope],
      } as unknown as Parameters<typeof loginParams>[0],
    ),
    { urlParams: { sessionMessage: "needs consent" }, scopes: [scope] },
  );
  // A TypeError ("must be a scope string or a list") for requiredScopes: null.
  assert.deepEqual(
    loginParams({
      sessionMessage: "m",
      sessionRequiredIdentities: null,
      requiredScopes: null,
    }),
    {
      urlParams: { sessionMessage: "m", sessionRequiredIdentities: null },
      scopes: [],
    },
  );
});

test("toAuthParams turns a GARE's session parameters into the authorize URL's, splitting comma lists and dropping malformed values", () => {
  assert.deepEqual(
    toAuthParams({
      // Transfer's AuthPolicyFailed sends the policies comma-separated.
      session_required_policies: "p1, p2" as unknown as string[],
      session_required_identities: ["id1"],
      session_required_single_domain: [],
      session_required_mfa: false,
      session_message: "MFA needed",
      prompt: "login",
    }),
    {
      sessionRequiredPolicies: ["p1", "p2"],
      sessionRequiredIdentities: ["id1"],
      sessionRequiredMfa: false,
      sessionMessage: "MFA needed",
      prompt: "login",
    },
  );
  assert.deepEqual(
    toAuthParams({
      session_required_identities: [1, 2] as unknown as string[],
      session_required_mfa: "yes" as unknown as boolean,
      session_message: null as unknown as string,
    }),
    {},
  );
});
