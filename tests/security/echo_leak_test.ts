/**
 * A server that echoes the request back in its error (the form body in
 * `error_description`, the headers in an HTML page) does not get the
 * credentials the request carried into the error: not into its message,
 * `String()`, stack, fields or inspect output — also not URL-encoded.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ConfidentialAppAuthClient } from "../../src/auth/confidential_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import {
  AuthAPIError,
  GlobusAPIError,
  TransferAPIError,
} from "../../src/core/errors.ts";
import { HttpTransport } from "../../src/core/transport.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const AUTH = "https://auth.example.org/";

/** Everything an error shows, every way it can be shown. */
function shown(e: unknown): string {
  assert.ok(e instanceof GlobusAPIError, `not an API error: ${e}`);
  // deno-lint-ignore no-explicit-any
  const D = (globalThis as any).Deno;
  return [
    e.message,
    String(e),
    String(e.stack),
    e.serviceMessage,
    e.code,
    JSON.stringify(e),
    JSON.stringify(e.rawJson),
    String(e.rawText),
    JSON.stringify(e.errors),
    inspect(e, { depth: 8, showHidden: true }),
    D?.inspect ? D.inspect(e, { depth: 8 }) : "",
  ].join("\n");
}

function assertScrubbed(text: string, secrets: string[]): void {
  for (const s of secrets) {
    for (const form of [s, encodeURIComponent(s)]) {
      assert.ok(!text.includes(form), `the error shows '${form}':\n${text}`);
    }
  }
  assert.match(text, /\[REDACTED\]/);
}

/** A token endpoint that echoes the form body and headers in its error. */
function echoingAuth(status = 400) {
  return async (input: Request | URL | string, init?: RequestInit) => {
    const req = new Request(input, init);
    const form = await req.text();
    const auth = req.headers.get("authorization") ?? "";
    return Response.json({
      error: "invalid_grant",
      error_description: `rejected request ${form} with ${auth}`,
      errors: [{ code: "invalid_grant", detail: form }],
      request: { body: Object.fromEntries(new URLSearchParams(form)) },
    }, { status });
  };
}

test("a refresh token echoed in error_description is redacted from the AuthAPIError", async () => {
  const refresh = "RT+secret/with=odd&chars-0123456789";
  const client = new NativeAppAuthClient("client-id-1", {
    baseUrl: AUTH,
    fetch: echoingAuth(),
    retry: false,
  });
  const e = await client.oauth2RefreshToken(refresh).catch((x) => x);
  assert.ok(e instanceof AuthAPIError);
  assert.equal(e.code, "invalid_grant");
  // The rest of the echo is still there: the error stays useful.
  assert.match(e.message, /grant_type=refresh_token/);
  assertScrubbed(shown(e), [refresh]);
});

test("a code and PKCE verifier echoed back are redacted from the exchange's error", async () => {
  const client = new NativeAppAuthClient("client-id-1", {
    baseUrl: AUTH,
    fetch: echoingAuth(),
    retry: false,
  });
  const verifier = "v".repeat(20) + "-verifier-0123456789abcdefghij";
  client.oauth2StartFlow({ requestedScopes: "openid", verifier });
  const code = "CODE-abcdef123456";
  const e = await client.oauth2ExchangeCodeForTokens(code).catch((x) => x);
  assert.ok(e instanceof AuthAPIError);
  assertScrubbed(shown(e), [code, verifier]);
});

test("a confidential client's secret (and its Basic header) echoed back is redacted", async () => {
  const secret = "s3cr3t+/=value-with-symbols";
  const client = new ConfidentialAppAuthClient("client-id-2", secret, {
    baseUrl: AUTH,
    fetch: echoingAuth(401),
    retry: false,
  });
  const e = await client.oauth2ClientCredentialsTokens("openid").catch((x) =>
    x
  );
  assert.ok(e instanceof AuthAPIError);
  const basic = btoa(`client-id-2:${secret}`);
  assertScrubbed(shown(e), [secret, basic]);
});

test("a bearer token echoed in an HTML error page is redacted from the TransferAPIError", async () => {
  const token = "AT-bearer-0123456789abcdef";
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer(token),
    baseUrl: "https://transfer.example.org/",
    retry: false,
    fetch: (input, init) => {
      const auth = new Request(input, init).headers.get("authorization");
      return Promise.resolve(
        new Response(
          `<html><body><h1>502 Bad Gateway</h1><pre>GET /v0.10/task_list\nAuthorization: ${auth}\nX-Token: ${
            encodeURIComponent(token)
          }</pre></body></html>`,
          { status: 502, headers: { "content-type": "text/html" } },
        ),
      );
    },
  });
  const e = await tc.taskList({ limit: 1 }).toArray().catch((x) => x);
  assert.ok(e instanceof TransferAPIError);
  assert.equal(e.httpStatus, 502);
  assert.match(e.message, /Bad Gateway/);
  assertScrubbed(shown(e), [token]);
});

test("short credentials are not looked for (they would garble the message)", async () => {
  const transport = new HttpTransport({
    retry: false,
    fetch: () =>
      Promise.resolve(
        Response.json({ error: "bad", error_description: "abc is wrong" }, {
          status: 400,
        }),
      ),
  });
  const e = await transport.request({
    method: "POST",
    url: AUTH + "v2/oauth2/token",
    form: { grant_type: "refresh_token", refresh_token: "abc" },
  }).catch((x) => x);
  assert.ok(e instanceof GlobusAPIError);
  assert.match(e.message, /abc is wrong/);
});
