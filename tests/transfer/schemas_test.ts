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
