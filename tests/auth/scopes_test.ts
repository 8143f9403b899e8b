import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthScopes,
  GCSCollectionScopes,
  Scope,
  ScopeParseError,
  scopesSatisfied,
  TransferScopes,
} from "../../src/auth/scopes.ts";
import { GlobusError } from "../../src/core/errors.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { mulberry32 } from "../_helpers/prng.ts";

test("well-known scope strings match Globus", () => {
  assert.equal(
    TransferScopes.all,
    "urn:globus:auth:scope:transfer.api.globus.org:all",
  );
  assert.equal(TransferScopes.resourceServer, "transfer.api.globus.org");
  assert.equal(AuthScopes.resourceServer, "auth.globus.org");
  assert.deepEqual(
    [AuthScopes.openid, AuthScopes.profile, AuthScopes.email],
    ["openid", "profile", "email"],
  );
  assert.equal(
    AuthScopes.viewIdentities,
    "urn:globus:auth:scope:auth.globus.org:view_identities",
  );
  const c = GCSCollectionScopes("abc-123");
  assert.equal(c.resourceServer, "abc-123");
  assert.equal(
    c.dataAccess,
    "https://auth.globus.org/scopes/abc-123/data_access",
  );
  assert.equal(c.https, "https://auth.globus.org/scopes/abc-123/https");
  assert.throws(() => GCSCollectionScopes(""), TypeError);
});

test("Scope serializes dependencies with optional markers", () => {
  const s = new Scope("a")
    .addDependency("b")
    .addDependency(new Scope("c", { dependencies: ["*d"] }), {
      optional: true,
    });
  assert.equal(String(s), "a[b *c[*d]]");
  assert.equal(JSON.stringify({ s }), '{"s":"a[b *c[*d]]"}');
});

test("Scope.parse reads nested dependencies and round-trips", () => {
  const cases = [
    "openid",
    "openid profile email",
    "a[b c[*d]]",
    "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/6c54cade-bde5-45c1-bdea-f4bd71dba2cc/data_access]",
    "x[y[z[w]]] q *r",
  ];
  for (const text of cases) {
    const parsed = Scope.parse(text);
    assert.equal(Scope.serialize(parsed), text);
  }
  const [a] = Scope.parse("a[b c[*d]]");
  assert.equal(a?.scopeString, "a");
  assert.equal(a?.dependencies.length, 2);
  const c = a?.dependencies[1];
  assert.equal(c?.scopeString, "c");
  assert.equal(c?.dependencies[0]?.optional, true);
  assert.equal(c?.dependencies[0]?.scopeString, "d");
});

test("Scope.parse normalizes whitespace", () => {
  assert.equal(Scope.serialize(Scope.parse("  a[ b   c ]\n d ")), "a[b c] d");
  assert.deepEqual(Scope.parse("   "), []);
  assert.deepEqual(Scope.parse(""), []);
});

test("Scope.parse errors name the problem and position", () => {
  const cases: [string, RegExp, number][] = [
    ["transfer:all[b", /unbalanced '\['/, 12],
    ["a]", /unbalanced '\]'/, 1],
    ["a[b]]", /unbalanced '\]'/, 4],
    ["[a]", /'\[' must directly follow a scope name/, 0],
    ["a [b]", /'\[' must directly follow a scope name/, 2],
    ["a[b][c]", /'\[' must directly follow a scope name/, 4],
    ["a[]", /empty brackets/, 1],
    ["a[ ]", /empty brackets/, 1],
    ["*", /'\*' must be followed by a scope name/, 0],
    ["a[* b]", /'\*' must be followed by a scope name/, 2],
    ["**a", /'\*' must be followed by a scope name/, 0],
    ["a[b[c]", /unbalanced '\['/, 1],
  ];
  for (const [text, re, pos] of cases) {
    assert.throws(() => Scope.parse(text), (err: unknown) => {
      assert.ok(err instanceof ScopeParseError, `${text}: ${err}`);
      assert.ok(err instanceof GlobusError);
      assert.match(err.message, re, text);
      assert.match(err.message, new RegExp(`at position ${pos}\\b`), text);
      assert.equal(err.position, pos, text);
      return true;
    });
  }
});

