/**
 * IdentityMap, as the Python SDK's: batched lookups by id or username, a
 * cache keyed by both, a shared or prepopulated cache, `add`, `get` with a
 * default, `delete`; and `getIdentities`' `provision=false` default.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import * as authClientModule from "../../src/auth/auth_client.ts";
import { IdentityMap } from "../../src/auth/identity_map.ts";
import * as sdk from "../../mod.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import {
  fakeFetch,
  json,
  type RecordedRequest,
} from "../_helpers/fake_fetch.ts";

const ADA = {
  id: "11111111-2222-4333-8444-555555555555",
  username: "ada@example.org",
  organization: "Engines Ltd",
  status: "used",
};
const BOB = {
  id: "66666666-7777-4888-9999-000000000000",
  username: "bob@example.org",
  organization: null,
  status: "unused",
};
const DIRECTORY = [ADA, BOB];

/** A fake Auth that answers identity lookups from DIRECTORY. */
function fakeAuth() {
  const ff = fakeFetch([], (req) => {
    const q = new URL(req.url).searchParams;
    const wanted = (q.get("usernames") ?? q.get("ids") ?? "").split(",");
    const key = q.has("usernames") ? "username" : "id";
    return json({
      identities: DIRECTORY.filter((i) => wanted.includes(i[key])),
    });
  });
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: ff.fetch,
    retry: false,
  });
  return { auth, ff };
}

function params(req: RecordedRequest | undefined): Record<string, string> {
  assert.ok(req);
  return Object.fromEntries(new URL(req.url).searchParams);
}

test("a username lookup finds the identity, then its id is served from the cache", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth, [ADA.username]);
  assert.equal(
    (await idmap.lookup(ADA.username))?.organization,
    ADA.organization,
  );
  assert.equal((await idmap.lookup(ADA.id))?.organization, ADA.organization);
  assert.equal(ff.requests.length, 1);
  assert.deepEqual(params(ff.requests[0]), {
    usernames: ADA.username,
    provision: "false",
  });
});

test("construction splits ids from usernames and drops duplicates", () => {
  const { auth } = fakeAuth();
  assert.equal(new IdentityMap(auth).unresolvedIds.size, 0);
  const idmap = new IdentityMap(auth, [
    ADA.username,
    BOB.id,
    BOB.username,
    ADA.username,
    BOB.id,
  ]);
  assert.deepEqual([...idmap.unresolvedIds], [BOB.id]);
  assert.deepEqual(
    [...idmap.unresolvedUsernames].sort(),
    [ADA.username, BOB.username],
  );
  assert.equal(new IdentityMap(auth, [], { idBatchSize: 10 }).idBatchSize, 10);
  assert.equal(idmap.idBatchSize, 100);
  assert.throws(
    () => new IdentityMap(auth, [], { idBatchSize: 0 }),
    RangeError,
  );
  // Python's id_batch_size= is refused with the name to use (it was
  // dropped without a word, and the batch stayed 100).
  assert.throws(
    () =>
      new IdentityMap(
        auth,
        [],
        { id_batch_size: 1 } as unknown as { idBatchSize: number },
      ),
    (e: unknown) =>
      e instanceof TypeError && /'id_batch_size'/.test(e.message) &&
      /idBatchSize/.test(e.message),
  );
});

test("add() says whether the key is new, and a looked-up identity's id is not", async () => {
  const { auth } = fakeAuth();
  const idmap = new IdentityMap(auth);
  assert.equal(idmap.add(ADA.username), true);
  assert.equal(idmap.add(ADA.username), false);
  assert.equal(idmap.add(BOB.id), true);
  assert.equal(idmap.add(BOB.id), false);
  const other = new IdentityMap(auth);
  const id = (await other.lookup(ADA.username))!.id;
  assert.equal(other.add(id), false);
  assert.deepEqual(await other.lookup(id), await other.lookup(ADA.username));
});

test("one request looks up a whole batch of usernames", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth, [ADA.username, BOB.username]);
  assert.equal(
    (await idmap.lookup(ADA.username))?.organization,
    ADA.organization,
  );
  assert.equal((await idmap.lookup(BOB.username))?.organization, null);
  assert.equal(ff.requests.length, 1);
  const sent = params(ff.requests[0]);
  assert.deepEqual(sent.usernames?.split(",").sort(), [
    ADA.username,
    BOB.username,
  ]);
  assert.equal(sent.provision, "false");
});

