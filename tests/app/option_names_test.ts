import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ClientApp,
  CommandLineLoginFlowManager,
  ConfidentialAppAuthClient,
  LocalServerLoginFlowManager,
  NativeAppAuthClient,
  NotebookLoginFlowManager,
  RefreshTokenAuthorizer,
  Scope,
  TransferClient,
  TUTORIAL_CLIENT_ID,
  UserApp,
} from "../../mod.ts";
import { messageOf, rejection, untyped } from "../_helpers/argument_errors.ts";

const SECRET = "Zx8qLmN3vB5rT7yU1iO9pA2sD4fG6hJ0kWcE";

test("UserApp: Python's names, config options outside config, a positional name", () => {
  assert.equal(
    messageOf(() =>
      new UserApp(untyped({ app_name: "a", client_id: TUTORIAL_CLIENT_ID }))
    ),
    "UserApp: unknown options 'app_name' (did you mean 'appName'?), 'client_id' (did you mean 'clientId'?). Options are camelCase here, not the Python SDK's snake_case.",
  );
  // Left at the top level, tokenStorage: "memory" used to be ignored and
  // the tokens went to the token file in the home folder.
  assert.equal(
    messageOf(() =>
      new UserApp(untyped({
        appName: "a",
        clientId: TUTORIAL_CLIENT_ID,
        tokenStorage: "memory",
      }))
    ),
    "UserApp: unknown option 'tokenStorage'; did you mean 'config: { tokenStorage }'?",
  );
  assert.match(
    messageOf(() =>
      new UserApp(untyped({
        appName: "a",
        clientId: TUTORIAL_CLIENT_ID,
        config: { token_storage: "memory" },
      }))
    ),
    /^UserApp config: unknown option 'token_storage'; did you mean 'tokenStorage'\?/,
  );
  assert.match(
    messageOf(() => new UserApp(untyped("My App"))),
    /^UserApp: the options must be an object of named options, not a string \(6 characters\); write \{ appName: … \}, as in new UserApp\(\{ appName: "My App", clientId: TUTORIAL_CLIENT_ID/,
  );
});

test("UserApp: a Python flow name and a token file path say what to use", () => {
  const base = { appName: "a", clientId: TUTORIAL_CLIENT_ID };
  assert.match(
    messageOf(() =>
      new UserApp({
        ...base,
        config: { loginFlowManager: untyped("command_line") },
      })
    ),
    /current value is "command_line" \(did you mean "command-line"\?\)$/,
  );
  assert.match(
    messageOf(() =>
      new UserApp({ ...base, config: { tokenStorage: untyped("/tmp/t.json") } })
    ),
    /current value is "\/tmp\/t\.json"\. For a token file of your own, pass new JSONTokenStorage\("\/tmp\/t\.json"\)$/,
  );
});

test("scope requirements: one scope per resource server is a list of one, as in Python; a list of scopes is refused", async () => {
  const app = new UserApp({
    appName: "a",
    clientId: TUTORIAL_CLIENT_ID,
    scopeRequirements: {
      "transfer.api.globus.org": untyped(TransferClient.scopes.all),
      "example.org": untyped(Scope.parse("urn:example:one")[0]),
    },
    config: { tokenStorage: "memory" },
  });
  // It was split into one-character "scopes".
  assert.deepEqual(app.scopeRequirements["transfer.api.globus.org"], [
    TransferClient.scopes.all,
  ]);
  assert.deepEqual(app.scopeRequirements["example.org"], ["urn:example:one"]);
  assert.match(
    messageOf(() =>
      app.addScopeRequirements(untyped([TransferClient.scopes.all]))
    ),
    /^Cannot add scope requirements as they must be an object of resource server → scopes, e\.g\. \{ "transfer\.api\.globus\.org": \[TransferClient\.scopes\.all\] \}, not a list$/,
  );
  assert.match(
    messageOf(() => app.addScopeRequirements(untyped({ "x.org": 5 }))),
    /the scopes of 'x\.org' must be a scope string, a Scope or a list of them/,
  );
  await app.close();
});

test("ClientApp without an id and a secret says it needs both (it named only the secret, and suggested a UserApp)", () => {
  for (const [value, said] of [[undefined, "undefined"], ["", "empty"]]) {
    assert.equal(
      messageOf(() =>
        new ClientApp(untyped({
          appName: "nightly-job",
          clientId: value,
          clientSecret: value,
        }))
      ),
      `Cannot create the app as a ClientApp needs 'clientId' and 'clientSecret', the id and secret of a confidential client (made at https://app.globus.org/settings/developers): both are ${said} (read from environment variables that are not set?)`,
    );
  }
});

test("ClientApp without a secret says it needs one, or a UserApp", () => {
  assert.equal(
    messageOf(() =>
      new ClientApp(untyped({ appName: "svc", clientId: TUTORIAL_CLIENT_ID }))
    ),
    "Cannot create the app as a ClientApp needs 'clientSecret', the secret of a confidential client (made at https://app.globus.org/settings/developers); to log a person in without a secret, use a UserApp",
  );
  assert.match(
    messageOf(() =>
      new ClientApp(untyped({
        appName: "svc",
        clientId: TUTORIAL_CLIENT_ID,
        client_secret: SECRET,
      }))
    ),
    /^ClientApp: unknown option 'client_secret'; did you mean 'clientSecret'\?/,
  );
});

test("a secret or token in the wrong argument never shows in the error", () => {
  const native = messageOf(() =>
    new NativeAppAuthClient(TUTORIAL_CLIENT_ID, untyped(SECRET))
  );
  assert.ok(!native.includes(SECRET), native);
  assert.match(
    native,
    /A native app has no client secret; for a client with a secret use new ConfidentialAppAuthClient\(clientId, clientSecret, options\)$/,
  );
  const options = messageOf(() =>
    new NativeAppAuthClient(untyped({ clientId: "x", clientSecret: SECRET }))
  );
  assert.ok(!options.includes(SECRET), options);
  assert.match(
    options,
    /current value is an object \(the client id comes first/,
  );
  // A confidential client's hint names the secret it takes (it showed
  // new ConfidentialAppAuthClient(clientId, { baseUrl })).
  const confidential = messageOf(() =>
    new ConfidentialAppAuthClient(
      untyped({ clientId: "x", clientSecret: SECRET }),
      untyped(undefined),
    )
  );
  assert.ok(!confidential.includes(SECRET), confidential);
  assert.match(
    confidential,
    /\(the client id and secret come first, then the options: new ConfidentialAppAuthClient\(clientId, clientSecret, \{ baseUrl \}\)\)$/,
  );
  // So does a named subclass's (it was told only the client id comes first).
  class MyConfidentialClient extends ConfidentialAppAuthClient {}
  assert.match(
    messageOf(() =>
      new MyConfidentialClient(
        untyped({ clientId: "x", clientSecret: SECRET }),
        untyped(undefined),
      )
    ),
    /\(the client id and secret come first, then the options: new MyConfidentialClient\(clientId, clientSecret, \{ baseUrl \}\)\)$/,
  );
  const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
  // Python's RefreshTokenAuthorizer(rt, client, access_token, expires_at)
  // order, with the access token where the options belong.
  const authorizer = messageOf(() =>
    new RefreshTokenAuthorizer("refresh-token-value", client, untyped(SECRET))
  );
  assert.ok(!authorizer.includes(SECRET), authorizer);
  assert.match(authorizer, /not a string \(36 characters\)/);
  const expires = (() => {
    try {
      new RefreshTokenAuthorizer("refresh-token-value", client, {
        accessToken: "a",
        expiresAt: untyped(SECRET),
      });
    } catch (err) {
      return (err as Error).message;
    }
    assert.fail("expected an error");
  })();
  assert.ok(!expires.includes(SECRET), expires);
  assert.match(
    messageOf(() =>
      new RefreshTokenAuthorizer(
        "refresh-token-value",
        client,
        untyped({ access_token: SECRET }),
      )
    ),
    /^RefreshTokenAuthorizer: unknown option 'access_token'; did you mean 'accessToken'\?/,
  );
});

test("UserApp.startLogin: Python's auth_params and a misspelled show are refused before any link is shown", async () => {
  const shown: unknown[] = [];
  const app = new UserApp({
    appName: "a",
    clientId: TUTORIAL_CLIENT_ID,
    config: {
      tokenStorage: "memory",
      display: {
        rich: false,
        show: (bundle) => {
          shown.push(bundle);
          return Promise.resolve();
        },
      },
    },
  });
  try {
    const refusal = (options: unknown) =>
      rejection(() => app.startLogin(untyped(options)));
    assert.equal(
      await refusal({ auth_params: { prompt: "login" } }),
      "UserApp.startLogin(): unknown option 'auth_params'; did you mean 'authParams'? Options are camelCase here, not the Python SDK's snake_case.",
    );
    assert.equal(
      await refusal({ shw: false }),
      "UserApp.startLogin(): unknown option 'shw'; did you mean 'show'?",
    );
    assert.match(
      await refusal(false),
      /^UserApp\.startLogin\(\): the options must be an object of named options, not the boolean false, as in app\.startLogin\(\{ show: false \}\)/,
    );
    assert.deepEqual(shown, []);
    // The right names still start a login (the link shown once).
    const pending = await app.startLogin({ show: true });
    assert.match(pending.url, /\/v2\/oauth2\/authorize\?/);
    assert.equal(shown.length, 1);
  } finally {
    await app.close();
  }
});

test("app.login: Python's auth_params, a misspelled force and a bare true are refused before any login starts", async () => {
  const app = new UserApp({
    appName: "a",
    clientId: TUTORIAL_CLIENT_ID,
    config: { tokenStorage: "memory" },
  });
  try {
    const refusal = (options: unknown) =>
      rejection(() => app.login(untyped(options)));
    assert.equal(
      await refusal({ auth_params: { prompt: "login" } }),
      "UserApp.login(): unknown option 'auth_params'; did you mean 'authParams'? Options are camelCase here, not the Python SDK's snake_case.",
    );
    assert.match(await refusal({ forse: true }), /did you mean 'force'\?/);
    assert.match(
      await refusal(true),
      /^UserApp\.login\(\): the options must be an object of named options, not the boolean true.*app\.login\(\{ force: true \}\)/,
    );
    assert.equal(await app.loginRequired(), true);
  } finally {
    await app.close();
  }
});

test("login flow managers refuse the Python SDK's forms at construction: a login client, its keyword arguments, extra arguments, unknown options", () => {
  const login = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
  // It failed only at login, with "Cannot read properties of undefined
  // (reading 'oauth2StartFlow')".
  assert.match(
    messageOf(() => new CommandLineLoginFlowManager(untyped(login))),
    /^new CommandLineLoginFlowManager\(\) takes no login client \(the Python SDK's CommandLineLoginFlowManager\(login_client\) form\).*config: \{ loginFlowManager: new CommandLineLoginFlowManager\(\) \}/,
  );
  assert.match(
    messageOf(() =>
      new LocalServerLoginFlowManager(
        untyped({ request_refresh_tokens: true }),
      )
    ),
    /^new LocalServerLoginFlowManager\(\): unknown option 'request_refresh_tokens': refresh tokens are asked for by the app: UserApp config requestRefreshTokens: true\./,
  );
  assert.match(
    messageOf(() => new NotebookLoginFlowManager(...untyped([{}, 3]))),
    /^new NotebookLoginFlowManager\(\) takes one options object, not 2 arguments/,
  );
  assert.equal(
    messageOf(() =>
      new CommandLineLoginFlowManager(untyped({ maxAttempt: 2 }))
    ),
    "new CommandLineLoginFlowManager(): unknown option 'maxAttempt'; did you mean 'maxAttempts'?",
  );
  // What a user writes still works.
  new CommandLineLoginFlowManager();
  new NotebookLoginFlowManager(undefined);
  new LocalServerLoginFlowManager({ port: 0, timeoutMs: 1000 });
});
