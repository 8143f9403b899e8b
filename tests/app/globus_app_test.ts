import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { GlobusError } from "../../src/core/errors.ts";
import { MemoryTokenStorage } from "../../src/tokens/memory_storage.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

const rec = (rs: string) => ({
  resource_server: rs,
  identity_id: "u",
  scope: "openid",
  access_token: `AT-${rs}`,
  refresh_token: `RT-${rs}`,
  expires_at_seconds: 2_000_000_000,
  token_type: "Bearer",
});

test("logout revokes refresh and access tokens, then empties the cache", async () => {
  const storage = new MemoryTokenStorage();
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org"),
  });
  const ff = fakeFetch([json({ active: false }), json({ active: false })]);
  const app = new UserApp({
    appName: "x",
    clientId: "cid",
    config: { tokenStorage: storage, fetch: ff.fetch },
  });
  assert.equal(await app.loginRequired(), false);
  await app.logout();
  assert.deepEqual(
    ff.requests.map((r) => new URLSearchParams(r.body).get("token")),
    ["RT-auth.globus.org", "AT-auth.globus.org"],
  );
  assert.ok(
    ff.requests.every((r) =>
      r.url === "https://auth.globus.org/v2/oauth2/token/revoke"
    ),
  );
  assert.deepEqual(await storage.getTokenDataByResourceServer(), {});
  assert.equal(await app.loginRequired(), true);
});

test("logout clears the cache even when a revocation fails, then reports it", async () => {
  const storage = new MemoryTokenStorage();
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org"),
  });
  const ff = fakeFetch([], () => json({ error: "invalid_request" }, 400));
  const app = new UserApp({
    appName: "x",
    clientId: "cid",
    config: { tokenStorage: storage, fetch: ff.fetch },
  });
  await assert.rejects(
    () => app.logout(),
    (e: unknown) =>
      e instanceof GlobusError && /Logged out locally/.test(e.message) &&
      !e.message.includes("AT-auth.globus.org"),
  );
  assert.deepEqual(await storage.getTokenDataByResourceServer(), {});
});

test("tokenStorage takes the SDK's storage classes as Python's token_storage=JSONTokenStorage does (the class was refused as a 'function')", async () => {
  const { JSONTokenStorage } = await import("../../src/tokens/json_storage.ts");
  const { SQLiteTokenStorage } = await import(
    "../../src/tokens/sqlite_storage.ts"
  );
  const { TokenStorage } = await import("../../src/tokens/token_storage.ts");
  const make = (tokenStorage: unknown) =>
    new UserApp({
      appName: "class-storage",
      clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
      config: {
        environment: "production",
        tokenStorage: tokenStorage as "memory",
      },
    });
  const byName = make("json");
  const byClass = make(JSONTokenStorage);
  try {
    assert.ok(byClass.tokenStorage instanceof JSONTokenStorage);
    assert.ok(byName.tokenStorage instanceof JSONTokenStorage);
    assert.equal(byClass.tokenStorage.path, byName.tokenStorage.path);
  } finally {
    await byClass.close();
    await byName.close();
  }
  const sqlite = make(SQLiteTokenStorage);
  try {
    assert.ok(sqlite.tokenStorage instanceof SQLiteTokenStorage);
    assert.match(sqlite.tokenStorage.path, /tokens\.db$/);
  } finally {
    await sqlite.close();
  }
  const memory = make(MemoryTokenStorage);
  try {
    assert.ok(memory.tokenStorage instanceof MemoryTokenStorage);
  } finally {
    await memory.close();
  }
  // Another class (one's own storage) is named, with what to pass.
  class MyStorage extends TokenStorage {
    storeTokenDataByResourceServer(): Promise<void> {
      return Promise.resolve();
    }
    getTokenDataByResourceServer() {
      return Promise.resolve({});
    }
    removeTokenData(): Promise<boolean> {
      return Promise.resolve(false);
    }
  }
  assert.throws(
    () => make(MyStorage),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message.includes(
        "current value is the class MyStorage: pass one of its instances (new MyStorage(…))",
      ),
  );
});

test("getAuthorizer() without a resource server, or with a short name, says what to pass", async () => {
  const app = new UserApp({
    appName: "t",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    scopeRequirements: {
      "transfer.api.globus.org": [
        "urn:globus:auth:scope:transfer.api.globus.org:all",
      ],
    },
    config: { tokenStorage: "memory" },
  });
  // deno-lint-ignore no-explicit-any
  const loose = (x: unknown): any => x;
  await assert.rejects(app.getAuthorizer(loose(undefined)), {
    name: "TypeError",
    message:
      `Cannot get an authorizer as 'resourceServer' must be a resource server's name, such as "transfer.api.globus.org" (TransferClient.resourceServer): current value is left out`,
  });
  await assert.rejects(app.getAuthorizer("transfer"), {
    name: "GlobusError",
    message:
      `The app 't' has no scope requirement for 'transfer'; did you mean 'transfer.api.globus.org'? (resource servers go by their full name: getAuthorizer("transfer.api.globus.org"))`,
  });
  await assert.rejects(app.login(loose({ force: "false" })), {
    name: "TypeError",
    message:
      `Cannot log in as 'force' must be true or false (or left out): current value is the string "false"; write force: false, without quotes`,
  });
});

test("a request's token read goes through loginMayRun (where UserApp holds Node's REPL terminal) only while no authorizer is in use: later requests never do", async () => {
  const storage = new MemoryTokenStorage();
  const rs = "transfer.api.globus.org";
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": rec("auth.globus.org"),
    [rs]: { ...rec(rs), scope: `urn:globus:auth:scope:${rs}:all` },
  });
  let reads = 0;
  class Counted extends UserApp {
    protected override loginMayRun<T>(read: () => Promise<T>): Promise<T> {
      reads++;
      return super.loginMayRun(read);
    }
  }
  const app = new Counted({
    appName: "x",
    clientId: "cid",
    config: { tokenStorage: storage, fetch: fakeFetch([]).fetch },
  });
  app.addScopeRequirements({ [rs]: [`urn:globus:auth:scope:${rs}:all`] });
  const authorizer = await app.getAuthorizer(rs);
  assert.equal(reads, 1);
  for (let i = 0; i < 3; i++) {
    assert.equal(await authorizer.getAuthorizationHeader(), `Bearer AT-${rs}`);
  }
  assert.equal(reads, 1);
  await app.close();
});
