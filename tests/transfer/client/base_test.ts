/**
 * TransferClient's base against a fake fetch: the bearer token and base URL,
 * the app's data_access scopes, and no token in its output.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { recordingApp } from "../../_helpers/recording_app.ts";
import { inspect } from "node:util";
import { fakeFetch, json } from "../../_helpers/fake_fetch.ts";
import { TransferClient } from "../../../src/transfer/transfer_client.ts";
import { TransferAPIError } from "../../../src/core/errors.ts";
import { Scope, TransferScopes } from "../../../src/auth/scopes.ts";
import { EP1, EP2, TASK_ID } from "../_sample.ts";
import { setup, TOKEN } from "./_setup.ts";

test("TransferClient sends the bearer token and uses the production base URL by default", async () => {
  const ff = fakeFetch([json({ value: "abc" })]);
  const tc = new TransferClient({
    authorizer: {
      getAuthorizationHeader: () => Promise.resolve(`Bearer ${TOKEN}`),
    },
    fetch: ff.fetch,
    environment: "production",
  });
  assert.equal(TransferClient.resourceServer, "transfer.api.globus.org");
  assert.equal(
    TransferClient.scopes.all,
    "urn:globus:auth:scope:transfer.api.globus.org:all",
  );
  await tc.getSubmissionId();
  const req = ff.requests[0];
  assert.ok(req);
  assert.equal(req.method, "GET");
  assert.match(req.url, /\/v0\.10\/submission_id$/);
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
});

test("addAppDataAccessScope adds the dependent data_access scope to the app's Transfer requirement", () => {
  const { app, added } = recordingApp();
  const tc = new TransferClient({ app });
  assert.deepEqual(added[0], {
    "transfer.api.globus.org": [
      "urn:globus:auth:scope:transfer.api.globus.org:all",
    ],
  });
  assert.equal(tc.addAppDataAccessScope([EP1, EP2]), tc);
  assert.deepEqual(added[1], {
    "transfer.api.globus.org": [
      `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${EP1}/data_access *https://auth.globus.org/scopes/${EP2}/data_access]`,
    ],
  });
  tc.addAppDataAccessScope(EP1);
  assert.deepEqual(added[2], {
    "transfer.api.globus.org": [
      `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${EP1}/data_access]`,
    ],
  });
  assert.throws(() => tc.addAppDataAccessScope(""), TypeError);
  // The README's placeholder left in: refused here, not at the login.
  const before = added.length;
  assert.throws(
    () => tc.addAppDataAccessScope(["<a mapped collection id>"]),
    {
      name: "TypeError",
      message:
        `Cannot add a data_access scope as each collection id must be a collection's id (a UUID, e.g. "6c54cade-bde5-45c1-bdea-f4bd71dba2cc"): current value is "<a mapped collection id>"`,
    },
  );
  assert.throws(() => tc.addAppDataAccessScope(`${EP1}]`), TypeError);
  assert.equal(added.length, before);
});

test("addAppDataAccessScope without an app throws a clear error", () => {
  const { tc } = setup([]);
  assert.throws(
    () => tc.addAppDataAccessScope(EP1),
    (e: unknown) => e instanceof TypeError && /\{ app \}/.test(e.message),
  );
});

test("addAppScope adds scopes to the app's requirements for Transfer, as Python's add_app_scope", () => {
  const { app, added } = recordingApp();
  const tc = new TransferClient({ app });
  const required =
    `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/${EP1}/data_access]`;
  // A ConsentRequired error's requiredScopes (a list), then one scope.
  assert.equal(tc.addAppScope([required]), tc);
  assert.deepEqual(added[1], { "transfer.api.globus.org": [required] });
  tc.addAppScope(new Scope(TransferScopes.all).withDependency("openid"));
  assert.deepEqual(added[2], {
    "transfer.api.globus.org": [`${TransferScopes.all}[openid]`],
  });
  assert.throws(() => tc.addAppScope([42 as unknown as string]), TypeError);
  assert.throws(
    () => setup([]).tc.addAppScope(TransferScopes.all),
    (e: unknown) =>
      e instanceof TypeError &&
      /has no app: build it with new TransferClient\(\{ app \}\)/.test(
        e.message,
      ),
  );
});

test("a TransferClient can be disposed, as Python's `with TransferClient(…) as tc:`, and still works after", async () => {
  const { tc } = setup([json({ value: "abc" }), json({ value: "def" })]);
  {
    await using inBlock = tc;
    assert.equal((await inBlock.getSubmissionId()).value, "abc");
  }
  tc[Symbol.dispose]();
  tc.close();
  assert.equal((await tc.getSubmissionId()).value, "def");
});

test("the access token never appears in the client's inspect, String or JSON output, or in errors", async () => {
  const { tc } = setup([
    json({ code: "PermissionDenied", message: "no" }, 403),
  ]);
  for (
    const out of [
      inspect(tc, { depth: 10 }),
      String(tc),
      JSON.stringify(tc) ?? "",
    ]
  ) {
    assert.ok(!out.includes(TOKEN));
  }
  const err = await tc.getTask(TASK_ID).catch((e) => e);
  assert.ok(err instanceof TransferAPIError);
  assert.ok(!inspect(err, { depth: 10 }).includes(TOKEN));
  assert.ok(!String(err).includes(TOKEN));
  assert.ok(!JSON.stringify(err).includes(TOKEN));
});
