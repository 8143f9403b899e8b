import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AccessTokenAuthorizer,
  AuthClient,
  CreateTunnelData,
  DeleteData,
  experimental,
  TransferAPIError,
  TransferClient,
  TransferData,
  UserApp,
} from "../../mod.ts";
import { EP1, EP2, TASK_ID } from "./_sample.ts";
import { messageOf, rejection, untyped } from "../_helpers/argument_errors.ts";

// Mistakes a newcomer from the Python SDK makes, in JavaScript without
// types or a notebook: each used to be ignored without a word (or to fail
// deep inside, or at the server); each is now a TypeError before any
// request, naming the problem and the fix.

/** A client whose fetch records every request and answers nothing useful. */
function client(): { tc: TransferClient; requests: string[] } {
  const requests: string[] = [];
  const tc = new TransferClient({
    authorizer: new AccessTokenAuthorizer("test-access-token-value"),
    fetch: (input) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(Response.json({}, { status: 500 }));
    },
    retry: false,
  });
  return { tc, requests };
}

test("TransferData: Python's snake_case names, misspellings and call shape", () => {
  assert.equal(
    messageOf(() =>
      new TransferData(untyped({
        sourceEndpoint: EP1,
        destinationEndpoint: EP2,
        sync_level: "checksum",
      }))
    ),
    "TransferData: unknown option 'sync_level'; did you mean 'syncLevel'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    messageOf(() =>
      new TransferData(untyped({
        sourceEndpoint: EP1,
        destinationEndpoint: EP2,
        lable: "nightly",
      }))
    ),
    "TransferData: unknown option 'lable'; did you mean 'label'?",
  );
  // Python SDK 3: TransferData(transfer_client, source, destination) ports
  // as is (tests/transfer/client_first_test.ts).
  const { tc } = client();
  assert.deepEqual(
    new TransferData(tc, EP1, EP2).addItem("/a", "/b").toJSON(),
    new TransferData(EP1, EP2).addItem("/a", "/b").toJSON(),
  );
  // Python SDK 4: TransferData(source, destination, label=…) ports as is;
  // the source alone says the destination must follow.
  assert.deepEqual(
    new TransferData(EP1, EP2, { label: "nightly" }).addItem("/a", "/b")
      .toJSON(),
    new TransferData({
      sourceEndpoint: EP1,
      destinationEndpoint: EP2,
      label: "nightly",
    }).addItem("/a", "/b").toJSON(),
  );
  assert.match(
    messageOf(() => new TransferData(untyped(EP1))),
    /^Cannot build the TransferData as the destination collection id must follow the source, as in new TransferData\(source, destination, \{ label: "…" \}\): current value is undefined/,
  );
  assert.equal(
    messageOf(() =>
      new TransferData(EP1, EP2, untyped({ sourceEndpoint: EP1 }))
    ),
    "TransferData: unknown option 'sourceEndpoint'. Its options are: label, syncLevel, verifyChecksum, preserveTimestamp, encryptData, deadline, skipSourceErrors, failOnQuotaErrors, deleteDestinationExtra, notifyOnSucceeded, notifyOnFailed, notifyOnInactive, recursiveSymlinks, sourceLocalUser, destinationLocalUser, submissionId, additionalFields.",
  );
  assert.match(
    messageOf(() =>
      new TransferData(EP1, EP2, untyped({ sync_level: "checksum" }))
    ),
    /unknown option 'sync_level'; did you mean 'syncLevel'\?/,
  );
});

