/**
 * A lost answer to the one-time code exchange (issue 18, section 3): the
 * emulator processes the exchange and drops the connection instead of
 * answering. The code is not sent again (that would meet `invalid_grant:
 * Authorization code already used` and orphan the tokens the first
 * exchange issued); the error says what happened and asks for a new code,
 * and the command-line and notebook flows ask again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";
import { AuthCodeExchangeError } from "../../src/auth/paste_code.ts";
import { NetworkError } from "../../src/core/errors.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { recordingUI } from "../app/_ui.ts";

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
