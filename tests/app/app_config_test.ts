import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ClientApp,
  GlobusAppConfig,
  TransferClient,
  UserApp,
  type UserAppConfig,
} from "../../src/mod.ts";
import { startEmulator } from "../../src/testing/emulator.ts";
import {
  CommandLineLoginFlowManager,
  LocalServerLoginFlowManager,
  NotebookLoginFlowManager,
} from "../../src/mod.ts";
import { approvingFlow } from "./_setup.ts";

test("GlobusAppConfig is a value too, as Python's GlobusAppConfig(request_refresh_tokens=…): new GlobusAppConfig({…}) and GlobusAppConfig({…}) make the config UserApp and ClientApp take (it failed at import: no export named GlobusAppConfig)", async () => {
  const emu = await startEmulator();
  const approving = approvingFlow(emu);
  const config = new GlobusAppConfig({
    requestRefreshTokens: false,
    tokenStorage: "memory",
    authBaseUrl: emu.authUrl,
    loginFlowManager: approving.flow,
  });
  assert.ok(config instanceof GlobusAppConfig);
  assert.ok(Object.isFrozen(config));
  assert.equal(config.requestRefreshTokens, false);
  const app = new UserApp({
    appName: "config-value",
    clientId: emu.nativeClientId,
    config,
  });
  try {
    assert.equal(app.requestRefreshTokens, false);
    const tc = new TransferClient({ app, baseUrl: emu.transferUrl });
    await tc.getEndpoint(emu.collections.tutorial1);
    assert.equal(approving.logins, 1);
    const stored = await app.tokenStorage.getTokenDataByResourceServer();
    const transfer = stored["transfer.api.globus.org"];
    assert.ok(transfer);
    // As asked: no refresh token.
    assert.equal(transfer.refresh_token ?? null, null);
  } finally {
    await app.close();
    await emu.close();
  }
  // Called without `new`, for a ClientApp.
  const plain = GlobusAppConfig({
    tokenStorage: "memory",
    environment: "sandbox",
  });
  assert.ok(plain instanceof GlobusAppConfig);
  assert.deepEqual({ ...plain }, {
    tokenStorage: "memory",
    environment: "sandbox",
  });
  const capp = new ClientApp({
    appName: "c",
    clientId: "d1d9a8a4-0d4e-4a8c-9c1e-2d0b1e1f0a11",
    clientSecret: "s",
    config: plain,
  });
  assert.equal(capp.environment, "sandbox");
  await capp.close();
  assert.deepEqual({ ...GlobusAppConfig() }, {});
  // A plain object is not one it made.
  assert.ok(!({} instanceof GlobusAppConfig));
});

