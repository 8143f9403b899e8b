import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  loginLinkBundle,
  NotebookLoginFlowManager,
  TWO_CELL_LOGIN_HINT,
} from "../../src/app/notebook_flow.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import {
  resolveByLoginFlow,
  TokenValidationError,
} from "../../src/app/token_validation.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { emulatorApp } from "./_setup.ts";
import { recordingUI, uiLogin } from "./_ui.ts";

test("loginLinkBundle shows an escaped, clickable link and the raw URL as text", () => {
  const url = 'https://auth.example.org/v2/oauth2/authorize?a=1&b="<x>"';
  const b = loginLinkBundle(url, "<b>app</b>");
  assert.ok(
    b["text/html"]?.includes(
      'href="https://auth.example.org/v2/oauth2/authorize?a=1&amp;b=&quot;&lt;x&gt;&quot;"',
    ),
  );
  assert.ok(b["text/html"]?.includes('target="_blank"'));
  assert.ok(b["text/html"]?.includes("&lt;b&gt;app&lt;/b&gt;"));
  assert.ok(!b["text/html"]?.includes("<b>app"));
  assert.ok(b["text/plain"]?.endsWith("\n" + url));
  // The stop button does nothing while the box is open (prompt() holds the
  // kernel): the link says how to stop.
  assert.match(
    b["text/html"] ?? "",
    /To stop instead, press Enter with the box empty \(the stop button waits for the box\)\./,
  );
});

test("NotebookLoginFlowManager rejects a non-positive maxAttempts", () => {
  assert.throws(
    () => new NotebookLoginFlowManager({ maxAttempts: 0 }),
    RangeError,
  );
});

