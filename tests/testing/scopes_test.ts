import { test } from "node:test";
import assert from "node:assert/strict";
import {
  dataAccessCollectionOf,
  formatScopes,
  groupByResourceServer,
  parseScopes,
  resourceServerOf,
  ScopeParseError,
} from "../../src/testing/scopes.ts";

const T = "urn:globus:auth:scope:transfer.api.globus.org:all";
const DA =
  "https://auth.globus.org/scopes/6c54cade-bde5-45c1-bdea-f4bd71dba2cc/data_access";

test("parseScopes reads dependent and optional scopes and round-trips", () => {
  const s = `openid ${T}[*${DA} x:y[z]]  email`;
  const parsed = parseScopes(s);
  assert.equal(parsed.length, 3);
  assert.equal(parsed[1]?.scope, T);
  assert.equal(parsed[1]?.dependencies[0]?.optional, true);
  assert.equal(parsed[1]?.dependencies[1]?.dependencies[0]?.scope, "z");
  assert.equal(formatScopes(parsed), `openid ${T}[*${DA} x:y[z]] email`);
  assert.throws(() => parseScopes("a[b"), ScopeParseError);
  assert.throws(() => parseScopes("a]"), ScopeParseError);
  assert.throws(() => parseScopes("*"), ScopeParseError);
});

test("resource servers and data_access consents", () => {
  assert.equal(resourceServerOf("openid"), "auth.globus.org");
  assert.equal(
    resourceServerOf("urn:globus:auth:scope:auth.globus.org:view_identities"),
    "auth.globus.org",
  );
  assert.equal(resourceServerOf(T), "transfer.api.globus.org");
  assert.equal(resourceServerOf(DA), "6c54cade-bde5-45c1-bdea-f4bd71dba2cc");
  assert.equal(resourceServerOf("bogus"), null);
  assert.equal(
    dataAccessCollectionOf(DA),
    "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
  );
  assert.equal(dataAccessCollectionOf(T), null);
  const groups = groupByResourceServer(
    parseScopes(`${T}[*${DA}] openid profile ${DA}`),
  );
  assert.deepEqual(groups.map((g) => g.resourceServer), [
    "transfer.api.globus.org",
    "auth.globus.org",
    "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
  ]);
  assert.deepEqual(groups[0]?.consents, [
    "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
  ]);
  assert.deepEqual(groups[1]?.scopes, ["openid", "profile"]);
  assert.deepEqual(groups[2]?.consents, []);
  assert.throws(
    () => groupByResourceServer(parseScopes("nonsense")),
    ScopeParseError,
  );
});
