/**
 * Node prints an uncaught error with its enumerable fields and without its
 * inspect hook (`util.inspect(err, { customInspect: false })`): an API
 * error's fields that `console.log(err)` leaves out (empty, or said
 * already) are not enumerable, and still readable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AuthAPIError, TransferAPIError } from "../../src/core/errors.ts";

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
  for (const key of ["messages", "errors", "rawJson"]) {
    assert.ok(keys.includes(key), `${key} in ${keys}`);
  }
  assert.ok(!keys.includes("headers"));
});