test("Scope.parseOne requires exactly one scope", () => {
  assert.equal(String(Scope.parseOne("*a[b]")), "*a[b]");
  assert.throws(() => Scope.parseOne("a b"), ScopeParseError);
  assert.throws(() => Scope.parseOne(""), ScopeParseError);
});

test("new Scope rejects text with brackets, spaces or stars", () => {
  for (const bad of ["", "a b", "a[b]", "*a"]) {
    assert.throws(() => new Scope(bad), TypeError);
  }
});

test("Python's positional optional (addDependency(dep, true), new Scope(s, true)) is a TypeError naming the options object, where it was dropped", () => {
  const untyped = (v: unknown) => v as { optional?: boolean };
  const names = (re: string) => (e: unknown) =>
    e instanceof TypeError && e.message.includes(re);
  for (const bad of [true, false, "optional", 1, null]) {
    assert.throws(
      () => new Scope("a").addDependency("b", untyped(bad)),
      names("addDependency(dep, { optional: true })"),
    );
    assert.throws(
      () => new Scope("a", untyped(bad)),
      names("new Scope(scopeString, { optional: true"),
    );
  }
  // Python's names and non-boolean values are refused too.
  assert.throws(
    () => new Scope("a").addDependency("b", untyped({ is_optional: true })),
    TypeError,
  );
  assert.throws(
    () => new Scope("a").addDependency("b", untyped({ optional: "true" })),
    names("'optional' must be true or false"),
  );
  // null is Python's None: left out (not optional; a dependency keeps its own).
  assert.equal(String(new Scope("a", { optional: null })), "a");
  assert.equal(
    String(new Scope("a").addDependency("*b", { optional: null })),
    "a[*b]",
  );
  assert.throws(
    () => new Scope("a", { dependencies: "b" as unknown as string[] }),
    names("'dependencies' must be a list"),
  );
  // The options object still works.
  assert.equal(
    String(new Scope("a").addDependency("b", { optional: true })),
    "a[*b]",
  );
  assert.equal(String(new Scope("a", { optional: true })), "*a");
});

test("deeply nested input fails with ScopeParseError, not a stack overflow", () => {
  const text = "a[".repeat(5000) + "b" + "]".repeat(5000);
  assert.throws(() => Scope.parse(text), ScopeParseError);
});

test("fuzz: random strings parse and round-trip, or raise ScopeParseError", () => {
  const rand = mulberry32(20240611); // seeded, so failures reproduce
  const alphabet = ["[", "]", "*", " ", " ", "a", "b", "c", ":", "/", "\t"];
  let parsedCount = 0;
  for (let n = 0; n < 5000; n++) {
    const len = Math.floor(rand() * 24);
    let text = "";
    for (let i = 0; i < len; i++) {
      text += alphabet[Math.floor(rand() * alphabet.length)];
    }
    let parsed: Scope[];
    try {
      parsed = Scope.parse(text);
    } catch (err) {
      assert.ok(
        err instanceof ScopeParseError,
        `unexpected ${err} for ${JSON.stringify(text)}`,
      );
      assert.ok(err.position >= 0 && err.position <= text.length);
      continue;
    }
    parsedCount++;
    const again = Scope.serialize(parsed);
    assert.equal(Scope.serialize(Scope.parse(again)), again, text);
  }
  assert.ok(parsedCount > 100, `only ${parsedCount} strings parsed`);
});

test("scopesSatisfied compares top-level scopes loosely", () => {
  const granted =
    "openid profile urn:globus:auth:scope:transfer.api.globus.org:all";
  assert.equal(scopesSatisfied(granted, ["openid", TransferScopes.all]), true);
  assert.equal(scopesSatisfied(granted, ["openid email"]), false);
  assert.equal(scopesSatisfied(granted, []), true);
  // Dependencies cannot be seen in a token's scope string: not held against it.
  const withDep = new Scope(TransferScopes.all).addDependency(
    GCSCollectionScopes("c1").dataAccess,
  );
  assert.equal(scopesSatisfied(granted, [withDep]), true);
  // When the granted side lists dependencies, they are compared.
  const grantedWithDeps = `${TransferScopes.all}[${
    GCSCollectionScopes("c2").dataAccess
  }]`;
  assert.equal(scopesSatisfied(grantedWithDeps, [withDep]), false);
  assert.equal(
    scopesSatisfied(grantedWithDeps, [String(withDep).replace("[", "[*")]),
    true,
  );
  assert.equal(scopesSatisfied("", ["openid"]), false);
});

