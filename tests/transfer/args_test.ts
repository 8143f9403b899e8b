/**
 * An id argument given a whole object: a method's result says which of its
 * fields is the id (tc.taskWait(r) after const r = await
 * tc.submitTransfer(tdata)), and a token record or token response body
 * (whose JSON holds the tokens) is quoted with its tokens redacted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { AccessTokenAuthorizer } from "../../src/authorizers/access_token.ts";
import { OAuthTokenResponse } from "../../src/auth/token_response.ts";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";

// deno-lint-ignore no-explicit-any
const loose = (x: unknown): any => x;

const TASK = "0a3f2c4e-1b2d-4e5f-8a9b-0c1d2e3f4a5b";

/**
 * A client whose every answer is an empty list, and its fake fetch (to
 * check that nothing was sent).
 */
function emptyListClient() {
  const fake = fakeFetch([], () => json({ DATA: [] }));
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fake.fetch,
    retry: false,
  });
  return { tc, fake };
}

function client(): TransferClient {
  return new TransferClient({
    authorizer: new AccessTokenAuthorizer("tok"),
    fetch: fakeFetch([], () =>
      json({
        DATA_TYPE: "transfer_result",
        code: "Accepted",
        message:
          "The transfer has been accepted and a task has been created and queued for execution",
        request_id: "r1",
        resource: "/transfer",
        submission_id: "s1",
        task_id: TASK,
        task_link: { DATA_TYPE: "link", href: `task/${TASK}?format=json` },
      })).fetch,
  });
}

async function rejected(call: () => Promise<unknown>): Promise<string> {
  const err = await call().then(() => assert.fail("no error"), (e) => e);
  assert.ok(err instanceof TypeError, String(err));
  return err.message;
}

