/**
 * A class expression nobody named (`new (class extends TransferClient {
 * … })(options)`) has the name `""`: its option errors read ": unknown
 * option 'x'", "An option of 's own must not reach super()" and ": 'authorizer'
 * must be …", and it printed as " (https://…)". It is named after the
 * nearest named class it extends.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { RefreshTokenAuthorizer } from "../../src/authorizers/refresh_token.ts";
import { classLabel } from "../../src/core/_class_label.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

/** A class whose name is "" (a class expression passed on at once). */
function anonymous<C>(cls: C): C {
  assert.equal((cls as { name: string }).name, "");
  return cls;
}

test("an anonymous TransferClient subclass's unknown option names TransferClient and says it is the user's class's own", () => {
  const Anon = anonymous(class extends TransferClient {});
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => new Anon({ bogus: 1 } as any),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message.startsWith("TransferClient: unknown option 'bogus'") &&
      e.message.includes(
        "An option of your class's (it extends TransferClient) own must not reach super()",
      ) && !/ of 's own|^:/.test(e.message),
  );
});

test("an anonymous client subclass's bad authorizer, and the Auth clients' options, name the class it extends", () => {
  const cases: [() => unknown, string][] = [
    [
      () =>
        new (anonymous(class extends TransferClient {}))(
          // deno-lint-ignore no-explicit-any
          { authorizer: 5 } as any,
        ),
      "TransferClient: 'authorizer' must be an authorizer",
    ],
    [
      // deno-lint-ignore no-explicit-any
      () => new (anonymous(class extends AuthClient {}))({ bogus: 1 } as any),
      "AuthClient: unknown option 'bogus'",
    ],
    [
      () =>
        new (anonymous(class extends NativeAppAuthClient {}))(
          TUTORIAL_CLIENT_ID,
          // deno-lint-ignore no-explicit-any
          { bogus: 1 } as any,
        ),
      "NativeAppAuthClient: unknown option 'bogus'",
    ],
  ];
  for (const [make, start] of cases) {
    assert.throws(
      make,
      (e: unknown) => e instanceof TypeError && e.message.startsWith(start),
      start,
    );
  }
});

test("an anonymous client or authorizer subclass prints under the name of the class it extends", () => {
  const tc = new (anonymous(class extends TransferClient {}))({
    authorizer: new AccessTokenAuthorizer("tok"),
  });
  assert.match(String(tc), /^TransferClient \(https:/);
  assert.match(inspect(tc), /^TransferClient /);
  const rta = new (anonymous(class extends RefreshTokenAuthorizer {}))(
    "a-refresh-token",
    new NativeAppAuthClient(TUTORIAL_CLIENT_ID),
  );
  assert.match(String(rta), /^RefreshTokenAuthorizer \{/);
  assert.ok(!String(rta).includes("a-refresh-token"));
});

test("classLabel: the class's own name first, then the nearest named parent's", () => {
  class Named extends TransferClient {}
  assert.equal(classLabel(Named), "Named");
  assert.equal(classLabel(anonymous(class extends Named {})), "Named");
  assert.equal(classLabel(TransferClient), "TransferClient");
  assert.equal(classLabel(undefined, "client"), "client");
  assert.equal(classLabel(anonymous(class {}), "client"), "client");
});
