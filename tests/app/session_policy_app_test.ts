/**
 * The apps against a collection with an authentication policy (the
 * emulator's `setCollectionPolicy`): Transfer's `AuthPolicyFailed` GARE is
 * met by a new login with its `session_required_policies` where the app
 * redrives GAREs (the notebook flow), and thrown with its parameters where
 * it does not (the command line).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { GlobusAPIError, TransferAPIError } from "../../src/core/errors.ts";
import { toGare } from "../../src/app/gare.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { emulatorApp } from "./_setup.ts";
import { recordingUI, uiLogin } from "./_ui.ts";

function testClock(start = 1_800_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advanceS(s: number) {
      now += s * 1000;
    },
  };
}

function policyFailed(policy: string) {
  return (e: unknown) => {
    assert.ok(e instanceof GlobusAPIError, String(e));
    assert.equal(e.httpStatus, 403);
    assert.equal(e.code, "AuthPolicyFailed");
    assert.deepEqual(e.info.authorizationParameters?.sessionRequiredPolicies, [
      policy,
    ]);
    assert.equal(
      e.info.authorizationParameters?.sessionMessage,
      "Failing collection authentication policy",
    );
    assert.equal(e.authorizationParameters?.session_required_policies, policy);
    return true;
  };
}

test("notebook UserApp (autoRedriveGares on): a login older than the policy's timeout leads to a new login with session_required_policies, and the listing succeeds", async () => {
  const clock = testClock();
  const emu = await startEmulator({ clock });
  try {
    const c = emu.collections.tutorial1;
    const policy = emu.setCollectionPolicy(c, {
      display_name: "Recent login",
      high_assurance: true,
      authentication_assurance_timeout: 3600,
    }) as string;
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "policies", uiLogin("notebook", ui));
    assert.equal(app.autoRedriveGares, true);
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.operationLs(c, { path: "/share/godata/" });
    assert.equal(ui.prompts.length, 1);

    clock.advanceS(3601);
    const ls = await tc.operationLs(c, { path: "/share/godata/" });
    assert.deepEqual(
      ls.DATA.map((f) => f.name).sort(),
      ["file1.txt", "file2.txt", "file3.txt"],
    );
    assert.equal(ui.prompts.length, 2, "one more login, for the policy");
    const url = new URL(ui.lastUrl());
    assert.equal(url.searchParams.get("session_required_policies"), policy);
    assert.equal(
      url.searchParams.get("session_message"),
      "Failing collection authentication policy",
    );
    assert.equal(
      emu.authorizations.at(-1)?.session.session_required_policies,
      policy,
    );
    // The new login's tokens keep working without another login.
    await tc.operationLs(c, { path: "/" });
    assert.equal(ui.prompts.length, 2);
  } finally {
    await emu.close();
  }
});

test("command-line UserApp (autoRedriveGares off, Python's default) and a notebook app with it off: the GARE is thrown with its parameters, no new login", async () => {
  const clock = testClock();
  const emu = await startEmulator({ clock });
  try {
    const c = emu.collections.tutorial2;
    const policy = emu.setCollectionPolicy(c, {
      authentication_assurance_timeout: 60,
    }) as string;
    for (
      const config of [
        { loginFlowManager: "command-line" as const },
        { loginFlowManager: "notebook" as const, autoRedriveGares: false },
      ]
    ) {
      const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
      const app = emulatorApp(emu, "policies", {
        ...config,
        display: ui.display,
        prompt: ui.prompt,
        write: ui.write,
      });
      const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
      await tc.operationLs(c, { path: "/" });
      clock.advanceS(61);
      await assert.rejects(
        () => tc.operationLs(c, { path: "/" }),
        policyFailed(policy),
      );
      assert.equal(ui.prompts.length, 1, config.loginFlowManager);
    }
  } finally {
    await emu.close();
  }
});

test("a domain policy: the notebook app's new login as a user from another domain is refused with a message naming the domain; a user from the domain lists at once", async () => {
  const emu = await startEmulator({
    users: [{ username: "carol@example.org" }],
  });
  try {
    const c = emu.collections.tutorial1;
    const policy = emu.setCollectionPolicy(c, {
      display_name: "example.org only",
      domain_constraints_include: ["example.org"],
    }) as string;

    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "policies", uiLogin("notebook", ui));
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await assert.rejects(
      () => tc.operationLs(c, { path: "/" }),
      (e: unknown) => {
        assert.ok(e instanceof Error);
        assert.match(
          e.message,
          /'example\.org only' \([0-9a-f-]+\) needs an identity from example\.org, but demo@globus-emulator\.org is from globus-emulator\.org/,
        );
        return true;
      },
    );
    assert.equal(ui.prompts.length, 2, "the first login, then the policy's");
    assert.equal(
      new URL(ui.lastUrl()).searchParams.get("session_required_policies"),
      policy,
    );

    const carolUI = recordingUI((_n, ui) =>
      emu.approve(ui.lastUrl(), { as: "carol" })
    );
    const carol = emulatorApp(
      emu,
      "policies",
      uiLogin("command-line", carolUI),
    );
    const carolTc = new TransferClient({
      app: carol,
      baseUrl: emu.transferUrl,
    });
    await carolTc.operationLs(c, { path: "/" });
    assert.equal(carolUI.prompts.length, 1);
  } finally {
    await emu.close();
  }
});

test("Python's ls_with_session_handling.py: a caught GARE's parameters with prompt=login passed to app.login({ authParams }) log in again (cached tokens notwithstanding), and the listing succeeds", async () => {
  const clock = testClock();
  const emu = await startEmulator({ clock });
  try {
    const c = emu.collections.tutorial2;
    const policy = emu.setCollectionPolicy(c, {
      authentication_assurance_timeout: 60,
    }) as string;
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "ls-session", uiLogin("command-line", ui));
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.operationLs(c, { path: "/" });
    clock.advanceS(61);
    let caught: unknown;
    try {
      await tc.operationLs(c, { path: "/" });
    } catch (err) {
      caught = err;
    }
    assert.ok(caught instanceof TransferAPIError);
    assert.ok(caught.info.authorizationParameters);
    assert.equal(await app.loginRequired(), false, "the tokens look fine");
    const gare = toGare(caught);
    assert.ok(gare);
    assert.equal(gare.code, "AuthPolicyFailed");
    const params = gare.authorizationParameters;
    assert.deepEqual(params.sessionRequiredPolicies, [policy]);
    params.prompt = "login";
    await app.login({ authParams: params });
    assert.equal(ui.prompts.length, 2, "login(authParams) logged in again");
    const url = new URL(ui.lastUrl());
    assert.equal(url.searchParams.get("prompt"), "login");
    assert.equal(url.searchParams.get("session_required_policies"), policy);
    await tc.operationLs(c, { path: "/" });
    assert.equal(ui.prompts.length, 2);
  } finally {
    await emu.close();
  }
});

test("app.login({ authParams: { requiredScopes } }) asks for those scopes too, as Python's auth_params.required_scopes", async () => {
  const emu = await startEmulator();
  try {
    const ui = recordingUI((_n, ui) => emu.approve(ui.lastUrl()));
    const app = emulatorApp(emu, "extra-scopes", uiLogin("command-line", ui));
    new TransferClient({ app, baseUrl: emu.transferUrl });
    await app.login();
    await app.login({
      authParams: { requiredScopes: ["openid", "email"], prompt: "login" },
    });
    assert.equal(ui.prompts.length, 2);
    const scopes = new URL(ui.lastUrl()).searchParams.get("scope")!.split(" ");
    assert.ok(scopes.includes("email"), scopes.join(" "));
    assert.ok(
      scopes.includes("urn:globus:auth:scope:transfer.api.globus.org:all"),
    );
    assert.equal(scopes.filter((s) => s === "openid").length, 1);
  } finally {
    await emu.close();
  }
});
