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
