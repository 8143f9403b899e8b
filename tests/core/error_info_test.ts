/**
 * `err.info` read with Python's names (`err.info.consent_required`,
 * `….required_scopes`): a TypeError naming the camelCase one, as
 * `err.http_status` says `httpStatus` (they read `undefined`, so a ported
 * `if (err.info.consent_required)` never fired). The info stays plain data.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { parseErrorInfo } from "../../src/core/error_info.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { emulatorClient } from "../transfer/client/_emulator.ts";

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

test("a ConsentRequired error's info, read with Python's names, says the camelCase ones", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const err = await tc.operationLs(emu.collections.mapped, { path: "/~/" })
      .then(() => assert.fail("no error"), (e: unknown) => e);
    assert.ok(err instanceof TransferAPIError);
    assert.ok(err.info.consentRequired); // the camelCase names are as before
    const info = loose(err.info);
    assert.throws(() => info.consent_required, {
      name: "TypeError",
      message:
        "err.info has no consent_required: the names here are camelCase, so Python's consent_required is consentRequired (err.info.consentRequired)",
    });
    assert.throws(() => info.authorization_parameters, {
      name: "TypeError",
      message:
        "err.info has no authorization_parameters: the names here are camelCase, so Python's authorization_parameters is authorizationParameters (err.info.authorizationParameters)",
    });
    assert.throws(() => info.consentRequired.required_scopes, {
      name: "TypeError",
      message:
        "err.info.consentRequired has no required_scopes: the names here are camelCase, so Python's required_scopes is requiredScopes (err.info.consentRequired.requiredScopes)",
    });
  } finally {
    await emu.close();
  }
});

test("authorizationParameters read with Python's names says the camelCase ones; other names and the data are as before", () => {
  const info = parseErrorInfo({
    code: "ConsentRequired",
    required_scopes: ["s1"],
    authorization_parameters: {
      session_message: "log in again",
      session_required_policies: "p1,p2",
    },
  });
  const params = loose(info.authorizationParameters);
  assert.throws(
    () => params.session_message,
    /^TypeError: err\.info\.authorizationParameters has no session_message: .*Python's session_message is sessionMessage \(err\.info\.authorizationParameters\.sessionMessage\)$/,
  );
  assert.throws(
    () => params.session_required_policies,
    /is sessionRequiredPolicies/,
  );
  assert.equal(params.sessionMessage, "log in again");
  // Names without a camelCase one, and what feature checks read, are as
  // before.
  const l = loose(info);
  assert.equal(l.no_such_field, undefined);
  assert.equal(l.then, undefined);
  assert.equal(l.toJSON, undefined);
  assert.equal(l[Symbol.iterator], undefined);
  assert.equal("consent_required" in info, false);
  // Plain data: prototype, keys, JSON, equality and printed form.
  assert.equal(Object.getPrototypeOf(info), Object.prototype);
  assert.deepEqual(Object.keys(info), [
    "authorizationParameters",
    "consentRequired",
  ]);
  assert.deepEqual(info.consentRequired, { requiredScopes: ["s1"] });
  assert.equal(
    JSON.stringify(info.consentRequired),
    '{"requiredScopes":["s1"]}',
  );
  assert.ok(Object.isFrozen(info));
  assert.match(inspect(info), /^\{\n?\s*authorizationParameters: \{/);
  // No info: the entries are null, and Python's names still say so.
  const none = parseErrorInfo({ code: "NotFound" });
  assert.equal(none.consentRequired, null);
  assert.throws(() => loose(none).consent_required, /consentRequired/);
});

test("String(err.info) and a template string of its entries show their fields (Python's str(err.info); they were [object Object])", () => {
  const info = parseErrorInfo({
    code: "ConsentRequired",
    required_scopes: ["s1"],
    authorization_parameters: {
      session_message: "log in again",
      session_required_policies: "p1,p2",
    },
  });
  assert.match(
    String(info),
    /^ErrorInfoContainer \{\n {2}"authorizationParameters": \{\n {4}"sessionMessage": "log in again",/,
  );
  assert.match(String(info), /"consentRequired": \{\n\s+"requiredScopes": \[/);
  assert.match(
    `${info.authorizationParameters}`,
    /^AuthorizationParameterInfo \{\n {2}"sessionMessage": "log in again",[^]*"p2"/,
  );
  assert.match(
    `${info.consentRequired}`,
    /^ConsentRequiredInfo \{\n {2}"requiredScopes": \[\n {4}"s1"\n {2}\]\n\}$/,
  );
  const none = parseErrorInfo({ code: "NotFound" });
  assert.equal(
    String(none),
    'ErrorInfoContainer {\n  "authorizationParameters": null,\n  "consentRequired": null\n}',
  );
  // Not a field: keys, JSON and equality as before.
  assert.deepEqual(Object.keys(info), [
    "authorizationParameters",
    "consentRequired",
  ]);
  assert.deepEqual(info.consentRequired, { requiredScopes: ["s1"] });
  assert.doesNotMatch(JSON.stringify(info), /toString/);
});
