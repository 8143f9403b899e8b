/**
 * A client's transport options given the wrong type, as plain JavaScript
 * (a Node script, a notebook cell) can: each is refused when the client is
 * made, naming the option, where it failed each request later (`fetch`,
 * retried for 20 s as a network error), sent the wrong request (`headers`
 * a character a header, `queryParams` a character a parameter) or was read
 * the wrong way round (`validateResponses: "false"`). A `signal` that is no
 * AbortSignal is refused before anything is sent.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { messageOf, untyped } from "../_helpers/argument_errors.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const ENDPOINT = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";

function make(options: Record<string, unknown>): () => TransferClient {
  return () =>
    new TransferClient(untyped({
      authorizer: new AccessTokenAuthorizer("tok"),
      retry: false,
      ...options,
    }));
}

test("a 'fetch' that is no function is refused when the client is made", () => {
  assert.equal(
    messageOf(make({ fetch: "x" })),
    "Cannot send requests as 'fetch' must be a function with fetch's signature, such as globalThis.fetch (or left out): current value is a string (1 character)",
  );
  assert.match(
    messageOf(make({ fetch: { fetch: globalThis.fetch } })),
    /'fetch' must be a function .*: current value is an object$/,
  );
});

test("'headers' must be an object of names and values (a string was sent a character a header, a Headers object as none)", () => {
  assert.equal(
    messageOf(make({ headers: "X-Foo: 1" })),
    `Cannot send requests as 'headers' must be an object of header names and values, such as { "X-My-Header": "value" }: current value is a string (8 characters)`,
  );
  assert.equal(
    messageOf(make({ headers: new Headers({ "X-Foo": "1" }) })),
    `Cannot send requests as 'headers' must be an object of header names and values, such as { "X-My-Header": "value" } (for a Headers object: Object.fromEntries(headers)): current value is a Headers`,
  );
  assert.match(
    messageOf(make({ headers: [["X-Foo", "1"]] })),
    /'headers' must be an object .*: current value is an array$/,
  );
  make({ headers: { "X-Foo": "1" } })();
});

test("'totalTimeoutMs', 'maxResponseBytes' and 'clientInfo' of the wrong type are refused, as 'timeoutMs' is", () => {
  assert.equal(
    messageOf(make({ totalTimeoutMs: "5000" })),
    `Cannot send requests as 'totalTimeoutMs' must be a positive number (or Infinity, or left out): current value is a string ("5000")`,
  );
  assert.equal(
    messageOf(make({ maxResponseBytes: "1000000" })),
    `Cannot send requests as 'maxResponseBytes' must be a positive number (or Infinity, or left out): current value is a string ("1000000")`,
  );
  assert.equal(
    messageOf(make({ clientInfo: 5 })),
    `Cannot send requests as 'clientInfo' must be a string such as "product=my-tool,version=1.0" (or left out): current value is the number 5`,
  );
  make({
    totalTimeoutMs: Infinity,
    maxResponseBytes: 1e6,
    clientInfo: "a=b",
  })();
});

test("'validateResponses' must be a boolean (the string \"false\" was read as true)", () => {
  assert.equal(
    messageOf(make({ validateResponses: "false" })),
    `Cannot create the TransferClient as 'validateResponses' must be true or false (or left out): current value is the string "false"; write validateResponses: false, without quotes`,
  );
  make({ validateResponses: false })();
});

test("a call's 'signal' or 'queryParams' of the wrong type is refused before anything is sent", async () => {
  const fake = fakeFetch([], () => json({ DATA: [] }));
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fake.fetch,
    retry: false,
  });
  await assert.rejects(
    tc.operationLs(ENDPOINT, untyped({ signal: true })),
    {
      name: "TypeError",
      message:
        "TransferClient.operationLs(): 'signal' must be an AbortSignal, not the boolean true; write { signal: controller.signal } (const controller = new AbortController()) or { signal: AbortSignal.timeout(60_000) }",
    },
  );
  await assert.rejects(
    tc.taskWait(ENDPOINT, untyped({ signal: new AbortController() })),
    {
      name: "TypeError",
      message:
        "TransferClient.taskWait(): 'signal' must be an AbortSignal, not an AbortController; give the controller's signal: { signal: controller.signal }",
    },
  );
  await assert.rejects(
    tc.operationLs(ENDPOINT, untyped({ queryParams: "path=/~/" })),
    /'queryParams' must be an object of parameter names and values/,
  );
  assert.equal(fake.requests.length, 0);
});

test("null (Python's None) for a transport option or 'validateResponses' is left out, as it was before their type checks", async () => {
  const fake = fakeFetch([json({ DATA: [] })]);
  const tc = make({
    fetch: fake.fetch,
    headers: null,
    totalTimeoutMs: null,
    maxResponseBytes: null,
    clientInfo: null,
    validateResponses: null,
  })();
  make({ fetch: null })();
  await tc.get("v0.10/endpoint_search");
  assert.equal(fake.requests.length, 1);
});

test("a call's 'headers' that are a Headers object (sent as no header at all) are refused as the client's are", async () => {
  const fake = fakeFetch([], () => json({}));
  const tc = make({ fetch: fake.fetch })();
  await assert.rejects(
    tc.get(
      "v0.10/task_list",
      untyped({ headers: new Headers({ "X-A": "1" }) }),
    ),
    {
      name: "TypeError",
      message:
        `TransferClient.get(): 'headers' must be an object of header names and values, such as { "X-My-Header": "value" } (for a Headers object: Object.fromEntries(headers)): current value is a Headers`,
    },
  );
  assert.equal(fake.requests.length, 0);
  await tc.get("v0.10/task_list", { headers: { "X-A": "1" } });
  assert.equal(fake.requests[0]!.headers["x-a"], "1");
});
