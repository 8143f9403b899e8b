import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";

function jwt(sub: string): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, "");
  return `${b64({ alg: "none" })}.${b64({ sub })}.x`;
}

const response = (n: number, idToken?: string) => ({
  byResourceServer: {
    "auth.globus.org": {
      access_token: `AUTH-${n}`,
      scope: "openid",
      token_type: "Bearer",
      expires_at_seconds: 1000 + n,
      refresh_token: `AUTH-RT-${n}`,
      resource_server: "auth.globus.org",
    },
  },
  data: idToken ? { id_token: idToken } : {},
});

test("MemoryTokenStorage stores a token response with the id_token's identity", async () => {
  const s = new MemoryTokenStorage();
  await s.storeTokenResponse(response(1, jwt("user-1")));
  const d = await s.getTokenData("auth.globus.org");
  assert.equal(d?.identity_id, "user-1");
  assert.equal(d?.access_token, "AUTH-1");
  // A refresh response (no id_token) keeps the identity.
  await s.storeTokenResponse(response(2));
  assert.equal(
    (await s.getTokenData("auth.globus.org"))?.identity_id,
    "user-1",
  );
  assert.equal(
    (await s.getTokenData("auth.globus.org"))?.access_token,
    "AUTH-2",
  );
  assert.ok(
    !inspect(await s.getTokenDataByResourceServer()).includes("AUTH-2"),
  );
});

test("MemoryTokenStorage returns copies and keeps namespaces apart", async () => {
  const s = new MemoryTokenStorage();
  await s.storeTokenResponse(response(1));
  const d = await s.getTokenData("auth.globus.org");
  if (d) d.access_token = "changed";
  assert.equal(
    (await s.getTokenData("auth.globus.org"))?.access_token,
    "AUTH-1",
  );
  assert.equal(
    new MemoryTokenStorage({ namespace: "other" }).namespace,
    "other",
  );
  assert.equal(await s.removeTokenData("auth.globus.org"), true);
  assert.equal(await s.removeTokenData("auth.globus.org"), false);
  assert.equal(await s.getTokenData("auth.globus.org"), null);
  assert.throws(() => new MemoryTokenStorage({ namespace: "" }), TypeError);
});

test("a namespace given positionally or in snake_case is refused, not ignored (the tokens went to DEFAULT)", () => {
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  assert.throws(() => new MemoryTokenStorage(loose("mine")), {
    name: "TypeError",
    message:
      `MemoryTokenStorage: the options must be an object of named options, not a string (4 characters); write { namespace: … }, as in new MemoryTokenStorage({ namespace: "DEFAULT" }) (the Python SDK's keyword arguments, and its positional ones after the first, are named options here)`,
  });
  assert.throws(() => new MemoryTokenStorage(loose({ name_space: "x" })), {
    name: "TypeError",
    message:
      "MemoryTokenStorage: unknown option 'name_space'; did you mean 'namespace'? Options are camelCase here, not the Python SDK's snake_case.",
  });
  assert.equal(new MemoryTokenStorage({ namespace: "mine" }).namespace, "mine");
});

test("storeTokenResponse() given no token response says what it takes (it failed with 'Cannot convert undefined or null to object')", async () => {
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  const storage = new MemoryTokenStorage();
  await assert.rejects(storage.storeTokenResponse(loose(undefined)), {
    name: "TypeError",
    message:
      "Cannot store the tokens as storeTokenResponse() takes a token response (an OAuthTokenResponse, from a login or refresh, with byResourceServer): current value is left out; for records by resource server, call storeTokenDataByResourceServer(records)",
  });
  const body = { access_token: "SECRET-at", resource_server: "x", scope: "" };
  const message = await storage.storeTokenResponse(loose(body)).then(
    () => assert.fail("no error"),
    (e: Error) => e.message,
  );
  assert.ok(!message.includes("SECRET"), message);
  assert.match(
    message,
    /current value is an object; for a token response body \(with access_token\), pass new OAuthTokenResponse\(body\)$/,
  );
  assert.deepEqual(await storage.getTokenDataByResourceServer(), {});
});
