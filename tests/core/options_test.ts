import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkBaseUrl,
  checkOptions,
  describeNonObject,
  suggestOption,
} from "../../src/core/_options.ts";
import { messageOf } from "../_helpers/argument_errors.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { ClientApp } from "../../src/app/client_app.ts";

/** A string shaped like a Globus access token. */
const TOKEN =
  "AgYj9Vq0mKb3xW7pLr2NdE5sTz8uHc1fQyGa4oJiXvB6nMkR0wSlP3eD7tU9hZ2c";

test("suggestOption maps Python's snake_case, case slips and misspellings to the option", () => {
  const known = ["sourceEndpoint", "destinationEndpoint", "label", "syncLevel"];
  assert.equal(suggestOption("source_endpoint", known), "sourceEndpoint");
  assert.equal(suggestOption("SourceEndpoint", known), "sourceEndpoint");
  assert.equal(suggestOption("sourceEndpiont", known), "sourceEndpoint");
  assert.equal(suggestOption("lable", known), "label");
  assert.equal(suggestOption("sync-level", known), "syncLevel");
  assert.equal(suggestOption("timeout", ["timeoutS", "signal"]), "timeoutS");
  assert.equal(
    suggestOption("polling_interval", ["timeoutS", "pollingIntervalS"]),
    "pollingIntervalS",
  );
  assert.equal(suggestOption("colour", known), undefined);
});

test("an unknown option is a TypeError naming it and the option meant", () => {
  const known = ["sourceEndpoint", "destinationEndpoint", "label"];
  assert.equal(
    messageOf(() =>
      checkOptions("TransferData", { source_endpoint: "x" }, known)
    ),
    "TransferData: unknown option 'source_endpoint'; did you mean 'sourceEndpoint'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    messageOf(() => checkOptions("TransferData", { colour: "red" }, known)),
    "TransferData: unknown option 'colour'. Its options are: sourceEndpoint, destinationEndpoint, label.",
  );
  assert.equal(
    messageOf(() =>
      checkOptions("TransferData", { lable: "x", sourceEndpiont: "y" }, known)
    ),
    "TransferData: unknown options 'lable' (did you mean 'label'?), 'sourceEndpiont' (did you mean 'sourceEndpoint'?).",
  );
  // Known names, undefined values and a left-out object pass.
  checkOptions(
    "TransferData",
    { label: undefined, sourceEndpoint: "x" },
    known,
  );
  checkOptions("TransferData", undefined, known);
  checkOptions("TransferData", Object.create(null), known);
});

