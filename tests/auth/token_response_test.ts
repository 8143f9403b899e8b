import { test } from "node:test";
import assert from "node:assert/strict";
import {
  OAuthDependentTokenResponse,
  OAuthTokenResponse,
} from "../../src/auth/token_response.ts";
import { Scope, TransferScopes } from "../../src/auth/scopes.ts";
import { GlobusError } from "../../src/core/errors.ts";
import { ResponseValidationError } from "../../src/core/response_validation_error.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fixture, SKIP_FIXTURES } from "../_helpers/globus_fixtures.ts";
import { renderings } from "./_inspect.ts";

const AUTH_AT = "AUTH-ACCESS-tok-8f2c";
const AUTH_RT = "AUTH-REFRESH-tok-19aa";
const XFER_AT = "XFER-ACCESS-tok-77d1";
const XFER_RT = "XFER-REFRESH-tok-5b0e";
const ID_TOKEN = "eyJhbGciOiJSUzUxMiJ9.ID-TOKEN-payload.sig";

function body(): Record<string, unknown> {
  return {
    access_token: AUTH_AT,
    scope: "openid profile email",
    expires_in: 172800,
    token_type: "Bearer",
    resource_server: "auth.globus.org",
    state: "_default",
    refresh_token: AUTH_RT,
    id_token: ID_TOKEN,
    other_tokens: [{
      access_token: XFER_AT,
      scope: TransferScopes.all,
      expires_in: 3600,
      token_type: "Bearer",
      resource_server: "transfer.api.globus.org",
      state: "_default",
      refresh_token: XFER_RT,
    }],
  };
}

const clock = fakeClock({ startMs: 1_700_000_000_500 });

test("byResourceServer indexes the top-level token and other_tokens", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  assert.deepEqual(r.resourceServers, [
    "auth.globus.org",
    "transfer.api.globus.org",
  ]);
  // Token fields are non-enumerable (console.table skips them); JSON has all.
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x));
  assert.deepEqual(plain(r.byResourceServer["transfer.api.globus.org"]), {
    access_token: XFER_AT,
    scope: TransferScopes.all,
    token_type: "Bearer",
    expires_at_seconds: 1_700_000_000 + 3600,
    refresh_token: XFER_RT,
    resource_server: "transfer.api.globus.org",
  });
  assert.equal(
    r.byResourceServer["transfer.api.globus.org"]?.access_token,
    XFER_AT,
  );
  assert.equal(
    r.byResourceServer["auth.globus.org"]?.expires_at_seconds,
    1_700_000_000 + 172800,
  );
  assert.equal(r.idToken, ID_TOKEN);
  assert.equal((r.data as Record<string, unknown>)["state"], "_default");
});

test("a missing refresh_token becomes null", () => {
  const b = body();
  delete b["refresh_token"];
  const r = new OAuthTokenResponse(b, { clock });
  assert.equal(r.byResourceServer["auth.globus.org"]?.refresh_token, null);
});

test("byScopes finds token data by scope string", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  assert.equal(r.byScopes[TransferScopes.all]?.access_token, XFER_AT);
  assert.equal(r.byScopes["openid"]?.resource_server, "auth.globus.org");
  assert.equal(r.byScopes["openid email"]?.resource_server, "auth.globus.org");
  assert.equal(r.getByScopes(new Scope("profile")).access_token, AUTH_AT);
  assert.ok("openid" in r.byScopes);
  assert.ok(!("nope" in r.byScopes));
  // `in` agrees with the lookup (Python's `in tokens.by_scopes`): scopes of
  // one resource server together are in, of two are not.
  assert.ok("openid profile" in r.byScopes);
  assert.ok(!(`openid ${TransferScopes.all}` in r.byScopes));
  assert.ok(!("openid nope" in r.byScopes));
  assert.deepEqual(
    Object.keys(r.byScopes).sort(),
    [
      "email",
      "openid",
      "profile",
      TransferScopes.all,
    ].sort(),
  );
});

test("byScopes throws for a missing scope, naming it and the granted ones", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  assert.throws(
    () => r.byScopes["urn:globus:auth:scope:nope"],
    (err: unknown) => {
      assert.ok(err instanceof GlobusError);
      assert.match(
        err.message,
        /'urn:globus:auth:scope:nope' is not in this token response/,
      );
      assert.match(
        err.message,
        /granted scopes: openid, profile, email, urn:globus/,
      );
      return true;
    },
  );
});

test("byScopes throws for scopes spanning several resource servers", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  assert.throws(
    () => r.byScopes[`openid ${TransferScopes.all}`],
    /belong to several resource servers \(auth.globus.org, transfer.api.globus.org\)/,
  );
  const b = body();
  (b["other_tokens"] as Record<string, unknown>[])[0]!["scope"] = "openid";
  const dup = new OAuthTokenResponse(b, { clock });
  assert.throws(() => dup.byScopes["openid"], /several resource servers/);
  assert.throws(() => r.getByScopes(), /No scope given/);
});

