/**
 * A client of the user's for another service, written as a port of the
 * Python SDK's `class GroupsClient(BaseClient): service_name = …;
 * resource_server = …; scopes = …; default_scope_requirements = […]`:
 * declared as static fields or as instance fields (which TypeScript refused
 * with TS2610, the base class having accessors), used by the client (its
 * URL, its app's scope requirement and tokens, its error class), and wrong
 * values refused with what to write instead.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BaseClient,
  type BaseClientOptions,
} from "../../src/core/base_client.ts";
import { GlobusAPIError } from "../../src/core/errors.ts";
import { ClientApp } from "../../src/app/client_app.ts";
import { TransferScopes } from "../../src/auth/scopes.ts";
import { Scope } from "../../src/auth/scopes.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { type Emulator, startEmulator } from "../../src/testing/emulator.ts";

class TaskListError extends GlobusAPIError {}

/** Python's class attributes as static fields. */
class StaticClient extends BaseClient {
  static serviceName = "transfer";
  static scopes = TransferScopes;
  static defaultScopeRequirements = [new Scope(TransferScopes.all)];
  static errorClass = TaskListError;
}

/** Python's class attributes as instance fields. */
class FieldClient extends BaseClient {
  static serviceName = "transfer";
  override readonly resourceServer = "transfer.api.globus.org";
  override readonly scopes = TransferScopes;
  override readonly defaultScopeRequirements = [TransferScopes.all];
}

/** A client of a service the SDK has no URL for, by its short name. */
class GroupsClient extends BaseClient {
  static serviceName = "groups";
  static resourceServer = "groups.api.globus.org";
}

function clientApp(emu: Emulator): ClientApp {
  return new ClientApp({
    appName: "custom-client",
    clientId: emu.confidentialClient.clientId,
    clientSecret: emu.confidentialClient.clientSecret,
    config: { tokenStorage: "memory", authBaseUrl: emu.authUrl },
  });
}

test("a client that declares its service as static fields gets its URL, its app's tokens and its error class from them", async () => {
  assert.equal(
    new GroupsClient({ environment: "production" }).baseUrl,
    "https://groups.api.globus.org/",
  );
  assert.equal(
    new GroupsClient({ environment: "sandbox" }).baseUrl,
    "https://groups.api.sandbox.globuscs.info/",
  );
  assert.equal(new GroupsClient().resourceServer, "groups.api.globus.org");
  const emu = await startEmulator();
  try {
    const app = clientApp(emu);
    const client = new StaticClient({ app, baseUrl: emu.transferUrl });
    // The requirement is the app's as soon as the client is made (Python
    // adds it in __init__), with the resource server from `scopes`.
    assert.deepEqual(app.scopeRequirements, {
      "transfer.api.globus.org": [TransferScopes.all],
    });
    assert.equal(client.resourceServer, "transfer.api.globus.org");
    assert.equal(client.scopes, TransferScopes);
    const res = await client.get<{ DATA: unknown[] }>("v0.10/task_list");
    assert.equal(res.httpStatus, 200);
    assert.deepEqual(res.data.DATA, []);
    await assert.rejects(
      client.get("v0.10/task/00000000-0000-0000-0000-000000000000"),
      (e: unknown) => e instanceof TaskListError && e.httpStatus === 404,
    );
  } finally {
    await emu.close();
  }
});

test("a client that declares its resource server and scopes as instance fields uses them from its first request", async () => {
  const emu = await startEmulator();
  try {
    const app = clientApp(emu);
    const client = new FieldClient({ app, baseUrl: emu.transferUrl });
    assert.equal(client.resourceServer, "transfer.api.globus.org");
    assert.equal(client.scopes.all, TransferScopes.all);
    const res = await client.get("v0.10/task_list");
    assert.equal(res.httpStatus, 200);
    assert.deepEqual(app.scopeRequirements, {
      "transfer.api.globus.org": [TransferScopes.all],
    });
  } finally {
    await emu.close();
  }
});

test("a field compiled as an assignment (TypeScript without useDefineForClassFields) is the client's too", () => {
  // tsc with useDefineForClassFields false (or an older target) writes
  // `resourceServer = "…"` as this assignment: it threw "Cannot set
  // property resourceServer of #<AssignedClient> which has only a getter".
  class AssignedClient extends BaseClient {
    static serviceName = "groups";
    constructor(options: BaseClientOptions = {}) {
      super(options);
      Object.assign(this, {
        resourceServer: "groups.api.globus.org",
        defaultScopeRequirements: [
          "urn:globus:auth:scope:groups.api.globus.org:all",
        ],
      });
    }
  }
  const client = new AssignedClient();
  assert.equal(client.resourceServer, "groups.api.globus.org");
  assert.deepEqual(client.defaultScopeRequirements, [
    "urn:globus:auth:scope:groups.api.globus.org:all",
  ]);
});

