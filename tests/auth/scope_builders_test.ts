/**
 * The scope builders under their Python SDK 3 names
 * (`GCSCollectionScopeBuilder`, `GCSEndpointScopeBuilder`) and the endpoint
 * scopes of Python 4 (`GCSEndpointScopes`); `ScopeBuilder` for a resource
 * server of your own.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthScopes,
  GCSCollectionScopeBuilder,
  GCSCollectionScopes,
  GCSEndpointScopeBuilder,
  GCSEndpointScopes,
  Scope,
  ScopeBuilder,
  TransferScopes,
} from "../../src/auth/scopes.ts";
import { inspect } from "node:util";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { untyped } from "../_helpers/argument_errors.ts";

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

test("ScopeBuilder: your own resource server's scopes, by name and form (Python 3's ScopeBuilder)", () => {
  const rs = "0f5a1c7e-2c5b-4d3e-9a77-5a3f4f0f8a11";
  const my = ScopeBuilder(rs, {
    knownUrlScopes: ["all", "data_access"],
    knownScopes: ["manage"],
  });
  assert.equal(my.resourceServer, rs);
  assert.equal(my.all, `https://auth.globus.org/scopes/${rs}/all`);
  assert.equal(
    my.data_access,
    `https://auth.globus.org/scopes/${rs}/data_access`,
  );
  assert.equal(my.manage, `urn:globus:auth:scope:${rs}:manage`);
  assert.equal(
    my.urlScopeString("x"),
    `https://auth.globus.org/scopes/${rs}/x`,
  );
  assert.equal(my.urnScopeString("x"), `urn:globus:auth:scope:${rs}:x`);
  assert.ok(Object.isFrozen(my));
  assert.equal(
    String(new Scope(my.all).withDependency(TransferScopes.all)),
    `https://auth.globus.org/scopes/${rs}/all[urn:globus:auth:scope:transfer.api.globus.org:all]`,
  );
  // No names: the builders only.
  assert.deepEqual(Object.keys(ScopeBuilder(rs)), [
    "resourceServer",
    "urlScopeString",
    "urnScopeString",
  ]);
});

test("ScopeBuilder refuses Python's option names, a name given as a string, clashing names and an empty resource server", () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return String(e);
    }
    return "no error";
  };
  assert.equal(
    message(() => ScopeBuilder("rs", untyped({ known_url_scopes: ["all"] }))),
    "TypeError: ScopeBuilder(): unknown option 'known_url_scopes'; did you mean 'knownUrlScopes'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    message(() => ScopeBuilder("rs", untyped({ knownUrlScopes: "all" }))),
    `TypeError: Cannot build the scopes as 'knownUrlScopes' must be a list of scope names: current value is "all"; write { knownUrlScopes: ["all"] }`,
  );
  assert.match(
    message(() =>
      ScopeBuilder("rs", { knownUrlScopes: ["all"], knownScopes: ["all"] })
    ),
    /^TypeError: Cannot build the scopes as "all" in 'knownScopes' is not a scope name the builder can hold \(empty, with whitespace or brackets, listed twice/,
  );
  assert.match(
    message(() => ScopeBuilder("rs", { knownScopes: ["resourceServer"] })),
    /"resourceServer" in 'knownScopes' is not a scope name/,
  );
  assert.match(
    message(() => ScopeBuilder("")),
    /'resourceServer' must be a resource server id: current value is ""/,
  );
});

test("Python's snake_case names of the scope objects throw a hint, where they read undefined and a login asked for the scope 'undefined'", () => {
  const cases: [() => unknown, RegExp][] = [
    [
      () => (GCSCollectionScopes(COLLECTION) as never)["data_access"],
      /^GCSCollectionScopes\(id\) has no data_access: .*Python's data_access is dataAccess \(GCSCollectionScopes\(id\)\.dataAccess\)$/,
    ],
    [
      () => (AuthScopes as never)["view_identities"],
      /^AuthScopes has no view_identities: .*\(AuthScopes\.viewIdentities\)$/,
    ],
    [
      () => (TransferScopes as never)["gcp_install"],
      /^TransferScopes has no gcp_install: .*\(TransferScopes\.gcpInstall\)$/,
    ],
    // Reached through the client, as Python's examples write them
    // (TransferClient.scopes.gcp_install read undefined: a copy without
    // the hints).
    [
      () => (TransferClient.scopes as never)["gcp_install"],
      /^TransferScopes has no gcp_install: .*\(TransferScopes\.gcpInstall\)$/,
    ],
    [
      () => (AuthClient.scopes as never)["view_identities"],
      /^AuthScopes has no view_identities: .*\(AuthScopes\.viewIdentities\)$/,
    ],
    [
      () => (GCSEndpointScopes(COLLECTION) as never)["manage_collections"],
      /\(GCSEndpointScopes\(id\)\.manageCollections\)$/,
    ],
  ];
  for (const [read, says] of cases) {
    assert.throws(
      read,
      (e: Error) => e instanceof TypeError && says.test(e.message),
    );
  }
  // The names they have, and names they lack that are not Python's, read as before.
  assert.equal(
    GCSCollectionScopes(COLLECTION).dataAccess,
    `https://auth.globus.org/scopes/${COLLECTION}/data_access`,
  );
  assert.equal((TransferScopes as never)["ALL"], undefined);
  const b = ScopeBuilder("x", { knownScopes: ["do_it"] });
  assert.equal(b.do_it, "urn:globus:auth:scope:x:do_it");
  // Printed and serialized as the plain objects they were.
  assert.equal(inspect(TransferScopes), inspect({ ...TransferScopes }));
  assert.deepEqual(JSON.parse(JSON.stringify(AuthScopes)), { ...AuthScopes });
  assert.ok(Object.isFrozen(AuthScopes));
});

test("Python SDK 3's scope API ports: Scope.deserialize(text), scope.serialize(), and make_mutable(name) names new Scope(…)", () => {
  // Scope.deserialize: exactly one scope, as parseOne.
  const deserialize = (Scope as unknown as Record<string, (t: string) => Scope>)
    .deserialize!;
  const one = deserialize("a[*b c]");
  assert.ok(one instanceof Scope);
  assert.equal(String(one), "a[*b c]");
  assert.throws(() => deserialize("a b"), /exactly one scope/);
  const serialize = (one as unknown as Record<string, () => string>)
    .serialize!;
  assert.equal(serialize.call(one), "a[*b c]");
  for (const key of ["make_mutable", "makeMutable"]) {
    assert.throws(
      () => (TransferScopes as never)[key],
      (e: unknown) =>
        e instanceof TypeError &&
        e.message.includes(`TransferScopes has no ${key}:`) &&
        e.message.includes("new Scope(TransferScopes.all)"),
    );
  }
  assert.throws(
    () => (GCSCollectionScopes(COLLECTION) as never)["make_mutable"],
    /new Scope\(GCSCollectionScopes\(id\)\.dataAccess\)/,
  );
});

test("new GCSCollectionScopeBuilder(id) and new GCSEndpointScopeBuilder(id) type-check, as the Python docs' port writes them", () => {
  // Python's GCSCollectionScopeBuilder(MAPPED_COLLECTION_ID).data_access,
  // ported with `new` (a class name): deno check said "'new' expression,
  // whose target lacks a construct signature" though it ran.
  const data_access = new GCSCollectionScopeBuilder(COLLECTION).dataAccess;
  assert.equal(
    data_access,
    `https://auth.globus.org/scopes/${COLLECTION}/data_access`,
  );
  const manage = new GCSEndpointScopeBuilder(ENDPOINT).manageCollections;
  assert.equal(
    manage,
    `urn:globus:auth:scope:${ENDPOINT}:manage_collections`,
  );
});
