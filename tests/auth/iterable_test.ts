/**
 * Auth list responses walk their list with `for…of`, as the Python SDK's
 * `IterableResponse` subclasses (`[x["id"] for x in ac.get_identities(…)]`,
 * ports of the Python functional tests test_get_identities,
 * test_get_identity_providers and test_get_projects, and the same for
 * get_policies, get_clients and get_scopes), and stay plain data.
 */
import { test } from "node:test";
import process from "node:process";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { fixture, SKIP_FIXTURES } from "../_helpers/globus_fixtures.ts";

const authorizer = new AccessTokenAuthorizer("auth-token-secret");

/** Checks that `res` is unchanged as data: JSON, keys, a hidden iterator. */
function assertPlain(res: object, body: unknown) {
  assert.deepEqual(JSON.parse(JSON.stringify(res)), body);
  assert.deepEqual(Object.keys(res), Object.keys(body as object));
  assert.equal(
    Object.getOwnPropertyDescriptor(res, Symbol.iterator)?.enumerable,
    false,
  );
}

test("getIdentities: [x.id for x in res] (Python's test_get_identities)", {
  skip: SKIP_FIXTURES,
}, async () => {
  const body = fixture("auth.get_identities.multiple.json") as {
    identities: { id: string; username: string }[];
  };
  const usernames = body.identities.map((x) => x.username);
  assert.equal(usernames.length, 2);
  const ff = fakeFetch([json(body)]);
  const ac = new AuthClient({ authorizer, fetch: ff.fetch });
  const res = await ac.getIdentities({ usernames });
  assert.equal(
    new URL(ff.requests[0]!.url).searchParams.get("usernames"),
    usernames.join(","),
  );
  assert.deepEqual([...res].map((x) => x.username), usernames);
  assert.deepEqual(
    [...res].map((x) => x.id),
    body.identities.map((x) => x.id),
  );
  // a second walk sees the same items
  const ids: string[] = [];
  for (const x of res) ids.push(x.id);
  assert.deepEqual(ids, body.identities.map((x) => x.id));
  assertPlain(res, body);
});

test("getIdentityProviders: ids and domains through for…of (Python's test_get_identity_providers)", async () => {
  // our own sample providers, in the service's shape
  const body = {
    identity_providers: [
      {
        id: "a113f06c-a370-4240-beaa-f52b3f058d77",
        name: "Example University",
        domains: ["example.edu"],
        alternative_names: [],
        short_name: "exampleu",
      },
      {
        id: "8775eef2-a239-4437-8c17-74fc9564049f",
        name: "Example Research Lab",
        domains: ["lab.example.org", "example.org"],
        alternative_names: ["ERL"],
        short_name: "examplelab",
      },
    ],
  };
  const ids = body.identity_providers.map((x) => x.id);
  const domains = ["example.edu", "lab.example.org", "example.org"];
  const ff = fakeFetch([json(body)]);
  const ac = new AuthClient({ authorizer, fetch: ff.fetch });
  const res = await ac.getIdentityProviders({ domains });
  assert.deepEqual([...res].map((x) => x.id), ids);
  // [x for y in res for x in y["domains"]]
  assert.deepEqual([...res].flatMap((y) => y.domains), domains);
  const sent = new URL(ff.requests[0]!.url);
  assert.equal(sent.pathname, "/v2/api/identity_providers");
  assert.equal(sent.searchParams.get("domains"), domains.join(","));
  assertPlain(res, body);
});

test("getProjects, getPolicies, getClients, getScopes walk projects, policies, clients, scopes", async () => {
  const projects = {
    projects: [
      { id: "p1", display_name: "One", contact_email: "a@x.org" },
      { id: "p2", display_name: "Two", contact_email: "b@x.org" },
    ],
  };
  const policies = {
    policies: [{
      id: "po1",
      project_id: "p1",
      display_name: "MFA",
      description: "needs MFA",
    }],
  };
  const clients = {
    clients: [{ id: "c1", name: "app one" }, { id: "c2", name: "app two" }],
  };
  const scopes = {
    scopes: [{
      id: "s1",
      scope_string: "https://auth.globus.org/scopes/c1/all",
      name: "All",
      description: "all of it",
      client: "c1",
    }],
  };
  const ff = fakeFetch([
    json(projects),
    json(policies),
    json(clients),
    json(scopes),
  ]);
  const ac = new AuthClient({ authorizer, fetch: ff.fetch });
  const p = await ac.getProjects();
  assert.deepEqual([...p].map((x) => x.id), ["p1", "p2"]);
  assertPlain(p, projects);
  const po = await ac.getPolicies();
  assert.deepEqual([...po].map((x) => x.id), ["po1"]);
  assertPlain(po, policies);
  const c = await ac.getClients();
  assert.deepEqual([...c].map((x) => x.id), ["c1", "c2"]);
  assertPlain(c, clients);
  const s = await ac.getScopes({ ids: "s1" });
  assert.deepEqual([...s].map((x) => x.scope_string), [
    "https://auth.globus.org/scopes/c1/all",
  ]);
  assertPlain(s, scopes);
});

