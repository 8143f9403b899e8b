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
