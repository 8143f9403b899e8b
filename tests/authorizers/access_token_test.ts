import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { renderings } from "../auth/_inspect.ts";

test("AccessTokenAuthorizer sends a Bearer header and cannot renew", async () => {
  const a = new AccessTokenAuthorizer("tok-SECRET-1");
  assert.equal(await a.getAuthorizationHeader(), "Bearer tok-SECRET-1");
  assert.equal(a.accessToken, "tok-SECRET-1");
  assert.equal("handleMissingAuthorization" in a, false);
  assert.throws(() => new AccessTokenAuthorizer(""), TypeError);
});

test("AccessTokenAuthorizer never prints its token", () => {
  const a = new AccessTokenAuthorizer("tok-SECRET-1");
  for (const text of renderings(a)) {
    assert.ok(!text.includes("tok-SECRET-1"), text);
  }
  assert.equal(String(a), 'AccessTokenAuthorizer {"accessToken":"[REDACTED]"}');
});
