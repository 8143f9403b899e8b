import { test } from "node:test";
import assert from "node:assert/strict";
import {
  COMMAND_LINE_CODE_PROMPT,
  CommandLineLoginFlowManager,
} from "../../src/app/command_line_flow.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { emulatorApp } from "./_setup.ts";
import { recordingUI, uiLogin } from "./_ui.ts";

test("command-line login prints the URL and reads the code (or the pasted URL)", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(async (n, ui) => {
      const code = await emu.approve(ui.lastUrl());
      return n === 0
        ? "bad-code"
        : `https://example.org/cb?code=${code}&state=_default`;
    });
    const app = emulatorApp(emu, "cli", uiLogin("command-line", ui));
    assert.ok(app.loginFlowManager instanceof CommandLineLoginFlowManager);
    await app.login();
    assert.deepEqual(ui.prompts, [
      COMMAND_LINE_CODE_PROMPT,
      COMMAND_LINE_CODE_PROMPT,
    ]);
    assert.match(
      ui.shown[0] as string,
      /^Please authenticate with Globus here:\n-+\nhttp:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/authorize\?/,
    );
    assert.ok(ui.shown.some((s) => /invalid_grant/.test(s)));
    const tokens = await app.tokenStorage.getTokenDataByResourceServer();
    assert.ok(tokens["auth.globus.org"]);
    ui.assertNoSecrets(
      Object.values(tokens).flatMap((
        d,
      ) => [d.access_token, d.refresh_token ?? ""]),
    );
  } finally {
    await emu.close();
  }
});

test("command-line login with closed standard input throws LoginRequiredError", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(() => null);
    const app = emulatorApp(emu, "cli", uiLogin("command-line", ui));
    await assert.rejects(
      () => app.login(),
      (e: unknown) =>
        e instanceof LoginRequiredError && /standard input/.test(e.message) &&
        /local-server/.test(e.message),
    );
  } finally {
    await emu.close();
  }
});

test("CommandLineLoginFlowManager does not handle consent requirements by itself", () => {
  assert.equal(
    new CommandLineLoginFlowManager().handlesAuthorizationRequirements,
    false,
  );
  assert.throws(
    () => new CommandLineLoginFlowManager({ maxAttempts: 1.5 }),
    RangeError,
  );
});
