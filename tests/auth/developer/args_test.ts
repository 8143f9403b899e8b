/**
 * An object given where the developer API takes an id or a string (a
 * create response passed whole) is quoted with its credentials redacted:
 * the message showed its whole JSON, a new credential's secret included.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathId, requireString } from "../../../src/auth/developer/_args.ts";

const CREATED = {
  credential: {
    id: "c1",
    name: "ci",
    client: "cl1",
    secret: "s-SECRET-0123456789",
    created: "2026-12-04T00:00:00Z",
  },
};

test("an id argument given an object shows it without its secret, cut to a length", () => {
  for (
    const call of [
      () => pathId(CREATED, "credentialId", "deleteClientCredential"),
      () => requireString(CREATED, "name", "createClient"),
      () =>
        pathId(
          { access_token: "at-SECRET-0123456789", scope: "x" },
          "clientId",
          "getClient",
        ),
    ]
  ) {
    assert.throws(call, (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.ok(!e.message.includes("SECRET"), e.message);
      assert.match(e.message, /"\[REDACTED\]"/);
      return true;
    });
  }
  assert.throws(
    () => pathId({ note: "x".repeat(500) }, "clientId", "getClient"),
    /current value is \{"note":"x+… \(511 characters\)$/,
  );
});
