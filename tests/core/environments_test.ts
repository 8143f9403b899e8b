import { test } from "node:test";
import assert from "node:assert/strict";
import {
  defaultTimeoutMs,
  ENVIRONMENTS,
  resolveEnvironment,
  serviceUrl,
} from "../../src/core/environments.ts";
import { withEnv } from "../_helpers/with_env.ts";

const CLEAR = {
  GLOBUS_SDK_ENVIRONMENT: undefined,
  GLOBUS_SDK_SERVICE_URL_AUTH: undefined,
  GLOBUS_SDK_SERVICE_URL_TRANSFER: undefined,
  GLOBUS_SDK_HTTP_TIMEOUT: undefined,
};

test("service URLs for every environment", () => {
  withEnv(CLEAR, () => {
    assert.deepEqual(ENVIRONMENTS, [
      "production",
      "sandbox",
      "preview",
      "test",
      "integration",
      "staging",
    ]);
    assert.equal(serviceUrl("auth"), "https://auth.globus.org/");
    assert.equal(serviceUrl("transfer"), "https://transfer.api.globus.org/");
    // As the Python SDK's EnvConfig: preview is under globus.org, Globus's
    // internal environments under globuscs.info.
    assert.equal(
      serviceUrl("auth", "preview"),
      "https://auth.preview.globus.org/",
    );
    assert.equal(
      serviceUrl("transfer", "preview"),
      "https://transfer.api.preview.globus.org/",
    );
    for (const env of ["sandbox", "test", "integration", "staging"]) {
      assert.equal(
        serviceUrl("auth", env),
        `https://auth.${env}.globuscs.info/`,
      );
      assert.equal(
        serviceUrl("transfer", env),
        `https://transfer.api.${env}.globuscs.info/`,
      );
    }
  });
});

test("GLOBUS_SDK_ENVIRONMENT picks the environment", () => {
  withEnv({ ...CLEAR, GLOBUS_SDK_ENVIRONMENT: "sandbox" }, () => {
    assert.equal(resolveEnvironment(), "sandbox");
    assert.equal(
      serviceUrl("transfer"),
      "https://transfer.api.sandbox.globuscs.info/",
    );
    assert.equal(resolveEnvironment("preview"), "preview");
  });
  withEnv({ ...CLEAR, GLOBUS_SDK_ENVIRONMENT: " " }, () => {
    assert.equal(resolveEnvironment(), "production");
  });
});

test("an unknown environment name works where its service URLs are given, as in the Python SDK", () => {
  withEnv({
    ...CLEAR,
    GLOBUS_SDK_ENVIRONMENT: "emulator",
    GLOBUS_SDK_SERVICE_URL_AUTH: "http://127.0.0.1:8000/auth/",
    GLOBUS_SDK_SERVICE_URL_TRANSFER: "http://127.0.0.1:8000/transfer/",
  }, () => {
    assert.equal(resolveEnvironment(), "emulator");
    assert.equal(serviceUrl("auth"), "http://127.0.0.1:8000/auth/");
    assert.equal(serviceUrl("transfer"), "http://127.0.0.1:8000/transfer/");
  });
});

test("an unknown environment without a service's URL names the missing variable and the known names", () => {
  withEnv({
    ...CLEAR,
    GLOBUS_SDK_ENVIRONMENT: "emulator",
    GLOBUS_SDK_SERVICE_URL_AUTH: "http://127.0.0.1:8000/auth/",
  }, () => {
    // Per service: auth has its URL, transfer has none.
    assert.equal(serviceUrl("auth"), "http://127.0.0.1:8000/auth/");
    assert.throws(
      () => serviceUrl("transfer"),
      (err: unknown) => {
        assert.ok(err instanceof RangeError);
        assert.equal(
          err.message,
          "Unknown Globus environment 'emulator': set GLOBUS_SDK_SERVICE_URL_TRANSFER to the transfer service's URL (or give the client its baseUrl; an app, config.authBaseUrl), or use one of production, sandbox, preview, test, integration, staging (from the environment option or GLOBUS_SDK_ENVIRONMENT)",
        );
        return true;
      },
    );
  });
  withEnv(CLEAR, () => {
    assert.equal(resolveEnvironment("prod"), "prod");
    assert.throws(
      () => serviceUrl("auth", "prod"),
      /Unknown Globus environment 'prod' \(did you mean 'production'\?\): set GLOBUS_SDK_SERVICE_URL_AUTH to the auth service's URL \(or give the client its baseUrl; an app, config.authBaseUrl\), or use one of production, sandbox/,
    );
  });
});

