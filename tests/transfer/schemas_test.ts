import { test } from "node:test";
import assert from "node:assert/strict";
import {
  EndpointListPageSchema,
  FileListSchema,
  OperationResultSchema,
  SkippedErrorsPageSchema,
  SubmitResultSchema,
  SuccessfulTransfersPageSchema,
  TaskEventListPageSchema,
  TaskListPageSchema,
  TaskSchema,
} from "../../src/transfer/_schemas.ts";
import { parseResponse } from "../../src/core/validate.ts";
import { ResponseValidationError } from "../../src/core/response_validation_error.ts";
import { endpoint, fileList, submitResult, task } from "./_sample.ts";

test("schemas keep unknown fields", () => {
  const t = TaskSchema.parse({ ...task("ACTIVE"), brand_new_field: { x: 1 } });
  assert.deepEqual(t.brand_new_field, { x: 1 });
  const page = EndpointListPageSchema.parse({
    DATA: [endpoint(1, { _rank: 1.5 })],
    future: true,
  });
  assert.equal(page.DATA[0]?._rank, 1.5);
  assert.equal(page.future, true);
});

test("task fields the service sends as null are accepted", () => {
  const t = TaskSchema.parse(task("SUCCEEDED", {
    type: "DELETE",
    destination_endpoint_id: null,
    destination_endpoint_display_name: null,
    nice_status: null,
    is_ok: null,
    sync_level: null,
    deadline: null,
    fatal_error: { code: "CANCELED", description: "canceled" },
  }));
  assert.equal(t.fatal_error?.code, "CANCELED");
});

test("a task without task_id or status breaks the schema, naming the field", () => {
  const { task_id: _drop, ...noId } = task("ACTIVE");
  assert.throws(
    () => parseResponse(TaskSchema, noId, "task", "GET x"),
    (e: unknown) =>
      e instanceof ResponseValidationError && /task_id/.test(e.message) &&
      /GET x/.test(e.message),
  );
});

test("an item that breaks a page names its path", () => {
  const bad = { ...fileList("/", ["a"]) };
  (bad.DATA[0] as Record<string, unknown>).size = "big";
  assert.throws(
    () => parseResponse(FileListSchema, bad, "file list"),
    (e: unknown) =>
      e instanceof ResponseValidationError && /DATA\[0\]\.size/.test(e.message),
  );
});

test("list pages, results and marker pages parse with their schemas", () => {
  assert.equal(
    TaskListPageSchema.parse({
      DATA_TYPE: "task_list",
      total: 1,
      DATA: [task("ACTIVE")],
    }).DATA.length,
    1,
  );
  assert.equal(
    TaskEventListPageSchema.parse({
      DATA: [{ code: "STARTED", details: "{}", is_error: false }],
    }).DATA[0]?.code,
    "STARTED",
  );
  assert.equal(
    SuccessfulTransfersPageSchema.parse({
      marker: 0,
      next_marker: null,
      DATA: [{ source_path: "/a", destination_path: "/b" }],
    }).next_marker,
    null,
  );
  assert.equal(
    SkippedErrorsPageSchema.parse({ next_marker: "x", DATA: [] }).next_marker,
    "x",
  );
  assert.equal(
    SubmitResultSchema.parse(submitResult("transfer", "s")).task_link?.resource,
    "task",
  );
  assert.equal(
    OperationResultSchema.parse({
      DATA_TYPE: "mkdir_result",
      code: "DirectoryCreated",
    }).code,
    "DirectoryCreated",
  );
  assert.equal(FileListSchema.safeParse({ path: "/" }).success, false); // DATA is required
});

test("a task's filter rules, symlink handling, admin cancel and history fields are typed (they read as unknown)", async (t) => {
  const { SKIP_FIXTURES, fixture } = await import(
    "../_helpers/globus_fixtures.ts"
  );
  if (SKIP_FIXTURES) {
    t.skip(SKIP_FIXTURES);
    return;
  }
  const raw = fixture("transfer.get_task.succeeded.json") as {
    body?: unknown;
  };
  const got = TaskSchema.parse(raw.body ?? raw);
  const command: string | null | undefined = got.command;
  const symlinks: string | null | undefined = got.recursive_symlinks;
  const history: boolean | null | undefined = got.history_deleted;
  const admin: string | null | undefined = got.canceled_by_admin;
  assert.equal(command, "API 0.10");
  assert.equal(symlinks, "ignore");
  assert.equal(history, false);
  assert.equal(admin, null);
  const withRules = TaskSchema.parse({
    ...task("SUCCEEDED"),
    filter_rules: [{
      DATA_TYPE: "filter_rule",
      method: "exclude",
      name: "*.tmp",
      type: "file",
    }],
  });
  const names: string[] = (withRules.filter_rules ?? []).map((r) => r.name);
  assert.deepEqual(names, ["*.tmp"]);
  assert.throws(
    () => TaskSchema.parse({ ...task("SUCCEEDED"), filter_rules: [{}] }),
    /filter_rules/,
  );
});

test("an endpoint's GCS manager URL, effective roles, concurrency and guest-collection fields are typed (they read as unknown)", async (t) => {
  const { SKIP_FIXTURES, fixture } = await import(
    "../_helpers/globus_fixtures.ts"
  );
  if (SKIP_FIXTURES) {
    t.skip(SKIP_FIXTURES);
    return;
  }
  const { EndpointSchema } = await import("../../src/transfer/_schemas.ts");
  const raw = fixture("transfer.get_endpoint.gcsv5_endpoint.json") as {
    body?: unknown;
  };
  const ep = EndpointSchema.parse(raw.body ?? raw);
  const manager: string | null | undefined = ep.gcs_manager_url;
  const roles: string[] = ep.my_effective_roles ?? [];
  const concurrency: number | null | undefined = ep.max_concurrency;
  assert.equal(typeof manager, "string");
  assert.ok(Array.isArray(roles));
  assert.equal(typeof concurrency, "number");
  assert.throws(
    () => EndpointSchema.parse({ id: "x", my_effective_roles: "admin" }),
    /my_effective_roles/,
  );
});