test("TransferData.addItem: recursive as a positional true, and snake_case item options", () => {
  const td = new TransferData({
    sourceEndpoint: EP1,
    destinationEndpoint: EP2,
  });
  assert.match(
    messageOf(() => td.addItem("/a/", "/b/", untyped(true))),
    /^TransferData\.addItem\(\): the options must be an object of named options, not the boolean true, as in addItem\("\/source\/dir\/", "\/destination\/dir\/", \{ recursive: true \}\)/,
  );
  assert.equal(
    messageOf(() =>
      td.addItem("/a", "/b", untyped({ external_checksum: "x" }))
    ),
    "TransferData.addItem(): unknown option 'external_checksum'; did you mean 'externalChecksum'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.match(
    messageOf(() => td.addFilterRule("*.tmp", untyped({ methd: "include" }))),
    /^TransferData\.addFilterRule\(\): unknown option 'methd'; did you mean 'method'\?/,
  );
  assert.equal(td.itemCount, 0);
});

test("a deadline must read as a date; a number says to wrap it in a Date", () => {
  const base = { sourceEndpoint: EP1, destinationEndpoint: EP2 };
  assert.equal(
    messageOf(() => new TransferData({ ...base, deadline: "tomorrow" }), {
      range: true,
    }),
    `Cannot build the document as 'deadline' must be a Date or an ISO 8601 date-time such as "2030-01-31T18:00:00Z": current value is "tomorrow"`,
  );
  assert.match(
    messageOf(() => new TransferData({ ...base, deadline: untyped(1e12) })),
    /\(for milliseconds since 1970, pass new Date\(ms\)\)/,
  );
  // Python's isoformat() text and a Date still work.
  for (const deadline of ["2030-01-01T00:00:00.123456+00:00", "2030-01-01"]) {
    const td = new TransferData({ ...base, deadline }).addItem("/a", "/b");
    assert.equal(td.toJSON().deadline, deadline);
  }
});

