/**
 * Conformance: every Transfer body in ../shared/fixtures/globus parses with
 * the matching schema (or is listed below with the reason it must not), and
 * the bodies served through a fake fetch come back from the client methods.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { fakeFetch, json } from "../_helpers/fake_fetch.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { TransferAPIError } from "../../src/core/errors.ts";
import { TransferClient } from "../../src/transfer/transfer_client.ts";
import { TransferData } from "../../src/transfer/transfer_data.ts";
import { DeleteData } from "../../src/transfer/delete_data.ts";
import {
  EndpointListPageSchema,
  EndpointSchema,
  FileEntrySchema,
  FileListSchema,
  OperationResultSchema,
  SkippedErrorsPageSchema,
  SubmissionIdSchema,
  SubmitResultSchema,
  SuccessfulTransfersPageSchema,
  TaskEventListPageSchema,
  TaskListPageSchema,
  TaskSchema,
} from "../../src/transfer/_schemas.ts";
import {
  AdminTaskListPageSchema,
  StreamAccessPointDocumentSchema,
  TunnelDeleteResultSchema,
  TunnelDocumentSchema,
  TunnelEventListSchema,
  TunnelListSchema,
} from "../../src/transfer/_schemas_admin.ts";
import {
  AccessCreateResultSchema,
  EndpointCreateResultSchema,
  EndpointServerListSchema,
} from "../../src/transfer/_schemas_sharing.ts";
import { CreateTunnelData } from "../../src/transfer/tunnel.ts";

const DIR = fileURLToPath(
  new URL("../../../shared/fixtures/globus/", import.meta.url),
);
const PRESENT = existsSync(DIR);
const SKIP = PRESENT ? false : `fixtures absent: ${DIR} does not exist`;
if (!PRESENT) console.log(`conformance tests skipped: ${SKIP}`);

/** Python SDK method name → the schema of its 2xx body. */
const SCHEMAS: Record<string, z.ZodType<unknown>> = {
  endpoint_search: EndpointListPageSchema,
  get_endpoint: EndpointSchema,
  operation_ls: FileListSchema,
  operation_mkdir: OperationResultSchema,
  operation_rename: OperationResultSchema,
  operation_stat: FileEntrySchema,
  get_submission_id: SubmissionIdSchema,
  submit_transfer: SubmitResultSchema,
  submit_delete: SubmitResultSchema,
  task_list: TaskListPageSchema,
  get_task: TaskSchema,
  update_task: OperationResultSchema,
  cancel_task: OperationResultSchema,
  task_event_list: TaskEventListPageSchema,
  task_successful_transfers: SuccessfulTransfersPageSchema,
  task_skipped_errors: SkippedErrorsPageSchema,
  endpoint_manager_task_list: AdminTaskListPageSchema,
  endpoint_manager_task_successful_transfers: SuccessfulTransfersPageSchema,
  create_tunnel: TunnelDocumentSchema,
  update_tunnel: TunnelDocumentSchema,
  get_tunnel: TunnelDocumentSchema,
  delete_tunnel: TunnelDeleteResultSchema,
  list_tunnels: TunnelListSchema,
  get_tunnel_events: TunnelEventListSchema,
  get_stream_access_point: StreamAccessPointDocumentSchema,
  update_endpoint: OperationResultSchema,
  delete_endpoint: OperationResultSchema,
  set_subscription_id: OperationResultSchema,
  set_subscription_admin_verified: OperationResultSchema,
  create_shared_endpoint: EndpointCreateResultSchema,
  add_endpoint_acl_rule: AccessCreateResultSchema,
  endpoint_server_list: EndpointServerListSchema,
};

/** Routes TransferClient does not implement, and why. */
const NOT_IMPLEMENTED: [RegExp, string][] = [
  [
    /^create_endpoint$/,
    "POST /endpoint (GCSv4 endpoint creation): Python 4.9's TransferClient has no create_endpoint; the globus-cli fixture records an older API",
  ],
];

/** Bodies that must NOT parse, with the reason (kept honest: the test checks that they fail). */
const MUST_NOT_PARSE: Record<string, string> = {
  "raw/tests/transfer.task_list.offset_page0.json":
    "synthetic Python SDK paging stub: its tasks lack task_id and status, which every real task document carries",
  "raw/tests/transfer.task_list.offset_page1.json":
    "synthetic Python SDK paging stub: its tasks lack task_id and status, which every real task document carries",
  "raw/tests/transfer.endpoint_manager_task_list.lastkey_page0.json":
    "synthetic Python SDK LastKeyPaginator stub: its tasks lack task_id and status, which every real task document carries (the real-shaped endpoint_manager_task_list body parses)",
  "raw/tests/transfer.endpoint_manager_task_list.lastkey_page1.json":
    "synthetic Python SDK LastKeyPaginator stub: its tasks lack task_id and status, which every real task document carries (the real-shaped endpoint_manager_task_list body parses)",
};

