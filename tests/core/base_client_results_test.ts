/**
 * A method's result is the response's body; Python's `r.data` on it is the
 * same body (it read `undefined`, so a ported `r.data["DATA"]` failed with
 * "Cannot read properties of undefined", and `if (r.data)` took the other
 * branch), without changing what the result prints or serializes to.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AuthClient } from "../../src/auth/auth_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

const LS = {
  DATA_TYPE: "file_list",
  path: "/share/godata/",
  endpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
  DATA: [{ DATA_TYPE: "file", name: "file1.txt", type: "file", size: 4 }],
};

for (const validateResponses of [true, false]) {
  test(`a Transfer result's .data is the result itself, as Python's r.data (validateResponses: ${validateResponses})`, async () => {
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer("tok"),
      fetch: fakeFetch([], () => json(LS)).fetch,
      validateResponses,
    });
    const ls = await tc.operationLs(LS.endpoint, "/share/godata/");
    const r = loose(ls);
    assert.equal(r.data, ls);
    assert.equal(r.data["DATA"][0].name, "file1.txt");
    // Not a field of the data: JSON, keys, spreads and printing unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(ls)), LS);
    assert.deepEqual(Object.keys(ls), Object.keys(LS));
    assert.equal("data" in { ...ls }, false);
    assert.ok(!/\bdata\b/.test(inspect(ls)), inspect(ls));
  });
}

for (const validateResponses of [true, false]) {
  test(`a result's http_status is the response's status, as Python's r.http_status (validateResponses: ${validateResponses})`, async () => {
    const submission = {
      DATA_TYPE: "transfer_result",
      code: "Accepted",
      message:
        "The transfer has been accepted and a task has been created and queued for execution",
      request_id: "abc123",
      resource: "/transfer",
      submission_id: "9f3c3a30-0c6e-11ee-9e2b-0242ac110002",
      task_id: "a1b2c3d4-0c6e-11ee-9e2b-0242ac110002",
    };
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer("tok"),
      fetch: fakeFetch([], (req) =>
        new URL(req.url).pathname.endsWith("/ls")
          ? json(LS)
          : json(submission, 202)).fetch,
      validateResponses,
    });
    const ls = loose(await tc.operationLs(LS.endpoint, "/share/godata/"));
    // A ported `if r.http_status == 200:` took the other branch (undefined).
    assert.equal(ls.http_status, 200);
    // The camelCase name a GlobusHTTPResponse, an error and a token
    // response give it read undefined on a typed result.
    assert.equal(ls.httpStatus, 200);
    const task = loose(
      await tc.submitTransfer({
        DATA_TYPE: "transfer",
        submission_id: submission.submission_id,
        source_endpoint: LS.endpoint,
        destination_endpoint: LS.endpoint,
        DATA: [{
          DATA_TYPE: "transfer_item",
          source_path: "/a",
          destination_path: "/b",
        }],
      }),
    );
    assert.equal(task.http_status, 202);
    assert.equal(task.httpStatus, 202);
    // Python's r.get(key, default): "r.get is not a function".
    assert.equal(task.get("code"), "Accepted");
    assert.equal(task.get("label", "no label"), "no label");
    assert.equal(task.get("label"), undefined);
    // Not a field of the data: JSON, keys, spreads and printing unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(task)), submission);
    assert.deepEqual(Object.keys(task), Object.keys(submission));
    assert.equal("http_status" in { ...task }, false);
    assert.equal("httpStatus" in { ...task }, false);
    assert.equal("get" in { ...task }, false);
    assert.ok(!/http_?status|get/i.test(inspect(task)), inspect(task));
  });
}

for (const validateResponses of [true, false]) {
  test(`a result has Python's headers, http_reason, content_type and text, each also by its camelCase name (validateResponses: ${validateResponses})`, async () => {
    const tc = new TransferClient({
      authorizer: new AccessTokenAuthorizer("tok"),
      fetch: fakeFetch([], () =>
        json(LS, 200, {
          "x-ratelimit-remaining": "41",
          "content-type": "application/json; charset=utf-8",
        })).fetch,
      validateResponses,
    });
    const ls = loose(await tc.operationLs(LS.endpoint, "/share/godata/"));
    // A ported `r.headers["X-RateLimit-Remaining"]` failed with "Cannot
    // read properties of undefined", and `print(r.text)` printed undefined.
    assert.ok(ls.headers instanceof Headers);
    assert.equal(ls.headers.get("X-RateLimit-Remaining"), "41");
    assert.equal(ls.headers["X-RateLimit-Remaining"], "41");
    assert.equal(ls.headers, ls.headers, "the same Headers on every read");
    assert.equal(ls.http_reason, "OK");
    assert.equal(ls.httpReason, "OK");
    assert.equal(ls.content_type, "application/json; charset=utf-8");
    assert.equal(ls.contentType, "application/json; charset=utf-8");
    assert.deepEqual(JSON.parse(ls.text), LS);
    // Not fields of the data: JSON, keys, spreads and printing unchanged.
    assert.deepEqual(JSON.parse(JSON.stringify(ls)), LS);
    assert.deepEqual(Object.keys(ls), Object.keys(LS));
    for (const name of ["headers", "http_reason", "content_type", "text"]) {
      assert.equal(name in { ...ls }, false, name);
    }
    assert.ok(
      !/headers|reason|content_?type|text/i.test(inspect(ls)),
      inspect(ls),
    );
  });
}

test("a 202 result's http_reason is Accepted", async () => {
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () => json({ ...LS }, 202)).fetch,
  });
  const ls = loose(await tc.operationLs(LS.endpoint, "/share/godata/"));
  assert.equal(ls.http_reason, "Accepted");
  assert.equal(ls.httpReason, "Accepted");
});

test("a body with an http_status (or httpStatus) field of its own keeps it", async () => {
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch(
      [],
      () => json({ ...LS, http_status: "mine", httpStatus: "also mine" }),
    ).fetch,
    validateResponses: false,
  });
  const ls = loose(await tc.operationLs(LS.endpoint, "/share/godata/"));
  assert.equal(ls.http_status, "mine");
  assert.equal(ls.httpStatus, "also mine");
  const own = loose(
    await new TransferClient({
      authorizer: new AccessTokenAuthorizer("tok"),
      fetch: fakeFetch([], () => json({ ...LS, headers: 1, text: "t" })).fetch,
      validateResponses: false,
    }).operationLs(LS.endpoint, "/share/godata/"),
  );
  assert.equal(own.headers, 1);
  assert.equal(own.text, "t");
  assert.equal(own.http_reason, "OK");
});

test("an Auth result's .data is the result itself; a body with a data field of its own keeps it", async () => {
  const auth = new AuthClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () =>
      json({
        sub: "3b2c6f4e-8a1d-4c5e-9f70-5d2e1a0b9c84",
        preferred_username: "demo@globus-emulator.org",
      })).fetch,
  });
  const info = await auth.userinfo();
  assert.equal(loose(info).data.preferred_username, "demo@globus-emulator.org");

  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () =>
      json({
        data: { type: "Tunnel", id: "t1", attributes: { state: "ACTIVE" } },
        meta: { request_id: "r1" },
      })).fetch,
    validateResponses: false,
  });
  const tunnel = await tc.getTunnel("t1");
  assert.equal(loose(tunnel).data.id, "t1");
});

test("a client given something other than an app as 'app' says what to pass (it failed with options.app.addScopeRequirements is not a function)", () => {
  for (
    const [value, what] of [
      [
        "my-notebook",
        "a string (11 characters); an app's name goes in the app",
      ],
      [
        {},
        "an object with no fields; make the app first and give it to the client",
      ],
      [
        new AccessTokenAuthorizer("tok"),
        "an AccessTokenAuthorizer; make the app first and give it to the client",
      ],
    ] as const
  ) {
    assert.throws(
      () => new TransferClient({ app: loose(value) }),
      (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.equal(
          e.message,
          `TransferClient: 'app' must be an app (a UserApp, a ClientApp, or a ServiceApp: getAuthorizer() and addScopeRequirements()), not ${what}: const app = new UserApp({ appName: "my-app", clientId }); new TransferClient({ app })`,
        );
        return true;
      },
    );
  }
});

test("a result has Python's dict views: r.data.items(), r.data.keys(), r.data.values() (they were 'not a function'); a body's own field of one of these names keeps it", async () => {
  const EP = {
    DATA_TYPE: "endpoint",
    id: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
    display_name: "Globus Tutorial Collection 1",
  };
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], (req) =>
      new URL(req.url).pathname.endsWith("/ls")
        ? json({ ...LS, items: ["own"] })
        : json(EP)).fetch,
  });
  const ep = loose(await tc.getEndpoint(EP.id));
  assert.deepEqual(ep.data.items(), Object.entries(EP));
  assert.deepEqual(ep.items(), Object.entries(EP));
  assert.deepEqual(ep.data.keys(), Object.keys(EP));
  assert.deepEqual(ep.values(), Object.values(EP));
  const seen: string[] = [];
  for (const [k, v] of ep.data.items()) seen.push(`${k}=${v}`);
  assert.deepEqual(seen, [
    "DATA_TYPE=endpoint",
    `id=${EP.id}`,
    "display_name=Globus Tutorial Collection 1",
  ]);
  // Not fields: JSON, keys, spreads and printing unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(ep)), EP);
  assert.deepEqual(Object.keys(ep), Object.keys(EP));
  assert.equal("items" in { ...ep }, false);
  assert.ok(!/items|keys|values/.test(inspect(ep)), inspect(ep));
  // A body's own field of that name stays the field.
  const ls = loose(await tc.operationLs(LS.endpoint, "/share/godata/"));
  assert.deepEqual(ls.items, ["own"]);
  assert.deepEqual(ls.keys(), [...Object.keys(LS), "items"]);
});

test("for await over a list result's items()/keys()/values() (a paginator's .items() habit) throws a hint; it walked the document's [key, value] pairs without a word", async () => {
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () => json(LS)).fetch,
  });
  const ls = loose(await tc.operationLs(LS.endpoint, "/share/godata/"));
  for (const view of ["items", "keys", "values"] as const) {
    await assert.rejects(
      async () => {
        for await (const _ of ls[view]()) {
          // never reached
        }
      },
      (e: unknown) =>
        e instanceof TypeError &&
        e.message.includes(`r.${view}() with for await`) &&
        e.message.includes("walk the result itself: for (const x of r)"),
    );
  }
  // Python's `for k, v in r.data.items()` still walks the fields.
  const keys: string[] = [];
  for (const [k] of ls.data.items()) keys.push(k);
  assert.deepEqual(keys, Object.keys(LS));
  assert.deepEqual(ls.values(), Object.values(LS));
});
