/**
 * The response schemas (src/core/_schema.ts, zod's API without loading zod)
 * against the zod schemas they stand for: on bodies generated from each
 * schema and then mutated, the same result, the body itself when it
 * passes, and zod's issues (paths and messages) when it does not.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import {
  schemasCompiled,
  setCompileAfter,
  toZod,
} from "../../src/core/_schema.ts";
import * as developer from "../../src/auth/_developer_schemas.ts";
import * as transfer from "../../src/transfer/_schemas.ts";
import * as admin from "../../src/transfer/_schemas_admin.ts";
import * as sharing from "../../src/transfer/_schemas_sharing.ts";
import { mulberry32 } from "../_helpers/prng.ts";
import { task } from "../transfer/_sample.ts";

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);

/** A value valid for a zod schema (`depth` bounds recursion). */
// deno-lint-ignore no-explicit-any
function sample(schema: any, r: Rand, depth = 0): unknown {
  const def = schema._zod.def;
  switch (def.type) {
    case "string":
      return ["", "a", "é x", "0123456789"][int(r, 4)]!.padEnd(
        def.checks?.length ? 1 : 0,
        "x",
      );
    case "number":
      return [0, 1, -2.5, 1e9][int(r, 4)];
    case "boolean":
      return r() < 0.5;
    case "null":
      return null;
    case "unknown":
      return [1, "x", null, { a: [1] }][int(r, 4)];
    case "nullable":
      return r() < 0.2 ? null : sample(def.innerType, r, depth);
    case "optional":
      return sample(def.innerType, r, depth);
    case "lazy":
      return sample(def.getter(), r, depth);
    case "union":
      return sample(def.options[int(r, def.options.length)], r, depth);
    case "array": {
      const n = depth > 3 ? 0 : int(r, 3);
      return Array.from({ length: n }, () => sample(def.element, r, depth + 1));
    }
    case "record": {
      const o: Record<string, unknown> = {};
      if (depth <= 3) {
        for (let i = int(r, 3); i > 0; i--) {
          o[`k${i}`] = sample(def.valueType, r, depth + 1);
        }
      }
      return o;
    }
    case "object": {
      const o: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(def.shape)) {
        // deno-lint-ignore no-explicit-any
        const optional = (f as any)._zod.optin === "optional";
        if (optional && (depth > 3 || r() < 0.3)) continue;
        o[k] = sample(f, r, depth + 1);
      }
      return o;
    }
    default:
      throw new Error(`no sample for ${def.type}`);
  }
}

const VALUES = [null, 0, 1.5, "", "x", true, false, [], {}, [1], { a: 1 }];

function mutate(x: unknown, r: Rand, depth: number): unknown {
  if (x === null || typeof x !== "object") return VALUES[int(r, VALUES.length)];
  const c = (Array.isArray(x) ? [...x] : { ...x }) as Record<string, unknown>;
  const keys = Object.keys(c);
  if (keys.length === 0) return r() < 0.5 ? VALUES[int(r, VALUES.length)] : c;
  const k = keys[int(r, keys.length)] as string;
  const m = int(r, 4);
  if (m === 0) delete c[k];
  else if (m === 1) c[k] = VALUES[int(r, VALUES.length)];
  else if (m === 2 && depth < 5) c[k] = mutate(c[k], r, depth + 1);
  else c[`extra${int(r, 3)}`] = VALUES[int(r, VALUES.length)];
  return c;
}

const schemas = Object.entries({
  ...developer,
  ...transfer,
  ...admin,
  ...sharing,
}).filter(([name]) => name.endsWith("Schema"));

/**
 * Checks `data` with `schema` and with its zod schema: the same outcome
 * (and, unless `copyDiffers`, the same data: zod's copy of a body with
 * inherited keys holds them as its own).
 */
function sameAsZod(
  schema: unknown,
  data: unknown,
  what: string,
  copyDiffers = false,
): boolean {
  const zs = toZod(schema as z.ZodType<unknown>, z);
  const want = zs.safeParse(data);
  const got = (schema as z.ZodType<unknown>).safeParse(data);
  assert.equal(got.success, want.success, what);
  if (got.success && want.success) {
    assert.equal(got.data, data, what); // the body itself, not a copy
    if (!copyDiffers) assert.deepEqual(got.data, want.data, what);
  } else if (!got.success && !want.success) {
    assert.deepEqual(
      got.error.issues.map((x) => [x.path, x.message]),
      want.error.issues.map((x) => [x.path, x.message]),
      what,
    );
  }
  return got.success;
}

