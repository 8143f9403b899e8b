import { test } from "node:test";
import assert from "node:assert/strict";
import { NullAuthorizer } from "../../src/authorizers/null.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

test("NullAuthorizer sends no Authorization header", async () => {
  const a = new NullAuthorizer();
  assert.equal(await a.getAuthorizationHeader(), undefined);
  const ff = fakeFetch([json({})]);
  await new HttpTransport({ fetch: ff.fetch }).request({
    method: "GET",
    url: "https://x.example/",
    authorizer: a,
  });
  assert.equal(ff.requests[0]?.headers["authorization"], undefined);
  assert.equal(String(a), "NullAuthorizer");
});
