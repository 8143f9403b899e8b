/**
 * A client made from an app that logs in somewhere other than Globus (an
 * emulator) refuses to send those tokens to a Globus service URL.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { withEnv } from "../_helpers/with_env.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const EMULATOR = "http://127.0.0.1:9";
const CLEAR = {
  GLOBUS_SDK_ENVIRONMENT: undefined,
  GLOBUS_SDK_SERVICE_URL_AUTH: undefined,
  GLOBUS_SDK_SERVICE_URL_TRANSFER: undefined,
};

function emulatorApp(authBaseUrl = `${EMULATOR}/auth/`): UserApp {
  return new UserApp({
    appName: "match-test",
    clientId: TUTORIAL_CLIENT_ID,
    config: { tokenStorage: "memory", authBaseUrl },
  });
}

test("a Transfer client from an app on an emulator's Auth refuses production's Transfer URL, naming both and the fix", async () => {
  await withEnv(CLEAR, async () => {
    const app = emulatorApp();
    assert.throws(
      () => new TransferClient({ app }),
      (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.match(e.message, /^Cannot create the TransferClient/);
        assert.match(
          e.message,
          /logs in at http:\/\/127\.0\.0\.1:9, not at Globus Auth/,
        );
        assert.match(
          e.message,
          /send those tokens to https:\/\/transfer\.api\.globus\.org\//,
        );
        assert.match(e.message, /baseUrl: emulator\.transferUrl/);
        assert.match(e.message, /GLOBUS_SDK_SERVICE_URL_TRANSFER/);
        return true;
      },
    );
    await app.close();
  });
});

test("an Auth client from an app calls the Auth the app logs in at (Python's AuthClient(app=app))", async () => {
  await withEnv(CLEAR, async () => {
    const app = emulatorApp();
    assert.equal(new AuthClient({ app }).baseUrl, `${EMULATOR}/auth/`);
    // Its own baseUrl still wins.
    assert.equal(
      new AuthClient({ app, baseUrl: `${EMULATOR}/other/` }).baseUrl,
      `${EMULATOR}/other/`,
    );
    await app.close();
  });
});

test("the client's own URL, the service's variable, or an app on Globus Auth are accepted", async () => {
  await withEnv(CLEAR, async () => {
    const app = emulatorApp();
    const tc = new TransferClient({ app, baseUrl: `${EMULATOR}/transfer/` });
    assert.equal(tc.baseUrl, `${EMULATOR}/transfer/`);
    await app.close();
    const real = emulatorApp("https://auth.globus.org/");
    assert.equal(
      new TransferClient({ app: real }).baseUrl,
      "https://transfer.api.globus.org/",
    );
    await real.close();
  });
  // Globus's sandbox is under globuscs.info, as the Python SDK has it.
  await withEnv({ ...CLEAR, GLOBUS_SDK_ENVIRONMENT: "sandbox" }, async () => {
    const sandbox = new UserApp({
      appName: "match-test",
      clientId: TUTORIAL_CLIENT_ID,
      config: { tokenStorage: "memory" },
    });
    assert.equal(
      sandbox.authClient.baseUrl,
      "https://auth.sandbox.globuscs.info/",
    );
    assert.equal(
      new TransferClient({ app: sandbox }).baseUrl,
      "https://transfer.api.sandbox.globuscs.info/",
    );
    await sandbox.close();
  });
  await withEnv({
    ...CLEAR,
    GLOBUS_SDK_SERVICE_URL_TRANSFER: `${EMULATOR}/transfer/`,
  }, async () => {
    const app = emulatorApp();
    assert.equal(
      new TransferClient({ app }).baseUrl,
      `${EMULATOR}/transfer/`,
    );
    await app.close();
  });
});

test("a client of an app that logs in at Globus refuses a local server over plain HTTP (the emulator's env set after the app was made), naming the fix", async () => {
  await withEnv(CLEAR, async () => {
    const app = new UserApp({
      appName: "match-test",
      clientId: TUTORIAL_CLIENT_ID,
      config: { tokenStorage: "memory" },
    });
    for (const baseUrl of [`${EMULATOR}/transfer/`, "http://localhost:8080/"]) {
      assert.throws(() => new TransferClient({ app, baseUrl }), {
        name: "TypeError",
        message: new RegExp(
          `^Cannot create the TransferClient as its app logs in at Globus Auth \\(https://auth\\.globus\\.org\\), but the client would send those tokens to ${
            baseUrl.replace(/[.]/g, "\\.")
          }, a local server over plain HTTP \\(an emulator\\?\\)\\. Make the app log in there too: config: \\{ authBaseUrl: emulator\\.authUrl \\}`,
        ),
      });
    }
    await withEnv(
      { GLOBUS_SDK_SERVICE_URL_TRANSFER: `${EMULATOR}/transfer/` },
      () => {
        assert.throws(
          () => new TransferClient({ app }),
          /a local server over plain HTTP/,
        );
      },
    );
    // HTTPS elsewhere (a gateway of one's own) is the user's to choose.
    assert.equal(
      new TransferClient({ app, baseUrl: "https://transfer.example.org/" })
        .baseUrl,
      "https://transfer.example.org/",
    );
  });
});
