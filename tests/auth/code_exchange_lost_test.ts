/**
 * A lost answer to the one-time code exchange (issue 18, section 3): the
 * emulator processes the exchange and drops the connection instead of
 * answering. The code is not sent again (that would meet `invalid_grant:
 * Authorization code already used` and orphan the tokens the first
 * exchange issued); the error says what happened and asks for a new code,
 * and the command-line and notebook flows ask again. An exchange that never
 * reached Globus Auth (no --allow-net, no connection) is not such a loss:
 * the code still works.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AuthCodeExchangeError } from "../../src/auth/paste_code.ts";
import { NetworkError } from "../../src/core/errors.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { recordingUI } from "../app/_ui.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";

const TOKEN_PATH = "/auth/v2/oauth2/token";

async function codeGrants(emu: Emulator): Promise<[number, number]> {
  const s = await (await fetch(`${emu.url}/_emulator/stats`)).json();
  return [
    s.token_grants["authorization_code"] ?? 0,
    s.token_refusals["authorization_code"] ?? 0,
  ];
}

test("a lost exchange answer is not retried with the same code; the error asks for a new one, which works", async () => {
  const emu = await startEmulator({
    faults: { byRequest: { 1: "lost" }, pathPrefixes: [TOKEN_PATH] },
  });
  try {
    const client = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
    });
    const flow = client.oauth2StartFlow({
      requestedScopes:
        "openid urn:globus:auth:scope:transfer.api.globus.org:all",
    });
    const url = flow.getAuthorizeUrl();
    const err = await flow.exchangeCodeForTokens(await emu.approve(url)).then(
      () => assert.fail("the exchange should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof AuthCodeExchangeError, String(err));
    assert.match(
      err.message,
      /^The authorization code was sent to Globus Auth but the exchange did not complete \(the connection was lost before the answer arrived\)\. Globus Auth may have used the code up, and a code works only once, so it was not sent again\. Open the login link again to get a new code, and enter that one\.$/,
    );
    assert.ok(err.cause instanceof NetworkError);
    assert.deepEqual(
      await codeGrants(emu),
      [1, 0],
      "processed once, never sent again",
    );
    // The same login link gives a new code, and it works.
    const tokens = await flow.exchangeCodeForTokens(await emu.approve(url));
    assert.ok(tokens.byResourceServer["transfer.api.globus.org"]);
    assert.deepEqual(await codeGrants(emu), [2, 0]);
  } finally {
    await emu.close();
  }
});

for (const loginFlowManager of ["command-line", "notebook"] as const) {
  test(`${loginFlowManager} flow: a lost exchange answer says so and asks for a new code`, async () => {
    const emu = await startEmulator({
      faults: { byRequest: { 1: "lost" }, pathPrefixes: [TOKEN_PATH] },
    });
    try {
      const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
      const app = new UserApp({
        appName: "lost-exchange",
        clientId: emu.nativeClientId,
        config: {
          loginFlowManager,
          tokenStorage: "memory",
          authBaseUrl: emu.authUrl,
          display: ui.display,
          prompt: ui.prompt,
          write: ui.write,
        },
      });
      await app.login();
      assert.equal(await app.loginRequired(), false);
      assert.equal(ui.prompts.length, 2, "asked twice");
      assert.ok(
        ui.shown.some((s) =>
          /exchange did not complete/.test(s) &&
          /Open the login link again to get a new code/.test(s)
        ),
        ui.shown.join("\n"),
      );
      assert.ok(
        !ui.shown.some((s) => /already used/.test(s)),
        "the code was not sent twice",
      );
      assert.deepEqual(await codeGrants(emu), [2, 0]);
      ui.assertNoSecrets(emu.issuedTokens());
    } finally {
      await emu.close();
    }
  });
}

/** A fetch whose first `n` token requests fail as `fail()` says. */
function failingTokenFetch(
  n: number,
  fail: () => Error,
): { fetch: typeof fetch; failed: () => number } {
  let failed = 0;
  return {
    fetch: (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.includes(TOKEN_PATH) && failed < n) {
        failed++;
        return Promise.reject(fail());
      }
      return fetch(input, init);
    },
    failed: () => failed,
  };
}