test("DeleteData: snake_case names and the Python call shape", () => {
  assert.equal(
    messageOf(() =>
      new DeleteData(untyped({ endpoint: EP1, ignore_missing: true }))
    ),
    "DeleteData: unknown option 'ignore_missing'; did you mean 'ignoreMissing'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  // Python SDK 4: DeleteData(endpoint, recursive=True) ports as is.
  assert.deepEqual(
    new DeleteData(EP1, { recursive: true }).addItem("/x/").toJSON(),
    new DeleteData({ endpoint: EP1, recursive: true }).addItem("/x/").toJSON(),
  );
  assert.equal(
    messageOf(() => new DeleteData(EP1, untyped({ ignore_missing: true }))),
    "DeleteData: unknown option 'ignore_missing'; did you mean 'ignoreMissing'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.match(
    messageOf(() => new DeleteData(EP1, untyped(true))),
    /^DeleteData: the options must be an object of named options, not the boolean true, as in new DeleteData\(endpoint, \{ recursive: true \}\)/,
  );
  assert.match(
    messageOf(() =>
      new DeleteData({ endpoint: EP1 }).addItem(
        "/x",
        untyped({ recursive: true }),
      )
    ),
    /^DeleteData\.addItem\(\): unknown option 'recursive'\. Its options are: additionalFields\./,
  );
});

test('operationLs takes the path by position too (Python\'s tc.operation_ls(ep, "/~/")), and refuses it twice', async () => {
  const { tc, requests } = client();
  // The fake service answers 500: the request sent is what counts.
  await assert.rejects(tc.operationLs(EP1, "/share/godata/"), TransferAPIError);
  await assert.rejects(
    tc.operationLs(EP1, "/~/", { showHidden: true, limit: 5 }),
    TransferAPIError,
  );
  assert.deepEqual(
    requests.map((u) => new URL(u).search),
    [
      "?path=%2Fshare%2Fgodata%2F",
      "?path=%2F%7E%2F&show_hidden=1&limit=5",
    ],
  );
  requests.length = 0;
  assert.equal(
    await rejection(() => tc.operationLs(EP1, "/a/", untyped({ path: "/b/" }))),
    "TransferClient.operationLs(): the path is given twice, as the second argument (\"/a/\") and as 'path' in the options; give it once",
  );
  assert.match(
    await rejection(() =>
      tc.operationLs(EP1, untyped({ path: "/a/" }), untyped({ limit: 1 }))
    ),
    /^TransferClient\.operationLs\(\) takes its options once/,
  );
  assert.match(
    await rejection(() => tc.operationLs(EP1, "/a/", untyped("/b/"))),
    /^TransferClient\.operationLs\(\): the options must be an object of named options, not a string/,
  );
  assert.equal(
    await rejection(() =>
      tc.operationLs(EP1, untyped({ path: "/~/", show_hidden: true }))
    ),
    "TransferClient.operationLs(): unknown option 'show_hidden'; did you mean 'showHidden'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.match(
    await rejection(() =>
      tc.operationStat(EP1, "/~/a", untyped({ local_user: "x" }))
    ),
    /^TransferClient\.operationStat\(\): unknown option 'local_user'; did you mean 'localUser'\?/,
  );
  assert.deepEqual(requests, []);
});

test("taskWait, taskList, endpointSearch and submitTransfer refuse Python shapes before any request", async () => {
  const { tc, requests } = client();
  assert.match(
    await rejection(() => tc.taskWait(TASK_ID, untyped(600))),
    /^TransferClient\.taskWait\(\): the options must be an object of named options, not the number 600; write \{ timeoutS: 600 \}/,
  );
  assert.match(
    await rejection(() => tc.taskWait(TASK_ID, untyped({ timeout: 600 }))),
    /^TransferClient\.taskWait\(\): unknown option 'timeout'; did you mean 'timeoutS' \(in seconds\)\?/,
  );
  assert.match(
    messageOf(() => tc.taskList(untyped({ num_results: 10 }))),
    /^TransferClient\.taskList\(\): unknown option 'num_results'; did you mean 'maxResults'\?/,
  );
  assert.match(
    messageOf(() =>
      tc.endpointSearch(untyped({ filter_fulltext: "tutorial" }))
    ),
    /^TransferClient\.endpointSearch\(\): unknown option 'filter_fulltext'; did you mean 'filterFulltext'\?/,
  );
  assert.match(
    messageOf(() =>
      tc.endpointSearch("tutorial", untyped({ filter_scope: "all" }))
    ),
    /unknown option 'filter_scope'; did you mean 'filterScope'\?/,
  );
  assert.match(
    await rejection(() =>
      tc.submitTransfer(
        untyped({ sourceEndpoint: EP1, destinationEndpoint: EP2 }),
      )
    ),
    /^Cannot submit the document as submitTransfer\(\) takes a TransferData .*build one first, e\.g\. submitTransfer\(new TransferData\(\{ sourceEndpoint: "…", destinationEndpoint: "…" \}\)\.addItem\("\/source\/path", "\/destination\/path"\)\)$/,
  );
  // A delete document has no source_endpoint: the example names its own
  // fields.
  assert.equal(
    await rejection(() => tc.submitDelete(untyped({ submission_id: "foo" }))),
    `Cannot submit the document as submitDelete() takes a DeleteData (or a raw document with the service's field names, such as endpoint and DATA): build one first, e.g. submitDelete(new DeleteData({ endpoint: "…" }).addItem("/path"))`,
  );
  assert.deepEqual(requests, []);
});

test("endpointSearch with Python's second positional (filter_scope) suggests { filterScope }", async () => {
  const { tc, requests } = client();
  assert.equal(
    await rejection(() => tc.endpointSearch("tutorial", untyped("all"))),
    'TransferClient.endpointSearch(): the options must be an object of named options, not a string (3 characters); write { filterScope: … }, as in tc.endpointSearch("tutorial", { filterScope: "all" }) (the Python SDK\'s keyword arguments, and its positional ones after the first, are named options here)',
  );
  assert.equal(requests.length, 0);
});

test("TransferClient: snake_case options, a positional authorizer and a bad baseUrl", () => {
  assert.equal(
    messageOf(() =>
      new TransferClient(untyped({ base_url: "https://x.org/" }))
    ),
    "TransferClient: unknown option 'base_url'; did you mean 'baseUrl'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.match(
    messageOf(() => new TransferClient(untyped({ timeout: 30 }))),
    /^TransferClient: unknown option 'timeout'; did you mean 'timeoutMs' \(in milliseconds/,
  );
  assert.match(
    messageOf(() =>
      new TransferClient(
        untyped(new AccessTokenAuthorizer("test-access-token-value")),
      )
    ),
    /^TransferClient: the options must be an object of named options, not an AccessTokenAuthorizer, as in new TransferClient\(\{ authorizer \}\)/,
  );
  // An app passed positionally ("a UserApp": the article goes by sound).
  assert.match(
    messageOf(() =>
      new TransferClient(
        untyped(
          new UserApp({
            appName: "t",
            clientId: EP1,
            config: { tokenStorage: "memory" },
          }),
        ),
      )
    ),
    /^TransferClient: the options must be an object of named options, not a UserApp, as in new TransferClient\(\{ authorizer \}\) or new TransferClient\(\{ app \}\)/,
  );
  assert.match(
    messageOf(() => new TransferClient({ baseUrl: "transfer/" })),
    /^TransferClient: 'baseUrl' must be an absolute http\(s\) URL/,
  );
  assert.match(
    messageOf(() =>
      new TransferClient({ baseUrl: "http://transfer.api.globus.org/" })
    ),
    /uses http:\/\/, which would send your token unencrypted/,
  );
  assert.match(
    messageOf(() => new TransferClient(untyped({ timeoutMs: "5000" })), {
      range: true,
    }),
    /'timeoutMs' must be a positive number: current value is "5000"/,
  );
  // A subclass of the user's own may take options of its own, taken out
  // before super() (as Python's **kwargs); passed on, they are refused as
  // Python's BaseClient.__init__ refuses them (they were passed unchecked).
  class MyClient extends TransferClient {
    readonly extra: boolean;
    constructor({ extra = false, ...options }: { extra?: boolean } = {}) {
      super(options);
      this.extra = extra;
    }
  }
  assert.equal(new MyClient({ extra: true }).extra, true);
  class LeakyClient extends TransferClient {
    constructor(options: { extra?: boolean } = {}) {
      super(untyped(options));
    }
  }
  assert.match(
    messageOf(() => new LeakyClient({ extra: true })),
    /^LeakyClient: unknown option 'extra'\..* An option of LeakyClient's own must not reach super\(\)/,
  );
});

// Every other TransferClient method with an options object: Python's
// query_params (and a misspelling) used to be ignored, the request sent
// without them.

/** Each method called with `options` in the last place; `sync` for paginators. */
function callsWith(
  tc: TransferClient,
  options: unknown,
): [string, () => unknown, "sync" | "async"][] {
  const o = untyped(options);
  const doc = { DATA_TYPE: "x" };
  return [
    ["updateEndpoint", () => tc.updateEndpoint(EP1, {}, o), "async"],
    ["deleteEndpoint", () => tc.deleteEndpoint(EP1, o), "async"],
    ["createSharedEndpoint", () => tc.createSharedEndpoint(doc, o), "async"],
    ["mySharedEndpointList", () => tc.mySharedEndpointList(EP1, o), "async"],
    ["getSharedEndpointList", () => tc.getSharedEndpointList(EP1, o), "sync"],
    ["endpointServerList", () => tc.endpointServerList(EP1, o), "async"],
    ["getEndpointServer", () => tc.getEndpointServer(EP1, 1, o), "async"],
    ["setSubscriptionId", () => tc.setSubscriptionId(EP1, null, o), "async"],
    [
      "setSubscriptionAdminVerified",
      () => tc.setSubscriptionAdminVerified(EP1, true, o),
      "async",
    ],
    ["endpointAclList", () => tc.endpointAclList(EP1, o), "async"],
    ["getEndpointAclRule", () => tc.getEndpointAclRule(EP1, "r", o), "async"],
    ["addEndpointAclRule", () => tc.addEndpointAclRule(EP1, doc, o), "async"],
    [
      "updateEndpointAclRule",
      () => tc.updateEndpointAclRule(EP1, "r", doc, o),
      "async",
    ],
    [
      "deleteEndpointAclRule",
      () => tc.deleteEndpointAclRule(EP1, "r", o),
      "async",
    ],
    ["endpointRoleList", () => tc.endpointRoleList(EP1, o), "async"],
    ["addEndpointRole", () => tc.addEndpointRole(EP1, doc, o), "async"],
    ["getEndpointRole", () => tc.getEndpointRole(EP1, "r", o), "async"],
    ["deleteEndpointRole", () => tc.deleteEndpointRole(EP1, "r", o), "async"],
    ["bookmarkList", () => tc.bookmarkList(o), "async"],
    ["createBookmark", () => tc.createBookmark(untyped(doc), o), "async"],
    ["getBookmark", () => tc.getBookmark(EP2, o), "async"],
    ["updateBookmark", () => tc.updateBookmark(EP2, {}, o), "async"],
    ["deleteBookmark", () => tc.deleteBookmark(EP2, o), "async"],
    ["taskPauseInfo", () => tc.taskPauseInfo(TASK_ID, o), "async"],
    [
      "myEffectivePauseRuleList",
      () => tc.myEffectivePauseRuleList(EP1, o),
      "async",
    ],
    [
      "endpointManagerMonitoredEndpoints",
      () => tc.endpointManagerMonitoredEndpoints(o),
      "async",
    ],
    [
      "endpointManagerHostedEndpointList",
      () => tc.endpointManagerHostedEndpointList(EP1, o),
      "async",
    ],
    [
      "endpointManagerGetEndpoint",
      () => tc.endpointManagerGetEndpoint(EP1, o),
      "async",
    ],
    [
      "endpointManagerAclList",
      () => tc.endpointManagerAclList(EP1, o),
      "async",
    ],
    ["endpointManagerTaskList", () => tc.endpointManagerTaskList(o), "sync"],
    [
      "endpointManagerGetTask",
      () => tc.endpointManagerGetTask(TASK_ID, o),
      "async",
    ],
    [
      "endpointManagerTaskEventList",
      () => tc.endpointManagerTaskEventList(TASK_ID, o),
      "sync",
    ],
    [
      "endpointManagerTaskPauseInfo",
      () => tc.endpointManagerTaskPauseInfo(TASK_ID, o),
      "async",
    ],
    [
      "endpointManagerTaskSuccessfulTransfers",
      () => tc.endpointManagerTaskSuccessfulTransfers(TASK_ID, o),
      "sync",
    ],
    [
      "endpointManagerTaskSkippedErrors",
      () => tc.endpointManagerTaskSkippedErrors(TASK_ID, o),
      "sync",
    ],
    [
      "endpointManagerCancelTasks",
      () => tc.endpointManagerCancelTasks([TASK_ID], "m", o),
      "async",
    ],
    [
      "endpointManagerCancelStatus",
      () => tc.endpointManagerCancelStatus("1", o),
      "async",
    ],
    [
      "endpointManagerPauseTasks",
      () => tc.endpointManagerPauseTasks([TASK_ID], "m", o),
      "async",
    ],
    [
      "endpointManagerResumeTasks",
      () => tc.endpointManagerResumeTasks([TASK_ID], o),
      "async",
    ],
    [
      "endpointManagerPauseRuleList",
      () => tc.endpointManagerPauseRuleList(o),
      "async",
    ],
    [
      "endpointManagerCreatePauseRule",
      () => tc.endpointManagerCreatePauseRule(untyped(doc), o),
      "async",
    ],
    [
      "endpointManagerGetPauseRule",
      () => tc.endpointManagerGetPauseRule("p", o),
      "async",
    ],
    [
      "endpointManagerUpdatePauseRule",
      () => tc.endpointManagerUpdatePauseRule("p", {}, o),
      "async",
    ],
    [
      "endpointManagerDeletePauseRule",
      () => tc.endpointManagerDeletePauseRule("p", o),
      "async",
    ],
    ["createTunnel", () => tc.createTunnel(untyped({ data: {} }), o), "async"],
    ["updateTunnel", () => tc.updateTunnel(EP1, { data: {} }, o), "async"],
    ["getTunnel", () => tc.getTunnel(EP1, o), "async"],
    ["deleteTunnel", () => tc.deleteTunnel(EP1, o), "async"],
    ["listTunnels", () => tc.listTunnels(o), "async"],
    ["getTunnelEvents", () => tc.getTunnelEvents(EP1, o), "async"],
    ["getStreamAccessPoint", () => tc.getStreamAccessPoint(EP1, o), "async"],
    ["taskChart", () => tc.taskChart(TASK_ID, o), "async"],
  ];
}

async function refusalOf(
  fn: () => unknown,
  kind: "sync" | "async",
): Promise<string> {
  // A paginator's options are checked when it is made, not when walked.
  return kind === "sync" ? messageOf(fn) : await rejection(fn);
}

test("sharing, bookmarks, pauses, tunnels, endpoint manager and collection updates refuse query_params, before any request", async () => {
  const { tc, requests } = client();
  for (const [method, call, kind] of callsWith(tc, { query_params: {} })) {
    assert.equal(
      await refusalOf(call, kind),
      `TransferClient.${method}(): unknown option 'query_params'; did you mean 'queryParams'? Options are camelCase here, not the Python SDK's snake_case.`,
    );
  }
  for (const [method, call, kind] of callsWith(tc, { singal: undefined })) {
    assert.match(
      await refusalOf(call, kind),
      new RegExp(
        `^TransferClient\\.${method}\\(\\): unknown option 'singal'; did you mean 'signal'\\?$`,
      ),
    );
  }
  assert.deepEqual(requests, []);
});

test("the endpoint manager's filters, the marker lists and the shared endpoint list name their own options", async () => {
  const { tc, requests } = client();
  assert.equal(
    messageOf(() =>
      tc.endpointManagerTaskList(untyped({ filter_status: "ACTIVE" }))
    ),
    "TransferClient.endpointManagerTaskList(): unknown option 'filter_status'; did you mean 'filterStatus'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    messageOf(() =>
      tc.endpointManagerTaskEventList(
        TASK_ID,
        untyped({ filter_is_error: true }),
      )
    ),
    "TransferClient.endpointManagerTaskEventList(): unknown option 'filter_is_error'; did you mean 'filterIsError'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.equal(
    messageOf(() =>
      tc.endpointManagerTaskSkippedErrors(TASK_ID, untyped({ markr: 5 }))
    ),
    "TransferClient.endpointManagerTaskSkippedErrors(): unknown option 'markr'; did you mean 'marker'?",
  );
  assert.equal(
    messageOf(() =>
      tc.getSharedEndpointList(EP1, untyped({ max_results: 10 }))
    ),
    "TransferClient.getSharedEndpointList(): unknown option 'max_results'; did you mean 'maxResults'? Options are camelCase here, not the Python SDK's snake_case.",
  );
  // Python: endpoint_manager_pause_rule_list(filter_endpoint=…).
  assert.match(
    await rejection(() => tc.endpointManagerPauseRuleList(untyped(EP1))),
    /^TransferClient\.endpointManagerPauseRuleList\(\): the options must be an object of named options, not a string \(36 characters\); write \{ filterEndpoint: … \}, as in tc\.endpointManagerPauseRuleList\(\{ filterEndpoint: endpointId \}\)/,
  );
  // A name the method does not read lists the ones it does.
  assert.equal(
    await rejection(() =>
      tc.deleteEndpoint(EP1, untyped({ delete_guests: true }))
    ),
    "TransferClient.deleteEndpoint(): unknown option 'delete_guests'. Options are camelCase here, not the Python SDK's snake_case. Its options are: signal, queryParams.",
  );
  assert.deepEqual(requests, []);
});

test("TransferClientV2's methods refuse unknown option names, naming TransferClientV2", async () => {
  const requests: string[] = [];
  const tc = new experimental.TransferClientV2({
    authorizer: new AccessTokenAuthorizer("test-access-token-value"),
    fetch: (input) => {
      requests.push(String(input instanceof Request ? input.url : input));
      return Promise.resolve(Response.json({}, { status: 500 }));
    },
    retry: false,
  });
  const o = untyped({ query_params: { include: "collection" } });
  const doc = untyped({ data: { type: "Bookmark", attributes: {} } });
  const calls: [string, () => unknown][] = [
    ["createBookmark", () => tc.createBookmark(doc, o)],
    ["getBookmark", () => tc.getBookmark(EP2, o)],
    ["listBookmarks", () => tc.listBookmarks(o)],
    ["updateBookmark", () => tc.updateBookmark(EP2, doc, o)],
    ["deleteBookmark", () => tc.deleteBookmark(EP2, o)],
    ["createTunnel", () => tc.createTunnel(doc, o)],
    ["updateTunnel", () => tc.updateTunnel(EP1, doc, o)],
    ["getTunnel", () => tc.getTunnel(EP1, o)],
    ["deleteTunnel", () => tc.deleteTunnel(EP1, o)],
    ["listTunnels", () => tc.listTunnels(o)],
    ["getTunnelEvents", () => tc.getTunnelEvents(EP1, o)],
    ["getStreamAccessPoint", () => tc.getStreamAccessPoint(EP1, o)],
  ];
  for (const [method, call] of calls) {
    assert.equal(
      await rejection(call),
      `TransferClientV2.${method}(): unknown option 'query_params'; did you mean 'queryParams'? Options are camelCase here, not the Python SDK's snake_case.`,
    );
  }
  // A paginator: refused when made, before any page is asked for.
  assert.equal(
    messageOf(() => tc.listStreamAccessPoints(untyped({ sigal: undefined }))),
    "TransferClientV2.listStreamAccessPoints(): unknown option 'sigal'; did you mean 'signal'?",
  );
  assert.deepEqual(requests, []);
});

test("taskWait with Python's two positional numbers names both, before any request", async () => {
  const { tc, requests } = client();
  assert.equal(
    await rejection(() =>
      (tc.taskWait as (...args: unknown[]) => Promise<boolean>).call(
        tc,
        TASK_ID,
        60,
        2,
      )
    ),
    "TransferClient.taskWait(): the options must be an object of named options, not the numbers 60 and 2; write tc.taskWait(taskId, { timeoutS: 60, pollingIntervalS: 2 }) (Python's task_wait(task_id, timeout, polling_interval))",
  );
  // One number keeps the general hint ({ timeoutS: 60 }).
  assert.match(
    await rejection(() => tc.taskWait(TASK_ID, untyped(60))),
    /not the number 60; write \{ timeoutS: 60 \}/,
  );
  assert.equal(requests.length, 0);
});

test("the tunnel and bookmark documents refuse Python's keyword names instead of dropping them", () => {
  const initiator = "80583f05-75f3-4825-b8a5-6c3edf0bbc5c";
  const listener = "dd5fa993-749f-48fb-86cf-f07ad5797d7e";
  // Python: CreateTunnelData(i, l, lifetime_mins=60, additional_fields={…}).
  // Both were dropped: the tunnel got the service's default lifetime.
  assert.equal(
    messageOf(() =>
      new CreateTunnelData(
        initiator,
        listener,
        untyped({
          label: "demo",
          lifetime_mins: 60,
          additional_fields: { listener_port: 9000 },
        }),
      )
    ),
    "CreateTunnelData: unknown options 'lifetime_mins' (did you mean 'lifetimeMins'?), 'additional_fields' (did you mean 'additionalFields'?). Options are camelCase here, not the Python SDK's snake_case.",
  );
  assert.match(
    messageOf(() =>
      new experimental.TunnelCreateDocument(
        initiator,
        listener,
        untyped({ listener_ip_address: "10.0.0.1" }),
      )
    ),
    /^TunnelCreateDocument: unknown option 'listener_ip_address'; did you mean 'listenerIpAddress'\?/,
  );
  assert.match(
    messageOf(() =>
      new experimental.TunnelUpdateDocument(
        untyped({ listener_port: 9000, state: "STOPPING" }),
      )
    ),
    /^TunnelUpdateDocument: unknown option 'listener_port'; did you mean 'listenerPort'\?/,
  );
  for (
    const make of [
      (o: unknown) =>
        new experimental.BookmarkCreateDocument(
          EP1,
          "n",
          "/share/",
          untyped(o),
        ),
      (o: unknown) =>
        new experimental.BookmarkUpdateDocument("n", "/share/", untyped(o)),
    ]
  ) {
    assert.match(
      messageOf(() => make({ additional_fields: { pinned: true } })),
      /^Bookmark(Create|Update)Document: unknown option 'additional_fields'; did you mean 'additionalFields'\?/,
    );
  }
  // The camelCase names still build what they did.
  assert.deepEqual(
    new CreateTunnelData(initiator, listener, {
      lifetimeMins: 60,
      additionalFields: { listener_port: 9000 },
    }).data.attributes,
    { lifetime_mins: 60, listener_port: 9000 },
  );
  assert.deepEqual(
    new experimental.BookmarkCreateDocument(EP1, "n", "/share/", {
      additionalFields: { pinned: true },
    }).data.attributes,
    { name: "n", path: "/share/", pinned: true },
  );
});

test("an authorizer that is a token string or a plain object is refused when the client is made, without showing the token", () => {
  const token = "AgSECRETaccesstoken1234567890";
  for (
    const [value, what] of [
      [token, "a string (29 characters)"],
      [{ accessToken: token }, "an object with the field(s) accessToken"],
      [{}, "an object with no fields"],
    ] as const
  ) {
    for (const Client of [TransferClient, AuthClient]) {
      const message = messageOf(() =>
        new Client({ authorizer: untyped(value) })
      );
      assert.equal(
        message,
        `${Client.name}: 'authorizer' must be an authorizer (an object with getAuthorizationHeader()), not ${what}; for an access token write { authorizer: new AccessTokenAuthorizer(token) }, as Python's AccessTokenAuthorizer(token), or give { app } to log in`,
      );
      assert.ok(!message.includes("SECRET"));
    }
  }
  // An authorizer, null (no Authorization header) and none are accepted.
  new TransferClient({ authorizer: new AccessTokenAuthorizer(token) });
  new TransferClient({ authorizer: null });
  new TransferClient({});
});

test("an app that is not an app (a plain object, its name, a Promise of one, its token storage) is refused by name (it was 'n.app.addScopeRequirements is not a function')", () => {
  const app = new UserApp({
    appName: "app-option-check",
    clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
    config: { tokenStorage: "memory" },
  });
  for (
    const [value, what] of [
      [
        {},
        "an object with no fields; make the app first and give it to the client: MAKE",
      ],
      [
        "my-app",
        "a string (6 characters); an app's name goes in the app: MAKE",
      ],
      [Promise.resolve(app), "a Promise; await it first: { app: await … }"],
      [
        app.tokenStorage,
        "a MemoryTokenStorage; make the app first and give it to the client: MAKE",
      ],
    ] as const
  ) {
    for (const Client of [TransferClient, AuthClient]) {
      assert.equal(
        messageOf(() => new Client({ app: untyped(value) })),
        `${Client.name}: 'app' must be an app (a UserApp, a ClientApp, or a ServiceApp: getAuthorizer() and addScopeRequirements()), not ${
          what.replace(
            "MAKE",
            `const app = new UserApp({ appName: "my-app", clientId }); new ${Client.name}({ app })`,
          )
        }`,
      );
    }
  }
  // An app, null and none are accepted.
  new TransferClient({ app });
  new TransferClient({ app: untyped(null) });
  new TransferClient({});
});
