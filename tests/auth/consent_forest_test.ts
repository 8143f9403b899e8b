/**
 * ConsentForest (Python's `get_consents(…).to_forest()`): the port of the
 * Python SDK's test_get_consents on its fixture body, meetsScopeRequirements
 * (dependent, optional, missing), and malformed consent lists.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient, type Consent } from "../../src/auth/auth_client.ts";
import {
  ConsentForest,
  ConsentParseError,
  ConsentTree,
  ConsentTreeConstructionError,
} from "../../src/auth/consent_forest.ts";
import { GlobusError } from "../../src/core/errors.ts";
import {
  GCSCollectionScopes,
  Scope,
  ScopeParseError,
  TransferScopes,
} from "../../src/auth/scopes.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import * as mod from "../../mod.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { sdkTestingRoute, SKIP_FIXTURES } from "../_helpers/globus_fixtures.ts";

const authorizer = new AccessTokenAuthorizer("auth-token-secret");
// our own collection id for the sample consents (C2 is the public tutorial collection)
const C1 = "49831fc0-a2d9-4d82-bf6a-663e69c4c23b";
const C2 = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
const DA1 = GCSCollectionScopes(C1).dataAccess;
const DA2 = GCSCollectionScopes(C2).dataAccess;
const XFER = TransferScopes.all;

function consent(
  id: number,
  scope_name: string,
  dependency_path: number[],
): Consent {
  return { id, scope_name, dependency_path, client: `client-${id}` };
}

test("Python's test_get_consents on its fixture body", {
  skip: SKIP_FIXTURES,
}, async () => {
  // Python's meta["identity_id"] is the identity in the route's path
  const route = sdkTestingRoute("auth", "get_consents");
  const identity = /^\/v2\/api\/identities\/([^/]+)\/consents$/.exec(
    route.path,
  )?.[1];
  assert.ok(identity, route.path);
  const ff = fakeFetch([json(route.body)]);
  const ac = new AuthClient({ authorizer, fetch: ff.fetch });
  const res = await ac.getConsents(identity);
  assert.equal(ff.requests[0]?.method, route.method);
  assert.equal(
    ff.requests[0]?.url,
    `https://auth.globus.org${route.path}`,
  );

  const forest = res.toForest();
  assert.equal(forest.nodes.length, 2);
  assert.equal(forest.trees.length, 1);
  const tree = forest.trees[0]!;
  assert.equal(forest.trees[0]!.maxDepth, 2);
  assert.ok(tree.root.scope_name.endsWith("transfer.api.globus.org:all"));
  const children = [...tree.edges.get(tree.root.id)!].map((id) =>
    tree.getNode(id)
  );
  assert.equal(children.length, 1);
  assert.ok(children[0]!.scope_name.endsWith("data_access"));

  // and the fixture's consent is the data_access of its collection
  const fixtureDA = children[0]!.scope_name;
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${fixtureDA}]`), true);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA2}]`), false);
});

test("toForest() is non-enumerable: JSON, keys and equality are the body's", async () => {
  const body = {
    consents: [consent(1, XFER, [1]), consent(2, DA1, [1, 2])],
    extra: "kept",
  };
  const ff = fakeFetch([json(body)]);
  const res = await new AuthClient({ authorizer, fetch: ff.fetch })
    .getConsents("u1");
  assert.equal(typeof res.toForest, "function");
  assert.deepEqual(Object.keys(res), ["consents", "extra"]);
  assert.equal(JSON.stringify(res), JSON.stringify(body));
  assert.deepEqual(res, body);
  // the forest's nodes are the response's consents, and a later change of the
  // list is seen by the next toForest()
  const forest = res.toForest();
  assert.equal(forest.nodes[0], res.consents[0]);
  assert.equal(forest.getNode(2), res.consents[1]);
  res.consents.push(consent(3, DA2, [1, 3]));
  assert.equal(res.toForest().meetsScopeRequirements(`${XFER}[${DA2}]`), true);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA2}]`), false);
});

test("the forest is exported from mod.ts", () => {
  // The npm build's mod.js is a bundle with its own copies of the classes,
  // so they are compared by name and used, not compared by reference.
  for (
    const [name, cls] of Object.entries({
      ConsentForest,
      ConsentTree,
      ConsentParseError,
      ConsentTreeConstructionError,
    })
  ) {
    const exported = (mod as Record<string, unknown>)[name];
    assert.equal(typeof exported, "function", name);
    assert.equal((exported as typeof cls).name, cls.name);
  }
  const forest = new mod.ConsentForest([consent(1, XFER, [1])]);
  assert.equal(forest.meetsScopeRequirements(XFER), true);
  assert.ok(forest.trees[0] instanceof mod.ConsentTree);
  assert.throws(
    () => new mod.ConsentForest([consent(2, DA1, [1, 2])]),
    mod.ConsentTreeConstructionError,
  );
});

test("trees, edges, getNode and maxDepth of a forest with two roots", () => {
  const forest = new ConsentForest([
    consent(10, XFER, [10]),
    consent(11, DA1, [10, 11]),
    consent(12, DA2, [10, 12]),
    consent(13, "inner", [10, 12, 13]),
    consent(20, "openid", [20]),
  ]);
  assert.equal(forest.trees.length, 2);
  const [xfer, openid] = forest.trees;
  assert.equal(xfer!.root.id, 10);
  assert.deepEqual(xfer!.nodes.map((n) => n.id), [10, 11, 12, 13]);
  assert.deepEqual([...xfer!.edges.get(10)!], [11, 12]);
  assert.deepEqual([...xfer!.edges.get(12)!], [13]);
  assert.deepEqual([...xfer!.edges.get(13)!], []);
  assert.equal(xfer!.maxDepth, 3);
  assert.equal(openid!.maxDepth, 1);
  assert.deepEqual(openid!.nodes.map((n) => n.id), [20]);
  assert.equal(forest.getNode(13).scope_name, "inner");
  assert.deepEqual([...forest.edges.get(10)!], [11, 12]);
  // a tree holds only its own consents
  assert.throws(() => openid!.getNode(11), RangeError);
  assert.throws(() => forest.getNode(99), /No consent 99/);
  assert.equal(
    String(xfer),
    [
      ` - Consent [10]: Client [client-10] -> Scope [${XFER}]`,
      `   - Consent [11]: Client [client-11] -> Scope [${DA1}]`,
      `   - Consent [12]: Client [client-12] -> Scope [${DA2}]`,
      `     - Consent [13]: Client [client-13] -> Scope [inner]`,
    ].join("\n"),
  );
  assert.equal(new ConsentForest([]).trees.length, 0);
});

test("meetsScopeRequirements: dependent scopes, nested, every input form", () => {
  const forest = new ConsentForest([
    consent(1, XFER, [1]),
    consent(2, DA1, [1, 2]),
    consent(3, "openid", [3]),
    consent(4, "a", [4]),
    consent(5, "b", [4, 5]),
    consent(6, "c", [4, 5, 6]),
  ]);
  assert.equal(forest.meetsScopeRequirements(XFER), true);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA1}]`), true);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA2}]`), false);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA1} ${DA2}]`), false);
  // every scope of a string, of a list, must be met
  assert.equal(forest.meetsScopeRequirements(`openid ${XFER}[${DA1}]`), true);
  assert.equal(forest.meetsScopeRequirements(`openid email`), false);
  assert.equal(forest.meetsScopeRequirements(["openid", XFER]), true);
  assert.equal(forest.meetsScopeRequirements(["openid", "email"]), false);
  assert.equal(forest.meetsScopeRequirements([]), true);
  // Scope objects, alone and in lists with strings
  const needed = new Scope(XFER).addDependency(DA1);
  assert.equal(forest.meetsScopeRequirements(needed), true);
  assert.equal(forest.meetsScopeRequirements([needed, "openid"]), true);
  assert.equal(
    forest.meetsScopeRequirements(new Scope(XFER).addDependency(DA2)),
    false,
  );
  // nested dependencies are matched level by level
  assert.equal(forest.meetsScopeRequirements("a[b[c]]"), true);
  assert.equal(forest.meetsScopeRequirements("a[b]"), true);
  assert.equal(forest.meetsScopeRequirements("a[c]"), false);
  assert.equal(forest.meetsScopeRequirements("a[b[d]]"), false);
  // a dependent consent does not meet a top-level requirement
  assert.equal(forest.meetsScopeRequirements(DA1), false);
  assert.equal(forest.meetsScopeRequirements("b"), false);
  // a consent under another root does not count
  assert.equal(forest.meetsScopeRequirements(`openid[${DA1}]`), false);
  // the tree's own check
  assert.equal(
    forest.trees[0]!.meetsScopeRequirements(`${XFER}[${DA1}]`),
    true,
  );
  assert.equal(forest.trees[1]!.meetsScopeRequirements(XFER), false);
  assert.throws(
    () => forest.meetsScopeRequirements(`${XFER}[${DA1}`),
    ScopeParseError,
  );
});

test("a requirement met only across two trees with the same root scope is not met", () => {
  // two separate Transfer consents (say, two clients with `all=true`), each
  // with one collection: neither tree holds both data_access consents
  const forest = new ConsentForest([
    consent(1, XFER, [1]),
    consent(2, DA1, [1, 2]),
    consent(3, XFER, [3]),
    consent(4, DA2, [3, 4]),
  ]);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA1}]`), true);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA2}]`), true);
  assert.equal(forest.meetsScopeRequirements(`${XFER}[${DA1} ${DA2}]`), false);
  // as two separate requirements, each is met by its own tree
  assert.equal(
    forest.meetsScopeRequirements([`${XFER}[${DA1}]`, `${XFER}[${DA2}]`]),
    true,
  );
});

test("optional dependencies (*) must be consented too, as in Python", () => {
  const without = new ConsentForest([consent(1, XFER, [1])]);
  const withIt = new ConsentForest([
    consent(1, XFER, [1]),
    consent(2, DA1, [1, 2]),
  ]);
  const optional = `${XFER}[*${DA1}]`;
  assert.equal(without.meetsScopeRequirements(optional), false);
  assert.equal(withIt.meetsScopeRequirements(optional), true);
  const obj = new Scope(XFER).addDependency(DA1, { optional: true });
  assert.equal(without.meetsScopeRequirements(obj), false);
  assert.equal(withIt.meetsScopeRequirements(obj), true);
  // an optional top-level scope is still a requirement
  assert.equal(without.meetsScopeRequirements(`*${XFER}`), true);
  assert.equal(without.meetsScopeRequirements("*openid"), false);
});

test("a dependency_path naming a missing consent is an error naming the consent", () => {
  assert.throws(
    () =>
      new ConsentForest([
        consent(1, XFER, [1]),
        consent(5902, DA1, [5901, 5902]),
      ]),
    (e: unknown) => {
      assert.ok(e instanceof ConsentTreeConstructionError);
      assert.ok(e instanceof GlobusError);
      assert.equal(e.consentId, 5902);
      assert.match(e.message, /consent 5902 \(https:\/\/auth\.globus\.org/);
      assert.match(e.message, /depends on consent 5901/);
      assert.match(e.message, /not among the consents/);
      return true;
    },
  );
});

test("other malformed consent lists are errors naming the consent", () => {
  const cases: [Consent[], number, RegExp][] = [
    [
      [consent(1, XFER, [1]), consent(1, DA1, [1])],
      1,
      /two consents have the id 1/,
    ],
    [
      [consent(5, XFER, [])],
      5,
      /consent 5 .*\[\], which does not end with its own id/,
    ],
    [[consent(5, XFER, [1, 2])], 5, /consent 5 .*\[1,2\], which does not end/],
    [
      [
        consent(1, XFER, [1]),
        consent(2, "b", [1, 2]),
        consent(3, "c", [9, 2, 3]),
      ],
      3,
      /consent 3 .*\[9,2,3\], but its parent 2 has \[1,2\]/,
    ],
    // a cycle: neither is a root, each names the other as parent
    [[consent(1, "a", [2, 1]), consent(2, "b", [1, 2])], 1, /its parent 2/],
  ];
  for (const [consents, id, message] of cases) {
    assert.throws(() => new ConsentForest(consents), (e: unknown) => {
      assert.ok(e instanceof ConsentTreeConstructionError, String(e));
      assert.equal(e.consentId, id);
      assert.match(e.message, message);
      return true;
    });
  }
});

test("entries that are not consents are a ConsentParseError", () => {
  const bad: unknown[] = [
    null,
    { scope_name: XFER, dependency_path: [1] },
    { id: "1", scope_name: XFER, dependency_path: [1] },
    { id: 1, dependency_path: [1] },
    { id: 1, scope_name: XFER },
    { id: 1, scope_name: XFER, dependency_path: ["1"] },
  ];
  for (const entry of bad) {
    assert.throws(
      () => new ConsentForest([entry as Consent]),
      (e: unknown) => {
        assert.ok(e instanceof ConsentParseError, String(e));
        assert.equal(e.rawConsent, entry);
        return true;
      },
    );
  }
  assert.throws(
    () =>
      new ConsentForest([consent(1, XFER, [1])]).meetsScopeRequirements(
        42 as unknown as string,
      ),
    TypeError,
  );
});

test("a malformed response throws from toForest(), not from getConsents()", async () => {
  const ff = fakeFetch([
    json({ consents: [consent(7, DA1, [3, 7])] }),
  ]);
  const res = await new AuthClient({ authorizer, fetch: ff.fetch })
    .getConsents("u1");
  assert.equal(res.consents.length, 1);
  assert.throws(() => res.toForest(), /consent 7 .*depends on consent 3/);
});
