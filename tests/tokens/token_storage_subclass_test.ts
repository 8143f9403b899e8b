/**
 * A token storage of one's own, ported from Python's
 * `class MyStorage(TokenStorage)`: extend `TokenStorage`, write the three
 * abstract methods, and the rest (getTokenData, storeTokenResponse, bound
 * methods, use by an app) works.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import {
  type StoredTokenData,
  TokenStorage,
} from "../../src/tokens/token_storage.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { approvingFlow, emulatorApp } from "../app/_setup.ts";

/** A key-value store: one JSON string per namespace, as Redis would keep it. */
class KeyValueStorage extends TokenStorage {
  readonly removed: string[] = [];
  constructor(readonly kv: Map<string, string>, namespace?: string) {
    super(namespace);
  }

  async storeTokenDataByResourceServer(
    byResourceServer: Record<string, StoredTokenData>,
  ): Promise<void> {
    const all = await this.getTokenDataByResourceServer();
    this.kv.set(
      this.namespace,
      JSON.stringify({ ...all, ...byResourceServer }),
    );
  }

  getTokenDataByResourceServer(): Promise<Record<string, StoredTokenData>> {
    return Promise.resolve(JSON.parse(this.kv.get(this.namespace) ?? "{}"));
  }

  async removeTokenData(resourceServer: string): Promise<boolean> {
    const all = await this.getTokenDataByResourceServer();
    if (!Object.hasOwn(all, resourceServer)) return false;
    delete all[resourceServer];
    this.kv.set(this.namespace, JSON.stringify(all));
    this.removed.push(resourceServer);
    return true;
  }
}

function jwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) =>
    btoa(JSON.stringify(o)).replaceAll("+", "-").replaceAll("/", "_")
      .replace(/=+$/, "");
  return `${b64({ alg: "RS512" })}.${b64(claims)}.sig`;
}

function tokenBody(rs: string, n: number, extra: Record<string, unknown> = {}) {
  return {
    resource_server: rs,
    access_token: `AT-${rs}-${n}`,
    refresh_token: `RT-${rs}-${n}`,
    scope: `scope:${rs}`,
    token_type: "Bearer",
    expires_in: 3600,
    ...extra,
  };
}

test("a subclass of TokenStorage gets getTokenData and storeTokenResponse from its three methods", async () => {
  const kv = new Map<string, string>();
  const storage = new KeyValueStorage(kv, "mine");
  assert.ok(storage instanceof TokenStorage);
  assert.equal(storage.namespace, "mine");
  assert.equal(await storage.getTokenData("transfer.api.globus.org"), null);

  // A login: the identity comes from the id_token.
  await storage.storeTokenResponse(
    new OAuthTokenResponse({
      ...tokenBody("auth.globus.org", 1, { id_token: jwt({ sub: "alice" }) }),
      other_tokens: [tokenBody("transfer.api.globus.org", 1)],
    }),
  );
  const t1 = await storage.getTokenData("transfer.api.globus.org");
  assert.equal(t1?.access_token, "AT-transfer.api.globus.org-1");
  assert.equal(t1?.refresh_token, "RT-transfer.api.globus.org-1");
  assert.equal(t1?.identity_id, "alice");
  assert.equal(typeof t1?.expires_at_seconds, "number");
  assert.deepEqual(Object.keys(JSON.parse(kv.get("mine")!)).sort(), [
    "auth.globus.org",
    "transfer.api.globus.org",
  ]);

  // A refresh (no id_token) keeps the identity.
  await storage.storeTokenResponse(
    new OAuthTokenResponse(tokenBody("transfer.api.globus.org", 2)),
  );
  const t2 = await storage.getTokenData("transfer.api.globus.org");
  assert.equal(t2?.access_token, "AT-transfer.api.globus.org-2");
  assert.equal(t2?.identity_id, "alice");
  assert.equal(
    (await storage.getTokenData("auth.globus.org"))?.access_token,
    "AT-auth.globus.org-1",
    "the other resource server's record is kept",
  );

  // Another user logs in: alice's records go, through removeTokenData.
  await storage.storeTokenResponse(
    new OAuthTokenResponse(
      tokenBody("auth.globus.org", 3, { id_token: jwt({ sub: "bob" }) }),
    ),
  );
  assert.deepEqual(storage.removed, ["transfer.api.globus.org"]);
  assert.deepEqual(
    Object.keys(await storage.getTokenDataByResourceServer()),
    ["auth.globus.org"],
  );
  assert.equal(
    (await storage.getTokenData("auth.globus.org"))?.identity_id,
    "bob",
  );
  assert.equal(await storage.getTokenData("transfer.api.globus.org"), null);
});

test("a subclass's methods work detached (Python's on_refresh=storage.store_token_response), and namespaces stay apart", async () => {
  const kv = new Map<string, string>();
  const a = new KeyValueStorage(kv);
  const b = new KeyValueStorage(kv, "other");
  assert.equal(a.namespace, "DEFAULT");
  const { storeTokenResponse, getTokenData, removeTokenData } = a;
  await storeTokenResponse(
    new OAuthTokenResponse(tokenBody("transfer.api.globus.org", 1)),
  );
  assert.equal(
    (await getTokenData("transfer.api.globus.org"))?.access_token,
    "AT-transfer.api.globus.org-1",
  );
  assert.equal(await b.getTokenData("transfer.api.globus.org"), null);
  assert.equal(await removeTokenData("transfer.api.globus.org"), true);
  assert.equal(await removeTokenData("transfer.api.globus.org"), false);
  assert.throws(
    () => new KeyValueStorage(kv, ""),
    (err: unknown) =>
      err instanceof TypeError && /namespace: it must be a non-empty string/
        .test(err.message),
  );
});

test("the built-in storages are TokenStorages, as Python's are", async () => {
  const dir = await mkdtemp(join(tmpdir(), "globus-deno-subclass-"));
  try {
    assert.ok(new MemoryTokenStorage() instanceof TokenStorage);
    assert.ok(
      new JSONTokenStorage(join(dir, "tokens.json")) instanceof TokenStorage,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("an app keeps its tokens in a subclass of TokenStorage, and the next app reads them without a login", async () => {
  const emu = await startEmulator();
  try {
    const kv = new Map<string, string>();
    const login = approvingFlow(emu);
    const app = emulatorApp(emu, "kv", {
      loginFlowManager: login.flow,
      tokenStorage: new KeyValueStorage(kv),
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const ls = await tc.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.ok(ls.DATA.some((e) => e.name === "file1.txt"));
    assert.equal(login.logins, 1);
    const saved = JSON.parse(kv.get("DEFAULT")!);
    assert.ok(saved["transfer.api.globus.org"]?.refresh_token);
    await app.close();

    // The next run: a new app on the same store needs no login.
    const again = emulatorApp(emu, "kv", {
      loginFlowManager: login.flow,
      tokenStorage: new KeyValueStorage(kv),
    });
    const tc2 = new TransferClient({ app: again, baseUrl: emu.transferUrl });
    await tc2.operationLs(emu.collections.tutorial1, {
      path: "/share/godata/",
    });
    assert.equal(login.logins, 1, "no second login");
    await again.close();
  } finally {
    await emu.close();
  }
});