test("byScopes is safe to await, stringify and inspect", async () => {
  const r = new OAuthTokenResponse(body(), { clock });
  const awaited = await Promise.resolve(r.byScopes);
  assert.equal(awaited, r.byScopes);
  const json = JSON.stringify(r.byScopes);
  assert.ok(json.includes("[REDACTED]"));
  for (const text of [json, ...renderings(r.byScopes)]) {
    for (const secret of [AUTH_AT, AUTH_RT, XFER_AT, XFER_RT]) {
      assert.ok(!text.includes(secret), text);
    }
  }
});

test("inspect, String and JSON.stringify redact every token", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  const outputs = [...renderings(r), `${r}`];
  for (const text of outputs) {
    for (const secret of [AUTH_AT, AUTH_RT, XFER_AT, XFER_RT, ID_TOKEN]) {
      assert.ok(!text.includes(secret), `leaked in: ${text}`);
    }
    assert.ok(text.includes("[REDACTED]"), text);
  }
  const json = JSON.parse(JSON.stringify(r));
  assert.deepEqual(Object.keys(json.by_resource_server), [
    "auth.globus.org",
    "transfer.api.globus.org",
  ]);
  assert.equal(
    json.by_resource_server["transfer.api.globus.org"].scope,
    TransferScopes.all,
  );
  assert.equal(json.id_token, "[REDACTED]");
  assert.match(String(r), /^OAuthTokenResponse /);
  // raw values stay reachable
  assert.equal(r.byResourceServer["auth.globus.org"]?.access_token, AUTH_AT);
});

test("a malformed body raises ResponseValidationError naming the field", () => {
  const b = body();
  delete b["access_token"];
  assert.throws(
    () =>
      new OAuthTokenResponse(b, { requestDescription: "POST https://x/token" }),
    (err: unknown) => {
      assert.ok(err instanceof ResponseValidationError);
      assert.match(err.message, /access_token/);
      assert.match(err.message, /POST https:\/\/x\/token/);
      assert.ok(!err.message.includes(AUTH_RT));
      return true;
    },
  );
  assert.throws(() => new OAuthTokenResponse("nope"), ResponseValidationError);
});

test("dependent-token responses (bare arrays) are indexed the same way", () => {
  const r = new OAuthDependentTokenResponse([
    {
      scope:
        "urn:globus:auth:scope:groups.api.globus.org:view_my_groups_and_memberships",
      access_token: "groupsToken-secret",
      token_type: "bearer",
      expires_in: 120,
      resource_server: "groups.api.globus.org",
    },
    {
      scope: TransferScopes.all,
      access_token: "xferToken-secret",
      token_type: "bearer",
      expires_in: 120,
      resource_server: "transfer.api.globus.org",
      refresh_token: "xferRefresh-secret",
    },
  ], { clock });
  assert.equal(
    r.byResourceServer["groups.api.globus.org"]?.refresh_token,
    null,
  );
  assert.equal(
    r.byScopes[TransferScopes.all]?.refresh_token,
    "xferRefresh-secret",
  );
  assert.equal(r.idToken, undefined);
  assert.ok(Array.isArray(r.data));
  const text = renderings(r).join("\n");
  for (
    const s of ["groupsToken-secret", "xferToken-secret", "xferRefresh-secret"]
  ) {
    assert.ok(!text.includes(s));
  }
  assert.match(String(r), /^OAuthDependentTokenResponse /);
  assert.throws(
    () => new OAuthDependentTokenResponse({}),
    ResponseValidationError,
  );
});

test("decodeIdToken without an id_token says to request openid", async () => {
  const b = body();
  delete b["id_token"];
  const r = new OAuthTokenResponse(b);
  await assert.rejects(
    r.decodeIdToken(),
    /no id_token: request the 'openid' scope/,
  );
});

test("fixture token bodies parse", { skip: SKIP_FIXTURES }, () => {
  for (
    const name of [
      "auth.token.authorization_code.json",
      "auth.token.authorization_code.openid.json",
      "auth.token.client_credentials.json",
      "auth.token.full_with_other_tokens_and_real_id_token.json",
    ]
  ) {
    const r = new OAuthTokenResponse(fixture(name), { clock });
    assert.ok(r.resourceServers.length >= 1, name);
  }
  for (
    const name of [
      "auth.token.dependent.json",
      "auth.token.dependent.with_refresh.json",
    ]
  ) {
    const r = new OAuthDependentTokenResponse(fixture(name), { clock });
    assert.ok(r.resourceServers.length >= 1, name);
  }
});

