import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ClientApp } from "../../src/app/client_app.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

/** A ClientApp of the emulator's confidential client on `storage`. */
function serviceApp(emu: Emulator, storage: MemoryTokenStorage): ClientApp {
  return new ClientApp({
    appName: "svc",
    clientId: emu.confidentialClient.clientId,
    clientSecret: emu.confidentialClient.clientSecret,
    config: { tokenStorage: storage, authBaseUrl: emu.authUrl },
  });
}

test("ClientApp gets tokens with client credentials, caches them, and reuses them", async () => {
  const emu = await startEmulator();
  try {
    const storage = new MemoryTokenStorage();
    const make = () => serviceApp(emu, storage);
    const app = make();
    assert.deepEqual(app.scopeRequirements, {});
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    assert.equal(await app.loginRequired(), true);
    await tc.operationLs(emu.collections.tutorial1, { path: "/share/godata/" });
    const cached = await storage.getTokenData("transfer.api.globus.org");
    assert.ok(cached?.access_token);
    assert.equal(cached?.refresh_token, null);

    const again = make();
    new TransferClient({ app: again, baseUrl: emu.transferUrl });
    assert.equal(await again.loginRequired(), false);
    const text = inspect(app, { depth: 6 }) + JSON.stringify(app);
    assert.ok(!text.includes(emu.confidentialClient.clientSecret));
    assert.ok(!text.includes(cached?.access_token ?? "x"));

    await app.logout();
    assert.deepEqual(await storage.getTokenDataByResourceServer(), {});
  } finally {
    await emu.close();
  }
});

test("ClientApp: a collection's data_access added after a first call gets new tokens (the cached ones lack the consent); a new run's cached tokens are told to log in with force", async () => {
  const emu = await startEmulator();
  try {
    const storage = new MemoryTokenStorage();
    const make = () => serviceApp(emu, storage);
    const app = make();
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const mapped = emu.collections.mapped;
    await tc.getEndpoint(emu.collections.tutorial1);
    const first = (await storage.getTokenData("transfer.api.globus.org"))!
      .access_token;
    tc.addAppDataAccessScope(mapped);
    // Python's add_scope_requirements, then login(): it said no login was
    // needed, and the call kept failing with ConsentRequired.
    assert.equal(await app.loginRequired(), true);
    assert.equal(
      (await tc.operationLs(mapped, { path: "/~/" })).DATA_TYPE,
      "file_list",
    );
    const second = (await storage.getTokenData("transfer.api.globus.org"))!
      .access_token;
    assert.notEqual(second, first);
    assert.equal(await app.loginRequired(), false);
    await app.login(); // nothing to do
    assert.equal(
      (await storage.getTokenData("transfer.api.globus.org"))!.access_token,
      second,
    );

    // A new run whose cached tokens were got without the consent: only a
    // forced login can tell, and the error says so.
    const tokensWithout = make();
    const tc2 = new TransferClient({
      app: tokensWithout,
      baseUrl: emu.transferUrl,
    });
    await storage.removeTokenData("transfer.api.globus.org");
    await tc2.getEndpoint(emu.collections.tutorial1);
    const later = make();
    const tc3 = new TransferClient({ app: later, baseUrl: emu.transferUrl });
    tc3.addAppDataAccessScope(mapped);
    await assert.rejects(tc3.operationLs(mapped, { path: "/~/" }), (e) => {
      assert.match(
        String((e as Error).message),
        /tc\.addAppDataAccessScope\("[0-9a-f-]+"\), then await app\.login\(\{ force: true \}\)/,
      );
      return true;
    });
    await later.login({ force: true });
    assert.equal(
      (await tc3.operationLs(mapped, { path: "/~/" })).DATA_TYPE,
      "file_list",
    );
  } finally {
    await emu.close();
  }
});

test("ClientApp needs a secret", () => {
  assert.throws(
    () =>
      new ClientApp({
        appName: "svc",
        clientId: "c",
        clientSecret: "",
        config: { tokenStorage: "memory" },
      }),
    TypeError,
  );
});
