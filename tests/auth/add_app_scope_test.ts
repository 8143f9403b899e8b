/**
 * `client.addAppScope(scopes)`, Python's `add_app_scope` (the Python docs'
 * "Manually Defining Scope Requirements": `flows_client.add_app_scope(…)`),
 * adds to the app's requirements for Auth's resource server (TransferClient's
 * is not in this change: src/transfer is another area).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AuthScopes, Scope } from "../../src/auth/scopes.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";

test("addAppScope adds to the app's requirements, beside the client's defaults", async () => {
  const app = new UserApp({
    appName: "add-app-scope",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });
  try {
    const ac = new AuthClient({ app });
    const before = [...(app.scopeRequirements["auth.globus.org"] ?? [])];
    assert.equal(ac.addAppScope(AuthClient.scopes.manageProjects), ac);
    assert.deepEqual(app.scopeRequirements["auth.globus.org"], [
      ...before,
      AuthScopes.manageProjects,
    ]);
    // a Scope and a list work too
    const custom =
      "https://auth.globus.org/scopes/0f5a1c7e-2c5b-4d3e-9a77-5a3f4f0f8a11/all";
    ac.addAppScope([new Scope(custom)]);
    assert.deepEqual(app.scopeRequirements["auth.globus.org"], [
      ...before,
      AuthScopes.manageProjects,
      custom,
    ]);
    // Python's name says which to write
    assert.throws(
      () => (ac as unknown as Record<string, unknown>).add_app_scope,
      /addAppScope/,
    );
  } finally {
    await app.close();
  }
});

test("addAppScope on a client without an app says how to make one with it", () => {
  const ac = new AuthClient({ authorizer: new AccessTokenAuthorizer("t") });
  assert.throws(
    () => ac.addAppScope(AuthScopes.manageProjects),
    /Cannot add an app scope as this AuthClient has no app: build it with new AuthClient\(\{ app \}\)/,
  );
});
