import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { AuthAPIError } from "../../src/core/errors.ts";
import type { ServiceApp } from "../../src/core/app_seam.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { fixture, SKIP_FIXTURES } from "../_helpers/globus_fixtures.ts";

const authorizer = new AccessTokenAuthorizer("auth-token-secret");

test("userinfo() GETs v2/oauth2/userinfo with the bearer token", async () => {
  const ff = fakeFetch([
    json({ sub: "u1", preferred_username: "me@globusid.org" }),
  ]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  const info = await auth.userinfo();
  assert.equal(info.sub, "u1");
  const req = ff.requests[0]!;
  assert.equal(req.method, "GET");
  assert.equal(req.url, "https://auth.globus.org/v2/oauth2/userinfo");
  assert.equal(req.headers["authorization"], "Bearer auth-token-secret");
});

test('userinfo()\'s identity_set entries are typed: a linked identity\'s username reads as a string, as Python\'s info["identity_set"][0]["username"]', async () => {
  const ff = fakeFetch([
    json({
      sub: "u1",
      identity_set: [{
        sub: "u1",
        username: "me@globusid.org",
        name: null,
        email: "me@example.org",
        identity_provider: "41143743-f3c8-4d60-bbdb-eeecaba85bd9",
        last_authentication: 1_700_000_000,
      }],
    }),
  ]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  const info = await auth.userinfo();
  // A type error here (unknown is not a string) is what users met.
  const usernames: string[] = (info.identity_set ?? []).flatMap((i) =>
    i.username === undefined ? [] : [i.username.toLowerCase()]
  );
  assert.deepEqual(usernames, ["me@globusid.org"]);
  const when: number | null | undefined = info.identity_set?.[0]
    ?.last_authentication;
  assert.equal(when, 1_700_000_000);
});

test("getIdentities() comma-joins usernames or ids", async () => {
  const body = { identities: [{ id: "i1", username: "a@x.org" }] };
  const ff = fakeFetch([json(body), json(body)]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  const res = await auth.getIdentities({
    usernames: ["a@x.org", "b@x.org"],
    provision: true,
  });
  assert.equal(res.identities[0]?.id, "i1");
  assert.equal(
    ff.requests[0]?.url,
    "https://auth.globus.org/v2/api/identities?usernames=a%40x.org%2Cb%40x.org&provision=true",
  );
  await auth.getIdentities({ ids: "i1" });
  assert.equal(
    ff.requests[1]?.url,
    "https://auth.globus.org/v2/api/identities?ids=i1",
  );
  await assert.rejects(auth.getIdentities({}), TypeError);
  await assert.rejects(
    auth.getIdentities({ ids: "a", usernames: "b" }),
    TypeError,
  );
});

test("getIdentities() as Python's: any iterable, an empty list sends nothing, queryParams alone", async () => {
  const body = { identities: [] };
  const ff = fakeFetch([json(body), json(body), json(body), json(body)]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  await auth.getIdentities({ usernames: new Set(["a@x.org"]) });
  await auth.getIdentities({ usernames: [] });
  await auth.getIdentities({ ids: [] });
  await auth.getIdentities({ queryParams: { usernames: "c@x.org" } });
  assert.deepEqual(ff.requests.map((r) => r.url), [
    "https://auth.globus.org/v2/api/identities?usernames=a%40x.org&provision=false",
    "https://auth.globus.org/v2/api/identities",
    "https://auth.globus.org/v2/api/identities",
    "https://auth.globus.org/v2/api/identities?usernames=c%40x.org",
  ]);
});

test("getConsents() GETs the identity's consents", async () => {
  const ff = fakeFetch([json({ consents: [] }), json({ consents: [] })]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  await auth.getConsents("u-1");
  assert.equal(
    ff.requests[0]?.url,
    "https://auth.globus.org/v2/api/identities/u-1/consents",
  );
  await auth.getConsents("u-1", { all: true });
  assert.equal(
    ff.requests[1]?.url,
    "https://auth.globus.org/v2/api/identities/u-1/consents?all=true",
  );
});

test('getConsents() takes all as true or false ("false" asked for all the consents); null is left out, as Python\'s None', async () => {
  const ff = fakeFetch([json({ consents: [] })]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  await assert.rejects(
    auth.getConsents("u-1", { all: "false" as unknown as boolean }),
    {
      name: "TypeError",
      message:
        `Cannot call getConsents() as 'all' must be true or false (or left out): current value is the string "false"; write all: false, without quotes`,
    },
  );
  assert.equal(ff.requests.length, 0);
  await auth.getConsents("u-1", { all: null });
  assert.equal(
    ff.requests[0]?.url,
    "https://auth.globus.org/v2/api/identities/u-1/consents",
  );
});

test("errors are AuthAPIError", async () => {
  const ff = fakeFetch([
    json({ error: "unauthorized", errors: [{ code: "UNAUTHORIZED" }] }, 401),
  ]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  await assert.rejects(
    auth.userinfo(),
    (err: unknown) => err instanceof AuthAPIError && err.httpStatus === 401,
  );
});

test("userinfo() with a valid token that lacks openid: the emulator's 403, as Globus Auth's, and the error names the missing scope", async () => {
  const emu = await startEmulator();
  try {
    const tok = await emu.mintTokens(
      "urn:globus:auth:scope:auth.globus.org:view_identities",
    );
    const auth = new AuthClient({
      authorizer: new AccessTokenAuthorizer(tok.access_token),
      baseUrl: emu.authUrl,
      retry: false,
    });
    await assert.rejects(auth.userinfo(), (err: unknown) => {
      assert.ok(err instanceof AuthAPIError);
      assert.equal(err.httpStatus, 403);
      assert.equal(err.code, "FORBIDDEN");
      assert.match(
        err.message,
        /Call must be authenticated \(request_id [^)]*\)\. userinfo\(\) needs a token with the 'openid' scope/,
      );
      assert.match(String(err.stack), /userinfo\(\) needs a token/);
      return true;
    });
    // The same call without a token is the 401, without the 403's hint
    // (with the one that says which token Auth takes).
    const none = new AuthClient({
      authorizer: new AccessTokenAuthorizer("not-a-token-value"),
      baseUrl: emu.authUrl,
      retry: false,
    });
    await assert.rejects(none.userinfo(), (err: unknown) => {
      assert.ok(err instanceof AuthAPIError);
      assert.equal(err.httpStatus, 401);
      assert.doesNotMatch(err.message, /needs a token with the 'openid' scope/);
      assert.match(err.message, /An AuthClient needs an access token/);
      return true;
    });
  } finally {
    await emu.close();
  }
});

test("an app gets the openid/profile/email requirement for auth.globus.org", () => {
  const added: Record<string, string[]>[] = [];
  const app: ServiceApp = {
    environment: "production",
    addScopeRequirements: (r) => added.push(r),
    getAuthorizer: () => Promise.resolve(authorizer),
  };
  new AuthClient({ app });
  assert.deepEqual(added, [{
    "auth.globus.org": ["openid", "profile", "email"],
  }]);
});

test("fixture bodies parse", { skip: SKIP_FIXTURES }, async () => {
  const ff = fakeFetch([
    json(fixture("auth.get_identities.json")),
    json(fixture("auth.get_identities.multiple.json")),
    json(fixture("auth.get_consents.json")),
  ]);
  const auth = new AuthClient({ authorizer, fetch: ff.fetch });
  assert.ok(
    (await auth.getIdentities({ usernames: "globus@globus.org" })).identities
      .length >= 1,
  );
  assert.ok((await auth.getIdentities({ ids: "x" })).identities.length >= 1);
  assert.equal((await auth.getConsents("x")).consents.length, 2);
});

test("an AuthClient given a Transfer token says which token Globus Auth takes (it read only 'Call must be authenticated')", async () => {
  const emu = await startEmulator({ inProcess: true });
  try {
    const transfer = await emu.mintTokens(
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    );
    const ac = new AuthClient({
      authorizer: new AccessTokenAuthorizer(transfer.access_token),
      baseUrl: emu.authUrl,
    });
    const err = await ac.userinfo().then(
      () => assert.fail("a Transfer token was taken"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AuthAPIError, String(err));
    assert.equal(err.httpStatus, 401);
    assert.match(
      err.message,
      /→ 401 .*\. An AuthClient needs an access token for auth\.globus\.org \(from a login asking for openid profile email: tokens\.byResourceServer\["auth\.globus\.org"\]\.access_token\); a token for another resource server \(Transfer's\)/,
    );
    assert.ok(String(err.stack).includes("An AuthClient needs"));
    // With an Auth token, the call works.
    const auth = await emu.mintTokens("openid profile email");
    const me = await new AuthClient({
      authorizer: new AccessTokenAuthorizer(auth.access_token),
      baseUrl: emu.authUrl,
    }).userinfo();
    assert.ok(me.sub);
  } finally {
    await emu.close();
  }
});

test('getIdentities() refuses a provision written as text ("false" was sent as true) and usernames/ids that are no string or list, before sending', async () => {
  const ff = fakeFetch([], () => json({ identities: [] }));
  const ac = new AuthClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: ff.fetch,
  });
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  await assert.rejects(
    ac.getIdentities(loose({ usernames: "a@x.org", provision: "false" })),
    {
      name: "TypeError",
      message:
        `Cannot call getIdentities() as 'provision' must be true or false (or left out): current value is the string "false"; write provision: false, without quotes`,
    },
  );
  await assert.rejects(ac.getIdentities(loose({ ids: {} })), {
    name: "TypeError",
    message:
      "Cannot call getIdentities() as 'ids' must be a string or a list of strings: current value is an object",
  });
  assert.equal(ff.requests.length, 0);
  await ac.getIdentities({ usernames: ["a@x.org"], provision: false });
  assert.equal(
    new URL(ff.requests[0]!.url).searchParams.get("provision"),
    "false",
  ); // null (Python's None) reads as false, as before the check.
  await ac.getIdentities(loose({ usernames: ["a@x.org"], provision: null }));
  assert.equal(
    new URL(ff.requests[1]!.url).searchParams.get("provision"),
    "false",
  );
});
