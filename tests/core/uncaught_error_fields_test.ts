/**
 * Node prints an uncaught error with its enumerable fields and without its
 * inspect hook (`util.inspect(err, { customInspect: false })`): an API
 * error's fields that `console.log(err)` leaves out (empty, or said
 * already) are not enumerable, and still readable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import process from "node:process";
import { AuthAPIError, TransferAPIError } from "../../src/core/errors.ts";
import { isDeno } from "../../src/core/runtime.ts";

/**
 * Node 22 and later print an error's `errors` only when it is its own
 * property: an API error whose `errors` says nothing new leaves it out.
 * Node 20 (and Deno's node:util) print any array `errors`: there each
 * sub-error shows its code, never an empty-looking `ErrorSubdocument {}`.
 *
 * @param printed What Node prints of the error.
 * @param codes The sub-errors' codes.
 */
function assertSubErrorsShown(printed: string, codes: string[]): void {
  const major = Number(process.versions.node?.split(".")[0]);
  assert.ok(!printed.includes("ErrorSubdocument {}"), printed);
  if (!isDeno && major >= 22) {
    assert.doesNotMatch(printed, /^ {2}\[?errors\]?:/m, printed);
    return;
  }
  assert.ok(
    printed.replace(/\s+/g, " ").includes(
      ` errors: [ ${
        codes.map((c) => `ErrorSubdocument { code: '${c}' }`).join(", ")
      } ]`,
    ),
    printed,
  );
}

test("an uncaught 404 prints what to act on, not the service's message four times, empty fields and 'headers: Headers {}'", () => {
  const e = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/task/0000",
    httpStatus: 404,
    rawJson: {
      code: "TaskNotFound",
      message: "Task 0000 not found",
      request_id: "req-42",
      resource: "/v0.10/task/0000",
    },
    headers: { "content-type": "application/json" },
  });
  assert.deepEqual(Object.keys(e), [
    "name",
    "httpStatus",
    "httpReason",
    "code",
    "requestId",
    "method",
    "url",
  ]);
  // As Node prints an uncaught error (errors is printed by Node for any
  // error with an array `errors`, as an AggregateError's).
  const printed = inspect(e, { customInspect: false, depth: 5 });
  for (
    const hidden of [
      "rawJson",
      "messages:",
      "info:",
      "Headers",
      "rawText",
      "contentType",
      "serviceMessage",
      "authorizationParameters",
    ]
  ) {
    assert.ok(!printed.includes(hidden), `${hidden} in ${printed}`);
  }
  // Every field still reads as before.
  assert.equal(e.serviceMessage, "Task 0000 not found");
  assert.deepEqual(e.messages, ["Task 0000 not found"]);
  assert.equal(e.headers.get("content-type"), "application/json");
  assert.equal(e.contentType, "application/json");
  assert.equal((e.rawJson as { code: string }).code, "TaskNotFound");
  assert.equal(e.rawText, null);
  assert.equal(e.authorizationParameters, null);
  assert.equal(e.toJSON().rawJson, e.rawJson);
});

test("an uncaught error whose body says more than its message keeps those fields enumerable", () => {
  const e = new AuthAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/api/clients",
    httpStatus: 400,
    rawJson: {
      errors: [
        { id: "x1", code: "BAD_REQUEST", detail: "name is required" },
        { id: "x1", code: "BAD_REQUEST", detail: "type is required" },
      ],
    },
  });
  const keys = Object.keys(e);
  for (const key of ["messages", "rawJson"]) {
    assert.ok(keys.includes(key), `${key} in ${keys}`);
  }
  assert.ok(!keys.includes("headers"));
  // The sub-errors are printed once, in rawJson (Node 20 lists `errors`
  // too, as it does for any error with an array `errors`: by their codes).
  const printed = inspect(e, { customInspect: false, depth: 5 });
  // The message, messages and rawJson: not a fourth time in errors.
  assert.equal(printed.split("type is required").length - 1, 3, printed);
  assertSubErrorsShown(printed, ["BAD_REQUEST", "BAD_REQUEST"]);
  assert.equal(e.errors.length, 2);
  assert.equal(e.errors[1]!.message, "type is required");
});

