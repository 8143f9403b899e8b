import { test } from "node:test";
import assert from "node:assert/strict";
import { UserApp } from "../../src/app/user_app.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const CLIENT_ID = "61338d24-54d5-408f-a10d-66c06b59f6d2";

/** An app whose login fails (as one under cron, with nothing on stdin, does). */
function failingLoginApp(appName: string): UserApp {
  return new UserApp({
    appName,
    clientId: CLIENT_ID,
    config: {
      tokenStorage: "memory",
      loginFlowManager: {
        async run() {
          await new Promise((r) => setTimeout(r, 1));
          throw new LoginRequiredError("no one can log in here");
        },
      },
    },
  });
}

test("a failed login's error keeps the line of the call that needed it in its stack (it ended in the app's shared login)", async () => {
  const app = failingLoginApp("login-error-stack");
  // Never reached: the login fails before any request.
  const tc = new TransferClient({ app, baseUrl: "https://transfer.invalid/" });
  async function readTheCollectionForTheReport() {
    return await tc.getEndpoint("6c54cade-bde5-45c1-bdea-f4bd71dba2cc");
  }
  try {
    const err = await readTheCollectionForTheReport().then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof LoginRequiredError);
    assert.match(String(err.stack), /readTheCollectionForTheReport/);
    // app.login() itself, which waits for the login without a signal.
    const logInBeforeTheReport = async () => {
      await app.login();
    };
    const err2 = await logInBeforeTheReport().then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err2 instanceof LoginRequiredError);
    assert.match(String(err2.stack), /logInBeforeTheReport/);
  } finally {
    await app.close();
  }
});
