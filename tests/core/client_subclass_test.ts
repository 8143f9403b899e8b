/**
 * Client classes of the user's, as ports of Python's: a subclass of one of
 * the SDK's clients declaring Python's class attributes
 * (`class MyTransferClient(TransferClient): default_scope_requirements =
 * […]`), which the SDK's clients ignored; the option names of a custom
 * client (`class GroupsClient extends BaseClient`), which were not checked;
 * and the type of `client.scopes`, which was `unknown`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  BaseClient,
  type BaseClientOptions,
  type ScopeCollection,
} from "../../src/core/base_client.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { UserApp } from "../../src/app/user_app.ts";
import { AuthScopes, TransferScopes } from "../../src/auth/scopes.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { TUTORIAL_CLIENT_ID } from "../../src/auth/constants.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

const DATA_ACCESS =
  `${TransferScopes.all}[*https://auth.globus.org/scopes/6c54cade-bde5-45c1-bdea-f4bd71dba2cc/data_access]`;

function app(): UserApp {
  return new UserApp({
    appName: "subclass",
    clientId: TUTORIAL_CLIENT_ID,
    config: { tokenStorage: "memory" },
  });
}

class GroupsClient extends BaseClient {
  static serviceName = "groups";
  static resourceServer = "groups.api.globus.org";
  static defaultScopeRequirements = [
    "urn:globus:auth:scope:groups.api.globus.org:all",
  ];
}

test("a TransferClient or AuthClient subclass's static defaultScopeRequirements is what its app logs in with, as Python's default_scope_requirements (it was ignored); the appScopes option still wins", async () => {
  class DataTransferClient extends TransferClient {
    static override defaultScopeRequirements = [DATA_ACCESS];
  }
  class OpenIdClient extends AuthClient {
    static override defaultScopeRequirements = [AuthScopes.email];
  }
  const a = app();
  try {
    const tc = new DataTransferClient({ app: a });
    assert.deepEqual(a.scopeRequirements["transfer.api.globus.org"], [
      DATA_ACCESS,
    ]);
    assert.deepEqual(tc.defaultScopeRequirements, [DATA_ACCESS]);
    new OpenIdClient({ app: a });
    assert.ok(
      !a.scopeRequirements["auth.globus.org"]?.includes(AuthScopes.profile),
      JSON.stringify(a.scopeRequirements),
    );
    assert.ok(
      a.scopeRequirements["auth.globus.org"]?.includes(AuthScopes.email),
    );
  } finally {
    await a.close();
  }
  const b = app();
  try {
    new DataTransferClient({ app: b, appScopes: [TransferScopes.all] });
    assert.deepEqual(b.scopeRequirements["transfer.api.globus.org"], [
      TransferScopes.all,
    ]);
  } finally {
    await b.close();
  }
});

test("a TransferClient subclass's other class attributes count too: errorClass makes its errors, scopes is what tc.scopes reads, and Python's snake_case names are refused", async () => {
  class MyTransferError extends TransferAPIError {}
  const MyScopes = Object.freeze({
    resourceServer: "transfer.api.globus.org",
    all: TransferScopes.all,
    gcpInstall: TransferScopes.gcpInstall,
  });
  class MyTransferClient extends TransferClient {
    static errorClass = MyTransferError;
    static override scopes = MyScopes;
  }
  const tc = new MyTransferClient({
    fetch: () =>
      Promise.resolve(
        Response.json({ code: "ClientError.NotFound", message: "no" }, {
          status: 404,
        }),
      ),
    retry: false,
  });
  assert.equal(tc.scopes, MyScopes);
  const err = await tc.getTask("a1b2").then(
    () => assert.fail("no error"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof MyTransferError, String(err));
  class Snake extends TransferClient {
    static default_scope_requirements = [DATA_ACCESS];
  }
  assert.throws(
    () => new Snake(),
    /Snake\.default_scope_requirements is Python's name: declare static defaultScopeRequirements = …/,
  );
  class BadError extends TransferClient {
    static errorClass = Error;
  }
  assert.throws(
    () => new BadError(),
    /BadError\.errorClass must be GlobusAPIError or a class that extends it/,
  );
});

test("a custom client's option names are checked as the SDK's clients' are: a misspelling or Python's transport_params throws (they were ignored); a subclass's own options taken out before super() pass", () => {
  assert.throws(
    // @ts-expect-error: misspelled
    () => new GroupsClient({ appp: {} }),
    /^TypeError: GroupsClient: unknown option 'appp'; did you mean 'app'\?$/,
  );
  assert.throws(
    // @ts-expect-error: Python's name
    () => new GroupsClient({ transport_params: { max_retries: 1 } }),
    /GroupsClient: unknown option 'transport_params'; the Python SDK's transport_params are options of their own here: retry: \{ maxRetries \}/,
  );
  assert.throws(
    () => new GroupsClient({ base_url: "https://example.org/" } as never),
    /GroupsClient: unknown option 'base_url'; did you mean 'baseUrl'\?/,
  );
  // A subclass of a TransferClient too.
  class MyTransferClient extends TransferClient {}
  assert.throws(
    // @ts-expect-error: misspelled
    () => new MyTransferClient({ authorzer: null }),
    /MyTransferClient: unknown option 'authorzer'; did you mean 'authorizer'\?/,
  );
  // Its own options: taken out, they pass; passed on, the error says how.
  class PagedGroups extends GroupsClient {
    readonly pageSize: number;
    constructor(
      { pageSize, ...options }: BaseClientOptions & { pageSize: number },
    ) {
      super(options);
      this.pageSize = pageSize;
    }
  }
  assert.equal(new PagedGroups({ pageSize: 5 }).pageSize, 5);
  class LeakyGroups extends GroupsClient {
    constructor(options: BaseClientOptions & { pageSize: number }) {
      super(options);
    }
  }
  assert.throws(
    () => new LeakyGroups({ pageSize: 5 }),
    /LeakyGroups: unknown option 'pageSize'.* An option of LeakyGroups's own must not reach super\(\): take it out first, e\.g\. constructor\(\{ myOption, \.\.\.options \}\) \{ super\(options\); \}/,
  );
  // The options form's own option.
  assert.throws(
    () => new GroupsClient({ appScopes: ["x"] }),
    /'appScopes' was given without an 'app'/,
  );
});

test("client.scopes is typed as a scope collection (Python's ScopeCollection | None), not unknown: its resourceServer reads as a string, and a declared type gives the class's own", () => {
  const GroupsScopes = Object.freeze({
    resourceServer: "groups.api.globus.org",
    all: "urn:globus:auth:scope:groups.api.globus.org:all",
  });
  class ScopedGroups extends BaseClient {
    static serviceName = "groups";
    static scopes = GroupsScopes;
    declare readonly scopes: typeof GroupsScopes;
  }
  const plain = new GroupsClient();
  // Each of these was a type error with `unknown`.
  const none: string | undefined = plain.scopes?.resourceServer;
  assert.equal(none, undefined);
  const sc = new ScopedGroups();
  const all: string = sc.scopes.all;
  assert.equal(all, GroupsScopes.all);
  assert.equal(sc.resourceServer, "groups.api.globus.org");
  const tc = new TransferClient();
  const collection: ScopeCollection | undefined = tc.scopes;
  assert.equal(collection?.resourceServer, "transfer.api.globus.org");
});

test("a TransferClient subclass declaring its requirement as an instance field (set after the client added its class's scopes to the app) is refused on its first request, naming the static form (the app logged in without it, silently)", async () => {
  class FieldTransferClient extends TransferClient {
    override readonly defaultScopeRequirements = [DATA_ACCESS];
  }
  class SameTransferClient extends TransferClient {
    override readonly defaultScopeRequirements = [TransferScopes.all];
  }
  let sent = 0;
  const fetch = () => {
    sent++;
    return Promise.resolve(
      Response.json({ code: "NotFound" }, { status: 404 }),
    );
  };
  const a = app();
  try {
    const tc = new FieldTransferClient({ app: a, fetch, retry: false });
    const err = await tc.getTask("a1b2").then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof TypeError, String(err));
    assert.match(
      err.message,
      /^FieldTransferClient declares defaultScopeRequirements as an instance field, which is set after the client added its class's scopes to its app, so the app would log in without it: declare it on the class, as Python's class attribute: static override defaultScopeRequirements = …$/,
    );
    assert.equal(sent, 0);
    // The same scopes as the class's: nothing is lost, nothing said (the
    // request goes on to the login, refused here: no tokens, no flow).
    const quiet = new UserApp({
      appName: "subclass",
      clientId: TUTORIAL_CLIENT_ID,
      config: { tokenStorage: "memory", tokenValidationErrorHandler: null },
    });
    const same = new SameTransferClient({ app: quiet, fetch, retry: false });
    const other = await same.getTask("a1b2").then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(!(other instanceof TypeError), String(other));
    await quiet.close();
  } finally {
    await a.close();
  }
});

test("appScopes given to a subclass that declares defaultScopeRequirements as an instance field is what the app logs in with: nothing is refused (appScopes replaces the class's scopes, as Python's app_scopes)", async () => {
  class FieldTransferClient extends TransferClient {
    override readonly defaultScopeRequirements = [DATA_ACCESS];
  }
  const fetch = () =>
    Promise.resolve(Response.json({ code: "NotFound" }, { status: 404 }));
  const a = new UserApp({
    appName: "subclass",
    clientId: TUTORIAL_CLIENT_ID,
    config: { tokenStorage: "memory", tokenValidationErrorHandler: null },
  });
  try {
    const tc = new FieldTransferClient({
      app: a,
      appScopes: [TransferScopes.all],
      fetch,
      retry: false,
    });
    assert.deepEqual(a.scopeRequirements["transfer.api.globus.org"], [
      TransferScopes.all,
    ]);
    // The request goes on to the login (refused here: no tokens, no flow).
    const err = await tc.getTask("a1b2").then(
      () => assert.fail("no error"),
      (e: unknown) => e,
    );
    assert.ok(!(err instanceof TypeError), String(err));
  } finally {
    await a.close();
  }
});
