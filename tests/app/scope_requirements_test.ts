/**
 * Service clients' `appScopes` (Python's `app_scopes`): the scopes a client
 * built with `{ app }` adds to the app's requirements.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { GCSCollectionScopes, Scope } from "../../src/auth/scopes.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const app = () =>
  new UserApp({
    appName: "app-scopes",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });

test("AuthClient({ app, appScopes }) requires those scopes instead of openid/profile/email (Python's list_projects.py)", () => {
  const a = app();
  new AuthClient({ app: a, appScopes: [AuthClient.scopes.manageProjects] });
  // (a UserApp requires openid itself, for the identity of its tokens)
  assert.deepEqual(a.scopeRequirements, {
    "auth.globus.org": [
      "openid",
      "urn:globus:auth:scope:auth.globus.org:manage_projects",
    ],
  });
  const b = app();
  new AuthClient({ app: b });
  assert.deepEqual(b.scopeRequirements["auth.globus.org"], [
    "openid",
    "profile",
    "email",
  ]);
});

test("TransferClient({ app, appScopes }) takes Scope objects and dependent scopes; an empty list means the default", () => {
  const dataAccess = GCSCollectionScopes("c0ffee00-0000-4000-8000-000000000000")
    .dataAccess;
  const a = app();
  new TransferClient({
    app: a,
    appScopes: [
      new Scope(TransferClient.scopes.all, {
        dependencies: [new Scope(dataAccess, { optional: true })],
      }),
    ],
  });
  assert.deepEqual(a.scopeRequirements["transfer.api.globus.org"], [
    `${TransferClient.scopes.all}[*${dataAccess}]`,
  ]);
  const b = app();
  new TransferClient({ app: b, appScopes: [] });
  assert.deepEqual(b.scopeRequirements["transfer.api.globus.org"], [
    TransferClient.scopes.all,
  ]);
});

test("appScopes without an app is a TypeError naming both, as Python's GlobusSDKUsageError", () => {
  for (
    const make of [
      () => new AuthClient({ appScopes: ["openid"] }),
      () => new TransferClient({ appScopes: TransferClient.scopes.all }),
    ]
  ) {
    assert.throws(make, (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.match(e.message, /'appScopes' was given without an 'app'/);
      return true;
    });
  }
  assert.throws(
    () => new AuthClient({ app: app(), appScopes: [42 as unknown as string] }),
    TypeError,
  );
});