const refused = () =>
  Object.assign(
    new TypeError(
      "error sending request for url (http://127.0.0.1:9/): client error (Connect): tcp connect error: Connection refused (os error 111)",
    ),
    { code: "ECONNREFUSED" },
  );

test("an exchange Deno has no --allow-net for is not an AuthCodeExchangeError: it names the flag, and the code stays unused", async () => {
  const emu = await startEmulator();
  try {
    const host = new URL(emu.authUrl).host;
    const denied = failingTokenFetch(1, () =>
      Object.assign(
        new Error(
          `Requires net access to "${host}", run again with the --allow-net flag`,
        ),
        { name: "NotCapable" },
      ));
    const client = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
      fetch: denied.fetch,
    });
    const flow = client.oauth2StartFlow({ requestedScopes: "openid" });
    const code = await emu.approve(flow.getAuthorizeUrl());
    const err = await flow.exchangeCodeForTokens(code).then(
      () => assert.fail("the exchange should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof NetworkError, String(err));
    assert.ok(!(err instanceof AuthCodeExchangeError));
    assert.match(err.message, new RegExp(`--allow-net=${host}`));
    assert.doesNotMatch(err.message, /new code|connection was lost/);
    assert.equal(denied.failed(), 1, "not retried");
    // Nothing reached Globus Auth: the same code still works.
    assert.ok((await flow.exchangeCodeForTokens(code)).byResourceServer);
    assert.deepEqual(await codeGrants(emu), [1, 0]);
  } finally {
    await emu.close();
  }
});

test("an exchange that could not connect (refused) is not reported as a lost answer: the same code works afterwards", async () => {
  const emu = await startEmulator();
  try {
    const down = failingTokenFetch(1, refused);
    const client = new NativeAppAuthClient(emu.nativeClientId, {
      baseUrl: emu.authUrl,
      fetch: down.fetch,
      retry: false,
    });
    const flow = client.oauth2StartFlow({ requestedScopes: "openid" });
    const code = await emu.approve(flow.getAuthorizeUrl());
    const err = await flow.exchangeCodeForTokens(code).then(
      () => assert.fail("the exchange should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof NetworkError, String(err));
    assert.ok(!(err instanceof AuthCodeExchangeError));
    assert.match(err.message, /\/v2\/oauth2\/token failed/);
    assert.ok((await flow.exchangeCodeForTokens(code)).byResourceServer);
    assert.deepEqual(await codeGrants(emu), [1, 0]);
  } finally {
    await emu.close();
  }
});

test("command-line flow: Globus Auth unreachable at the exchange says the code still works and takes the same code again", async () => {
  const emu = await startEmulator();
  try {
    // Every attempt of the first exchange is refused (retries included).
    const down = failingTokenFetch(6, refused);
    let code = "";
    const ui = recordingUI(async (n, ui) => {
      if (n === 0) code = await emu.approve(ui.lastUrl());
      return code;
    });
    const app = new UserApp({
      appName: "unreachable-exchange",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: "command-line",
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        fetch: down.fetch,
        clock: fakeClock(),
        display: ui.display,
        prompt: ui.prompt,
        write: ui.write,
      },
    });
    await app.login();
    assert.equal(await app.loginRequired(), false);
    assert.equal(ui.prompts.length, 2, "asked twice");
    assert.equal(down.failed(), 6);
    const said = ui.shown.join("\n");
    assert.match(
      said,
      /oauth2\/token failed: .*The code did not reach Globus Auth, so it still works/,
    );
    assert.doesNotMatch(said, /Open the login link again|connection was lost/);
    assert.deepEqual(await codeGrants(emu), [1, 0], "one code, used once");
    ui.assertNoSecrets(emu.issuedTokens());
  } finally {
    await emu.close();
  }
});