test("an environment name that cannot be part of a file name is refused", () => {
  for (const bad of ["", "my env", "../x", "a/b"]) {
    assert.throws(
      () => resolveEnvironment(bad),
      /Unknown Globus environment '.*': use one of production, sandbox, preview, test, integration, staging, or a name of letters, digits, '-', '_' and '\.'/,
      bad,
    );
  }
});

test("GLOBUS_SDK_SERVICE_URL_* wins over the environment and gains a trailing slash", () => {
  withEnv({
    ...CLEAR,
    GLOBUS_SDK_ENVIRONMENT: "sandbox",
    GLOBUS_SDK_SERVICE_URL_AUTH: "http://127.0.0.1:8000/auth",
    GLOBUS_SDK_SERVICE_URL_TRANSFER: "http://127.0.0.1:8000/transfer/",
  }, () => {
    assert.equal(serviceUrl("auth"), "http://127.0.0.1:8000/auth/");
    assert.equal(serviceUrl("transfer"), "http://127.0.0.1:8000/transfer/");
  });
  withEnv({ ...CLEAR, GLOBUS_SDK_SERVICE_URL_AUTH: "not a url" }, () => {
    assert.throws(
      () => serviceUrl("auth"),
      /GLOBUS_SDK_SERVICE_URL_AUTH must be an absolute URL: current value is 'not a url'/,
    );
  });
});

test("GLOBUS_SDK_SERVICE_URL_* is trimmed (a CR from a CRLF .env file made every request a 404), and a scheme other than http(s) is refused at once", () => {
  withEnv({
    ...CLEAR,
    GLOBUS_SDK_SERVICE_URL_TRANSFER: "http://127.0.0.1:8000/transfer/\r",
    GLOBUS_SDK_SERVICE_URL_AUTH: " http://127.0.0.1:8000/auth ",
  }, () => {
    assert.equal(serviceUrl("transfer"), "http://127.0.0.1:8000/transfer/");
    assert.equal(serviceUrl("auth"), "http://127.0.0.1:8000/auth/");
  });
  withEnv({
    ...CLEAR,
    GLOBUS_SDK_SERVICE_URL_TRANSFER: "ftp://127.0.0.1:8000/transfer/",
  }, () => {
    assert.throws(() => serviceUrl("transfer"), {
      name: "TypeError",
      message:
        "GLOBUS_SDK_SERVICE_URL_TRANSFER must be an http:// or https:// URL: current value is 'ftp://127.0.0.1:8000/transfer/'",
    });
  });
});

test("GLOBUS_SDK_HTTP_TIMEOUT sets the default timeout", () => {
  withEnv(CLEAR, () => assert.equal(defaultTimeoutMs(), 60_000));
  withEnv(
    { GLOBUS_SDK_HTTP_TIMEOUT: "2.5" },
    () => assert.equal(defaultTimeoutMs(), 2500),
  );
  withEnv(
    { GLOBUS_SDK_HTTP_TIMEOUT: "-1" },
    () => assert.equal(defaultTimeoutMs(), Infinity),
  );
  withEnv(
    { GLOBUS_SDK_HTTP_TIMEOUT: "soon" },
    () =>
      assert.throws(
        () => defaultTimeoutMs(),
        /GLOBUS_SDK_HTTP_TIMEOUT must be a number of seconds: current value is 'soon'/,
      ),
  );
});
