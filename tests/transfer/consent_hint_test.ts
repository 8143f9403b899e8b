/**
 * Transfer's 403 ConsentRequired (a mapped collection's data_access) says
 * how to give the consent: with an app, addAppDataAccessScope and a new
 * login (which then works); with a token of your own, the scopes to ask for.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferAPIError } from "../../src/core/errors.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { emulatorClient } from "./client/_emulator.ts";
import { toGare } from "../../src/app/gare.ts";

test("ConsentRequired with an access token names the scopes to log in with", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const mapped = emu.collections.mapped;
    const td = new TransferData(emu.collections.tutorial1, mapped);
    td.addItem("/share/godata/file1.txt", "/~/x.txt");
    for (
      const call of [() => tc.operationLs(mapped), () => tc.submitTransfer(td)]
    ) {
      await assert.rejects(call, (e: unknown) => {
        assert.ok(e instanceof TransferAPIError);
        assert.equal(e.code, "ConsentRequired");
        assert.match(e.message, /Missing required data_access consent/);
        assert.ok(
          e.message.includes(
            `log in again asking for the scopes in error.info.consentRequired.requiredScopes (urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${mapped}/data_access])`,
          ),
          e.message,
        );
        assert.equal(
          String(e.stack).split("\n")[0],
          `TransferAPIError: ${e.message}`,
        );
        return true;
      });
    }
  } finally {
    await emu.close();
  }
});

test("ConsentRequired with an app says tc.addAppDataAccessScope(id) and app.login(), and following it works", async () => {
  const { emu } = await emulatorClient();
  try {
    const mapped = emu.collections.mapped;
    const app = new UserApp({
      appName: "consent-hint",
      clientId: emu.nativeClientId,
      config: {
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        loginFlowManager: {
          async run(ctx) {
            const flow = ctx.authClient.oauth2StartFlow({
              requestedScopes: [...ctx.requestedScopes],
            });
            return await flow.exchangeCodeForTokens(
              await emu.approve(flow.getAuthorizeUrl(ctx.authParams)),
            );
          },
        },
      },
    });
    try {
      const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
      await assert.rejects(() => tc.operationLs(mapped), (e: unknown) => {
        assert.ok(e instanceof TransferAPIError);
        assert.ok(
          e.message.includes(
            `tc.addAppDataAccessScope("${mapped}"), then await app.login()`,
          ),
          e.message,
        );
        return true;
      });
      tc.addAppDataAccessScope(mapped);
      await app.login();
      const ls = await tc.operationLs(mapped, { path: "/share/godata/" });
      assert.equal(ls.DATA.length, 3);
    } finally {
      await app.close();
    }
  } finally {
    await emu.close();
  }
});

test("ConsentRequired's required scopes added with tc.addAppScope (Python's add_app_scope): the submit sent again logs in for them and works", async () => {
  const { emu } = await emulatorClient();
  try {
    const app = new UserApp({
      appName: "add-app-scope",
      clientId: emu.nativeClientId,
      config: {
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        loginFlowManager: emu.loginFlowManager(),
      },
    });
    try {
      const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
      const tdata = new TransferData(
        emu.collections.tutorial1,
        emu.collections.mapped,
      );
      tdata.addItem("/share/godata/file1.txt", "/~/file1.txt");
      const err = await tc.submitTransfer(tdata).then(
        () => assert.fail("the first submit needs a data_access consent"),
        (e: unknown) => e,
      );
      assert.ok(err instanceof TransferAPIError, String(err));
      const required = err.info.consentRequired?.requiredScopes;
      assert.ok(required && required.length > 0, err.message);
      assert.equal(tc.addAppScope(required), tc);
      const task = await tc.submitTransfer(tdata);
      assert.equal(task.code, "Accepted");
    } finally {
      await app.close();
    }
  } finally {
    await emu.close();
  }
});

test("AuthPolicyFailed says how to log in to meet the policy: the session parameters, or app.login({ authParams: toGare(error)!.authorizationParameters }), which then works", async () => {
  const { emu, tc } = await emulatorClient();
  try {
    const c = emu.collections.tutorial1;
    const policy = emu.setCollectionPolicy(c, { required_mfa: true }) as string;
    await assert.rejects(() => tc.operationLs(c), (e: unknown) => {
      assert.ok(e instanceof TransferAPIError);
      assert.equal(e.code, "AuthPolicyFailed");
      assert.ok(
        e.message.includes(
          `oauth2GetAuthorizeUrl({ sessionRequiredPolicies: ["${policy}"] })`,
        ),
        e.message,
      );
      return true;
    });
    const app = new UserApp({
      appName: "policy-hint",
      clientId: emu.nativeClientId,
      config: {
        tokenStorage: "memory",
        authBaseUrl: emu.authUrl,
        loginFlowManager: {
          async run(ctx) {
            const flow = ctx.authClient.oauth2StartFlow({
              requestedScopes: [...ctx.requestedScopes],
            });
            return await flow.exchangeCodeForTokens(
              await emu.approve(flow.getAuthorizeUrl(ctx.authParams)),
            );
          },
        },
      },
    });
    try {
      const appTc = new TransferClient({ app, baseUrl: emu.transferUrl });
      let caught: unknown;
      await appTc.operationLs(c).catch((e) => caught = e);
      assert.ok(caught instanceof TransferAPIError);
      assert.ok(
        caught.message.includes(
          "await app.login({ authParams: toGare(error)!.authorizationParameters })",
        ),
        caught.message,
      );
      await app.login({ authParams: toGare(caught)!.authorizationParameters });
      const ls = await appTc.operationLs(c, { path: "/share/godata/" });
      assert.equal(ls.DATA.length, 3);
    } finally {
      await app.close();
    }
  } finally {
    await emu.close();
  }
});
