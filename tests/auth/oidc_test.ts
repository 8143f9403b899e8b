/**
 * getJwk's options (src/auth/_oidc.ts): `asPem` is a boolean, checked
 * before any request.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { fakeFetch, type RecordedRequest } from "../_helpers/fake_fetch.ts";

const JWKS = {
  keys: [{ kty: "RSA", n: "AQAB", e: "AQAB", kid: "k1", alg: "RS256" }],
};

function client() {
  const ff = fakeFetch([], (req: RecordedRequest) =>
    Response.json(
      req.url.endsWith("/.well-known/openid-configuration")
        ? { jwks_uri: "https://auth.globus.org/jwk.json" }
        : JWKS,
    ));
  return {
    ff,
    ac: new NativeAppAuthClient("client-id", { fetch: ff.fetch, retry: false }),
  };
}

test('getJwk refuses asPem written as text ("false" returned the key as PEM)', async () => {
  const { ff, ac } = client();
  await assert.rejects(
    ac.getJwk(undefined, { asPem: "false" } as never),
    {
      name: "TypeError",
      message:
        `Cannot call getJwk() as 'asPem' must be true or false (or left out): current value is the string "false"; write asPem: false, without quotes`,
    },
  );
  assert.equal(ff.requests.length, 0);
  // null (Python's default False, "not given"): the key set.
  const jwks = await ac.getJwk(undefined, { asPem: null } as never);
  assert.deepEqual(jwks, JWKS);
});
