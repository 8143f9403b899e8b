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

test("ClientApp: aborting a Transfer call cancels the app's token request (a service's SIGTERM during an Auth outage waited for the token request's timeouts)", async () => {
  const { silentServer } = await import("../_helpers/silent_server.ts");
  const auth = await silentServer();
  try {
    const app = new ClientApp({
      appName: "svc",
      clientId: "00000000-0000-4000-8000-000000000001",
      clientSecret: "secret",
      config: { tokenStorage: "memory", authBaseUrl: auth.url },
    });
    const tc = new TransferClient({
      app,
      baseUrl: "http://127.0.0.1:9/transfer/",
    });
    const stop = new AbortController();
    const call = tc.getTask("00000000-0000-0000-0000-000000000000", {
      signal: stop.signal,
    });
    call.catch(() => undefined);
    await auth.connected;
    stop.abort(new Error("SIGTERM: stopping"));
    await assert.rejects(call, /SIGTERM: stopping/);
    // The token request's connection is closed, not left to time out.
    await auth.closedByClient;
    await app.close();
  } finally {
    await auth.close();
  }
});

/** A ClientApp whose token requests wait until released, and record aborts. */
function gatedApp() {
  const requests: { signal: AbortSignal | null | undefined }[] = [];
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  let sent!: () => void;
  const firstSent = new Promise<void>((r) => sent = r);
  const app = new ClientApp({
    appName: "svc",
    clientId: "00000000-0000-4000-8000-000000000001",
    clientSecret: "secret",
    config: {
      tokenStorage: "memory",
      fetch: async (_url, init) => {
        const signal = init?.signal;
        requests.push({ signal });
        sent();
        // As fetch does: an aborted request rejects with the reason.
        await new Promise<void>((resolve, reject) => {
          signal?.addEventListener("abort", () => reject(signal.reason));
          released.then(resolve);
        });
        return Response.json({
          access_token: "at-1",
          scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
          expires_in: 3600,
          token_type: "Bearer",
          resource_server: "transfer.api.globus.org",
          other_tokens: [],
        });
      },
    },
  });
  const seen: string[] = [];
  const tc = new TransferClient({
    app,
    fetch: (_url, init) => {
      seen.push(new Headers(init?.headers).get("authorization") ?? "");
      return Promise.resolve(Response.json({ DATA_TYPE: "endpoint_list" }));
    },
  });
  return { app, tc, requests, release, firstSent, seen };
}

test("ClientApp: one aborted call does not cancel the token request another call waits for; both share one request", async () => {
  const g = gatedApp();
  const first = new AbortController();
  const second = new AbortController();
  const a = g.tc.request("GET", "endpoint_search", {
    signal: first.signal,
  });
  a.catch(() => undefined);
  const b = g.tc.request("GET", "endpoint_search", {
    signal: second.signal,
  });
  await g.firstSent;
  first.abort(new Error("first stopped"));
  await assert.rejects(a, /first stopped/);
  assert.equal(g.requests[0]!.signal?.aborted, false);
  g.release();
  await b;
  assert.equal(g.requests.length, 1);
  assert.deepEqual(g.seen, ["Bearer at-1"]);
  await g.app.close();
});

test("ClientApp: a call without a signal keeps the token request going when every call with one aborts", async () => {
  const g = gatedApp();
  const stop = new AbortController();
  const a = g.tc.request("GET", "endpoint_search", {
    signal: stop.signal,
  });
  a.catch(() => undefined);
  const b = g.tc.request("GET", "endpoint_search");
  await g.firstSent;
  stop.abort(new Error("stopped"));
  await assert.rejects(a, /stopped/);
  assert.equal(g.requests[0]!.signal?.aborted, false);
  g.release();
  await b;
  assert.equal(g.requests.length, 1);
  await g.app.close();
});

test("ClientApp: when every waiting call aborts, the token request is cancelled and the next call makes a new one", async () => {
  const g = gatedApp();
  const stop = new AbortController();
  const a = g.tc.request("GET", "endpoint_search", {
    signal: stop.signal,
  });
  a.catch(() => undefined);
  await g.firstSent;
  stop.abort(new Error("stopped"));
  await assert.rejects(a, /stopped/);
  assert.equal(g.requests[0]!.signal?.aborted, true);
  g.release();
  await g.tc.request("GET", "endpoint_search");
  assert.equal(g.requests.length, 2);
  assert.deepEqual(g.seen, ["Bearer at-1"]);
  await g.app.close();
});

test("an app's refused token request shows the line of the code that made the call in its stack (it ended inside the app's login)", async () => {
  const emu = await startEmulator();
  try {
    const app = new ClientApp({
      appName: "svc",
      clientId: emu.confidentialClient.clientId,
      clientSecret: "not-the-secret",
      config: {
        tokenStorage: new MemoryTokenStorage(),
        authBaseUrl: emu.authUrl,
      },
    });
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    const nightlyReportListsTheTasks = async () =>
      await tc.taskList().toArray();
    const err = await nightlyReportListsTheTasks().then(
      () => assert.fail("no error"),
      (e: unknown) => e as Error,
    );
    assert.match(err.message, /invalid_client/);
    assert.match(String(err.stack), /nightlyReportListsTheTasks/);
    assert.ok(!String(err.stack).includes("not-the-secret"));
  } finally {
    await emu.close();
  }
});

test("a ClientApp secret that is no string says so (it said the secret was missing)", () => {
  assert.throws(
    () =>
      new ClientApp({
        appName: "svc",
        clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
        // deno-lint-ignore no-explicit-any
        clientSecret: 12345 as any,
      }),
    {
      name: "TypeError",
      message:
        "Cannot create the app as 'clientSecret' must be a string (the secret of a confidential client): current value is the number 12345",
    },
  );
});
