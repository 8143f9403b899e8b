import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ClientApp } from "../../src/app/client_app.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

test("ClientApp gets tokens with client credentials, caches them, and reuses them", async () => {
  const emu = await startEmulator();
  try {
    const storage = new MemoryTokenStorage();
    const make = () =>
      new ClientApp({
        appName: "svc",
        clientId: emu.confidentialClient.clientId,
        clientSecret: emu.confidentialClient.clientSecret,
        config: { tokenStorage: storage, authBaseUrl: emu.authUrl },
      });
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