test("an uncaught 401 from Globus Auth prints its one sub-error once, in rawJson, not again as errors", () => {
  const sub = {
    status: "401",
    id: "r-1",
    code: "UNAUTHORIZED",
    detail: "Call must be authenticated",
    title: "Unauthorized",
  };
  const e = new AuthAPIError({
    method: "GET",
    url: "https://auth.globus.org/v2/api/identities?usernames=a%40b.org",
    httpStatus: 401,
    rawJson: {
      errors: [sub],
      error_description: "Unauthorized",
      error: "unauthorized",
    },
  });
  const printed = inspect(e, { customInspect: false, depth: 5 });
  assert.equal(printed.split("title:").length - 1, 1, printed);
  assertSubErrorsShown(printed, ["UNAUTHORIZED"]);
  assert.deepEqual(e.errors[0]!.raw, sub);
  assert.equal(e.requestId, "r-1");
});

test("an uncaught 404 leaves its sub-error out (Node 22+) or shows its code (Node 20, which lists any array `errors`), not an empty `ErrorSubdocument {}` nor the body again; err.errors reads as before", () => {
  const body = {
    code: "TaskNotFound",
    message: "Task 0000 not found",
    request_id: "req-42",
    resource: "/v0.10/task/0000",
  };
  const e = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/task/0000",
    httpStatus: 404,
    rawJson: body,
  });
  const printed = inspect(e, { customInspect: false, depth: 5 });
  assert.ok(!printed.includes("resource"), printed);
  assert.ok(!printed.includes("raw:"), printed);
  // The message says it all, once.
  assert.equal(printed.split("Task 0000 not found").length - 1, 1, printed);
  assertSubErrorsShown(printed, ["TaskNotFound"]);
  // Python's err.errors: the same values.
  assert.ok(Array.isArray(e.errors));
  assert.equal(e.errors.length, 1);
  assert.deepEqual(e.errors[0]!.raw, body);
  assert.equal(e.errors[0]!.code, "TaskNotFound");
  assert.equal(e.errors[0]!.message, "Task 0000 not found");
  assert.equal(e.errors[0]!.get("resource"), "/v0.10/task/0000");
  assert.deepEqual(JSON.parse(JSON.stringify(e.errors)), [body]);
});

test("an uncaught OAuth error (refused refresh token) prints its body once, in the message, not again as errors and rawJson", () => {
  const body = {
    error: "invalid_grant",
    error_description: "The refresh token was revoked",
  };
  const e = new AuthAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/oauth2/token",
    httpStatus: 400,
    rawJson: body,
    refused: "the refresh token",
  });
  const printed = inspect(e, { customInspect: false, depth: 5 });
  assert.equal(
    printed.split("The refresh token was revoked").length - 1,
    1,
    printed,
  );
  assert.ok(!printed.includes("rawJson"), printed);
  assert.ok(!printed.includes("raw:"), printed);
  assert.equal(e.code, "invalid_grant");
  assert.deepEqual(e.rawJson, body);
  assert.deepEqual(e.errors[0]!.raw, body);
});

test("an uncaught ConsentRequired prints its body once (rawJson), not again as its one sub-error and its authorization parameters", () => {
  const scope =
    "urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/c1/data_access]";
  const params = {
    session_message: "Missing required data_access consent",
    session_required_identities: [],
    prompt: "login",
    required_scopes: [scope],
  };
  const body = {
    code: "ConsentRequired",
    message: "Missing required data_access consent",
    request_id: "abc",
    resource: "/operation/endpoint/c1/ls",
    required_scopes: [scope],
    authorization_parameters: params,
  };
  const e = new TransferAPIError({
    method: "GET",
    url: "https://transfer.api.globus.org/v0.10/operation/endpoint/c1/ls",
    httpStatus: 403,
    rawJson: body,
  });
  const printed = inspect(e, { customInspect: false, depth: 5 });
  // The body once (rawJson), the scope in info.consentRequired and in the
  // message too: not in errors[0] and authorizationParameters as well.
  assert.equal(printed.split("resource:").length - 1, 1, printed);
  assert.equal(printed.split("prompt: 'login'").length - 1, 1, printed);
  assertSubErrorsShown(printed, ["ConsentRequired"]);
  assert.ok(!Object.keys(e).includes("authorizationParameters"));
  // Read as code, as before.
  assert.deepEqual(e.authorizationParameters, params);
  assert.deepEqual(e.errors[0]!.raw, body);
  assert.deepEqual(e.rawJson, body);
  assert.deepEqual(e.info.consentRequired?.requiredScopes, [scope]);
});
