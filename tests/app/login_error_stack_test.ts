import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { UserApp } from "../../src/app/user_app.ts";
import { LoginRequiredError } from "../../src/core/errors.ts";
import { JSONTokenStorage } from "../../src/tokens/json_storage.ts";
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

test("an uncaught login error that quotes its cause prints the cause's paragraph once on Node (its [cause] is printed too), and the cause still reads whole", async () => {
  const dir = await mkdtemp(join(tmpdir(), "login-error-cause-"));
  const paragraph =
    "Cannot log in here: no authorization code can be read, as standard input is not a terminal and has nothing to read. Run the program once in a terminal to log in.";
  const thrown = new LoginRequiredError(paragraph);
  const app = new UserApp({
    appName: "login-error-cause",
    clientId: CLIENT_ID,
    config: {
      tokenStorage: new JSONTokenStorage(join(dir, "tokens.json")),
      loginFlowManager: {
        run() {
          return Promise.reject(thrown);
        },
        isInteractive: () => false,
      },
    },
  });
  try {
    const err = await app.login().then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof LoginRequiredError);
    assert.match(err.message, /the token file .*tokens\.json holds no usable/);
    assert.ok(err.message.includes(paragraph));
    // As Node prints an uncaught error (lib/internal/errors.js).
    const printed = inspect(err, { customInspect: false, depth: 5 });
    assert.equal(
      printed.split("Run the program once in a terminal").length - 1,
      1,
      printed,
    );
    assert.match(printed, /\[cause\]: LoginRequiredError: Cannot log in here/);
    // Read as code, the cause is the flow's error, its message whole.
    assert.equal(err.cause, thrown);
    assert.equal(thrown.message, paragraph);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a forced login that cannot happen here does not say the token file holds no usable tokens (it does)", async () => {
  const dir = await mkdtemp(join(tmpdir(), "login-error-forced-"));
  const paragraph =
    "Cannot log in here: no authorization code can be read, as standard input is not a terminal and has nothing to read. Run the program once in a terminal to log in.";
  const storage = new JSONTokenStorage(join(dir, "tokens.json"));
  await storage.storeTokenDataByResourceServer({
    "auth.globus.org": {
      resource_server: "auth.globus.org",
      identity_id: "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f",
      scope: "openid",
      access_token: "AT-auth-forced",
      refresh_token: "RT-auth-forced",
      expires_at_seconds: 1_900_000_000,
      token_type: "Bearer",
    },
  });
  const app = new UserApp({
    appName: "login-error-forced",
    clientId: CLIENT_ID,
    config: {
      tokenStorage: storage,
      loginFlowManager: {
        run() {
          return Promise.reject(new LoginRequiredError(paragraph));
        },
        isInteractive: () => false,
      },
    },
  });
  try {
    assert.equal(await app.loginRequired(), false);
    const err = await app.login({ force: true }).then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof LoginRequiredError);
    assert.ok(!err.message.includes("holds no usable tokens"), err.message);
    assert.ok(err.message.includes(paragraph), err.message);
  } finally {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  }
});
