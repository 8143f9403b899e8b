import { test } from "node:test";
import assert from "node:assert/strict";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import type {
  Authorizer,
  GlobusAuthorizer,
} from "../../src/core/authorizer.ts";
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

test("AccessTokenAuthorizer refuses a token pasted with its 'Bearer ' prefix, without showing it", () => {
  for (const pasted of ["Bearer tok-SECRET-2", "bearer  tok-SECRET-2"]) {
    assert.throws(() => new AccessTokenAuthorizer(pasted), (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.equal(
        e.message,
        "Cannot create an AccessTokenAuthorizer as 'accessToken' starts with 'Bearer ': pass the token alone (the authorizer adds 'Bearer ' to the header itself)",
      );
      return true;
    });
  }
  // A token that merely contains the word is a token.
  assert.equal(
    new AccessTokenAuthorizer("BearerTok").accessToken,
    "BearerTok",
  );
});

test("AccessTokenAuthorizer: Python's authorizer.access_token throws naming accessToken, without the token", () => {
  const a = new AccessTokenAuthorizer("SECRET-TOKEN");
  let message = "";
  try {
    (a as unknown as Record<string, unknown>)["access_token"];
  } catch (err) {
    assert.ok(err instanceof TypeError);
    message = err.message;
  }
  assert.equal(
    message,
    "AccessTokenAuthorizer has no access_token: the names here are camelCase, so Python's access_token is accessToken (authorizer.accessToken)",
  );
  assert.equal(a.accessToken, "SECRET-TOKEN");
  assert.equal(
    (a as unknown as Record<string, unknown>)["somethingElse"],
    undefined,
  );
});

test("Python's type name GlobusAuthorizer is Authorizer, so a ported annotation 'authorizer: GlobusAuthorizer' type-checks", async () => {
  const authorizer: GlobusAuthorizer = new AccessTokenAuthorizer("tok");
  const asAuthorizer: Authorizer = authorizer;
  assert.equal(
    await asAuthorizer.getAuthorizationHeader(),
    "Bearer tok",
  );
});