// Object schemas are checked by generated code once hot (_schema.ts
// compileObject), by the interpreter before that or where code generation
// is refused: each way must agree with zod.
for (
  const [how, after] of [
    ["as they come (compiled once hot)", 16],
    ["compiled from the first body", 0],
    ["never compiled", Infinity],
  ] as const
) {
  test(`every response schema agrees with zod, ${how}: result, data and issues`, () => {
    assert.ok(schemas.length >= 50, `${schemas.length} schemas`);
    setCompileAfter(after);
    try {
      const r = mulberry32(1616);
      let passed = 0;
      let failed = 0;
      for (const [name, schema] of schemas) {
        const zs = toZod(schema as z.ZodType<unknown>, z);
        for (let i = 0; i < 120; i++) {
          const base = sample(zs, r);
          const data = JSON.parse(
            JSON.stringify(i % 4 === 0 ? base : mutate(base, r, 0)),
          );
          const what = `${name}: ${JSON.stringify(data).slice(0, 300)}`;
          if (sameAsZod(schema, data, what)) passed++;
          else failed++;
        }
      }
      assert.ok(
        passed > 1000 && failed > 1000,
        `${passed} passed, ${failed} failed`,
      );
      // Deno allows code generation: the compiled checks did run.
      if (after !== Infinity) assert.equal(schemasCompiled(), true);
    } finally {
      setCompileAfter(16);
    }
  });
}

test("values JSON cannot hold (undefined, NaN, Infinity, inherited keys) get zod's outcome, compiled or not", () => {
  const odd = [undefined, NaN, Infinity, -Infinity, 2n, Symbol("s"), () => 1];
  const inherited = Object.assign(Object.create({ task_id: "from-proto" }), {
    status: "ACTIVE",
  });
  for (const after of [0, Infinity]) {
    setCompileAfter(after);
    try {
      for (
        const [name, schema] of [
          ["TaskSchema", transfer.TaskSchema],
          ["TaskListPageSchema", transfer.TaskListPageSchema],
        ] as const
      ) {
        for (
          const key of ["task_id", "label", "files", "is_ok", "fatal_error"]
        ) {
          for (const value of odd) {
            const body = { ...task("ACTIVE"), [key]: value };
            const data = name === "TaskSchema" ? body : { DATA: [body] };
            sameAsZod(schema, data, `${name} ${key}=${String(value)}`);
          }
          const without: Record<string, unknown> = { ...task("ACTIVE") };
          delete without[key];
          sameAsZod(
            schema,
            name === "TaskSchema" ? without : { DATA: [without] },
            `${name} without ${key}`,
          );
        }
        sameAsZod(
          schema,
          name === "TaskSchema" ? inherited : { DATA: [inherited] },
          `${name} with task_id inherited`,
          true,
        );
      }
    } finally {
      setCompileAfter(16);
    }
  }
});

test("a valid body is returned as it is, not copied, unknown fields and all", () => {
  const page = { total: 1, DATA: [task("ACTIVE", { brand_new: { x: 1 } })] };
  const r = transfer.TaskListPageSchema.safeParse(page);
  assert.ok(r.success);
  assert.equal(r.data, page);
  assert.equal(r.data.DATA[0], page.DATA[0]);
});

test("a body that breaks a schema gets the offending field's path", () => {
  const { task_id: _drop, ...noId } = task("ACTIVE");
  const r = transfer.TaskSchema.safeParse(noId);
  assert.equal(r.success, false);
  if (!r.success) {
    assert.deepEqual(r.error.issues.map((i) => i.path), [["task_id"]]);
  }
  assert.equal(
    transfer.SubmissionIdSchema.safeParse({ value: "" }).success,
    false,
  );
});

test("a compiled object schema's check is its own ok (called directly by an array's loop), and not once compiling is switched off", () => {
  // The Task schema's object node, under its z.lazy.
  const node = (transfer.TaskSchema as unknown as { inner: object }).inner;
  const page = { DATA: [task("ACTIVE"), task("SUCCEEDED")] };
  setCompileAfter(0);
  try {
    assert.ok(transfer.TaskListPageSchema.safeParse(page).success);
    assert.equal(Object.hasOwn(node, "ok"), true);
    assert.equal(Object.keys(node).includes("ok"), false); // not enumerable
    setCompileAfter(Infinity);
    assert.equal(Object.hasOwn(node, "ok"), false);
    assert.ok(transfer.TaskListPageSchema.safeParse(page).success);
    assert.equal(Object.hasOwn(node, "ok"), false);
    const { task_id: _drop, ...noId } = task("ACTIVE");
    assert.equal(
      transfer.TaskListPageSchema.safeParse({ DATA: [noId] }).success,
      false,
    );
  } finally {
    setCompileAfter(16);
  }
  assert.ok(transfer.TaskListPageSchema.safeParse(page).success);
  assert.equal(Object.hasOwn(node, "ok"), true);
});
