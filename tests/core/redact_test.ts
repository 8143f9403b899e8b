/**
 * Redaction of JSON-like data: every spelling of a credential field name,
 * credentials inside arrays, and data nested deeper than the limit (which
 * is redacted whole rather than passed through).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  hideFromInspect,
  isSecretKey,
  MAX_REDACT_DEPTH,
  redactDeep,
  REDACTED,
  redactText,
  scrubSecrets,
} from "../../src/core/redact.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { isDeno } from "../../src/core/runtime.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";

test("credential field names match whatever their case and separators", () => {
  for (
    const k of [
      "access_token",
      "accessToken",
      "AccessToken",
      "ACCESS_TOKEN",
      "access-token",
      "refresh-token",
      "refreshToken",
      "id_token",
      "idToken",
      "client_secret",
      "clientSecret",
      "Client-Secret",
      "password",
      "Authorization",
      "code_verifier",
    ]
  ) assert.equal(isSecretKey(k), true, k);
  for (
    const k of ["code", "scope", "resource_server", "expires_in", "token_type"]
  ) {
    assert.equal(isSecretKey(k), false, k);
  }
});

test("redactDeep finds camelCase names, tokens inside arrays, and any value under a credential name", () => {
  const out = JSON.stringify(redactDeep({
    accessToken: "AT-camel",
    data: [{ refreshToken: "RT-in-array" }, [{ "id-token": "IDT-nested" }]],
    tokens: ["T-1", "T-2"],
    access_token: ["AT-as-array"],
    password: { value: "PW-object" },
    scope: "openid",
    code: "ClientError.NotFound",
  }));
  for (
    const s of [
      "AT-camel",
      "RT-in-array",
      "IDT-nested",
      "T-1",
      "AT-as-array",
      "PW-object",
    ]
  ) {
    assert.ok(!out.includes(s), `${s} in ${out}`);
  }
  assert.match(out, /"scope":"openid"/);
  assert.match(out, /"code":"ClientError.NotFound"/);
});

test("data deeper than the limit is redacted whole, not passed through", () => {
  let deep: Record<string, unknown> = { access_token: "AT-deep", note: "n" };
  for (let i = 0; i < MAX_REDACT_DEPTH + 10; i++) deep = { level: deep };
  const out = JSON.stringify(redactDeep(deep));
  assert.ok(!out.includes("AT-deep"));
  assert.ok(out.includes(REDACTED));
  // A cycle does not hang or throw.
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic["self"] = cyclic;
  assert.doesNotThrow(() => JSON.stringify(redactDeep(cyclic)));
});

test("scrubSecrets removes exact strings, URL-encoded and JSON-escaped", () => {
  const secret = 'p@ss+w/rd="x"';
  const text = `a ${secret} b ${encodeURIComponent(secret)} c ${
    new URLSearchParams({ s: secret }).toString().slice(2)
  } d ${JSON.stringify(secret)}`;
  const out = scrubSecrets(text, [secret]);
  assert.ok(!out.includes(secret) && !out.includes(encodeURIComponent(secret)));
  assert.ok(!out.includes("w/rd"), out);
  assert.equal(scrubSecrets("nothing here", [secret]), "nothing here");
});

test("redactText hides credential-looking values in free text", () => {
  const out = redactText(
    'access_token=AT-form&x=1 "refresh_token": "RT-json" Authorization: Bearer AT-header-123456 accessToken: AT-yaml',
  );
  for (const s of ["AT-form", "RT-json", "AT-header-123456", "AT-yaml"]) {
    assert.ok(!out.includes(s), `${s} in ${out}`);
  }
  assert.match(out, /x=1/);
});

test(
  "a redacted record or an app nested in another value is indented with it (Deno's inspect, as a notebook shows a cell's value)",
  {
    skip: isDeno ? false : "Deno's inspect",
  },
  () => {
    // In a notebook: `await app.tokenStorage.getTokenDataByResourceServer()`,
    // or a client (its app) as a cell's last expression.
    const record = hideFromInspect({
      resource_server: "auth.globus.org",
      access_token: "SECRET-ACCESS",
      refresh_token: "SECRET-REFRESH",
      scope: "openid",
    }, "StoredTokenData");
    const app = new UserApp({
      appName: "nb",
      clientId: TUTORIAL_CLIENT_ID,
      config: { tokenStorage: "memory" },
    });
    const { Deno: D } = globalThis as unknown as {
      Deno: { inspect(value: unknown): string };
    };
    const shown = D.inspect({ records: { "auth.globus.org": record }, app });
    assert.doesNotMatch(shown, /SECRET-/);
    assert.match(shown, /access_token: "\[REDACTED\]"/);
    // Every line inside the outer braces is indented: none starts a line.
    const inner = shown.split("\n").slice(1, -1);
    for (const line of inner) assert.ok(line.startsWith("  "), shown);
    assert.match(
      shown,
      /\n {4}"auth\.globus\.org": StoredTokenData \{\n {6}resource_server:/,
    );
    assert.match(shown, /\n {2}app: UserApp \{\n {4}appName: "nb",/);
    // Data, not a display: JSON still has every field.
    assert.match(JSON.stringify(record), /"access_token":"SECRET-ACCESS"/);
  },
);

test("a service URL with a password (baseUrl or GLOBUS_SDK_SERVICE_URL_*) is refused at construction without showing it (String(tc) and errors printed it whole)", async () => {
  const { TransferClient } = await import(
    "../../src/transfer/transfer_client.ts"
  );
  const { AccessTokenAuthorizer } = await import(
    "../../src/authorizers/access_token.ts"
  );
  const { withEnv } = await import("../_helpers/with_env.ts");
  const authorizer = new AccessTokenAuthorizer("x");
  const refused = (make: () => unknown, from: RegExp) => {
    let err: unknown;
    try {
      make();
    } catch (e) {
      err = e;
    }
    assert.ok(err instanceof TypeError, String(err));
    assert.match(err.message, from);
    assert.match(err.message, /holds a user name or password/);
    assert.doesNotMatch(err.message, /PxSECRET|alice/);
  };
  refused(
    () =>
      new TransferClient({
        authorizer,
        baseUrl: "http://alice:PxSECRET@127.0.0.1:47598/",
      }),
    /'baseUrl'/,
  );
  withEnv({
    GLOBUS_SDK_ENVIRONMENT: "emulator",
    GLOBUS_SDK_SERVICE_URL_TRANSFER: "http://alice:PxSECRET@127.0.0.1:47598/",
  }, () => {
    refused(
      () => new TransferClient({ authorizer }),
      /GLOBUS_SDK_SERVICE_URL_TRANSFER/,
    );
  });
});

test("scrubSecrets also finds a secret whose percent escapes an echo wrote in small letters", () => {
  const secret = "AgQ8/dW0+J1x=Yb";
  const lower = encodeURIComponent(secret).replace(
    /%[0-9A-F]{2}/g,
    (e) => e.toLowerCase(),
  );
  assert.notEqual(lower, encodeURIComponent(secret));
  assert.equal(
    scrubSecrets(`refresh_token=${lower}&x=1`, [secret]),
    "refresh_token=[REDACTED]&x=1",
  );
});

test("String() and a template string of a redacted record show its fields with the tokens as [REDACTED] (Python's str(dict); it was [object Object])", () => {
  const record = hideFromInspect({
    resource_server: "transfer.api.globus.org",
    access_token: "SECRET-ACCESS-5f1",
    refresh_token: "SECRET-REFRESH-9c2",
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
    nested: { client_secret: "SECRET-NESTED-77", name: "n" },
  }, "StoredTokenData");
  for (const text of [String(record), `${record}`, record.toString()]) {
    assert.doesNotMatch(text, /SECRET-/);
    assert.match(text, /^StoredTokenData \{/);
    assert.match(text, /"access_token": "\[REDACTED\]"/);
    assert.match(text, /"client_secret": "\[REDACTED\]"/);
    assert.match(text, /"resource_server": "transfer\.api\.globus\.org"/);
  }
  // Not a field: keys, spread and JSON are as before.
  assert.deepEqual(Object.keys(record), ["resource_server", "scope", "nested"]);
  assert.equal("toString" in { ...record }, true); // Object.prototype's
  assert.equal(Object.hasOwn({ ...record }, "toString"), false);
  assert.match(JSON.stringify(record), /"access_token":"SECRET-ACCESS-5f1"/);
  assert.doesNotMatch(JSON.stringify(record), /toString/);
  // A body's own field of that name is left as it is.
  const odd = hideFromInspect({ toString: "a field", access_token: "x" }, "X");
  assert.equal(odd.toString, "a field");
});

test("hideFromInspect keeps a result's own String() (a created client's table), adding the redacted text only where there is none", () => {
  const result = { client: { id: "c-1", secret: "SECRET-CLIENT-3e" } };
  Object.defineProperty(result, "toString", {
    value: () => "Client c-1 (a table)",
    enumerable: false,
    configurable: true,
    writable: true,
  });
  hideFromInspect(result, "ClientResponse");
  assert.equal(String(result), "Client c-1 (a table)");
  assert.equal(`${result}`, "Client c-1 (a table)");
  assert.doesNotMatch(inspect(result, { depth: 5 }), /SECRET-/);
});
