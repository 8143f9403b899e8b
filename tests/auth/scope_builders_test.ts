/**
 * The scope builders under their Python SDK 3 names
 * (`GCSCollectionScopeBuilder`, `GCSEndpointScopeBuilder`) and the endpoint
 * scopes of Python 4 (`GCSEndpointScopes`).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  GCSCollectionScopeBuilder,
  GCSCollectionScopes,
  GCSEndpointScopeBuilder,
  GCSEndpointScopes,
  Scope,
  TransferScopes,
} from "../../src/auth/scopes.ts";

const COLLECTION = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
const ENDPOINT = "4f9a2ac5-1c7b-4bd6-a8b2-2e0e9d2f1f3e";

test("GCSCollectionScopeBuilder(id), with or without new, gives the collection's scopes", () => {
  const Loose = GCSCollectionScopeBuilder as unknown as new (
    id: string,
  ) => ReturnType<typeof GCSCollectionScopes>;
  for (
    const scopes of [
      GCSCollectionScopeBuilder(COLLECTION),
      new Loose(COLLECTION),
    ]
  ) {
    assert.equal(
      scopes.dataAccess,
      `https://auth.globus.org/scopes/${COLLECTION}/data_access`,
    );
    assert.equal(
      scopes.https,
      `https://auth.globus.org/scopes/${COLLECTION}/https`,
    );
    assert.equal(scopes.resourceServer, COLLECTION);
  }
});

test("GCSEndpointScopes and GCSEndpointScopeBuilder give manage_collections", () => {
  for (
    const scopes of [
      GCSEndpointScopes(ENDPOINT),
      GCSEndpointScopeBuilder(ENDPOINT),
    ]
  ) {
    assert.equal(
      scopes.manageCollections,
      `urn:globus:auth:scope:${ENDPOINT}:manage_collections`,
    );
    assert.equal(scopes.resourceServer, ENDPOINT);
  }
  assert.throws(() => GCSEndpointScopes(""), TypeError);
  assert.throws(() => GCSEndpointScopes("a b"), TypeError);
  assert.throws(() => GCSEndpointScopes("x:y"), TypeError);
});

test("Python 3's make_mutable / add_dependency pattern ports with Scope", () => {
  // transfer_scope = TransferScopes.make_mutable("all")
  // transfer_scope.add_dependency(GCSCollectionScopeBuilder(c).data_access, optional=True)
  const scope = new Scope(TransferScopes.all).addDependency(
    GCSCollectionScopeBuilder(COLLECTION).dataAccess,
    { optional: true },
  );
  assert.equal(
    String(scope),
    `${TransferScopes.all}[*https://auth.globus.org/scopes/${COLLECTION}/data_access]`,
  );
});

test("a collection or endpoint id that would break the scope string is refused, naming the option and the value", () => {
  assert.throws(
    () => GCSCollectionScopes("a collection"),
    new TypeError(
      `Cannot build collection scopes as 'collectionId' must be a collection id: current value is "a collection"`,
    ),
  );
  assert.throws(
    () => GCSEndpointScopes("urn:globus:auth:scope:x"),
    new TypeError(
      `Cannot build endpoint scopes as 'endpointId' must be an endpoint id: current value is "urn:globus:auth:scope:x"`,
    ),
  );
  assert.throws(
    () => GCSEndpointScopes(undefined as unknown as string),
    /must be an endpoint id: current value is undefined$/,
  );
});
