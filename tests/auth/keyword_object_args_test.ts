/**
 * Python's keyword calls (`ac.create_scope(client_id=…, name=…)`,
 * `nc.oauth2_refresh_token(refresh_token=rt)`) ported as one object of
 * named arguments: the TypeError says the required arguments are
 * positional here and gives the call's shape.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { rejection, untyped } from "../_helpers/argument_errors.ts";

const BASE = { baseUrl: "https://auth.example.org/" };
const ID = "39ffcda9-a153-4017-9388-0a4b9a36ddd4";
const auth = () =>
  new AuthClient({ authorizer: new AccessTokenAuthorizer("TOKEN"), ...BASE });

const HINT =
  "The required arguments come first, in order, not in one object of named arguments (Python's keyword arguments): ";

test("developer API methods given Python's keyword arguments as one object name the positional call", async () => {
  const ac = auth();
  const cases: [string, () => unknown, string][] = [
    [
      "createScope",
      () =>
        ac.createScope(
          untyped({
            clientId: ID,
            name: "n",
            description: "d",
            scopeSuffix: "s",
          }),
          untyped(undefined),
          untyped(undefined),
          untyped(undefined),
        ),
      "createScope(clientId, name, description, scopeSuffix, { requiredDomains, dependentScopes, advertised, allowsRefreshToken })",
    ],
    [
      "createClient",
      () =>
        ac.createClient(
          untyped({ name: "c", project: ID, publicClient: true }),
          untyped(undefined),
        ),
      "createClient(name, project, { publicClient | clientType, visibility, redirectUris, … })",
    ],
    [
      "updateClient",
      () => ac.updateClient(untyped({ clientId: ID, name: "z" })),
      "updateClient(clientId, { name, visibility, redirectUris, … })",
    ],
    [
      "updateProject",
      () => ac.updateProject(untyped({ projectId: ID, displayName: "Q" })),
      "updateProject(projectId, { displayName, contactEmail, adminIds, adminGroupIds })",
    ],
    [
      "createClientCredential",
      () =>
        ac.createClientCredential(
          untyped({ clientId: ID, name: "x" }),
          untyped(undefined),
        ),
      "createClientCredential(clientId, name)",
    ],
    [
      "getConsents",
      () => ac.getConsents(untyped({ identityId: ID })),
      "getConsents(identityId, { all })",
    ],
  ];
  for (const [method, call, signature] of cases) {
    const message = await rejection(call);
    assert.ok(
      message.startsWith(`Cannot call ${method}() as `),
      message,
    );
    assert.ok(message.endsWith(`. ${HINT}${signature}`), message);
  }
  // createClient names its first argument (it named 'project', undefined).
  assert.match(
    await rejection(() =>
      ac.createClient(untyped({ name: "c", project: ID }), untyped(undefined))
    ),
    /^Cannot call createClient\(\) as 'name' must be a string/,
  );
  // createProject("P", { contactEmail }): the second one too.
  assert.ok(
    (await rejection(() =>
      ac.createProject("P", untyped({ contactEmail: "a@b.org" }))
    )).endsWith(
      `. ${HINT}createProject(displayName, contactEmail, { adminIds, adminGroupIds })`,
    ),
  );
  // A plain wrong value gets no such hint.
  assert.ok(
    !(await rejection(() => ac.updateClient(untyped(42)))).includes(HINT),
  );
});

test("login client methods given Python's keyword arguments as one object name the positional call, never printing the token", async () => {
  const nc = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, BASE);
  const cc = new ConfidentialAppAuthClient(ID, "SECRET", BASE);
  const cases: [() => unknown, string][] = [
    [
      () => nc.oauth2RefreshToken(untyped({ refreshToken: "RT-SECRET" })),
      "Cannot call oauth2RefreshToken() as 'refreshToken' must be a non-empty string: current value is an object. " +
      HINT + "oauth2RefreshToken(refreshToken, { bodyParams })",
    ],
    [
      () => nc.oauth2RevokeToken(untyped({ token: "RT-SECRET" })),
      "Cannot call oauth2RevokeToken() as 'token' must be a non-empty string: current value is an object. " +
      HINT + "oauth2RevokeToken(token, { bodyParams })",
    ],
    [
      () => cc.oauth2TokenIntrospect(untyped({ token: "RT-SECRET" })),
      "Cannot call oauth2TokenIntrospect() as 'token' must be a non-empty string: current value is an object. " +
      HINT + "oauth2TokenIntrospect(token, { include, queryParams })",
    ],
    [
      () => cc.oauth2GetDependentTokens(untyped({ token: "RT-SECRET" })),
      "Cannot call oauth2GetDependentTokens() as 'token' must be a non-empty string: current value is an object. " +
      HINT +
      "oauth2GetDependentTokens(token, { scope, refreshTokens, additionalParams })",
    ],
    [
      () => nc.oauth2ExchangeCodeForTokens(untyped({ authCode: "CODE" })),
      "Cannot call oauth2ExchangeCodeForTokens() as 'code' must be a string (the authorization code), not an object. " +
      HINT + "oauth2ExchangeCodeForTokens(code)",
    ],
  ];
  for (const [call, expected] of cases) {
    const message = await rejection(call);
    assert.equal(message, expected);
    assert.ok(!message.includes("RT-SECRET"));
  }
});
