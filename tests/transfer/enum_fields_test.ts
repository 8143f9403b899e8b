/**
 * The enum-like fields of tasks and file entries (`status`, `type`, a filter
 * rule's `method`): typed with their documented values, so editors offer
 * them, and still open to a value the service adds later, which passes
 * validation as before.
 *
 * The type checks are compile-time: `deno test` (and tsc for Node) refuses
 * this file when a field is plain `string`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Task, TaskFilterRule } from "../../src/transfer/task.ts";
import type { FileEntry } from "../../src/transfer/file_list.ts";
import { FileEntrySchema, TaskSchema } from "../../src/transfer/_schemas.ts";
import { task } from "./_sample.ts";

/** The literal members of a string type (`string` itself has none). */
type Literals<T> = T extends unknown ? (string extends T ? never : T) : never;
/** `true` only when `A` and `B` are the same type. */
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends
  (<X>() => X extends B ? 1 : 2) ? true : false;

// Each fails to compile ("Type 'true' is not assignable to type 'false'")
// when the field is typed `string`: no value to complete.
const statusValues: Same<
  Literals<Task["status"]>,
  "ACTIVE" | "INACTIVE" | "SUCCEEDED" | "FAILED"
> = true;
const taskTypes: Same<
  Literals<NonNullable<Task["type"]>>,
  "TRANSFER" | "DELETE"
> = true;
const fileTypes: Same<
  Literals<FileEntry["type"]>,
  "dir" | "file" | "invalid_symlink"
> = true;
const ruleMethods: Same<
  Literals<TaskFilterRule["method"]>,
  "include" | "exclude"
> = true;
const ruleTypes: Same<
  Literals<NonNullable<TaskFilterRule["type"]>>,
  "file" | "dir"
> = true;

test("task status, task type, file type and filter rule fields list their documented values", () => {
  assert.deepEqual(
    [statusValues, taskTypes, fileTypes, ruleMethods, ruleTypes],
    [true, true, true, true, true],
  );
});

test("a value the service adds later still type-checks and passes validation", () => {
  // Typed from a string (a status read elsewhere): still assignable.
  const later = String("PAUSED_FOR_MAINTENANCE");
  const status: Task["status"] = later;
  const parsed = TaskSchema.parse(task(status, { type: "SYNC" }));
  // A comparison with a known value compiles.
  assert.equal(parsed.status === "ACTIVE", false);
  assert.equal(parsed.status, "PAUSED_FOR_MAINTENANCE");
  assert.equal(parsed.type, "SYNC");
  const entry = FileEntrySchema.parse({
    DATA_TYPE: "file",
    name: "fifo",
    type: "pipe",
  });
  const kind: FileEntry["type"] = entry.type;
  assert.equal(kind, "pipe");
});
