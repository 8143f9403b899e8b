import { test } from "node:test";
import assert from "node:assert/strict";
import {
  OAuthDependentTokenResponse,
  OAuthTokenResponse,
} from "../../src/auth/token_response.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { kernelText, kernelView } from "../_helpers/kernel_view.ts";

const SECRETS = [
  "AUTH-ACCESS-disp-8f2c",
  "AUTH-REFRESH-disp-19aa",
  "XFER-ACCESS-disp-77d1",
  "eyJhbGciOiJSUzUxMiJ9.DISPLAY-id-token.sig",
];

function response(): OAuthTokenResponse {
  return new OAuthTokenResponse({
    access_token: SECRETS[0],
    scope: "openid email",
    expires_in: 3600,
    token_type: "Bearer",
    resource_server: "auth.globus.org",
    refresh_token: SECRETS[1],
    id_token: SECRETS[3],
    other_tokens: [{
      access_token: SECRETS[2],
      scope: TransferScopes.all,
      expires_in: 3600,
      token_type: "Bearer",
      resource_server: "transfer.api.globus.org",
      refresh_token: null,
    }],
  }, { clock: fakeClock({ startMs: 1_800_000_000_000 }) });
}

function assertNoSecret(text: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `leaked ${s}`);
}

test("a token response renders as a table of resource servers, tokens shown as [REDACTED]", async () => {
  const bundle = await kernelView(response());
  const text = bundle["text/plain"] ?? "";
  const html = bundle["text/html"] ?? "";
  assert.ok(
    html.startsWith(
      '<div class="text-muted globus-caption">',
    ),
    html,
  );
  const lines = text.split("\n");
  assert.equal(
    lines[0],
    "OAuthTokenResponse: 2 resource servers, with an id_token",
  );
  assert.match(
    lines[1] ?? "",
    /^Resource Server +\| Scope +\| Token Type +\| Expires +\| Access Token \| Refresh Token$/,
  );
  assert.match(
    text,
    /auth\.globus\.org +\| openid email +\| Bearer +\| 2027-01-15 09:00:00 UTC \| \[REDACTED\] +\| \[REDACTED\]$/m,
  );
  assert.match(
    text,
    /transfer\.api\.globus\.org +\| urn:globus:auth:scope:transfer\.api\.globus\.org:all +\| Bearer +\| 2027-01-15 09:00:00 UTC \| \[REDACTED\] +\| none$/m,
  );
  assert.ok(
    html.includes('<td><div align="left">transfer.api.globus.org</div></td>'),
  );
  assertNoSecret(text + html);
  // String() and JSON keep their redacted JSON form.
  assert.ok(String(response()).startsWith("OAuthTokenResponse {"));
});

test("byResourceServer renders as the same table, no token strings", async () => {
  const view = await kernelView(response().byResourceServer);
  const text = view["text/plain"] ?? "";
  assert.match(
    text,
    /^byResourceServer: 2 resource servers$/m,
  );
  assert.match(text, /auth\.globus\.org +\| openid email/);
  assertNoSecret(await kernelText(response().byResourceServer));
  // Still data: the display is not a key.
  assert.deepEqual(Object.keys(response().byResourceServer), [
    "auth.globus.org",
    "transfer.api.globus.org",
  ]);
});

test("byScopes as a cell's value renders one row per scope instead of throwing", async () => {
  // The kernel reads `schema` and friends on a value without a display
  // hook; byScopes used to throw "The scope 'schema' is not in this token
  // response" there, failing the cell.
  const byScopes = response().byScopes;
  const text = (await kernelView(byScopes))["text/plain"] ?? "";
  assert.match(text, /^byScopes: 3 scopes$/m);
  assert.match(text, /\nScope +\| Resource Server +\| Token Type/);
  assert.match(text, /\nopenid +\| auth\.globus\.org/);
  assert.match(text, /\nemail +\| auth\.globus\.org/);
  assert.match(
    text,
    /\nurn:globus:auth:scope:transfer\.api\.globus\.org:all \| transfer\.api\.globus\.org/,
  );
  assertNoSecret(await kernelText(byScopes));
  // Scope lookups and key listing are unchanged.
  assert.deepEqual(
    Object.keys(byScopes).sort(),
    [
      "email",
      "openid",
      TransferScopes.all,
    ].sort(),
  );
  assert.ok(!("schema" in byScopes));
});

test("a dependent-token response renders its tokens' table too", async () => {
  const r = new OAuthDependentTokenResponse([{
    access_token: SECRETS[2],
    scope: TransferScopes.all,
    token_type: "bearer",
    expires_in: 3600,
    resource_server: "transfer.api.globus.org",
  }], { clock: fakeClock({ startMs: 1_800_000_000_000 }) });
  const text = (await kernelView(r))["text/plain"] ?? "";
  assert.match(
    text,
    /^OAuthDependentTokenResponse: 1 resource server$/m,
  );
  assert.match(
    text,
    /transfer\.api\.globus\.org \| urn:globus.* \| bearer +\| 2027-01-15 09:00:00 UTC \| \[REDACTED\] +\| none$/m,
  );
  assertNoSecret(await kernelText(r));
});
