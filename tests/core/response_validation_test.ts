/**
 * Validation never costs the user their data: a ResponseValidationError
 * keeps the body (whole, out of inspect output) and the field paths, and
 * `validateResponses: false` returns a body of a shape we did not foresee
 * as it is.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { z } from "zod";
import { ResponseValidationError } from "../../src/core/response_validation_error.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const ODD = {
  DATA_TYPE: "task",
  task_id: 42, // a number where a string is expected
  status: "ACTIVE",
  access_token: "Agsecret-token-value-12345",
  new_field: { nested: [1, 2, 3] },
};

function client(validateResponses?: boolean) {
  const ff = fakeFetch([json(ODD)]);
  return new TransferClient({
    fetch: ff.fetch,
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
    ...(validateResponses === undefined ? {} : { validateResponses }),
  });
}

test("a ResponseValidationError keeps the body and the field path", async () => {
  const err = await client().getTask("t").then(
    () => assert.fail("expected a ResponseValidationError"),
    (e) => e,
  );
  assert.ok(err instanceof ResponseValidationError);
  assert.deepEqual(err.paths, ["task_id"]);
  assert.deepEqual(err.issues[0]?.path, ["task_id"]);
  assert.match(err.message, /task_id/);
  // the whole body, as received
  assert.deepEqual(err.rawJson, ODD);
  assert.equal(JSON.parse(err.rawText!).new_field.nested[2], 3);
  // but not in what prints, nor as an own enumerable field
  assert.equal(Object.keys(err).includes("rawJson"), false);
  assert.doesNotMatch(inspect(err), /Agsecret-token-value-12345/);
  assert.doesNotMatch(String(err), /Agsecret-token-value-12345/);
});

test("validateResponses: false returns a body we did not foresee as it is", async () => {
  const task = await client(false).getTask("t");
  assert.equal(task.task_id as unknown, 42);
  assert.deepEqual((task as Record<string, unknown>).new_field, {
    nested: [1, 2, 3],
  });
});

test("a client call with a zod schema of the caller's returns zod's output (unknown keys stripped, transforms applied)", async () => {
  class Custom extends TransferClient {
    strict() {
      return this.call("GET", "x", { schema: z.object({ a: z.string() }) });
    }
    upper() {
      return this.call("GET", "x", {
        schema: z.object({ a: z.string().transform((s) => s.toUpperCase()) }),
      });
    }
  }
  const ff = fakeFetch([json({ a: "x", extra: 1 }), json({ a: "x" })]);
  const c = new Custom({
    fetch: ff.fetch,
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
  });
  assert.deepEqual(await c.strict(), { a: "x" });
  assert.deepEqual(await c.upper(), { a: "X" });
});

test("an uncaught ResponseValidationError prints its issues once, in the message (Node prints enumerable fields too), and reads them as before", () => {
  const e = new ResponseValidationError(
    "task",
    [{ path: ["task_id"], message: "expected string, received number" }],
    "GET https://transfer.api.globus.org/v0.10/task/1",
  );
  // As Node prints an uncaught error.
  const printed = inspect(e, { customInspect: false, depth: 5 });
  assert.equal(
    printed.split("expected string, received number").length - 1,
    1,
    printed,
  );
  assert.deepEqual(e.issues, [
    { path: ["task_id"], message: "expected string, received number" },
  ]);
  assert.deepEqual(e.paths, ["task_id"]);
  // More than the message lists: the issues are printed.
  const many = new ResponseValidationError(
    "task list",
    Array.from({ length: 7 }, (_, i) => ({
      path: ["DATA", i, "task_id"],
      message: "expected string, received number",
    })),
  );
  assert.match(
    inspect(many, { customInspect: false, depth: 5 }),
    /issues: \[/,
  );
});