test("notebook login: prompts once, then reuses the token file, refreshes after expiry, and prompts again after logout", async () => {
  const clock = fakeClock({ startMs: Date.now() });
  const emu = await startEmulator({ clock, tokenLifetimeS: 3600 });
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-nb-"));
  const secrets = new Set<string>();
  const path = join(dir, "tokens.json");
  const remember = async () => {
    const all = await new JSONTokenStorage(path).getTokenDataByResourceServer();
    for (const d of Object.values(all)) {
      secrets.add(d.access_token);
      if (d.refresh_token) secrets.add(d.refresh_token);
    }
    return all;
  };
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const makeApp = () =>
      emulatorApp(emu, "Notebook Test", {
        ...uiLogin("notebook", ui),
        tokenStorage: new JSONTokenStorage(path),
        clock,
      });

    // First run: one prompt, tokens cached.
    const app1 = makeApp();
    const tc1 = new TransferClient({
      app: app1,
      baseUrl: emu.transferUrl,
      clock,
    });
    const ls = await tc1.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.deepEqual(ls.DATA.map((f) => f.name).sort(), [
      "file1.txt",
      "file2.txt",
      "file3.txt",
    ]);
    assert.equal(ui.prompts.length, 1);
    const html = String(ui.bundles[0]?.["text/html"]);
    assert.match(
      html,
      /<a href="http:\/\/127\.0\.0\.1:\d+\/auth\/v2\/oauth2\/authorize\?[^"]*&amp;[^"]*" target="_blank"/,
    );
    assert.match(ui.lastUrl(), /access_type=offline/);
    assert.match(
      decodeURIComponent(ui.lastUrl()),
      /scope=openid\+urn:globus:auth:scope:transfer\.api\.globus\.org:all/,
    );
    const first = await remember();
    assert.deepEqual(Object.keys(first).sort(), [
      "auth.globus.org",
      "transfer.api.globus.org",
    ]);
    assert.equal(first["transfer.api.globus.org"]?.identity_id, emu.user.id);
    assert.ok(first["transfer.api.globus.org"]?.refresh_token);

    // Second run (a new app, same file): no prompt.
    const app2 = makeApp();
    assert.equal(await app2.loginRequired(), false);
    await app2.login();
    const tc2 = new TransferClient({
      app: app2,
      baseUrl: emu.transferUrl,
      clock,
    });
    await tc2.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.equal(ui.prompts.length, 1);

    // After expiry: refreshed without a prompt, and the new tokens are cached.
    await clock.advance(2 * 3600 * 1000);
    assert.equal(
      await app2.loginRequired(),
      false,
      "a refresh token is enough",
    );
    await tc2.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.equal(ui.prompts.length, 1);
    const after = await remember();
    assert.notEqual(
      after["transfer.api.globus.org"]?.access_token,
      first["transfer.api.globus.org"]?.access_token,
    );
    assert.ok(
      (after["transfer.api.globus.org"]?.expires_at_seconds ?? 0) >
        clock.now() / 1000,
    );
    assert.equal(after["transfer.api.globus.org"]?.identity_id, emu.user.id);

    // Logout: tokens revoked and removed; the next call prompts again.
    await app2.logout();
    assert.deepEqual(
      await new JSONTokenStorage(path).getTokenDataByResourceServer(),
      {},
    );
    assert.equal(await app2.loginRequired(), true);
    await tc2.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.equal(ui.prompts.length, 2);
    await remember();

    // The file is the Python SDK's format.
    const raw = JSON.parse(await readFile(path, "utf-8"));
    assert.equal(raw.format_version, "2.0");
    assert.ok(raw.data.DEFAULT["transfer.api.globus.org"]);

    ui.assertNoSecrets(secrets);
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("notebook login: a wrong code says why and asks again", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(async (n, ui) => {
      if (n === 0) return "not-a-valid-code-123";
      if (n === 1) return "this is not a code at all";
      return `${emu.authUrl}v2/web/auth-code?code=${await emu.approve(
        ui.lastUrl(),
      )}&state=_default`;
    });
    const app = emulatorApp(emu, "nb", uiLogin("notebook", ui));
    await app.login();
    assert.equal(ui.prompts.length, 3);
    const messages = ui.bundles.slice(1).map((b) => String(b["text/plain"]));
    assert.equal(messages.length, 3);
    assert.match(
      messages[0] as string,
      /did not accept that code \(invalid_grant\).*paste the code again/i,
    );
    // It says what to paste already, so no second "paste the code again".
    assert.match(
      messages[1] as string,
      /not an authorization code.*Paste only the code shown by Globus, or the whole URL that contains 'code='$/,
    );
    // and once a code worked, the cell says so (no token in it)
    assert.equal(
      messages[2],
      "Logged in to Globus for nb (tokens for auth.globus.org).",
    );
    assert.equal(await app.loginRequired(), false);
  } finally {
    await emu.close();
  }
});

test("notebook login: gives up after three wrong codes", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI(() => "wrong-code");
    const app = emulatorApp(emu, "nb", uiLogin("notebook", ui));
    await assert.rejects(
      () => app.login(),
      (e: unknown) =>
        e instanceof LoginRequiredError && /after 3 tries/.test(e.message),
    );
    assert.equal(ui.prompts.length, 3);
  } finally {
    await emu.close();
  }
});

