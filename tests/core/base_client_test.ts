/**
 * What every service client has as Python's clients do: its resource server
 * and its class's scopes, read from the instance.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { recordingApp } from "../_helpers/recording_app.ts";
import {
  BaseClient,
  type BaseClientOptions,
} from "../../src/core/base_client.ts";
import { GlobusAPIError } from "../../src/core/errors.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferClientV2 } from "../../src/transfer/v2/transfer_client_v2.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { NativeAppAuthClient } from "../../src/auth/native_client.ts";

class GroupsClient extends BaseClient {
  constructor(options: BaseClientOptions = {}) {
    super(
      "auth",
      "groups.api.globus.org",
      [],
      { baseUrl: "https://groups.api.globus.org/", ...options },
      GlobusAPIError,
    );
  }
}

test("a client's resourceServer and scopes are read from the instance, as Python's tc.resource_server and tc.scopes", () => {
  // A port of `tokens.by_resource_server[tc.resource_server]` read
  // undefined, and `tc.scopes.all` threw "Cannot read properties of
  // undefined": only the class had them.
  const tc = new TransferClient();
  assert.equal(tc.resourceServer, "transfer.api.globus.org");
  assert.equal(tc.scopes, TransferClient.scopes);
  assert.equal(
    tc.scopes.all,
    "urn:globus:auth:scope:transfer.api.globus.org:all",
  );
  const tc2 = new TransferClientV2();
  assert.equal(tc2.resourceServer, "transfer.api.globus.org");
  assert.equal(tc2.scopes.all, TransferClient.scopes.all);
  const ac = new AuthClient();
  assert.equal(ac.resourceServer, "auth.globus.org");
  assert.equal(ac.scopes, AuthClient.scopes);
  assert.equal(ac.scopes.openid, "openid");
  assert.equal(
    new NativeAppAuthClient("cid").resourceServer,
    "auth.globus.org",
  );
  // A client of another service: its own resource server, no scopes.
  const groups = new GroupsClient();
  assert.equal(groups.resourceServer, "groups.api.globus.org");
  assert.equal(groups.scopes, undefined);
  // Python's spelling says the camelCase one, now that the instance has it.
  assert.throws(
    () => (tc as unknown as Record<string, unknown>)["resource_server"],
    (e: unknown) =>
      e instanceof TypeError &&
      /is resourceServer \(tc\.resourceServer\)/.test(e.message),
  );
  // Neither is an own property: a client still prints and spreads as before.
  assert.deepEqual(
    Object.keys(tc).filter((k) => k === "resourceServer" || k === "scopes"),
    [],
  );
});

test("every client has Python's add_app_scope and close(), so 'with AuthClient(app=app) as ac:' ports as await using, not only TransferClient's", async () => {
  const { app, added } = recordingApp();
  const ac = new AuthClient({
    app,
    fetch: () => Promise.resolve(Response.json({ sub: "abc" })),
  });
  const openid = "openid";
  assert.equal(ac.addAppScope(openid), ac);
  assert.deepEqual(added.at(-1), { "auth.globus.org": [openid] });
  {
    await using inBlock = ac;
    assert.equal((await inBlock.userinfo()).sub, "abc");
  }
  ac.close();
  assert.equal((await ac.userinfo()).sub, "abc");
  assert.throws(
    () => new AuthClient().addAppScope(openid),
    (e: unknown) =>
      e instanceof TypeError &&
      /has no app: build it with new AuthClient\(\{ app \}\)/.test(e.message),
  );
});
