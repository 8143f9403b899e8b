import { test } from "node:test";
import assert from "node:assert/strict";
import type { AuthorizationCodeFlow } from "../../src/auth/flow.ts";
import {
  AuthCodeInputError,
  parseAuthCode,
} from "../../src/auth/paste_code.ts";
import type { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import {
  exchangeWithRetries,
  MAX_EMPTY_ANSWERS,
  startFlow,
} from "../../src/app/login_flow.ts";
import { AuthAPIError, LoginRequiredError } from "../../src/core/errors.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { startEmulator } from "../../src/testing/emulator.ts";

function fakeFlow(
  results: (Error | "ok")[],
): { flow: AuthorizationCodeFlow; codes: string[] } {
  const codes: string[] = [];
  const flow = {
    exchangeCodeForTokens(code: string) {
      codes.push(code);
      const r = results.shift();
      if (r instanceof Error) return Promise.reject(r);
      return Promise.resolve({ ok: true } as unknown as OAuthTokenResponse);
    },
  } as unknown as AuthorizationCodeFlow;
  return { flow, codes };
}

const invalidGrant = () =>
  new AuthAPIError({
    method: "POST",
    url: "https://auth.globus.org/v2/oauth2/token",
    httpStatus: 400,
    rawJson: { error: "invalid_grant" },
  });

test("exchangeWithRetries asks again after a rejected code and returns the tokens", async () => {
  const { flow, codes } = fakeFlow([
    invalidGrant(),
    new AuthCodeInputError("not a code"),
    "ok",
  ]);
  const told: string[] = [];
  const answers = ["a", "b c", "good"];
  const res = await exchangeWithRetries(flow, {
    ask: () => Promise.resolve(answers.shift() ?? null),
    tell: (m) => {
      told.push(m);
      return Promise.resolve();
    },
    noInput: () => new LoginRequiredError("none"),
    maxAttempts: 3,
  });
  assert.ok(res);
  assert.deepEqual(codes, ["a", "b c", "good"]);
  assert.equal(told.length, 2);
  assert.match(told[0] as string, /invalid_grant/);
});

test("exchangeWithRetries does not retry other Auth errors", async () => {
  const err = new AuthAPIError({
    method: "POST",
    url: "https://x/",
    httpStatus: 500,
    rawJson: { error: "server_error" },
  });
  const { flow } = fakeFlow([err]);
  await assert.rejects(
    () =>
      exchangeWithRetries(flow, {
        ask: () => Promise.resolve("c"),
        tell: () => Promise.resolve(),
        noInput: () => new Error("x"),
        maxAttempts: 3,
      }),
    (e: unknown) => e === err,
  );
});

test("exchangeWithRetries throws the no-input error on null", async () => {
  const { flow, codes } = fakeFlow([]);
  await assert.rejects(
    () =>
      exchangeWithRetries(flow, {
        ask: () => Promise.resolve(null),
        tell: () => Promise.resolve(),
        noInput: () => new LoginRequiredError("no input"),
        maxAttempts: 3,
      }),
    /no input/,
  );
  assert.equal(codes.length, 0);
});

test("exchangeWithRetries: input that ends after a failed code says the failure first, then that no other code came, with the failure as the cause", async () => {
  const rejected = invalidGrant();
  const { flow } = fakeFlow([rejected]);
  const answers: (string | null)[] = ["used-code", null];
  await assert.rejects(
    () =>
      exchangeWithRetries(flow, {
        ask: () => Promise.resolve(answers.shift() ?? null),
        tell: () => Promise.resolve(),
        noInput: () =>
          new LoginRequiredError(
            "No authorization code could be read: standard input ended.",
          ),
        maxAttempts: 3,
      }),
    (e: unknown) => {
      assert.ok(e instanceof LoginRequiredError);
      assert.equal(
        e.message,
        "Login failed: Globus Auth did not accept that code (invalid_grant): it may be mistyped or cut short, have expired, been used already, or come from another login. Then no authorization code could be read: standard input ended.",
      );
      assert.equal(e.cause, rejected);
      return true;
    },
  );
});

test("startFlow passes scopes, refresh tokens, grant name, redirect and state to the client", () => {
  let seen: unknown;
  const { url } = startFlow({
    authClient: {
      oauth2StartFlow(options) {
        seen = options;
        return {
          getAuthorizeUrl: (p: unknown) => `url:${JSON.stringify(p)}`,
        } as unknown as AuthorizationCodeFlow;
      },
    },
    requestedScopes: ["openid"],
    refreshTokens: true,
    authParams: { prompt: "login" },
    appName: "x",
    prefillNamedGrant: "laptop",
  }, { redirectUri: "http://localhost:1/", state: "s" });
  assert.deepEqual(seen, {
    requestedScopes: ["openid"],
    refreshTokens: true,
    prefillNamedGrant: "laptop",
    redirectUri: "http://localhost:1/",
    state: "s",
  });
  assert.equal(url, 'url:{"prompt":"login"}');
});

test("exchangeWithRetries: with an empty-answer hint, an empty line asks again without using up a try", async () => {
  const { flow, codes } = fakeFlow([invalidGrant(), "ok"]);
  const told: string[] = [];
  const answers = ["", "  ", "wrong", "", "good"];
  await exchangeWithRetries(flow, {
    ask: () => Promise.resolve(answers.shift() ?? null),
    tell: (m) => {
      told.push(m);
      return Promise.resolve();
    },
    noInput: () => new LoginRequiredError("none"),
    emptyAnswerHint: "No code was entered.",
    maxAttempts: 2,
  });
  assert.deepEqual(codes, ["wrong", "good"]);
  assert.deepEqual(told.map((m) => m.startsWith("No code")), [
    true,
    true,
    false,
    true,
  ]);
});

test("exchangeWithRetries: empty answers end at end of input, or after MAX_EMPTY_ANSWERS in a row", async () => {
  const dialog = (answers: (string | null)[]) => ({
    ask: () => Promise.resolve(answers.length ? answers.shift()! : null),
    tell: () => Promise.resolve(),
    noInput: () => new LoginRequiredError("end of input"),
    emptyAnswerHint: "No code was entered.",
    maxAttempts: 3,
  });
  await assert.rejects(
    () => exchangeWithRetries(fakeFlow([]).flow, dialog(["", "", null])),
    /end of input/,
  );
  const { flow, codes } = fakeFlow([]);
  await assert.rejects(
    () =>
      exchangeWithRetries(
        flow,
        dialog(Array.from({ length: MAX_EMPTY_ANSWERS + 5 }, () => "")),
      ),
    (e: unknown) =>
      e instanceof LoginRequiredError &&
      e.message.includes(`${MAX_EMPTY_ANSWERS} empty answers in a row`),
  );
  assert.equal(codes.length, 0);
});

test("exchangeWithRetries: without an empty-answer hint (the notebook), an empty answer is no input", async () => {
  await assert.rejects(
    () =>
      exchangeWithRetries(fakeFlow([]).flow, {
        ask: () => Promise.resolve(""),
        tell: () => Promise.resolve(),
        noInput: () => new LoginRequiredError("no input"),
        maxAttempts: 3,
      }),
    /no input/,
  );
});

test("exchangeWithRetries: a problem that says what to paste is not followed by a second instruction", async () => {
  let denied: unknown;
  try {
    parseAuthCode("https://x.org/cb?error=access_denied");
  } catch (e) {
    denied = e;
  }
  assert.ok(denied instanceof AuthCodeInputError);
  const { flow } = fakeFlow([
    denied,
    new AuthCodeInputError("Not a code."),
    "ok",
  ]);
  const told: string[] = [];
  const answers = ["url", "x", "good"];
  await exchangeWithRetries(flow, {
    ask: () => Promise.resolve(answers.shift() ?? null),
    tell: (m) => {
      told.push(m);
      return Promise.resolve();
    },
    noInput: () => new LoginRequiredError("none"),
    maxAttempts: 3,
  });
  assert.deepEqual(told, [
    "The pasted URL carries an error from Globus Auth instead of a code: access_denied. Open the login link again, choose Allow, and paste the new code",
    "Not a code. Please paste the code again.",
  ]);
});

test("a code from another login's link (an earlier run's: PKCE) is refused with that reason, against the emulator", async () => {
  const emu = await startEmulator();
  try {
    const context = {
      authClient: new NativeAppAuthClient(emu.nativeClientId, {
        baseUrl: emu.authUrl,
      }),
      requestedScopes: ["openid"],
      refreshTokens: false,
      authParams: {},
      appName: "pkce",
    };
    // The earlier run's link, approved; then this run's login.
    const earlier = startFlow(context);
    const code = await emu.approve(earlier.url);
    const now = startFlow(context);
    const told: string[] = [];
    const answers: (string | null)[] = [code, null];
    await assert.rejects(
      exchangeWithRetries(now.flow, {
        ask: () => Promise.resolve(answers.shift() ?? null),
        tell: (m) => {
          told.push(m);
          return Promise.resolve();
        },
        noInput: () => new LoginRequiredError("No code could be read."),
        maxAttempts: 3,
      }),
      /^LoginRequiredError: Login failed: Globus Auth did not accept that code \(invalid_grant\): it was made for another login's link, and a code works only with the link it came from\. Use the code from the link shown for this login\. Then no code could be read\.$/,
    );
    assert.match(told[0] ?? "", /made for another login's link/);
  } finally {
    await emu.close();
  }
});
