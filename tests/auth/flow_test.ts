import { test } from "node:test";
import assert from "node:assert/strict";
import {
  calculatePKCECodeChallenge,
  generateRandomCodeVerifier,
} from "oauth4webapi";
import {
  AuthorizationCodeFlow,
  createFlow,
  DEFAULT_REQUESTED_SCOPES,
  pkceChallenge,
} from "../../src/auth/flow.ts";
import type { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { renderings } from "./_inspect.ts";

test("pkceChallenge equals oauth4webapi's calculatePKCECodeChallenge", async () => {
  for (let i = 0; i < 20; i++) {
    const v = generateRandomCodeVerifier();
    assert.equal(v.length, 43);
    assert.equal(pkceChallenge(v), await calculatePKCECodeChallenge(v));
  }
});

test("the flow hands code, redirect URI and verifier to the exchanger", async () => {
  const calls: unknown[][] = [];
  const fake = {} as OAuthTokenResponse;
  const flow = createFlow({
    redirectUri: "http://localhost:1/cb",
    verifier: "v".repeat(43),
  }, {
    clientId: "cid",
    authBaseUrl: "https://auth.example/",
    defaultRedirectUri: undefined,
    pkce: true,
    exchange: (...args) => {
      calls.push(args);
      return Promise.resolve(fake);
    },
  });
  assert.ok(flow instanceof AuthorizationCodeFlow);
  assert.equal(flow.requestedScopes, DEFAULT_REQUESTED_SCOPES);
  assert.equal(await flow.exchangeCodeForTokens("abc"), fake);
  assert.deepEqual(calls, [[
    "abc",
    "http://localhost:1/cb",
    "v".repeat(43),
    undefined,
  ]]);
  for (const text of renderings(flow)) {
    assert.ok(!text.includes("v".repeat(43)), text);
  }
  assert.deepEqual(flow.toJSON(), {
    clientId: "cid",
    redirectUri: "http://localhost:1/cb",
    requestedScopes: DEFAULT_REQUESTED_SCOPES,
    state: "_default",
    refreshTokens: false,
    pkce: true,
  });
});

test("a flow's Python names (flow.get_authorize_url(), flow.exchange_code_for_tokens, flow.redirect_uri) throw naming the camelCase ones", () => {
  const client = new NativeAppAuthClient(
    "61338d24-54d5-408f-a10d-66c06b59f6d2",
  );
  const flow = client.oauth2StartFlow({ requestedScopes: "openid" });
  const read = (key: string): string => {
    try {
      (flow as unknown as Record<string, unknown>)[key];
    } catch (err) {
      assert.ok(err instanceof TypeError);
      return err.message;
    }
    return "no error";
  };
  assert.match(
    read("get_authorize_url"),
    /^AuthorizationCodeFlow has no get_authorize_url: the names here are camelCase, so Python's get_authorize_url is getAuthorizeUrl \(flow\.getAuthorizeUrl\(…\); /,
  );
  assert.match(
    read("exchange_code_for_tokens"),
    /Python's exchange_code_for_tokens is exchangeCodeForTokens /,
  );
  assert.match(read("redirect_uri"), /Python's redirect_uri is redirectUri /);
  assert.equal(
    (flow as unknown as Record<string, unknown>)["somethingElse"],
    undefined,
  );
  assert.equal(flow.requestedScopes, "openid");
});

test('flow options of the wrong type are refused (refreshTokens: "false" asked for refresh tokens, sessionRequiredMfa: "no" sent True)', () => {
  const client = new NativeAppAuthClient(
    "61338d24-54d5-408f-a10d-66c06b59f6d2",
  );
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  assert.throws(
    () => client.oauth2StartFlow(loose({ refreshTokens: "false" })),
    {
      name: "TypeError",
      message:
        `Cannot start the flow as 'refreshTokens' must be true or false (or left out): current value is the string "false"; write refreshTokens: false, without quotes`,
    },
  );
  assert.throws(
    () => client.oauth2StartFlow(loose({ redirectUri: 5 })),
    {
      name: "TypeError",
      message:
        "Cannot start the flow as 'redirectUri' must be a string (or left out): current value is the number 5",
    },
  );
  client.oauth2StartFlow({ refreshTokens: true });
  assert.throws(
    () => client.oauth2GetAuthorizeUrl(loose({ sessionRequiredMfa: "no" })),
    {
      name: "TypeError",
      message:
        `Cannot make the authorize URL as 'sessionRequiredMfa' must be true or false (or left out): current value is the string "no"; write sessionRequiredMfa: false, without quotes`,
    },
  );
  assert.throws(
    () => client.oauth2GetAuthorizeUrl(loose({ prompt: true })),
    /'prompt' must be a string \(or left out\): current value is the boolean true/,
  );
  const url = new URL(
    client.oauth2GetAuthorizeUrl({ sessionRequiredMfa: null }),
  );
  assert.equal(url.searchParams.get("access_type"), "offline");
  assert.equal(url.searchParams.has("session_required_mfa"), false);
});
