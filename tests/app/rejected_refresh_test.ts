/**
 * A refresh token that Globus Auth rejects (revoked with the emulator):
 * where a person can answer, the app logs in again and the call goes on;
 * elsewhere a LoginRequiredError says what to run and names the token file.
 * Either way the dead tokens leave the cache and loginRequired() says so.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { UserApp } from "../../src/app/user_app.ts";
import {
  AuthAPIError,
  LoginRequiredError,
  TransferAPIError,
} from "../../src/core/errors.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { approvingFlow, emulatorApp } from "./_setup.ts";
import { recordingUI, uiLogin } from "./_ui.ts";

const TRANSFER_RS = "transfer.api.globus.org";

test("notebook flow: a revoked refresh token logs the user in again and the call goes on", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "nb-revoked", uiLogin("notebook", ui));
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = () =>
      tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    assert.equal((await ls()).DATA.length, 3);
    assert.equal(ui.prompts.length, 1);

    const dead = await app.tokenStorage.getTokenData(TRANSFER_RS);
    assert.ok(dead?.refresh_token);
    // Revoking the refresh token also revokes its access tokens: the next
    // call gets a 401, and the refresh after it gets invalid_grant.
    await app.authClient.oauth2RevokeToken(dead.refresh_token);
    assert.equal(await app.loginRequired(), false, "nothing shows yet");

    assert.equal((await ls()).DATA.length, 3);
    assert.equal(ui.prompts.length, 2, "one new login");
    assert.ok(
      ui.shown.some((s) =>
        /rejected the saved refresh token for 'transfer\.api\.globus\.org'/
          .test(s) && /Log in again to continue/.test(s)
      ),
      "the user is told why a login starts",
    );
    const fresh = await app.tokenStorage.getTokenData(TRANSFER_RS);
    assert.ok(fresh?.refresh_token);
    assert.notEqual(fresh.refresh_token, dead.refresh_token);
    assert.equal(await app.loginRequired(), false);
    assert.equal((await ls()).DATA.length, 3);
    assert.equal(ui.prompts.length, 2, "no further login");
    ui.assertNoSecrets(emu.issuedTokens());
  } finally {
    await emu.close();
  }
});

test("command-line flow: an expired access token whose refresh is rejected logs in again (concurrent calls share one login)", async () => {
  const emu = await startEmulator();
  try {
    const clock = fakeClock({ startMs: Date.now() });
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "cli-revoked", {
      ...uiLogin("command-line", ui),
      clock,
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = () =>
      tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    await ls();
    const dead = await app.tokenStorage.getTokenData(TRANSFER_RS);
    await app.authClient.oauth2RevokeToken(dead!.refresh_token!);
    // Three days later the cached access token has expired: the app renews
    // before sending, and Globus Auth says invalid_grant.
    clock.set(Date.now() + 3 * 86400_000);
    const results = await Promise.all([ls(), ls(), ls()]);
    for (const r of results) assert.equal(r.DATA.length, 3);
    assert.equal(ui.prompts.length, 2, "one new login for three calls");
    assert.ok(
      ui.shown.some((s) => /rejected the saved refresh token/.test(s)),
    );
    ui.assertNoSecrets(emu.issuedTokens());
  } finally {
    await emu.close();
  }
});

test("without a person to answer, the error says what to run and names the token file; loginRequired() turns true", async () => {
  const emu = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), "globus-revoked-"));
  try {
    const path = join(dir, "tokens.json");
    const login = approvingFlow(emu);
    const flow = login.flow;
    const app = new UserApp({
      appName: "batch",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: flow,
        tokenStorage: new JSONTokenStorage(path),
        authBaseUrl: emu.authUrl,
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = () =>
      tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    await ls();
    assert.equal(login.logins, 1);
    const dead = await app.tokenStorage.getTokenData(TRANSFER_RS);
    await app.authClient.oauth2RevokeToken(dead!.refresh_token!);
    login.interactive = false;

    const err = await ls().then(
      () => assert.fail("the call should fail"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof LoginRequiredError, inspect(err));
    assert.match(
      err.message,
      /Globus Auth rejected the saved refresh token for 'transfer\.api\.globus\.org' \(400 invalid_grant: Invalid refresh token\)/,
    );
    assert.ok(err.message.includes("app.login({ force: true })"));
    assert.ok(err.message.includes(`token file ${path}`), err.message);
    assert.match(err.message, /delete the token file/);
    // Against production Globus, nothing about an emulator restart.
    assert.doesNotMatch(err.message, /emulator/);
    assert.ok(err.cause instanceof AuthAPIError);
    assert.equal((err.cause as AuthAPIError).code, "invalid_grant");
    assert.ok(!(err instanceof TransferAPIError));
    assert.equal(login.logins, 1, "no login was started");
    const shown = err.message + inspect(err, { depth: 6 }) +
      JSON.stringify(err);
    for (const t of emu.issuedTokens()) {
      assert.ok(!shown.includes(t), "a token is in the error");
    }
    // The dead tokens are gone from the file; the others stay.
    assert.equal(await app.tokenStorage.getTokenData(TRANSFER_RS), null);
    assert.ok(await app.tokenStorage.getTokenData("auth.globus.org"));
    assert.equal(await app.loginRequired(), true);

    // What the message says to run works.
    login.interactive = true;
    await app.login({ force: true });
    assert.equal(login.logins, 2);
    assert.equal(await app.loginRequired(), false);
    assert.equal((await ls()).DATA.length, 3);
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a token file written by an app with another client id: the rejected refresh says it may belong to another client", async () => {
  const emu = await startEmulator();
  const dir = await mkdtemp(join(tmpdir(), "globus-other-client-"));
  try {
    const path = join(dir, "tokens.json");
    const appFor = (
      clientId: string,
      login: ReturnType<typeof approvingFlow>,
    ) =>
      new UserApp({
        appName: "copied",
        clientId,
        config: {
          loginFlowManager: login.flow,
          tokenStorage: new JSONTokenStorage(path),
          authBaseUrl: emu.authUrl,
        },
      });
    const first = approvingFlow(emu);
    const a = appFor(emu.nativeClientId, first);
    new TransferClient({ app: a, baseUrl: emu.transferUrl }); // its scope
    await a.login();
    assert.equal(first.logins, 1);
    await a.close();
    // The access tokens have expired: the next call must refresh.
    const raw = JSON.parse(await readFile(path, "utf8"));
    for (const rec of Object.values(raw.data.DEFAULT)) {
      (rec as { expires_at_seconds: number }).expires_at_seconds = 1000;
    }
    await writeFile(path, JSON.stringify(raw));

    const other = approvingFlow(emu);
    other.interactive = false;
    const b = appFor("0c5d1f7e-2b3a-4c9d-8e6f-1a2b3c4d5e6f", other);
    const tc = new TransferClient({ app: b, baseUrl: emu.transferUrl });
    const err = await tc.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    }).then(() => assert.fail("the call should fail"), (e: unknown) => e);
    assert.ok(err instanceof LoginRequiredError, inspect(err));
    assert.match(err.message, /rejected the saved refresh token/);
    assert.match(err.message, /or it was issued to another client/);
    assert.ok(err.message.includes(`token file ${path}`), err.message);
    assert.equal(other.logins, 0);
    await b.close();
  } finally {
    await emu.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a login that cannot finish after a rejected refresh says both what happened and why", async () => {
  const emu = await startEmulator();
  try {
    let answer: "approve" | "none" = "approve";
    const ui = recordingUI(async (_n, ui) =>
      answer === "approve" ? await emu.approve(ui.lastUrl()) : null
    );
    const app = emulatorApp(emu, "cli-closed", uiLogin("command-line", ui));
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = () =>
      tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    await ls();
    const dead = await app.tokenStorage.getTokenData(TRANSFER_RS);
    await app.authClient.oauth2RevokeToken(dead!.refresh_token!);
    answer = "none"; // the input ends before a code
    await assert.rejects(ls(), (e: unknown) => {
      assert.ok(e instanceof LoginRequiredError);
      assert.match(
        e.message,
        /^A new login was needed, as Globus Auth rejected the saved refresh token for 'transfer\.api\.globus\.org' \(400 invalid_grant; the rejected tokens were removed from the app's token storage\), but it did not finish: /,
      );
      assert.match(e.message, /No authorization code could be read/);
      // The causes were written above the link; the error does not repeat
      // them.
      assert.doesNotMatch(e.message, /it was revoked, it expired/);
      assert.match(ui.shown.join("\n"), /it was revoked, it expired/);
      return true;
    });
    assert.equal(await app.loginRequired(), true);
  } finally {
    await emu.close();
  }
});

test("in the emulator environment, a rejected refresh token also names an emulator restarted without its state file", async () => {
  const emu = await startEmulator();
  try {
    const login = approvingFlow(emu);
    const app = new UserApp({
      appName: "emulated",
      clientId: emu.nativeClientId,
      config: {
        loginFlowManager: login.flow,
        tokenStorage: "memory",
        environment: "emulator",
        authBaseUrl: emu.authUrl,
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = () =>
      tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    await ls();
    const dead = await app.tokenStorage.getTokenData("transfer.api.globus.org");
    await app.authClient.oauth2RevokeToken(dead!.refresh_token!);
    login.interactive = false;
    const err = await ls().then(() => assert.fail("it should fail"), (e) => e);
    assert.ok(err instanceof LoginRequiredError);
    // The likely cause first (a kernel restarted with the emulator in a
    // cell), then the others.
    assert.match(
      err.message,
      /^Globus Auth rejected the saved refresh token for 'transfer\.api\.globus\.org' \(400 invalid_grant[^)]*\): most likely the emulator was restarted and forgot the tokens it issued \(startEmulator\(\{ statePath \}\), or --state, keeps them across restarts\); otherwise it was revoked, /,
    );
  } finally {
    await emu.close();
  }
});
