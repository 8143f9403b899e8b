/**
 * Python SDK 4's scope names ported line by line: `ScopeParser.parse(text)`
 * and a `Scope`'s snake_case attributes and methods.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as sdk from "../../mod.ts";
import { Scope } from "../../src/auth/scopes.ts";
import { ScopeParser } from "../../src/auth/scope_parser.ts";
import { messageOf, untyped } from "../_helpers/argument_errors.ts";

test("ScopeParser.parse and .serialize are Scope.parse and Scope.serialize, exported as Python 4's ScopeParser", () => {
  // Exported from the package (mod.ts loads the bundle: its own classes).
  assert.deepEqual(
    untyped(sdk).ScopeParser.parse("urn:a[urn:b]").map(String),
    ["urn:a[urn:b]"],
  );
  const scopes = ScopeParser.parse("urn:a[*urn:b urn:c[urn:d]] openid");
  assert.deepEqual(scopes.map(String), [
    "urn:a[*urn:b urn:c[urn:d]]",
    "openid",
  ]);
  assert.ok(scopes[0] instanceof Scope);
  assert.equal(scopes[0]?.dependencies[0]?.optional, true);
  assert.equal(
    ScopeParser.serialize([new Scope("urn:a"), "openid"]),
    "urn:a openid",
  );
  assert.throws(() => ScopeParser.parse("a[b"), /unbalanced '\['/);
});

test("a Scope's Python names (scope.scope_string, scope.with_dependency) throw naming the camelCase ones; other misses read undefined", () => {
  const scope = Scope.parseOne("urn:a[*urn:b]");
  assert.equal(
    messageOf(() => untyped(scope).scope_string),
    "Scope has no scope_string: the names here are camelCase, so Python's scope_string is scopeString (scope.scopeString)",
  );
  assert.match(
    messageOf(() => untyped(scope).with_dependency),
    /^Scope has no with_dependency: the names here are camelCase, so Python's with_dependency is withDependency \(scope\.withDependency\(…\)/,
  );
  assert.match(
    messageOf(() => untyped(scope).with_optional),
    /Python's with_optional is withOptional/,
  );
  assert.equal(untyped(scope).somethingElse, undefined);
  // The object itself is unchanged: its fields, JSON and text.
  assert.deepEqual(Object.keys(scope), [
    "scopeString",
    "optional",
    "dependencies",
  ]);
  assert.equal(JSON.stringify(scope), '"urn:a[*urn:b]"');
  assert.equal(scope.dependencies[0]?.scopeString, "urn:b");
  assert.throws(() => untyped(scope.dependencies[0]).scope_string, TypeError);
});

test("Python 4's Scope.parse(text) (one scope) ported as it is: a Scope member read on Scope.parse's list throws naming Scope.parseOne", () => {
  const list = Scope.parse("urn:a[urn:b]");
  assert.match(
    messageOf(() => untyped(list).dependencies),
    /^Scope\.parse\(\) returns a list of scopes \(Python 3's Scope\.parse, Python 4's ScopeParser\.parse\), which has no dependencies: for exactly one scope \(Python 4's Scope\.parse\(text\)\) write Scope\.parseOne\(text\)\.dependencies$/,
  );
  assert.match(
    messageOf(() => untyped(list).withDependency),
    /write Scope\.parseOne\(text\)\.withDependency$/,
  );
  assert.match(
    messageOf(() => untyped(ScopeParser.parse("urn:a")).scope_string),
    /write Scope\.parseOne\(text\)\.scopeString$/,
  );
  // Still a plain array: keys, JSON, equality, copies.
  assert.deepEqual(Object.keys(list), ["0"]);
  assert.equal(JSON.stringify(list), '["urn:a[urn:b]"]');
  assert.deepStrictEqual(Scope.parse(""), []);
  assert.deepEqual(list.map(String), ["urn:a[urn:b]"]);
  assert.equal(Scope.parseOne("urn:a[urn:b]").dependencies.length, 1);
});

test("ScopeParser.parse reads scope text as a graph, as Python 4's: a scope named twice is merged, its dependencies the same everywhere; a cycle is refused", () => {
  assert.deepEqual(
    ScopeParser.parse("urn:a[urn:b] openid urn:a[*urn:c]").map(String),
    ["urn:a[urn:b *urn:c]", "openid"],
  );
  assert.deepEqual(ScopeParser.parse("a[b[c]] d[b]").map(String), [
    "a[b[c]]",
    "d[b[c]]",
  ]);
  // Optional and required top-level scopes stay apart, as in Python.
  assert.deepEqual(ScopeParser.parse("a *a[x]").map(String), ["a[x]", "*a[x]"]);
  assert.throws(
    () => ScopeParser.parse("a[b[a]]"),
    /form a cycle \(a → b → a\)/,
  );
  // Scope.parse (Python 3's) keeps each occurrence.
  assert.deepEqual(Scope.parse("a[b] a[c]").map(String), ["a[b]", "a[c]"]);
});

test("ScopeParser.mergeScopes and serialize, as Python 4's merge_scopes and serialize(reject_empty=True)", () => {
  assert.deepEqual(
    ScopeParser.mergeScopes(ScopeParser.parse("a[b]"), ["a[c]", new Scope("z")])
      .map(String),
    ["a[b c]", "z"],
  );
  assert.equal(ScopeParser.serialize(["x", new Scope("y")]), "x y");
  assert.equal(ScopeParser.serialize("x"), "x");
  assert.equal(
    messageOf(() => ScopeParser.serialize([])),
    "Cannot serialize the scopes as they are empty (Python's ScopeParser.serialize refuses that too): give at least one scope, or { rejectEmpty: false }",
  );
  assert.equal(ScopeParser.serialize([], { rejectEmpty: false }), "");
});

test("the list Scope.parse returns, given where one dependency goes (Python 4's base.with_dependency(Scope.parse(text))), is refused naming parseOne and withDependencies: it became one dependency 'urn:b,urn:c'", () => {
  const list = Scope.parse("urn:b urn:c");
  const base = new Scope("urn:a");
  for (
    const call of [
      () => base.withDependency(untyped(list)),
      () => new Scope("urn:a").addDependency(untyped(list)),
      () => base.withDependencies(untyped([list])),
      () => new Scope("urn:a", { dependencies: untyped([list]) }),
    ]
  ) {
    const message = messageOf(call);
    assert.match(
      message,
      /takes one Scope or scope string: current value is a list of 2 scopes\. Scope\.parse\(\) returns a list .*Scope\.parseOne\(text\).*withDependencies\(list\)$/,
    );
  }
  assert.equal(
    String(base.withDependencies(list)),
    "urn:a[urn:b urn:c]",
  );
  assert.equal(
    String(base.withDependency(Scope.parseOne("urn:b"))),
    "urn:a[urn:b]",
  );
  assert.equal(String(base), "urn:a");
});