test("appScopes replaces the class's scopes, as Python's app_scopes", async () => {
  const emu = await startEmulator();
  try {
    const app = clientApp(emu);
    const gcp = "urn:globus:auth:scope:transfer.api.globus.org:gcp_install";
    const client = new StaticClient({
      app,
      baseUrl: emu.transferUrl,
      appScopes: [new Scope(gcp)],
    });
    assert.deepEqual(app.scopeRequirements, {
      "transfer.api.globus.org": [gcp],
    });
    // The class's own stay what they are (Python's default_scope_requirements).
    assert.equal(
      client.defaultScopeRequirements,
      StaticClient.defaultScopeRequirements,
    );
    assert.throws(
      () => new StaticClient({ appScopes: [gcp] }),
      (e: unknown) =>
        e instanceof TypeError &&
        /StaticClient: 'appScopes' was given without an 'app'/.test(e.message),
    );
    // A TransferClient's default is Transfer's all, whatever its appScopes.
    assert.deepEqual(
      new TransferClient({ app, baseUrl: emu.transferUrl, appScopes: gcp })
        .defaultScopeRequirements,
      [TransferScopes.all],
    );
  } finally {
    await emu.close();
  }
});

test("the SDK's clients read their default scope requirements as Python's client.default_scope_requirements", () => {
  assert.deepEqual(new TransferClient().defaultScopeRequirements, [
    TransferScopes.all,
  ]);
  assert.equal(
    new TransferClient().defaultScopeRequirements,
    TransferClient.defaultScopeRequirements,
  );
  assert.equal(
    new AuthClient().defaultScopeRequirements,
    AuthClient.defaultScopeRequirements,
  );
});

test("a wrong declaration is refused with what to write instead", async () => {
  const refused = (make: () => unknown, message: RegExp) =>
    assert.throws(
      make,
      (e: unknown) => e instanceof TypeError && message.test(e.message),
    );
  refused(
    () =>
      new (class UrlClient extends BaseClient {
        static serviceName = "https://groups.api.globus.org/";
      })(),
    /UrlClient\.serviceName must be a Globus service's short name .* static serviceName = "groups".*a URL goes in the baseUrl option/,
  );
  refused(
    () =>
      new (class PythonNamesClient extends BaseClient {
        static service_name = "groups";
      })(),
    /PythonNamesClient\.service_name is Python's name: declare static serviceName = /,
  );
  refused(
    () => new (class NoUrlClient extends BaseClient {})(),
    /Cannot create the NoUrlClient as it has no URL: .*static serviceName = "groups".*or pass the baseUrl option/,
  );
  refused(
    () =>
      new (class TimerClient extends BaseClient {
        static serviceName = "timer";
      })(),
    /pass the service's URL as the baseUrl option/,
  );
  refused(
    () =>
      new (class UrlRsClient extends BaseClient {
        static serviceName = "groups";
        static resourceServer = "https://groups.api.globus.org";
      })(),
    /UrlRsClient\.resourceServer must be the name of the service's resource server.*"groups\.api\.globus\.org"/,
  );
  refused(
    () =>
      new (class StringScopesClient extends BaseClient {
        static serviceName = "groups";
        static scopes = "urn:globus:auth:scope:groups.api.globus.org:all";
      })(),
    /StringScopesClient\.scopes must be an object of the service's scope strings.*defaultScopeRequirements/,
  );
  refused(
    () =>
      new (class OneScopeClient extends BaseClient {
        static serviceName = "groups";
        static defaultScopeRequirements =
          "urn:globus:auth:scope:groups.api.globus.org:all";
      })(),
    /OneScopeClient\.defaultScopeRequirements must be an array .*put the one scope in an array/,
  );
  refused(
    () =>
      new (class BadErrorClient extends BaseClient {
        static serviceName = "groups";
        static errorClass = Error;
      })(),
    /BadErrorClient\.errorClass must be GlobusAPIError or a class that extends it/,
  );
  // With an app: no resource server, or no scopes, says so at the first
  // request (instance fields are set after the base class's constructor).
  const emu = await startEmulator();
  try {
    const app = clientApp(emu);
    const options: BaseClientOptions = { app, baseUrl: emu.transferUrl };
    await assert.rejects(
      new (class NoRsClient extends BaseClient {})(options).get(
        "v0.10/task_list",
      ),
      (e: unknown) =>
        e instanceof TypeError &&
        /NoRsClient has no resource server, so its app cannot get tokens for it.*static resourceServer = /
          .test(e.message),
    );
    await assert.rejects(
      new (class NoScopesClient extends BaseClient {
        override readonly resourceServer = "transfer.api.globus.org";
      })(options).get("v0.10/task_list"),
      (e: unknown) =>
        e instanceof TypeError &&
        /NoScopesClient has no scopes for its app to log in with: .*static defaultScopeRequirements = \["urn:globus:auth:scope:transfer\.api\.globus\.org:all"\]/
          .test(e.message),
    );
    await assert.rejects(
      new (class BadFieldClient extends BaseClient {
        override readonly resourceServer = "transfer.api.globus.org";
        override readonly defaultScopeRequirements = [
          42 as unknown as string,
        ];
      })(options).get("v0.10/task_list"),
      (e: unknown) =>
        e instanceof TypeError &&
        /BadFieldClient's defaultScopeRequirements must be an array of scope strings or Scopes.*: item 0 is the number 42/
          .test(e.message),
    );
    assert.deepEqual(app.scopeRequirements, {});
  } finally {
    await emu.close();
  }
});