test("OAuthTokenResponse has Python's GlobusHTTPResponse surface: httpStatus, httpReason, headers, contentType, text, get()", async () => {
  const { NativeAppAuthClient } = await import(
    "../../src/auth/native_client.ts"
  );
  const body = {
    access_token: "at-1",
    scope: "openid",
    token_type: "Bearer",
    expires_in: 3600,
    resource_server: "auth.globus.org",
    state: "_default",
    other_tokens: [],
  };
  const sent = JSON.stringify(body);
  const client = new NativeAppAuthClient("cid", {
    retry: false,
    fetch: () =>
      Promise.resolve(
        new Response(sent, {
          status: 200,
          headers: {
            "content-type": "application/json; charset=utf-8",
            "x-spam": "eggs",
          },
        }),
      ),
  });
  const resp = await client.oauth2RefreshToken("rt-123456");
  assert.equal(resp.httpStatus, 200);
  assert.equal(resp.httpReason, "OK");
  assert.equal(resp.headers.get("X-Spam"), "eggs");
  assert.equal(resp.contentType, "application/json; charset=utf-8");
  assert.equal(resp.text, sent);
  assert.equal(resp.get("state"), "_default");
  assert.equal(resp.get("expires_in", 0), 3600);
  assert.equal(resp.get("missing"), undefined);
  assert.equal(resp.get("missing", "x"), "x");
  // Built from a body alone: the body is the text, and no headers.
  const bare = new OAuthTokenResponse(body);
  assert.equal(bare.httpStatus, 200);
  assert.equal(bare.contentType, null);
  assert.deepEqual(JSON.parse(bare.text), body);
  // A dependent-token response is a list: get() gives the default.
  const dep = new OAuthDependentTokenResponse([{
    access_token: "d",
    scope: "s",
    token_type: "bearer",
    expires_in: 1,
    resource_server: "rs",
  }]);
  assert.equal(dep.get("access_token", "none"), "none");
});

test("a body whose tokens are hidden already (an emulator's mintTokens(), another response's data) keeps its tokens", async () => {
  const { startEmulator } = await import("../../src/testing/emulator.ts");
  const emu = await startEmulator();
  try {
    const minted = await emu.mintTokens(TransferScopes.all, {
      refreshTokens: true,
    });
    // The tokens are there, but not enumerable (inspect and spreads skip
    // them).
    assert.equal(typeof minted.access_token, "string");
    assert.ok(!Object.keys(minted).includes("access_token"));
    const resp = new OAuthTokenResponse(minted);
    const t = resp.byResourceServer["transfer.api.globus.org"]!;
    assert.equal(t.access_token, minted.access_token);
    assert.equal(t.refresh_token, minted.refresh_token);
    // A response made of another's data, as Python's
    // OAuthTokenResponse(resp.data) would be, is the same.
    const again = new OAuthTokenResponse(resp.data);
    assert.equal(
      again.byResourceServer["transfer.api.globus.org"]!.access_token,
      minted.access_token,
    );
    // Dependent-token bodies (arrays) too.
    const dep = new OAuthTokenResponse([minted]);
    assert.equal(
      dep.byResourceServer["transfer.api.globus.org"]!.access_token,
      minted.access_token,
    );
    // and the caller's object is left as it was
    assert.ok(!Object.keys(minted).includes("access_token"));
  } finally {
    await emu.close();
  }
});

