/**
 * The Auth results that do not come through BaseClient's typed results
 * (token introspection, revocation, the OpenID configuration) have Python's
 * `r.data`, `r.get(key, default)` and `r.http_status` as every other typed
 * result does: a ported `res.get("active", False)` failed with "res.get is
 * not a function" and `r.http_status == 200` read `undefined`. They stay out
 * of JSON, key listings, spreads and printing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const CLIENT = "0fef6cf6-ebcd-11f1-b8e9-02fc00000001";

interface PythonReads {
  data: unknown;
  http_status: number;
  httpStatus: number;
  get(key: string, defaultValue?: unknown): unknown;
  headers: Headers;
  http_reason: string;
  text: string;
}
const py = (r: object): PythonReads => r as unknown as PythonReads;

function assertHidden(r: object, body: Record<string, unknown>): void {
  assert.deepEqual(JSON.parse(JSON.stringify(r)), body);
  assert.deepEqual(Object.keys(r), Object.keys(body));
  for (
    const name of [
      "data",
      "get",
      "http_status",
      "httpStatus",
      "headers",
      "text",
    ]
  ) {
    assert.equal(name in { ...r }, false, name);
  }
  assert.ok(!/http_?status|get|data/i.test(inspect(r)), inspect(r));
}

test("oauth2TokenIntrospect's result has Python's get(key, default), data and http_status", async () => {
  const body = { active: false };
  const ff = fakeFetch([json(body)]);
  const cc = new ConfidentialAppAuthClient(CLIENT, "secret", {
    fetch: ff.fetch,
  });
  const r = await cc.oauth2TokenIntrospect("tok");
  assert.equal(py(r).get("active", true), false);
  assert.equal(py(r).get("username", "nobody"), "nobody");
  assert.equal(py(r).http_status, 200);
  assert.equal(py(r).httpStatus, 200);
  assert.equal(py(r).data, r);
  assert.equal(py(r).headers.get("content-type"), "application/json");
  assert.equal(py(r).http_reason, "OK");
  assert.deepEqual(JSON.parse(py(r).text), body);
  assertHidden(r, body);
});

test("oauth2RevokeToken's result has Python's get(key, default), data and http_status, an empty body too", async () => {
  for (const body of [{ active: false }, undefined]) {
    const ff = fakeFetch([
      body === undefined ? new Response(null, { status: 200 }) : json(body),
    ]);
    const client = new NativeAppAuthClient(CLIENT, { fetch: ff.fetch });
    const r = await client.oauth2RevokeToken("tok");
    assert.equal(py(r).get("active", "unset"), body ? false : "unset");
    assert.equal(py(r).http_status, 200);
    assert.equal(py(r).data, r);
    assert.ok(py(r).headers instanceof Headers);
    assertHidden(r, body ?? {});
  }
});

test("getOpenidConfiguration's result has Python's get(key, default), data and http_status", async () => {
  const body = {
    issuer: "https://auth.globus.org",
    jwks_uri: "https://auth.globus.org/jwk.json",
    token_endpoint: "https://auth.globus.org/v2/oauth2/token",
  };
  const ff = fakeFetch([json(body)]);
  const client = new NativeAppAuthClient(CLIENT, { fetch: ff.fetch });
  const r = await client.getOpenidConfiguration();
  assert.equal(py(r).get("jwks_uri"), body.jwks_uri);
  assert.equal(py(r).get("userinfo_endpoint", "none"), "none");
  assert.equal(py(r).http_status, 200);
  assert.equal(py(r).headers.get("content-type"), "application/json");
  assertHidden(r, body);
});
