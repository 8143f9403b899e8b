/**
 * Internal: response validation without copying the body, for the client
 * call path (not exported from `mod.ts`).
 *
 * @module
 */
import type { ResponseSchema, SafeParseResult } from "./validate.ts";

/**
 * Checks `data` against `schema` without copying it when it can: for a
 * zod schema made only of objects, arrays, strings, numbers, booleans,
 * literals, enums, unions, `nullable`, `optional` and `lazy`, a body that
 * passes is returned as it is (the same objects, not zod's copies), having
 * been checked for exactly what the schema requires. Anything else — a
 * body that fails, a key zod would strip, a schema with transforms,
 * defaults or refinements, a schema that is not zod's — goes to
 * `schema.safeParse()`, whose result (and issues) are returned.
 *
 * @param schema The schema.
 * @param data The parsed JSON body (from `JSON.parse`: no `undefined`, no
 *   holes in arrays).
 * @returns The outcome, as `safeParse` gives it.
 */
export function checkInPlace<T>(
  schema: ResponseSchema<T>,
  data: unknown,
): SafeParseResult<T> {
  const check = checkerOf(schema);
  if (check !== null && check(data)) return { success: true, data: data as T };
  return schema.safeParse(data);
}

/** `true` when the value passes and zod's output would equal it. */
type Check = (value: unknown) => boolean;

// deno-lint-ignore no-explicit-any
type ZodLike = { _zod?: { def?: any } };

const checkers = new WeakMap<object, Check | null>();

function checkerOf(schema: unknown): Check | null {
  if (schema === null || typeof schema !== "object") return null;
  const known = checkers.get(schema);
  if (known !== undefined) return known;
  // A placeholder first, so that a recursive (lazy) schema refers to itself.
  let compiled: Check | null = null;
  const self: Check = (v) => compiled !== null && compiled(v);
  checkers.set(schema, self);
  compiled = compile(schema as ZodLike);
  checkers.set(schema, compiled === null ? null : self);
  return compiled === null ? null : self;
}

function compile(schema: ZodLike): Check | null {
  const def = schema._zod?.def;
  if (!def || typeof def.type !== "string") return null;
  const checks: { _zod?: { def?: { check?: string; minimum?: number } } }[] =
    def.checks ?? [];
  switch (def.type) {
    case "string": {
      let min = 0;
      for (const c of checks) {
        const cd = c._zod?.def;
        if (cd?.check !== "min_length" || typeof cd.minimum !== "number") {
          return null;
        }
        min = Math.max(min, cd.minimum);
      }
      return min === 0
        ? (v) => typeof v === "string"
        : (v) => typeof v === "string" && v.length >= min;
    }
    case "number":
      return checks.length
        ? null
        : (v) => typeof v === "number" && Number.isFinite(v);
    case "boolean":
      return checks.length ? null : (v) => typeof v === "boolean";
    case "unknown":
    case "any":
      return (v) => v !== undefined;
    case "literal": {
      const values: unknown[] = def.values ?? [];
      return (v) => v !== undefined && values.includes(v);
    }
    case "enum": {
      const values = Object.values(def.entries ?? {});
      return (v) => values.includes(v);
    }
    case "nullable": {
      const inner = checkerOf(def.innerType);
      return inner && ((v) => v === null || inner(v));
    }
    case "optional": {
      // A value that is present: undefined is left to zod.
      const inner = checkerOf(def.innerType);
      return inner && ((v) => v !== undefined && inner(v));
    }
    case "lazy": {
      let inner: Check | null | undefined;
      return (v) => {
        inner ??= checkerOf(def.getter());
        return inner !== null && inner(v);
      };
    }
    case "union": {
      const options: (Check | null)[] = (def.options ?? []).map(checkerOf);
      if (options.some((o) => o === null)) return null;
      const all = options as Check[];
      return (v) => all.some((o) => o(v));
    }
    case "array": {
      if (checks.length) return null;
      const element = checkerOf(def.element);
      if (!element) return null;
      return (v) => {
        if (!Array.isArray(v)) return false;
        for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
        return true;
      };
    }
    case "object":
      return compileObject(def, checks.length > 0);
    default:
      return null;
  }
}

// deno-lint-ignore no-explicit-any
function compileObject(def: any, refined: boolean): Check | null {
  if (refined) return null;
  const catchall = def.catchall?._zod?.def?.type;
  // undefined: zod strips unknown keys (so only a body without any is
  // returned as it is); "unknown": kept (looseObject); else: refused.
  if (catchall !== undefined && catchall !== "unknown") return null;
  const loose = catchall === "unknown";
  const fields: [string, Check, boolean][] = [];
  for (const [key, field] of Object.entries(def.shape ?? {})) {
    const check = checkerOf(field);
    if (!check) return null;
    const optional = (field as ZodLike)._zod?.def?.type === "optional";
    fields.push([key, check, optional]);
  }
  const known = new Set(fields.map(([k]) => k));
  return (v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
    const o = v as Record<string, unknown>;
    for (let i = 0; i < fields.length; i++) {
      const [key, check, optional] = fields[i] as [string, Check, boolean];
      const x = o[key];
      if (x === undefined) {
        // Absent and optional passes; present-but-undefined is zod's call.
        if (!optional || Object.hasOwn(o, key)) return false;
        continue;
      }
      if (!check(x)) return false;
    }
    if (!loose) {
      for (const k in o) if (!known.has(k)) return false;
    }
    return true;
  };
}