test("Python's timeout in seconds gets a note on units", () => {
  assert.match(
    messageOf(() =>
      checkOptions("TransferClient", { timeout: 30 }, ["timeoutMs", "retry"])
    ),
    /unknown option 'timeout'; did you mean 'timeoutMs' \(in milliseconds: the Python SDK's seconds times 1000\)\?/,
  );
});

test("an option that belongs in a nested object says where it goes", () => {
  assert.equal(
    messageOf(() =>
      checkOptions("UserApp", { appName: "a", tokenStorage: "memory" }, [
        "appName",
        "config",
      ], { nested: { config: ["tokenStorage", "environment"] } })
    ),
    "UserApp: unknown option 'tokenStorage'; did you mean 'config: { tokenStorage }'?",
  );
});

test("options that are not an object name what was given and how to write the call", () => {
  assert.equal(
    messageOf(() =>
      checkOptions("TransferClient.operationLs()", "/share/godata/", ["path"], {
        positional: "path",
        example: 'tc.operationLs(id, { path: "/~/" })',
      })
    ),
    'TransferClient.operationLs(): the options must be an object of named options, not a string ("/share/godata/"); write { path: "/share/godata/" }, as in tc.operationLs(id, { path: "/~/" }) (the Python SDK\'s keyword arguments, and its positional ones after the first, are named options here)',
  );
  // A number is no path: no "write { path: 42 }" (it was suggested).
  assert.equal(
    messageOf(() =>
      checkOptions("TransferClient.operationLs()", 42, ["path"], {
        positional: "path",
        example: 'tc.operationLs(id, { path: "/~/" })',
      })
    ),
    'TransferClient.operationLs(): the options must be an object of named options, not the number 42, as in tc.operationLs(id, { path: "/~/" }) (the Python SDK\'s keyword arguments, and its positional ones after the first, are named options here)',
  );
  // Where the positional one is a number (taskWait's timeoutS), it is.
  assert.match(
    messageOf(() =>
      checkOptions("TransferClient.taskWait()", 60, ["timeoutS"], {
        positional: "timeoutS",
      })
    ),
    /not the number 60; write \{ timeoutS: 60 \}/,
  );
  class TransferClient {}
  assert.match(
    messageOf(() =>
      checkOptions("TransferData", new TransferClient(), ["sourceEndpoint"], {
        example: "new TransferData({ sourceEndpoint })",
      })
    ),
    /^TransferData: the options must be an object of named options, not a TransferClient, as in new TransferData\(\{ sourceEndpoint \}\)/,
  );
  assert.match(
    messageOf(() =>
      checkOptions("X", 60, ["timeoutS"], { positional: "timeoutS" })
    ),
    /not the number 60; write \{ timeoutS: 60 \}/,
  );
  assert.match(messageOf(() => checkOptions("X", null, [])), /not null/);
  assert.match(messageOf(() => checkOptions("X", [1], [])), /not an array/);
  assert.match(
    messageOf(() => checkOptions("X", undefined, [], { required: true })),
    /the options must be an object of named options, not left out/,
  );
});

test("option errors never show a token given as a value or a name", () => {
  // A token passed where the options belong (a Python-style positional
  // access_token), with a positional hint.
  const positional = messageOf(() =>
    checkOptions("RefreshTokenAuthorizer", TOKEN, ["accessToken"], {
      positional: "accessToken",
    })
  );
  assert.ok(!positional.includes(TOKEN), positional);
  assert.match(
    positional,
    /not a string \(64 characters\); write \{ accessToken: … \}/,
  );
  // A token used as a key (an object of tokens by value).
  const asKey = messageOf(() =>
    checkOptions("TransferClient", { [TOKEN]: true }, ["authorizer"])
  );
  assert.ok(!asKey.includes(TOKEN), asKey);
  assert.match(asKey, /unknown option \(a 64-character name, not shown\)/);
  // A value under an unknown name is never shown.
  const value = messageOf(() =>
    checkOptions("TransferClient", { access_token: TOKEN }, ["authorizer"])
  );
  assert.ok(!value.includes(TOKEN), value);
  // A base URL that is no URL (a token pasted in the wrong place).
  const url = messageOf(() => checkBaseUrl("TransferClient", TOKEN));
  assert.ok(!url.includes(TOKEN), url);
  assert.match(url, /current value is a string \(64 characters\)/);
});

test("a base URL must be an absolute http(s) URL, and https for Globus", () => {
  checkBaseUrl("TransferClient", undefined);
  checkBaseUrl("TransferClient", "http://127.0.0.1:8000/transfer/");
  checkBaseUrl("TransferClient", "https://transfer.api.globus.org/");
  assert.equal(
    messageOf(() => checkBaseUrl("TransferClient", "transfer/")),
    `TransferClient: 'baseUrl' must be an absolute http(s) URL such as "https://transfer.api.globus.org/" or an emulator's transferUrl/authUrl: current value is "transfer/"`,
  );
  assert.match(
    messageOf(() => checkBaseUrl("AuthClient", "ftp://auth.globus.org/")),
    /must be an absolute http\(s\) URL/,
  );
  assert.equal(
    messageOf(() =>
      checkBaseUrl("TransferClient", "http://transfer.api.globus.org/")
    ),
    "TransferClient: 'baseUrl' http://transfer.api.globus.org uses http://, which would send your token unencrypted; Globus services use https://transfer.api.globus.org/",
  );
});

test("a Python SDK client option that is another option here names it (transport_params, RetryConfig, http_timeout)", () => {
  const made = (options: Record<string, unknown>) =>
    messageOf(() => new TransferClient(options as never));
  assert.equal(
    made({ transport_params: { max_retries: 0 } }),
    "TransferClient: unknown option 'transport_params'; the Python SDK's transport_params are options of their own here: retry: { maxRetries } for max_retries (retry: false for none), timeoutMs for http_timeout (its seconds times 1000); for verify_ssl, see GLOBUS_SDK_VERIFY_SSL in the README.",
  );
  assert.match(
    made({ retryConfig: {} }),
    /^TransferClient: unknown option 'retryConfig'; the Python SDK's RetryConfig is the retry option here: retry: \{ maxRetries, maxBackoffMs, statusCodes, checks \}\.$/,
  );
  assert.equal(
    made({ http_timeout: 30 }),
    "TransferClient: unknown option 'http_timeout'; did you mean 'timeoutMs' (in milliseconds: the Python SDK's seconds times 1000)?",
  );
  // Python's GlobusApp(login_client=…): what to give instead.
  for (const App of [UserApp, ClientApp]) {
    for (const name of ["loginClient", "login_client"]) {
      assert.match(
        messageOf(() =>
          new App(
            {
              appName: "a",
              [name]: {},
              config: { tokenStorage: "memory" },
            } as never,
          )
        ),
        new RegExp(
          `^${App.name}: unknown option '${name}'; the Python SDK's login_client is not taken here: give its clientId \\(and clientSecret.*config\\.authBaseUrl`,
        ),
      );
    }
  }
  // Python SDK 3's AuthClient(client_id=…): where a client id goes.
  for (const name of ["client_id", "clientId"]) {
    assert.equal(
      messageOf(() =>
        new AuthClient({ [name]: "61338d24-54d5-408f-a10d-66c06b59f6d2" })
      ),
      `AuthClient: unknown option '${name}'; a service client takes no client id (Python SDK 3 deprecated AuthClient(client_id=…) and 4 removed it): it calls the API with its authorizer or app, so leave it out; a client id goes to NativeAppAuthClient(clientId), ConfidentialAppAuthClient(clientId, clientSecret) or new UserApp({ appName, clientId }).`,
    );
  }
  // Only where the option it stands for exists.
  assert.equal(
    messageOf(() =>
      checkOptions("TransferData", { max_retries: 1 }, ["label"])
    ),
    "TransferData: unknown option 'max_retries'. Options are camelCase here, not the Python SDK's snake_case. Its options are: label.",
  );
});

test("a 'signal' that is no AbortSignal names the fix, in every call's options", () => {
  const known = ["signal", "path"];
  assert.equal(
    messageOf(() =>
      checkOptions("TransferClient.operationLs()", { signal: true }, known)
    ),
    "TransferClient.operationLs(): 'signal' must be an AbortSignal, not the boolean true; write { signal: controller.signal } (const controller = new AbortController()) or { signal: AbortSignal.timeout(60_000) }",
  );
  assert.equal(
    messageOf(() =>
      checkOptions("TransferClient.taskWait()", {
        signal: new AbortController(),
      }, known)
    ),
    "TransferClient.taskWait(): 'signal' must be an AbortSignal, not an AbortController; give the controller's signal: { signal: controller.signal }",
  );
  assert.match(
    messageOf(() => checkOptions("getTask()", { signal: {} }, known)),
    /^getTask\(\): 'signal' must be an AbortSignal, not an object with no fields; /,
  );
  // An AbortSignal, null and undefined pass; so does a signal the call
  // does not know, reported as unknown rather than by type.
  checkOptions("x()", { signal: new AbortController().signal }, known);
  checkOptions("x()", { signal: AbortSignal.timeout(1000) }, known);
  checkOptions("x()", { signal: null, path: undefined }, known);
  checkOptions("x()", { signal: undefined }, known);
});

test("a 'queryParams' that is no object of names and values says how to write it (a string was sent a character a parameter)", () => {
  const known = ["queryParams"];
  assert.equal(
    messageOf(() => checkOptions("tc.get()", { queryParams: "x=1" }, known)),
    "tc.get(): 'queryParams' must be an object of parameter names and values, such as { queryParams: { limit: 10 } }, not a string (3 characters); for query text write { queryParams: Object.fromEntries(new URLSearchParams(text)) }",
  );
  assert.match(
    messageOf(() =>
      checkOptions("tc.get()", {
        queryParams: new URLSearchParams("x=1"),
      }, known)
    ),
    /not a URLSearchParams; for query text write/,
  );
  assert.match(
    messageOf(() =>
      checkOptions("tc.get()", { queryParams: [["x", "1"]] }, known)
    ),
    /'queryParams' must be an object of parameter names and values, .* not an array$/,
  );
  checkOptions("tc.get()", { queryParams: { x: 1 } }, known);
  checkOptions("tc.get()", { queryParams: null }, known);
});

test("a value described in a message counts one character in the singular, and shows a boolean or number written as text", () => {
  assert.equal(describeNonObject("x"), "a string (1 character)");
  assert.equal(describeNonObject("xy"), "a string (2 characters)");
  assert.equal(describeNonObject("false"), 'a string ("false")');
  assert.equal(describeNonObject("5000"), 'a string ("5000")');
  // A token-like string is still only counted.
  assert.equal(
    describeNonObject(TOKEN),
    `a string (${TOKEN.length} characters)`,
  );
});

test("a base URL given as the emulator or a URL object says which text to give", () => {
  assert.equal(
    messageOf(() =>
      checkBaseUrl("TransferClient", {
        transferUrl: "http://127.0.0.1:1/transfer/",
        authUrl: "http://127.0.0.1:1/auth/",
      })
    ),
    `TransferClient: 'baseUrl' must be an absolute http(s) URL such as "https://transfer.api.globus.org/" or an emulator's transferUrl/authUrl: current value is the emulator, not one of its URLs: give emulator.transferUrl to a TransferClient, emulator.authUrl to an Auth client`,
  );
  const message = messageOf(() =>
    checkBaseUrl("TransferClient", new URL("https://u:SECRET@example.org/"))
  );
  assert.ok(!message.includes("SECRET"), message);
  assert.match(
    message,
    /current value is a URL object: give its text, baseUrl: url\.href$/,
  );
});

test("a base64 client secret that starts with / is not shown as a path in a message (new ConfidentialAppAuthClient(id, secret, secret) showed it)", async () => {
  const { ConfidentialAppAuthClient } = await import(
    "../../src/auth/confidential_client.ts"
  );
  const secret = "/Sekr3tAbCdEfGhIjKlMnOpQrStUvWxYz0123456789=";
  const noPadding = "/Sekr3tAbCdE+GhIjKlMnOpQrStUvWxYz0123456789";
  const mixedPart = "/ab/Sekr3tAbCdEfGhIjKlMnOpQrStUv";
  for (const s of [secret, noPadding, mixedPart]) {
    assert.equal(describeNonObject(s), `a string (${s.length} characters)`);
  }
  assert.throws(
    () =>
      new ConfidentialAppAuthClient(
        "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
        secret,
        secret as never,
      ),
    (err: unknown) => {
      assert.ok(err instanceof TypeError);
      assert.ok(!err.message.includes("Sekr3t"), err.message);
      return true;
    },
  );
  // Paths are still shown.
  for (const p of ["/~/data/file1.txt", "/home/user/Run_2024-12-05/out.csv"]) {
    assert.equal(describeNonObject(p), `a string (${JSON.stringify(p)})`);
  }
});
