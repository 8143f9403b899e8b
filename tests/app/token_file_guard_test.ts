/**
 * An app that logs in somewhere other than Globus Auth (an emulator, a test
 * server) never caches its tokens in the production token file, where a
 * later run against Globus would find them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withEnv } from "../_helpers/with_env.ts";
import { ClientApp } from "../../src/app/client_app.ts";
import { UserApp, type UserAppConfig } from "../../src/app/user_app.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";

const EMULATOR_AUTH = "http://127.0.0.1:9/auth/";
const CLEAR = {
  GLOBUS_SDK_ENVIRONMENT: undefined,
  GLOBUS_SDK_SERVICE_URL_AUTH: undefined,
};

function userApp(config: UserAppConfig): UserApp {
  return new UserApp({
    appName: "guard-test",
    clientId: TUTORIAL_CLIENT_ID,
    config,
  });
}

test("an app logging in at an emulator refuses the production token file, naming the fixes", async () => {
  await withEnv(CLEAR, () => {
    for (
      const [config, file] of [
        [{ authBaseUrl: EMULATOR_AUTH }, "tokens.json"],
        [{ authBaseUrl: EMULATOR_AUTH, tokenStorage: "json" }, "tokens.json"],
        [{ authBaseUrl: EMULATOR_AUTH, tokenStorage: "sqlite" }, "tokens.db"],
      ] as const
    ) {
      assert.throws(
        () => userApp(config),
        (e: unknown) => {
          assert.ok(e instanceof TypeError);
          assert.match(
            e.message,
            /log in at http:\/\/127\.0\.0\.1:9 \(config\.authBaseUrl\)/,
          );
          assert.match(
            e.message,
            new RegExp(`guard-test[/\\\\]${file.replace(".", "\\.")}`),
          );
          assert.match(e.message, /config\.environment: "emulator"/);
          assert.match(e.message, /config\.tokenStorage: "memory"/);
          return true;
        },
        JSON.stringify(config),
      );
    }
  });
});

test("the Auth URL from GLOBUS_SDK_SERVICE_URL_AUTH alone is refused the same way", async () => {
  await withEnv(
    { ...CLEAR, GLOBUS_SDK_SERVICE_URL_AUTH: EMULATOR_AUTH },
    () => {
      assert.throws(() => userApp({}), /\(GLOBUS_SDK_SERVICE_URL_AUTH\)/);
      assert.throws(
        () =>
          new ClientApp({
            appName: "guard-test",
            clientId: "a-client",
            clientSecret: "a-secret",
          }),
        /production token file/,
      );
    },
  );
});

test("a named environment, memory, a storage of one's own or Globus Auth itself are accepted", async () => {
  await withEnv(CLEAR, async () => {
    const named = userApp({
      authBaseUrl: EMULATOR_AUTH,
      environment: "emulator",
    });
    assert.ok(named.tokenStorage instanceof JSONTokenStorage);
    assert.match(named.tokenStorage.path, /emulator-tokens\.json$/);
    await named.close();
    for (
      const config of [
        { authBaseUrl: EMULATOR_AUTH, tokenStorage: "memory" },
        { authBaseUrl: EMULATOR_AUTH, environment: "production" },
        {
          authBaseUrl: EMULATOR_AUTH,
          tokenStorage: new JSONTokenStorage("/nonexistent/guard/tokens.json"),
        },
        { authBaseUrl: "https://auth.globus.org/" },
      ] as UserAppConfig[]
    ) {
      const app = userApp(config);
      await app.close();
    }
  });
  await withEnv({ ...CLEAR, GLOBUS_SDK_ENVIRONMENT: "emulator" }, async () => {
    const app = userApp({ authBaseUrl: EMULATOR_AUTH });
    assert.equal(app.environment, "emulator");
    await app.close();
  });
});
