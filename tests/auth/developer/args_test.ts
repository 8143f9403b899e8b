/**
 * An object given where the developer API takes an id or a string (a
 * create response passed whole) is quoted with its credentials redacted:
 * the message showed its whole JSON, a new credential's secret included.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  commajoin,
  newClientBody,
  pathId,
  policyBody,
  requireString,
  scopeBody,
  toList,
} from "../../../src/auth/developer/_args.ts";

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

test('the developer API\'s booleans refuse text ("false" was sent as the text "false") and leave null out', () => {
  assert.throws(
    () =>
      policyBody(
        { highAssurance: "false" as unknown as boolean },
        "createPolicy",
      ),
    {
      name: "TypeError",
      message:
        `Cannot call createPolicy() as 'highAssurance' must be true or false (or left out): current value is the string "false"; write highAssurance: false, without quotes`,
    },
  );
  assert.throws(
    () => policyBody({ requiredMfa: 1 as unknown as boolean }, "updatePolicy"),
    /^TypeError: Cannot call updatePolicy\(\) as 'requiredMfa' must be true or false \(or left out\): current value is the number 1; write requiredMfa: true$/,
  );
  assert.throws(
    () =>
      policyBody(
        { authenticationAssuranceTimeout: "3600" as unknown as number },
        "createPolicy",
      ),
    /'authenticationAssuranceTimeout' must be a non-negative integer \(or left out\): current value is the string "3600"/,
  );
  assert.throws(
    () => scopeBody({ advertised: "no" as unknown as boolean }, "createScope"),
    /^TypeError: Cannot call createScope\(\) as 'advertised' must be true or false \(or left out\): current value is the string "no"; write advertised: false, without quotes$/,
  );
  assert.throws(
    () =>
      scopeBody(
        { allowsRefreshToken: "true" as unknown as boolean },
        "updateScope",
      ),
    /'allowsRefreshToken' must be true or false/,
  );
  assert.throws(
    () =>
      newClientBody("createClient", {
        name: "C",
        publicClient: "false" as unknown as boolean,
      }),
    /^TypeError: Cannot call createClient\(\) as 'publicClient' must be true or false \(or left out\): current value is the string "false"; write publicClient: false, without quotes$/,
  );
  // null: the boolean left out (undefined is not sent); a null timeout is
  // sent as null, as before.
  const nulls = null as unknown as boolean;
  assert.deepEqual(
    JSON.parse(JSON.stringify(policyBody({
      highAssurance: nulls,
      requiredMfa: false,
      authenticationAssuranceTimeout: null as unknown as number,
    }, "updatePolicy"))),
    { required_mfa: false, authentication_assurance_timeout: null },
  );
  assert.deepEqual(
    JSON.parse(JSON.stringify(scopeBody({
      advertised: nulls,
      allowsRefreshToken: true,
    }, "updateScope"))),
    { allows_refresh_token: true },
  );
  // publicClient: null is left out, so clientType alone is taken.
  assert.equal(
    newClientBody("createClient", {
      name: "C",
      publicClient: nulls,
      clientType: "confidential_client",
    }).client_type,
    "confidential_client",
  );
});

test("admin ids given as null are sent as null, as Python's strseq_listify(None) (it threw V8's \"not iterable\")", () => {
  assert.equal(toList(null), null);
  assert.equal(toList(undefined), undefined);
  assert.deepEqual(toList("a"), ["a"]);
  assert.deepEqual(toList(new Set(["a", "b"])), ["a", "b"]);
  // A query parameter: null is left out.
  assert.equal(commajoin(null), undefined);
  assert.equal(commajoin(["a", "b"]), "a,b");
});