interface Case {
  file: string;
  module: string;
  status: number;
}

/** Maps a Globus CLI fixture's route to the Python method name. */
function routeModule(method: string, path: string): string {
  const m = method.toUpperCase();
  const p = path.replace(/^\/v0\.10\//, "");
  if (m === "GET" && p === "endpoint_search") return "endpoint_search";
  if (m === "GET" && /^endpoint\/[^/]+$/.test(p)) return "get_endpoint";
  if (m === "GET" && /^operation\/endpoint\/[^/]+\/ls$/.test(p)) {
    return "operation_ls";
  }
  if (m === "POST" && /^operation\/endpoint\/[^/]+\/rename$/.test(p)) {
    return "operation_rename";
  }
  if (m === "POST" && /^operation\/endpoint\/[^/]+\/mkdir$/.test(p)) {
    return "operation_mkdir";
  }
  if (m === "GET" && /^operation\/endpoint\/[^/]+\/stat$/.test(p)) {
    return "operation_stat";
  }
  if (m === "POST" && p === "delete") return "submit_delete";
  if (m === "POST" && p === "transfer") return "submit_transfer";
  if (m === "GET" && p === "task_list") return "task_list";
  if (m === "GET" && /^task\/[^/]+$/.test(p)) return "get_task";
  if (m === "GET" && /^task\/[^/]+\/event_list$/.test(p)) {
    return "task_event_list";
  }
  if (m === "GET" && /^task\/[^/]+\/skipped_errors$/.test(p)) {
    return "task_skipped_errors";
  }
  if (m === "GET" && /^task\/[^/]+\/successful_transfers$/.test(p)) {
    return "task_successful_transfers";
  }
  if (m === "POST" && /^task\/[^/]+\/cancel$/.test(p)) return "cancel_task";
  if (m === "POST" && p === "shared_endpoint") return "create_shared_endpoint";
  if (m === "POST" && p === "endpoint") return "create_endpoint";
  if (m === "POST" && /\/access$/.test(p)) return "add_endpoint_acl_rule";
  if (m === "PUT" && /subscription/.test(p)) return "set_subscription_id";
  if (m === "PUT" && /^endpoint\//.test(p)) return "update_endpoint";
  if (m === "DELETE" && /^endpoint\//.test(p)) return "delete_endpoint";
  return `unknown ${m} ${p}`;
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  const readJson = (p: string) => JSON.parse(readFileSync(DIR + p, "utf8"));
  // top level: transfer.<python method>.<case>.json; "error_NNN" cases are error bodies
  for (const name of readdirSync(DIR)) {
    const m = /^transfer\.([a-z_]+)(?:\.(.+))?\.json$/.exec(name);
    if (!m) continue;
    const status = /(?:^|\.)error_(\d{3})/.exec(name);
    cases.push({
      file: name,
      module: m[1]!,
      status: status ? Number(status[1]) : 200,
    });
  }
  for (
    const e of readJson("raw/INDEX.sdk_testing.json") as Record<
      string,
      unknown
    >[]
  ) {
    if (e.service !== "transfer") continue;
    cases.push({
      file: `raw/${e.file}`,
      module: String(e.module),
      status: Number(e.status),
    });
  }
  for (
    const e of readJson("raw/INDEX.globus_cli.json") as Record<
      string,
      unknown
    >[]
  ) {
    if (e.service !== "transfer") continue;
    cases.push({
      file: `raw/${e.file}`,
      module: routeModule(String(e.method), String(e.path)),
      status: Number(e.status),
    });
  }
  for (
    const e of readJson("raw/INDEX.tests.json") as Record<string, unknown>[]
  ) {
    const m = /^tests\/transfer\.([a-z_]+?)(?:\.[^.]+)?\.json$/.exec(
      String(e.file),
    );
    if (!m) continue;
    cases.push({ file: `raw/${e.file}`, module: m[1]!, status: 200 });
  }
  return cases;
}

function notImplementedReason(module: string): string | undefined {
  return NOT_IMPLEMENTED.find(([re]) => re.test(module))?.[1];
}

test(
  "every Transfer fixture body parses with its schema, or is listed with a reason",
  { skip: SKIP },
  () => {
    const cases = loadCases();
    assert.ok(cases.length > 60, `found ${cases.length} Transfer fixtures`);
    const failures: string[] = [];
    const skipped: string[] = [];
    let parsed = 0;
    for (const c of cases) {
      const body = JSON.parse(readFileSync(DIR + c.file, "utf8"));
      const reason = notImplementedReason(c.module);
      if (reason) {
        skipped.push(`${c.file}: ${reason}`);
        continue;
      }
      if (c.status >= 400) {
        // error bodies: {code, message, request_id, resource} become TransferAPIError
        const err = new TransferAPIError({
          method: "GET",
          url: "https://transfer.api.globus.org/v0.10/x",
          httpStatus: c.status,
          rawJson: body,
        });
        if (err.code !== body.code) {
          failures.push(
            `${c.file}: error code ${err.code} != ${body.code}`,
          );
        } else parsed++;
        continue;
      }
      const schema = SCHEMAS[c.module];
      if (!schema) {
        failures.push(`${c.file}: no schema for module ${c.module}`);
        continue;
      }
      const result = schema.safeParse(body);
      const expectedFailure = MUST_NOT_PARSE[c.file];
      if (expectedFailure) {
        if (result.success) {
          failures.push(
            `${c.file}: listed as must-not-parse but parses; remove it from the table`,
          );
        } else skipped.push(`${c.file}: ${expectedFailure}`);
        continue;
      }
      if (!result.success) {
        failures.push(
          `${c.file} (${c.module}): ${
            result.error.issues.slice(0, 3).map((i) =>
              `${i.path.join(".")}: ${i.message}`
            ).join("; ")
          }`,
        );
      } else {
        parsed++;
        // unknown fields are kept
        assert.deepEqual(
          Object.keys(result.data as object).sort(),
          Object.keys(body).sort(),
          c.file,
        );
      }
    }
    console.log(
      `conformance: ${parsed} Transfer bodies parsed; ${skipped.length} listed as out of scope:\n  ${
        skipped.join("\n  ")
      }`,
    );
    assert.deepEqual(failures, []);
    assert.ok(parsed >= 40, `parsed ${parsed}`);
  },
);

/** A client whose first answer is `first`; later pages are empty. */
function client(first: Response) {
  const empty = { DATA: [], has_next_page: false, next_marker: null, total: 0 };
  const ff = fakeFetch([first], () => json(empty));
  const tc = new TransferClient({
    fetch: ff.fetch,
    clock: fakeClock(),
    retry: false,
    baseUrl: "https://transfer.api.globus.org/",
  });
  return { tc, ff };
}

/** Calls the client method that owns `module`, returning what it returns. */
async function callModule(
  tc: TransferClient,
  module: string,
): Promise<unknown> {
  const id = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
  switch (module) {
    case "endpoint_search":
      return (await tc.endpointSearch("x").toArray());
    case "get_endpoint":
      return await tc.getEndpoint(id);
    case "operation_ls":
      return await tc.operationLs(id, { path: "/" });
    case "operation_mkdir":
      return await tc.operationMkdir(id, "/~/d");
    case "operation_rename":
      return await tc.operationRename(id, "/~/a", "/~/b");
    case "operation_stat":
      return await tc.operationStat(id, "/~/a");
    case "get_submission_id":
      return await tc.getSubmissionId();
    case "submit_transfer":
      return await tc.submitTransfer(
        new TransferData({
          sourceEndpoint: id,
          destinationEndpoint: id,
          submissionId: "s",
        }).addItem("/a", "/b"),
      );
    case "submit_delete":
      return await tc.submitDelete(
        new DeleteData({ endpoint: id, submissionId: "s" }).addItem("/a"),
      );
    case "task_list":
      return await tc.taskList().toArray();
    case "get_task":
      return await tc.getTask("t");
    case "cancel_task":
      return await tc.cancelTask("t");
    case "task_event_list":
      return await tc.taskEventList("t").toArray();
    case "task_successful_transfers":
      return await tc.taskSuccessfulTransfers("t").toArray();
    case "task_skipped_errors":
      return await tc.taskSkippedErrors("t").toArray();
    case "endpoint_manager_task_list":
      return await tc.endpointManagerTaskList().toArray();
    case "endpoint_manager_task_successful_transfers":
      return await tc.endpointManagerTaskSuccessfulTransfers("t").toArray();
    case "create_tunnel":
      return await tc.createTunnel(
        new CreateTunnelData(id, id, { submissionId: "s" }),
      );
    case "update_tunnel":
      return await tc.updateTunnel("t", { data: { type: "Tunnel" } });
    case "get_tunnel":
      return await tc.getTunnel("t");
    case "delete_tunnel":
      return await tc.deleteTunnel("t");
    case "list_tunnels":
      return await tc.listTunnels();
    case "get_tunnel_events":
      return await tc.getTunnelEvents("t");
    case "get_stream_access_point":
      return await tc.getStreamAccessPoint("s");
    case "update_endpoint":
      return await tc.updateEndpoint(id, { display_name: "Updated Name" });
    case "delete_endpoint":
      return await tc.deleteEndpoint(id);
    case "set_subscription_id":
      return await tc.setSubscriptionId(id, "DEFAULT");
    case "set_subscription_admin_verified":
      return await tc.setSubscriptionAdminVerified(id, true);
    case "create_shared_endpoint":
      return await tc.createSharedEndpoint({
        DATA_TYPE: "shared_endpoint",
        host_endpoint: id,
        host_path: "/~/",
        display_name: "guest",
      });
    case "add_endpoint_acl_rule":
      return await tc.addEndpointAclRule(id, {
        DATA_TYPE: "access",
        principal_type: "identity",
        principal: "u",
        path: "/",
        permissions: "r",
      });
    case "endpoint_server_list":
      return await tc.endpointServerList(id);
  }
  throw new Error(`no client method for ${module}`);
}

test(
  "fixture bodies served through fake fetch come back from the client methods",
  { skip: SKIP },
  async () => {
    let served = 0;
    for (const c of loadCases()) {
      if (notImplementedReason(c.module) || MUST_NOT_PARSE[c.file]) continue;
      const body = JSON.parse(readFileSync(DIR + c.file, "utf8"));
      const { tc } = client(json(body, c.status));
      if (c.status >= 400) {
        await assert.rejects(
          () => callModule(tc, c.module),
          (e: unknown) =>
            e instanceof TransferAPIError && e.httpStatus === c.status &&
            e.code === body.code,
          c.file,
        );
      } else {
        const out = await callModule(tc, c.module);
        if (Array.isArray(out)) {
          assert.deepEqual(out, body.DATA, c.file);
        } else assert.deepEqual(out, body, c.file);
      }
      served++;
    }
    assert.ok(served >= 40, `served ${served}`);
  },
);

test("the endpoint_search has_next_page stub pages on to the next offset", {
  skip: SKIP,
}, async () => {
  const page0 = JSON.parse(
    readFileSync(
      DIR + "transfer.endpoint_search.stub_page0_has_next.json",
      "utf8",
    ),
  );
  const { tc, ff } = client(json(page0));
  const items = await tc.endpointSearch("x").toArray();
  assert.equal(items.length, page0.DATA.length);
  assert.equal(ff.requests.length, 2);
  assert.match(ff.requests[1]!.url, new RegExp(`offset=${page0.DATA.length}$`));
});

test("the real successful_transfers body pages on with its next_marker", {
  skip: SKIP,
}, async () => {
  const page = JSON.parse(
    readFileSync(DIR + "transfer.task_successful_transfers.json", "utf8"),
  );
  const { tc, ff } = client(json(page));
  await tc.taskSuccessfulTransfers("t").toArray();
  assert.equal(ff.requests.length, 2);
  assert.match(ff.requests[1]!.url, new RegExp(`marker=${page.next_marker}$`));
});

test(
  "subscription errors read as Python's: code and the one message (test_set_subscription_id, test_set_subscription_admin_verified)",
  {
    skip: SKIP,
  },
  async () => {
    let checked = 0;
    for (const c of loadCases()) {
      if (!/^set_subscription/.test(c.module) || c.status < 400) continue;
      const body = JSON.parse(readFileSync(DIR + c.file, "utf8"));
      const { tc, ff } = client(json(body, c.status));
      await assert.rejects(
        () => callModule(tc, c.module),
        (e: unknown) =>
          e instanceof TransferAPIError && e.code === body.code &&
          e.messages.length === 1 && e.messages[0] === body.message,
        c.file,
      );
      assert.equal(ff.requests[0]!.method, "PUT");
      checked++;
    }
    assert.ok(checked >= 6, `checked ${checked}`);
  },
);