test("an unknown key: lookup() throws RangeError, get() returns the default", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth);
  await assert.rejects(() => idmap.lookup("nobody@example.org"), RangeError);
  assert.deepEqual(params(ff.requests[0]), {
    usernames: "nobody@example.org",
    provision: "false",
  });
  const magic = Symbol("default");
  assert.equal(await idmap.get("nobody@example.org", magic), magic);
  assert.equal(await idmap.get("nobody@example.org"), undefined);
});

test("delete() forgets one key: the username stays cached, the id is fetched again", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth);
  const id = (await idmap.lookup(ADA.username))!.id;
  assert.equal(idmap.delete(id), true);
  assert.equal((await idmap.get(ADA.username))?.id, id);
  assert.equal(ff.requests.length, 1);
  assert.equal((await idmap.get(id))?.username, ADA.username);
  assert.equal(ff.requests.length, 2);
  assert.deepEqual(params(ff.requests[1]), { ids: ADA.id });
});

test("maps sharing a cache make one request between them", async () => {
  for (const [first, second] of [["username", "id"], ["id", "username"]]) {
    const { auth, ff } = fakeAuth();
    const cache = new Map();
    const a = new IdentityMap(auth, [], { cache });
    const b = new IdentityMap(auth, [], { cache });
    const k1 = ADA[first as "id"];
    const k2 = ADA[second as "id"];
    a.add(k1);
    b.add(k2);
    assert.equal(ff.requests.length, 0);
    assert.equal((await a.lookup(k1))?.organization, ADA.organization);
    assert.equal((await b.lookup(k2))?.id, (await a.lookup(k2))?.id);
    assert.equal(ff.requests.length, 1);
  }
});

test("a prepopulated cache (even with nulls) answers without requests", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth, [], {
    cache: new Map([[ADA.id, null], [ADA.username, null]]),
  });
  assert.equal(await idmap.lookup(ADA.id), null);
  assert.equal(await idmap.lookup(ADA.username), null);
  assert.equal(ff.requests.length, 0);
});

test("a cache that is not a Map (Python's cache={}) is refused at construction, naming new Map()", () => {
  const { auth, ff } = fakeAuth();
  for (const cache of [{}, [], "cache", null, { get() {}, set() {} }]) {
    assert.throws(
      () =>
        new IdentityMap(auth, [ADA.id], {
          cache: cache as unknown as Map<string, null>,
        }),
      (e: unknown) =>
        e instanceof TypeError && /'cache' must be a Map/.test(e.message) &&
        e.message.includes("cache: new Map()"),
    );
  }
  // An object with Map's methods is a cache too.
  const store = new Map<string, null>([[ADA.id, null]]);
  const mapLike = {
    get: (k: string) => store.get(k),
    set: (k: string, v: null) => store.set(k, v),
    has: (k: string) => store.has(k),
    delete: (k: string) => store.delete(k),
  };
  const idmap = new IdentityMap(auth, [], {
    cache: mapLike as unknown as Map<string, null>,
  });
  return idmap.lookup(ADA.id).then((found) => {
    assert.equal(found, null);
    assert.equal(ff.requests.length, 0);
  });
});

test("idBatchSize limits each request; the rest wait for their own lookup", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth, [], { idBatchSize: 1 });
  idmap.add(BOB.id);
  idmap.add(ADA.id);
  assert.equal((await idmap.lookup(ADA.id))?.username, ADA.username);
  assert.equal(ff.requests.length, 1);
  assert.equal(idmap.unresolvedIds.size, 1);
  assert.deepEqual(params(ff.requests[0]), { ids: ADA.id });
  assert.equal((await idmap.lookup(BOB.id))?.username, BOB.username);
  assert.deepEqual(params(ff.requests[1]), { ids: BOB.id });
  assert.equal(idmap.unresolvedIds.size, 0);
});

test("concurrent reads of one batch share its request", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth, [ADA.id, BOB.id]);
  const [a, b] = await Promise.all([
    idmap.lookup(ADA.id),
    idmap.lookup(BOB.id),
  ]);
  assert.equal(a?.username, ADA.username);
  assert.equal(b?.username, BOB.username);
  assert.equal(ff.requests.length, 1);
});

test("a failed lookup is an AuthAPIError, and a later read asks again", async () => {
  let fail = true;
  const ff = fakeFetch(
    [],
    () =>
      fail
        ? json({ errors: [{ code: "UNAUTHORIZED", status: "401" }] }, 401)
        : json({ identities: [ADA] }),
  );
  const auth = new AuthClient({ fetch: ff.fetch, retry: false });
  const idmap = new IdentityMap(auth, [ADA.id]);
  await assert.rejects(() => idmap.lookup(ADA.id), AuthAPIError);
  fail = false;
  assert.equal((await idmap.lookup(ADA.id))?.username, ADA.username);
  assert.equal(ff.requests.length, 2);
});

