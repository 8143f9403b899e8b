import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { checkInPlace } from "../../src/core/_check_in_place.ts";
import {
  EndpointListPageSchema,
  FileListSchema,
  SubmissionIdSchema,
  SubmitResultSchema,
  SuccessfulTransfersPageSchema,
  TaskListPageSchema,
  TaskSchema,
} from "../../src/transfer/_schemas.ts";
import { endpoint, fileList, submitResult, task } from "../transfer/_sample.ts";

test("a valid body is returned as it is, not copied", () => {
  const page = { total: 1, DATA: [task("ACTIVE", { brand_new: { x: 1 } })] };
  const r = checkInPlace(TaskListPageSchema, page);
  assert.ok(r.success);
  assert.equal(r.data, page);
  assert.equal(r.data.DATA[0], page.DATA[0]);
});

test("a body that breaks the schema gets zod's issues", () => {
  const { task_id: _drop, ...noId } = task("ACTIVE");
  const r = checkInPlace(TaskSchema, noId);
  assert.equal(r.success, false);
  if (!r.success) {
    assert.deepEqual(r.error.issues.map((i) => i.path), [["task_id"]]);
  }
  assert.equal(checkInPlace(SubmissionIdSchema, { value: "" }).success, false);
});

test("what the check cannot vouch for goes to zod (stripped keys, transforms)", () => {
  const strip = z.object({ a: z.string() });
  const r = checkInPlace(strip, { a: "x", extra: 1 });
  assert.ok(r.success);
  assert.deepEqual(r.data, { a: "x" }); // zod's copy, without the extra key
  const upper = z.object({ a: z.string().transform((s) => s.toUpperCase()) });
  const t = checkInPlace(upper, { a: "x" });
  assert.ok(t.success);
  assert.deepEqual(t.data, { a: "X" });
});

test("on JSON bodies the check agrees with zod, result for result", () => {
  const samples: [z.ZodType<unknown>, unknown][] = [
    [TaskSchema, task("ACTIVE")],
    [TaskListPageSchema, {
      total: 2,
      DATA: [
        task("ACTIVE"),
        task("FAILED", { fatal_error: { code: "X", description: null } }),
      ],
    }],
    [EndpointListPageSchema, { DATA: [endpoint(1), endpoint(2)] }],
    [FileListSchema, fileList("/", ["a", "b"])],
    [SubmitResultSchema, submitResult("transfer", "s")],
    [SuccessfulTransfersPageSchema, {
      marker: 0,
      next_marker: "5",
      DATA: [{ source_path: "/a", destination_path: "/b" }],
    }],
    [SubmissionIdSchema, { value: "abc" }],
  ];
  const values = [null, 0, 1.5, "", "x", true, false, [], {}, [1], { a: 1 }];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const mutate = (x: unknown, depth: number): unknown => {
    if (x === null || typeof x !== "object") return values[rnd(values.length)];
    const c = (Array.isArray(x) ? [...x] : { ...x }) as Record<string, unknown>;
    const keys = Object.keys(c);
    if (keys.length === 0) return values[rnd(values.length)];
    const k = keys[rnd(keys.length)] as string;
    const r = rnd(4);
    if (r === 0) delete c[k];
    else if (r === 1) c[k] = values[rnd(values.length)];
    else if (r === 2 && depth < 4) c[k] = mutate(c[k], depth + 1);
    else c[`extra${rnd(3)}`] = values[rnd(values.length)];
    return c;
  };
  let passed = 0;
  let failed = 0;
  for (let i = 0; i < 5000; i++) {
    const [schema, base] = samples[rnd(samples.length)] as [
      z.ZodType<unknown>,
      unknown,
    ];
    const data = JSON.parse(JSON.stringify(mutate(base, 0)));
    const zod = schema.safeParse(data);
    const ours = checkInPlace(schema, data);
    assert.equal(ours.success, zod.success, JSON.stringify(data));
    if (ours.success && zod.success) {
      assert.deepEqual(ours.data, zod.data);
      passed++;
    } else failed++;
  }
  assert.ok(passed > 500 && failed > 500, `${passed} passed, ${failed} failed`);
});