test("a result passed where its id belongs says which field is the id", async () => {
  const tc = client();
  const r = await tc.post("v0.10/transfer", { data: {} });
  const result = r.data as Record<string, unknown>;
  for (
    const call of [
      () => tc.taskWait(loose(result), { progress: false }),
      () => tc.getTask(loose(result)),
      () => tc.cancelTask(loose(result)),
    ]
  ) {
    assert.match(
      await rejected(call),
      /must be a non-empty id: current value is \{"DATA_TYPE":"transfer_result".*\(\d+ characters\): a whole result; pass its task_id instead \(r\.task_id, where r is that result\)$/,
    );
  }
  assert.match(
    await rejected(() =>
      tc.operationLs(loose({ DATA_TYPE: "endpoint", id: "ep1" }), "/")
    ),
    /'endpointId' must be a non-empty id: current value is \{"DATA_TYPE":"endpoint","id":"ep1"\}: a whole result; pass its id instead \(r\.id, where r is that result\)$/,
  );
});

test("a token record or token body given as an id is quoted without its tokens", async () => {
  const tc = client();
  const body = {
    access_token: "at-SECRET-0123456789",
    scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
    expires_in: 172800,
    token_type: "Bearer",
    resource_server: "transfer.api.globus.org",
    refresh_token: "rt-SECRET-0123456789",
    other_tokens: [],
  };
  const record = new OAuthTokenResponse(body).byResourceServer[
    "transfer.api.globus.org"
  ];
  for (const value of [body, record]) {
    const message = await rejected(() => tc.getTask(loose(value)));
    assert.ok(!message.includes("SECRET"), message);
    assert.match(message, /current value is \{"access_token":"\[REDACTED\]"/);
  }
});

test("an orderby that is no string or list is refused when the call is made, not sent as its text", async () => {
  const { tc, fake } = emptyListClient();
  assert.equal(
    await rejected(() =>
      tc.operationLs(TASK, loose({ path: "/~/", orderby: 5 }))
    ),
    "Cannot call TransferClient.operationLs() as 'orderby' must be a string such as \"name ASC\" or a list of them (or left out): current value is 5",
  );
  // A paginated call checks it at the call, not on the first page.
  assert.throws(
    () => tc.taskList(loose({ orderby: { request_time: "desc" } })),
    {
      name: "TypeError",
      message:
        'Cannot call TransferClient.taskList() as \'orderby\' must be a string such as "name ASC" or a list of them (or left out): current value is {"request_time":"desc"}; write orderby: "request_time DESC"',
    },
  );
  assert.equal(fake.requests.length, 0);
  await tc.taskList({ orderby: ["request_time DESC", "label"] }).toArray();
  assert.equal(
    new URL(fake.requests[0]!.url).searchParams.getAll("orderby").join(","),
    "request_time DESC,label",
  );
});

test("a Promise given to submitTransfer()/submitDelete() says to await it (it read as a document without fields)", async () => {
  const tc = client();
  for (
    const [submit, name] of [[tc.submitTransfer, "submitTransfer"], [
      tc.submitDelete,
      "submitDelete",
    ]] as const
  ) {
    const message = await rejected(() =>
      submit.call(tc, loose(Promise.resolve({})))
    );
    assert.match(
      message,
      new RegExp(
        `^Cannot submit the document as it must be a (TransferData|DeleteData) or a plain (transfer|delete) document: current value is a Promise \\(a call not awaited\\); write await before the call that made it: ${name}\\(await …\\)$`,
      ),
    );
  }
});

test("updateTask's label and a paged call's maxResults of the wrong type are refused before anything is sent", async () => {
  const { tc, fake } = emptyListClient();
  assert.equal(
    await rejected(() => tc.updateTask(TASK, loose({ label: 5 }))),
    "Cannot call TransferClient.updateTask() as 'label' must be a string (or left out): current value is the number 5",
  );
  assert.throws(() => tc.taskList(loose({ maxResults: "5" })), {
    name: "TypeError",
    message:
      `Cannot page through results as 'maxResults' must be a whole number of items, at least 0 (or left out for every item): current value is the string "5"; write maxResults: Number(…)`,
  });
  assert.equal(fake.requests.length, 0);
});

test("endpointSearch's filters and a task filter's value of the wrong type are refused, not sent as their text", () => {
  const { tc, fake } = emptyListClient();
  assert.throws(
    () =>
      tc.endpointSearch("tutorial", loose({ filterNonFunctional: "false" })),
    {
      name: "TypeError",
      message:
        `Cannot call TransferClient.endpointSearch() as 'filterNonFunctional' must be true or false (or left out): current value is the string "false"; write filterNonFunctional: false, without quotes`,
    },
  );
  assert.throws(
    () => tc.endpointSearch("tutorial", loose({ filterScope: ["all"] })),
    /'filterScope' must be a string \(or left out\): current value is an array/,
  );
  assert.throws(
    () => tc.taskList(loose({ filter: { status: { x: 1 } } })),
    {
      name: "TypeError",
      message:
        `Cannot send the filter as the value of 'status' must be a string, a number, a Date or a list of them: current value is {"x":1}`,
    },
  );
  assert.equal(fake.requests.length, 0);
});

test("null (Python's None, the default) for endpointSearch's filters or a task list's orderby is left out, as before their type checks", async () => {
  const { tc, fake } = emptyListClient();
  await tc.endpointSearch(
    "tutorial",
    loose({
      filterNonFunctional: null,
      filterScope: null,
      filterOwnerId: null,
      filterHostEndpoint: null,
      filterEntityType: null,
    }),
  ).toArray();
  await tc.taskList(loose({ orderby: null })).toArray();
  const [search, tasks] = fake.requests.map((r) => new URL(r.url));
  assert.deepEqual(
    [...search!.searchParams.keys()].filter((k) => k.startsWith("filter")),
    ["filter_fulltext"],
  );
  assert.equal(tasks!.searchParams.has("orderby"), false);
});

test("endpointSearch's filterFulltext: null is left out, as Python's filter_fulltext=None (it was refused as no string)", async () => {
  const { tc, fake } = emptyListClient();
  await tc.endpointSearch(loose({ filterFulltext: null, filterScope: "all" }))
    .toArray();
  const search = new URL(fake.requests[0]!.url);
  assert.equal(search.searchParams.has("filter_fulltext"), false);
  assert.equal(search.searchParams.get("filter_scope"), "all");
  assert.throws(() => tc.endpointSearch(loose({ filterFulltext: 5 })), {
    name: "TypeError",
    message:
      "Cannot call TransferClient.endpointSearch() as 'filterFulltext' must be a string (or left out): current value is the number 5",
  });
});