test("GlobusAppConfig refuses Python's snake_case names and misspellings as the apps' config does, naming the camelCase one", () => {
  assert.throws(
    // @ts-expect-error: Python's name
    () => new GlobusAppConfig({ request_refresh_tokens: true }),
    (e: unknown) =>
      e instanceof TypeError &&
      /^GlobusAppConfig: unknown option 'request_refresh_tokens'; did you mean 'requestRefreshTokens'\? Options are camelCase here/
        .test(e.message),
  );
  assert.throws(
    // @ts-expect-error: misspelled
    () => GlobusAppConfig({ tokenStorge: "memory" }),
    /GlobusAppConfig: unknown option 'tokenStorge'; did you mean 'tokenStorage'\?/,
  );
  assert.throws(
    // @ts-expect-error: not an object
    () => GlobusAppConfig("memory"),
    /GlobusAppConfig: the options must be an object of named options.*new GlobusAppConfig\(\{ requestRefreshTokens: true/,
  );
});

test("app.config is the config the app was made with, as Python's app.config (it read undefined); Python's names on a GlobusAppConfig throw naming the camelCase one (they read undefined)", async () => {
  const config = new GlobusAppConfig({
    tokenStorage: "memory",
    requestRefreshTokens: false,
  });
  const app = new UserApp({
    appName: "config-read",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config,
  });
  const plain = new UserApp({
    appName: "config-read",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });
  try {
    assert.equal(app.config, config);
    assert.equal(app.config.requestRefreshTokens, false);
    assert.deepEqual(plain.config, { tokenStorage: "memory" });
    assert.ok(Object.isFrozen(plain.config));
    assert.throws(
      () => (config as unknown as Record<string, unknown>).token_storage,
      /^TypeError: GlobusAppConfig has no token_storage: the names here are camelCase, so Python's token_storage is tokenStorage \(config\.tokenStorage/,
    );
    assert.throws(
      () =>
        (app.config as unknown as Record<string, unknown>).login_flow_manager,
      /Python's login_flow_manager is loginFlowManager/,
    );
    // Other reads are as on any object; printed as the plain object it is.
    assert.equal((config as Record<string, unknown>).other_thing, undefined);
    assert.equal(
      (await import("node:util")).inspect(config),
      "{ tokenStorage: 'memory', requestRefreshTokens: false }",
    );
  } finally {
    await app.close();
    await plain.close();
  }
});

test("a ClientApp given a UserApp's login settings (a GlobusAppConfig shared with a UserApp, as Python's one config has them) says they are UserApp settings and how to leave them out", () => {
  const shared = GlobusAppConfig({
    tokenStorage: "memory",
    requestRefreshTokens: true,
    loginRedirectUri: "https://example.org/callback",
  });
  assert.throws(
    () =>
      new ClientApp({
        appName: "c",
        clientId: "d1d9a8a4-0d4e-4a8c-9c1e-2d0b1e1f0a11",
        clientSecret: "s",
        config: shared,
      }),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message ===
        "Cannot create the app as config.requestRefreshTokens, config.loginRedirectUri are UserApp settings: a ClientApp gets its tokens with client credentials, no user logs in. Leave them out of the ClientApp's config, e.g. const { requestRefreshTokens, loginRedirectUri, ...clientConfig } = config; new ClientApp({ …, config: clientConfig })",
  );
});

test("loginFlowManager takes the flow classes themselves, as Python's login_flow_manager=LocalServerLoginFlowManager (a provider): the app makes that flow, of a subclass too (it threw 'current value is function')", async () => {
  class MyFlow extends CommandLineLoginFlowManager {}
  const made: [unknown, unknown][] = [
    [CommandLineLoginFlowManager, CommandLineLoginFlowManager],
    [LocalServerLoginFlowManager, LocalServerLoginFlowManager],
    [NotebookLoginFlowManager, NotebookLoginFlowManager],
    [MyFlow, MyFlow],
  ];
  /** This test's app, with `config`. */
  const flowClassApp = (config: UserAppConfig) =>
    new UserApp({
      appName: "flow-class",
      clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
      config,
    });
  for (const [given, cls] of made) {
    const app = flowClassApp(GlobusAppConfig({
      tokenStorage: "memory",
      loginFlowManager: given as typeof CommandLineLoginFlowManager,
    }));
    try {
      assert.equal(app.loginFlowManager.constructor, cls);
    } finally {
      await app.close();
    }
  }
  // The local-server flow's rules hold for its class too.
  assert.throws(
    () =>
      flowClassApp({
        tokenStorage: "memory",
        loginFlowManager: LocalServerLoginFlowManager,
        loginRedirectUri: "https://example.org/callback",
      }),
    /'config\.loginRedirectUri' cannot be used with the "local-server" login flow/,
  );
  // Another function says what it may be.
  assert.throws(
    () =>
      flowClassApp({
        tokenStorage: "memory",
        loginFlowManager: function myFlow() {} as never,
      }),
    /'config\.loginFlowManager' is a function \(myFlow\): give a flow's name .*one of the classes CommandLineLoginFlowManager, LocalServerLoginFlowManager, NotebookLoginFlowManager/,
  );
});

test("app.run_login_flow() (Python SDK 3's name of login) names app.login({ force: true }) (it was 'is not a function')", async () => {
  const app = new UserApp({
    appName: "run-login-flow",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });
  try {
    assert.throws(
      () => (app as unknown as { run_login_flow(): unknown }).run_login_flow(),
      /^TypeError: UserApp has no run_login_flow: Python SDK 3's app\.run_login_flow\(\) is await app\.login\(\{ force: true \}\) here/,
    );
  } finally {
    await app.close();
  }
});
