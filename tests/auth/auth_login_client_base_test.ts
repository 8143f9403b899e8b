/**
 * `AuthLoginClient` is the abstract base of the login clients: creating one
 * directly (plain JavaScript, or a port of Python's
 * `AuthLoginClient(client_id=…)`) names the classes to use instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { AuthLoginClient } from "../../src/auth/login_client_base.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";

test("new AuthLoginClient(id) throws a TypeError naming NativeAppAuthClient and ConfidentialAppAuthClient", () => {
  const Ctor = AuthLoginClient as unknown as new (
    ...args: unknown[]
  ) => unknown;
  for (const args of [["client-id"], ["client-id", {}], []]) {
    assert.throws(
      () => new Ctor(...args),
      (e: unknown) =>
        e instanceof TypeError &&
        e.message.startsWith("Cannot create an AuthLoginClient") &&
        e.message.includes("new NativeAppAuthClient(clientId)") &&
        e.message.includes(
          "new ConfidentialAppAuthClient(clientId, clientSecret)",
        ),
    );
  }
  // The subclasses are unaffected.
  assert.ok(new NativeAppAuthClient("client-id") instanceof AuthLoginClient);
  assert.ok(
    new ConfidentialAppAuthClient("client-id", "secret") instanceof
      AuthLoginClient,
  );
});