test('a token response says where Python\'s token_response["scope"] is (it read undefined), naming fields, never a token', async () => {
  const r = new OAuthTokenResponse(body(), { clock });
  // deno-lint-ignore no-explicit-any
  const loose = r as any;
  for (
    const key of [
      "resource_server",
      "scope",
      "other_tokens",
      "expires_in",
      "access_token",
      "refresh_token",
      "state",
    ]
  ) {
    assert.throws(() => loose[key], (e: unknown) => {
      assert.ok(e instanceof TypeError);
      assert.equal(
        e.message,
        `OAuthTokenResponse has no ${key}: the body's fields are in .data, so Python's token_response["${key}"] is tokens.data["${key}"] (or tokens.get("${key}")); each resource server's tokens are in tokens.byResourceServer[resourceServer]`,
      );
      return true;
    });
  }
  // An anonymous subclass's names the class it extends (it said " has no").
  const Anonymous = [class extends OAuthTokenResponse {}][0]!;
  // deno-lint-ignore no-explicit-any
  const sub = new Anonymous(body(), { clock }) as any;
  assert.throws(
    () => sub.scope,
    /^TypeError: OAuthTokenResponse has no scope:/,
  );
  // Where it says to look, the values are.
  assert.equal(r.get("scope"), "openid profile email");
  assert.equal(r.data.resource_server, "auth.globus.org");
  // id_token has a camelCase name of its own: that hint, as before.
  assert.throws(() => loose.id_token, /Python's id_token is idToken/);
  // Not body fields, and a promise's probe, read as before.
  assert.equal(loose.no_such_field, undefined);
  assert.equal(await Promise.resolve(r), r);
  // A dependent-token body is a list: nothing to point at.
  const dep = new OAuthDependentTokenResponse([{
    access_token: XFER_AT,
    scope: TransferScopes.all,
    expires_in: 3600,
    token_type: "Bearer",
    resource_server: "transfer.api.globus.org",
  }], { clock });
  // deno-lint-ignore no-explicit-any
  assert.equal((dep as any).resource_server, undefined);
  // The class's prototype has no body: a read there is a plain miss (the
  // hint must not look for one there).
  // deno-lint-ignore no-explicit-any
  assert.equal((OAuthTokenResponse.prototype as any).scope, undefined);
  for (const text of renderings(r)) assert.doesNotMatch(text, /has no/);
});

test("String() and template strings of byResourceServer, byScopes, a token record and data show the redacted fields (Python's str(tokens.by_resource_server); they were [object Object])", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  const entry = r.byResourceServer["transfer.api.globus.org"];
  const cases: [unknown, RegExp][] = [
    [r.byResourceServer, /^ByResourceServer \{\n {2}"auth\.globus\.org": \{/],
    [r.byScopes, /^ByScopes \{\n {2}"openid": \{/],
    [entry, /^TokenData \{\n {2}"access_token": "\[REDACTED\]",/],
    [r.data, /^TokenResponseData \{/],
  ];
  for (const [value, start] of cases) {
    for (const text of [String(value), `${value}`, `x ${value} y`]) {
      assert.doesNotMatch(text, /\[object Object\]/);
      assert.match(text, /"\[REDACTED\]"/);
      assert.match(text, /"scope": "/);
      for (const secret of [AUTH_AT, AUTH_RT, XFER_AT, XFER_RT, ID_TOKEN]) {
        assert.ok(!text.includes(secret), `leaked in: ${text}`);
      }
    }
    assert.match(String(value), start);
  }
  assert.match(String(r.byResourceServer), /"transfer\.api\.globus\.org": \{/);
  // Dependent tokens (a list) too.
  const dep = new OAuthDependentTokenResponse([{
    access_token: "dep-ACCESS-secret",
    scope: TransferScopes.all,
    token_type: "bearer",
    expires_in: 120,
    resource_server: "transfer.api.globus.org",
    refresh_token: "dep-REFRESH-secret",
  }], { clock });
  for (const v of [dep.byResourceServer, dep.byScopes, dep.data]) {
    assert.doesNotMatch(String(v), /dep-(ACCESS|REFRESH)-secret|object Object/);
  }
  // The fields are as before: keys, lookups and the real tokens by name.
  assert.deepEqual(Object.keys(r.byResourceServer), [
    "auth.globus.org",
    "transfer.api.globus.org",
  ]);
  assert.equal(entry?.access_token, XFER_AT);
  assert.equal("toString" in r.byScopes, false);
});

test("byResourceServer has a Python dict's get(rs, default), items(), keys() and values() (they were 'not a function'), printed and listed as before", () => {
  const r = new OAuthTokenResponse(body(), { clock });
  // deno-lint-ignore no-explicit-any
  const byRs = r.byResourceServer as any;
  assert.equal(byRs.get("transfer.api.globus.org").access_token, XFER_AT);
  assert.equal(byRs.get("groups.api.globus.org"), undefined);
  assert.equal(byRs.get("groups.api.globus.org", null), null);
  assert.deepEqual(byRs.keys(), ["auth.globus.org", "transfer.api.globus.org"]);
  const seen: string[] = [];
  for (const [rs, data] of byRs.items()) {
    seen.push(`${rs}: ${data.scope}`);
  }
  assert.deepEqual(seen, [
    "auth.globus.org: openid profile email",
    `transfer.api.globus.org: ${TransferScopes.all}`,
  ]);
  assert.equal(byRs.values()[1].refresh_token, XFER_RT);
  // Not fields: keys, JSON and printing as before, and no token shown.
  assert.deepEqual(Object.keys(byRs), [
    "auth.globus.org",
    "transfer.api.globus.org",
  ]);
  assert.doesNotMatch(JSON.stringify(byRs), /"(get|items|keys|values)"/);
  // (JSON writes the tokens: it is data, not a display.)
  for (const text of renderings(byRs).filter((t) => !t.startsWith('{"'))) {
    assert.doesNotMatch(text, /\b(items|keys|values)\b|\[Function/);
    for (const secret of [AUTH_AT, AUTH_RT, XFER_AT, XFER_RT]) {
      assert.ok(!text.includes(secret), text);
    }
  }
});
