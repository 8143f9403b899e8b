/**
 * `emulator.loginFlowManager()`: a UserApp under test logs in by the
 * emulator approving its authorize URL, in the emulator's thread or in a
 * worker, as the demo user or another.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferAPIError } from "../../src/core/errors.ts";

for (const inProcess of [false, true]) {
  test(
    `a UserApp logs in through emulator.loginFlowManager() (${
      inProcess ? "in process" : "worker thread"
    }), as the user it names`,
    async () => {
      const emu = await startEmulator({ inProcess });
      try {
        const app = new UserApp({
          appName: "my-app-tests",
          clientId: emu.nativeClientId,
          config: {
            tokenStorage: "memory",
            authBaseUrl: emu.authUrl,
            loginFlowManager: emu.loginFlowManager({ as: "alice" }),
          },
        });
        const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
        const ls = await tc.operationLs(emu.collections.tutorial1, {
          path: "/share/godata/",
        });
        assert.equal(ls.DATA.length, 3);
        const stored = await app.tokenStorage.getTokenData(
          "transfer.api.globus.org",
        );
        assert.equal(
          stored?.identity_id,
          emu.users.find((u) => u.username.startsWith("alice@"))?.id,
        );
        assert.equal(emu.authorizations.length >= 1, true);
        await app.close();
      } finally {
        await emu.close();
      }
    },
  );
}

test("with handlesAuthorizationRequirements, a ConsentRequired call logs in again and goes on; without, it throws", async () => {
  const emu = await startEmulator();
  try {
    const make = (handles: boolean) => {
      const app = new UserApp({
        appName: "consent-tests",
        clientId: emu.nativeClientId,
        config: {
          tokenStorage: "memory",
          authBaseUrl: emu.authUrl,
          loginFlowManager: emu.loginFlowManager({
            handlesAuthorizationRequirements: handles,
          }),
        },
      });
      return {
        app,
        tc: new TransferClient({ app, baseUrl: emu.transferUrl }),
      };
    };
    const strict = make(false);
    await assert.rejects(
      strict.tc.operationLs(emu.collections.mapped, { path: "/~/" }),
      (e: unknown) =>
        e instanceof TransferAPIError && e.code === "ConsentRequired",
    );
    const lenient = make(true);
    const ls = await lenient.tc.operationLs(emu.collections.mapped, {
      path: "/~/",
    });
    assert.equal(ls.DATA_TYPE, "file_list");
    await strict.app.close();
    await lenient.app.close();
  } finally {
    await emu.close();
  }
});

test("emulator.loginFlowManager() refuses an unknown option", async () => {
  const emu = await startEmulator({ inProcess: true });
  try {
    assert.throws(
      // deno-lint-ignore no-explicit-any
      () => emu.loginFlowManager({ user: "alice" } as any),
      { name: "TypeError", message: /unknown option 'user'/ },
    );
  } finally {
    await emu.close();
  }
});
