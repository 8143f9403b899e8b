/**
 * Python's `r.headers["Retry-After"]` (a case-insensitive dict there) on a
 * response's, an error's and a token response's headers: it read
 * `undefined`, so a ported retry loop or content check went on without a
 * word. The headers stay a `Headers` (its methods, iteration, printing).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { indexableHeaders } from "../../src/core/_header_index.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

function client(answer: Response): TransferClient {
  return new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () => answer.clone()).fetch,
  });
}

test("an error's headers read by name, in any case, as Python's err.headers[\"Retry-After\"]", async () => {
  const tc = client(
    json({ code: "ClientError.Conflict", message: "try later" }, 409, {
      "Retry-After": "7",
    }),
  );
  const err = await tc.getTask("6c54cade-bde5-45c1-bdea-f4bd71dba2cc").then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof TransferAPIError);
  const h = loose(err.headers);
  assert.equal(h["Retry-After"], "7");
  assert.equal(h["retry-after"], "7");
  assert.match(h["Content-Type"], /application\/json/);
  // A header that is not there, and a name that is no header name.
  assert.equal(h["X-Not-There"], undefined);
  assert.equal(h["not a header"], undefined);
  // Still Headers: its methods and iteration.
  assert.ok(err.headers instanceof Headers);
  assert.equal(err.headers.get("retry-after"), "7");
  assert.ok([...err.headers].some(([k]) => k === "retry-after"));
  assert.equal(typeof h.forEach, "function");
});

test("a generic call's response headers read by name too; printing shows Headers, as before", async () => {
  const tc = client(json({ DATA: [] }, 200, { "X-Request-Id": "r-1" }));
  const res = await tc.get("/task_list");
  const h = loose(res.headers);
  assert.equal(h["X-Request-Id"], "r-1");
  assert.match(h["content-type"], /application\/json/);
  assert.ok(res.headers instanceof Headers);
  assert.match(inspect(res.headers), /^Headers \{/);
  // Awaiting or JSON of the headers is as for any Headers.
  assert.equal(h.then, undefined);
  assert.equal(JSON.stringify(res.headers), "{}");
});

test("a token response's headers read by name; one built from a body alone has none", () => {
  const body = {
    access_token: "a",
    expires_in: 3600,
    resource_server: "transfer.api.globus.org",
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
    token_type: "Bearer",
    other_tokens: [],
  };
  const tr = new OAuthTokenResponse(body, {
    headers: new Headers({ "Cache-Control": "no-store" }),
  });
  assert.equal(loose(tr.headers)["Cache-Control"], "no-store");
  assert.equal(
    loose(new OAuthTokenResponse(body).headers)["Cache-Control"],
    undefined,
  );
});

test("indexableHeaders copies, and a class's own methods still win over header names", () => {
  const source = new Headers({ get: "header-named-get" });
  const h = indexableHeaders(source);
  assert.equal(typeof loose(h).get, "function");
  assert.equal(h.get("get"), "header-named-get");
  source.set("x-late", "1");
  assert.equal(loose(h)["x-late"], undefined);
});