for (
  const [what, answer, says] of [
    ["null (no input, e.g. nbconvert)", null, /nbconvert/],
    // a person who pressed Enter on the empty box (there is no cancel
    // button): not told about nbconvert
    [
      "an empty answer",
      "  ",
      /^The code box was left empty, so the login stopped and no new tokens were stored\. Run the cell again/,
    ],
  ] as const
) {
  test(`notebook login: ${what} throws LoginRequiredError with the two-cell hint`, async () => {
    const emu = await startEmulator();
    try {
      const ui = recordingUI(() => answer);
      const app = emulatorApp(emu, "nb", uiLogin("notebook", ui));
      await assert.rejects(() => app.login(), (e: unknown) => {
        assert.ok(e instanceof LoginRequiredError);
        assert.ok(e.message.includes(TWO_CELL_LOGIN_HINT));
        assert.match(e.message, says);
        if (answer !== null) assert.doesNotMatch(e.message, /nbconvert/);
        assert.match(e.message, /const flow = await app\.startLogin\(\)/);
        assert.match(e.message, /await flow\.finish\(/);
        return true;
      });
      assert.equal(ui.prompts.length, 1);
    } finally {
      await emu.close();
    }
  });
}

test("notebook login: the login a service asks for (a data_access consent) says why above its link", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "nb", uiLogin("notebook", ui));
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    const first = ui.bundles.length;
    await tc.operationLs(emu.collections.mapped, { path: "/" });
    assert.equal(ui.prompts.length, 2);
    // The second login: the reason, then the link.
    const texts = ui.bundles.slice(first).map((b) => String(b["text/plain"]));
    assert.match(
      texts[0] ?? "",
      new RegExp(
        `^transfer\\.api\\.globus\\.org needs a new login before this call can run: The collection 'Globus Emulator Mapped Collection' requires a data_access consent; it asks for your consent to [^ ]*${emu.collections.mapped}/data_access\\]\\. Log in again with the link below; the call then runs again\\.$`,
      ),
    );
    assert.match(texts[1] ?? "", /^Log in to Globus for nb/);
    // In HTML the scope, one long word, may wrap after each "/" with the
    // collection's id whole: unbroken it ran past a 600 px output area.
    const html = String(ui.bundles[first]?.["text/html"]);
    assert.ok(
      html.includes(
        `:all[*https://<wbr>auth.globus.org/<wbr>scopes/<nobr>${emu.collections.mapped}</nobr>/<wbr>data_access]. Log in again`,
      ),
      html,
    );
    // The first login had no reason to give.
    assert.match(String(ui.bundles[0]?.["text/plain"]), /^Log in to Globus/);
  } finally {
    await emu.close();
  }
});

test("notebook login: re-running app.login() with good cached tokens says so (the cell showed nothing); a login it ran or joined says only 'Logged in'", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "Rerun Test", {
      ...uiLogin("notebook", ui),
      tokenStorage: "memory",
    });
    new TransferClient({ app, baseUrl: emu.transferUrl }); // its scopes
    await app.login();
    const logged = ui.shown.filter((t) => /Logged in to Globus/.test(t));
    assert.ok(logged.length > 0);
    assert.ok(!ui.shown.some((t) => /Already logged in/.test(t)));
    const before = ui.shown.length;
    await app.login();
    const again = ui.shown.slice(before);
    assert.equal(ui.prompts.length, 1, "no second login");
    assert.ok(
      again.some((t) =>
        /^Already logged in to Globus for Rerun Test: the cached tokens \(for [^)]*transfer\.api\.globus\.org[^)]*\) will do\. app\.login\(\{ force: true \}\) logs in again\.$/
          .test(t)
      ),
      again.join("\n"),
    );
    // In HTML the call stays on one line (at a 600 px window
    // "app.login({ force:" ended one).
    assert.ok(
      again.some((t) =>
        /^<p class="globus-login-message">Already logged in .*<nobr>app\.login\(\{ force: true \}\)<\/nobr> logs in again\.<\/p>$/
          .test(t)
      ),
      again.join("\n"),
    );
    // The SDK's own login (a token problem's handler, run when another
    // login has just cached the tokens) says nothing: the note answers a
    // person's app.login().
    const quiet = ui.shown.length;
    await resolveByLoginFlow(
      app,
      new TokenValidationError("missing", "transfer.api.globus.org", "missing"),
    );
    assert.deepEqual(ui.shown.slice(quiet), []);
    // A forced login logs in and does not say "already".
    const mark = ui.shown.length;
    await app.login({ force: true });
    assert.equal(ui.prompts.length, 2);
    assert.ok(!ui.shown.slice(mark).some((t) => /Already logged in/.test(t)));
  } finally {
    await emu.close();
  }
});