test("plain scope text (names and whitespace only) parses as the full parser parses it", () => {
  const rand = mulberry32(7);
  const pieces = [
    "openid",
    "email",
    "urn:globus:auth:scope:transfer.api.globus.org:all",
    "https://auth.globus.org/scopes/abc/data_access",
    "é✓",
    "a.b-c_d",
  ];
  const spaces = [" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\r\n"];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
  for (let i = 0; i < 2000; i++) {
    let text = rand() < 0.3 ? pick(spaces) : "";
    const n = Math.floor(rand() * 5);
    for (let k = 0; k < n; k++) {
      text += pick(pieces) + (k < n - 1 || rand() < 0.3 ? pick(spaces) : "");
    }
    // Followed by a scope with a dependency, the same text goes through
    // the bracket-aware parser; its first scopes must be the same.
    const full = Scope.parse(`${text} x[y]`).slice(0, -1);
    assert.deepEqual(
      Scope.parse(text).map(String),
      full.map(String),
      JSON.stringify(text),
    );
    assert.ok(Scope.parse(text).every((s) => s.dependencies.length === 0));
  }
});

test("AuthClient.scopes and TransferClient.scopes are Python's scope collections", () => {
  // Python: SCOPES = [globus_sdk.AuthClient.scopes.manage_projects, "openid"]
  assert.equal(AuthClient.scopes, AuthScopes);
  assert.equal(
    AuthClient.scopes.manageProjects,
    "urn:globus:auth:scope:auth.globus.org:manage_projects",
  );
  for (
    const [name, suffix] of [
      ["viewAuthentications", "view_authentications"],
      ["viewClients", "view_clients"],
      ["viewClientsAndScopes", "view_clients_and_scopes"],
      ["viewConsents", "view_consents"],
      ["viewIdentities", "view_identities"],
      ["viewIdentitySet", "view_identity_set"],
    ] as const
  ) {
    assert.equal(
      AuthScopes[name],
      `urn:globus:auth:scope:auth.globus.org:${suffix}`,
    );
  }
  assert.deepEqual([...AuthClient.defaultScopeRequirements], [
    "openid",
    "profile",
    "email",
  ]);
  assert.equal(TransferClient.scopes.resourceServer, "transfer.api.globus.org");
  assert.equal(TransferClient.scopes.all, TransferScopes.all);
  assert.equal(
    TransferClient.scopes.gcpInstall,
    "urn:globus:auth:scope:transfer.api.globus.org:gcp_install",
  );
  assert.equal(TransferScopes.gcpInstall, TransferClient.scopes.gcpInstall);
});

test("Scope.withDependency/withDependencies/withOptional (Python 4's evolvers) return new scopes and leave the original as it was", () => {
  const all = new Scope(TransferScopes.all);
  const dataAccess = GCSCollectionScopes(
    "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
  ).dataAccess;
  const withDep = all.withDependency(
    new Scope(dataAccess).withOptional(true),
  );
  assert.equal(String(withDep), `${TransferScopes.all}[*${dataAccess}]`);
  assert.equal(String(all), TransferScopes.all, "unchanged");
  const two = withDep.withDependencies(["b[c]", new Scope("d")]);
  assert.equal(
    String(two),
    `${TransferScopes.all}[*${dataAccess} b[c] d]`,
  );
  assert.equal(withDep.dependencies.length, 1, "unchanged");
  const opt = two.withOptional(true);
  assert.equal(String(opt).startsWith("*"), true);
  assert.equal(two.optional, false);
  two.dependencies[1]!.optional = true;
  assert.equal(String(opt).includes("*b[c]"), false, "a deep copy");
});