test("getIdentities sends provision=false with usernames unless set, none with ids, and queryParams last", async () => {
  const { auth, ff } = fakeAuth();
  await auth.getIdentities({ usernames: "a@x.org" });
  assert.deepEqual(params(ff.requests[0]), {
    usernames: "a@x.org",
    provision: "false",
  });
  await auth.getIdentities({ usernames: ["a@x.org"], provision: true });
  assert.equal(params(ff.requests[1]).provision, "true");
  await auth.getIdentities({ ids: [ADA.id, BOB.id] });
  assert.deepEqual(params(ff.requests[2]), { ids: `${ADA.id},${BOB.id}` });
  await auth.getIdentities({
    usernames: "a@x.org",
    queryParams: { provision: "true", foo: "bar" },
  });
  assert.deepEqual(params(ff.requests[3]), {
    usernames: "a@x.org",
    provision: "true",
    foo: "bar",
  });
});

test("mod.ts exports IdentityMap from its own file, not through auth_client.ts", () => {
  // The npm build's mod.js is a bundle with its own copy of the class, so
  // the class is compared by name and shape, not by reference.
  assert.equal(typeof sdk.IdentityMap, "function");
  assert.equal(sdk.IdentityMap.name, IdentityMap.name);
  assert.deepEqual(
    Object.getOwnPropertyNames(sdk.IdentityMap.prototype).sort(),
    Object.getOwnPropertyNames(IdentityMap.prototype).sort(),
  );
  assert.equal("IdentityMap" in authClientModule, false);
});

test("options in the ids' place are the options, as Python's keyword-only IdentityMap(ac, cache=cache) and IdentityMap(ac, id_batch_size=10)", async () => {
  // `new IdentityMap(auth, { cache })` threw "identityIds is not iterable".
  const { auth, ff } = fakeAuth();
  const cache = new Map();
  const first = new IdentityMap(auth, { cache });
  const second = new IdentityMap(auth, { cache, idBatchSize: 10 });
  assert.equal(second.idBatchSize, 10);
  assert.equal(first.unresolvedIds.size + first.unresolvedUsernames.size, 0);
  assert.equal((await first.lookup(ADA.username))?.id, ADA.id);
  // The shared cache answers the second map without a request.
  assert.equal((await second.lookup(ADA.id))?.username, ADA.username);
  assert.equal(ff.requests.length, 1);
  // A prepopulated cache: a null is "known to have no identity".
  const none = new IdentityMap(auth, { cache: new Map([[BOB.id, null]]) });
  assert.equal(await none.lookup(BOB.id), null);
  assert.equal(ff.requests.length, 1);
  // Such options are checked as options.
  assert.throws(
    () =>
      new IdentityMap(
        auth,
        { id_batch_size: 10 } as unknown as { idBatchSize: number },
      ),
    /unknown option 'id_batch_size'; did you mean 'idBatchSize'\?/,
  );
  // Ids first, options second, as before.
  const both = new IdentityMap(auth, [BOB.username], { cache });
  assert.deepEqual([...both.unresolvedUsernames], [BOB.username]);
});

test("Python's idmap[key], read or set with an id or a username, names lookup(), get() and delete(); other misses read undefined", async () => {
  const { auth, ff } = fakeAuth();
  const idmap = new IdentityMap(auth, [ADA.id, BOB.username]);
  const loose = idmap as unknown as Record<string, unknown>;
  for (const key of [ADA.id, BOB.username]) {
    assert.throws(
      () => (loose[key] as Record<string, unknown>)["username"],
      (e: unknown) =>
        e instanceof TypeError &&
        e.message.includes(`IdentityMap has no ${JSON.stringify(key)}`) &&
        /await idmap\.lookup\(key\)/.test(e.message) &&
        /idmap\.delete\(key\)/.test(e.message),
    );
    assert.throws(() => {
      loose[key] = ADA;
    }, TypeError);
  }
  // Nothing was looked up, and the map works as before.
  assert.equal(ff.requests.length, 0);
  assert.equal(loose["somethingElse"], undefined);
  assert.equal((await idmap.lookup(ADA.id))?.username, ADA.username);
  assert.equal((await idmap.get(BOB.username))?.id, BOB.id);
});