test("the walk reads the list when it starts; other Auth documents are not made iterable", async () => {
  const ff = fakeFetch([
    json({ projects: [] }),
    json({ sub: "u1" }),
    json({ consents: [] }),
  ]);
  const ac = new AuthClient({ authorizer, fetch: ff.fetch });
  const p = await ac.getProjects();
  assert.deepEqual([...p], []);
  p.projects.push({ id: "p9", display_name: "Nine", contact_email: "n@x" });
  assert.deepEqual([...p].map((x) => x.id), ["p9"]);
  assert.equal(Symbol.iterator in await ac.userinfo(), false);
  // Consents are a list response in Python (GetConsentsResponse).
  assert.deepEqual([...await ac.getConsents("u1")], []);
});

test(
  "getConsents and getClientCredentials walk consents and credentials (Python's GetConsentsResponse and GetClientCredentialsResponse iterate them)",
  {
    skip: SKIP_FIXTURES,
  },
  async () => {
    // `for c in ac.get_consents(identity_id)` threw "is not iterable" here.
    const consents = fixture("auth.get_consents.json") as {
      consents: { id: number; scope_name: string }[];
    };
    assert.ok(consents.consents.length > 0);
    const credentials = {
      credentials: [{
        id: "7b3e2c9a-1f4d-4e8b-9a6c-2d5f8e1b3c7a",
        name: "ci",
        client: "7dee4432-0297-4989-ad23-a2b672a52b12",
        created: "2026-12-01T10:00:00.000000+00:00",
        secret: null,
      }],
    };
    const ff = fakeFetch([json(consents), json(credentials)]);
    const ac = new AuthClient({ authorizer, fetch: ff.fetch });
    const res = await ac.getConsents("8ca28797-3541-4a5d-a264-05b00f91e608");
    assert.deepEqual(
      [...res].map((c) => c.scope_name),
      consents.consents.map((c) => c.scope_name),
    );
    assert.equal(res.toForest().nodes.length, consents.consents.length);
    assertPlain(res, consents);
    const creds = await ac.getClientCredentials(
      "7dee4432-0297-4989-ad23-a2b672a52b12",
    );
    assert.deepEqual([...creds].map((c) => c.name), ["ci"]);
    assertPlain(creds, credentials);
  },
);

test("a list call walked without await walks its list, as Python's for p in ac.get_projects(), in a script too", async () => {
  const ff = fakeFetch([
    json({
      projects: [{
        id: "p1",
        display_name: "P",
        contact_email: "a@example.org",
      }],
    }),
    json({ identities: [] }),
  ]);
  const ac = new AuthClient({ authorizer, fetch: ff.fetch });
  const pending = ac.getProjects();
  // It said "is not async iterable", then a hint to write await.
  const seen: string[] = [];
  for await (const p of pending) seen.push(p.id);
  assert.deepEqual(seen, ["p1"]);
  // awaited, it is the list document as before
  assert.deepEqual([...await pending].map((p) => p.id), ["p1"]);
  const ids = ac.getIdentities({ usernames: "a@example.org" });
  assert.throws(
    () => [...(ids as unknown as Iterable<unknown>)],
    /^TypeError: AuthClient\.getIdentities\(\) was called without await, so this is its promise, which for…of cannot walk\. Walk it with for await: for await \(const x of ac\.getIdentities\(…\)\) …, or write await before the call: for \(const x of await ac\.getIdentities\(…\)\) …$/,
  );
  await ids;
  assert.equal(AuthClient.prototype.getProjects.name, "getProjects");
});

test("a list call walked without await: its failure is thrown at the walk, not a second, unhandled error", async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  try {
    const ff = fakeFetch([
      json({ errors: [{ code: "UNAUTHORIZED" }] }, 401),
      json({ errors: [{ code: "UNAUTHORIZED" }] }, 401),
    ]);
    const ac = new AuthClient({ authorizer, fetch: ff.fetch });
    await assert.rejects(
      async () => {
        for await (const _ of ac.getProjects()) { /* never */ }
      },
      (e: Error) => e.name === "AuthAPIError" && /401/.test(e.message),
    );
    // a for…of, which cannot wait, fails at once; the request goes on
    assert.throws(
      () => [...(ac.getProjects() as unknown as Iterable<unknown>)],
      /was called without await/,
    );
    // let the request fail and the runtime look for a handler
    for (let i = 0; i < 50 && ff.requests.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (let i = 0; i < 30 && unhandled.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(ff.requests.length, 2);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off("unhandledRejection", onUnhandled);
  }
});
