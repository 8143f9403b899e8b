/**
 * Internal: the response schemas without loading zod. The schema modules
 * are written with zod's API and typed with zod's types (so each schema is
 * still checked against its interface at compile time), but `z` here is a
 * small stand-in for the part of zod they use: `string` (with `min`),
 * `number`, `boolean`, `null`, `unknown`, `array`, `looseObject`, `record`,
 * `union`, `lazy`, and `nullable`, `optional`, `exactOptional`, `nullish`.
 *
 * A body that passes is returned as it is (the parsed JSON itself, no
 * copy); one that fails gets the issues zod gives (same paths, same
 * messages). Importing zod cost 10 ms on Deno and 40 ms on Node, on every
 * start. tests/core/schema_test.ts checks every schema against the zod
 * schema it stands for ({@linkcode toZod}) on thousands of mutated bodies:
 * same result, same data, same issues.
 *
 * An object schema that has checked a few values is compiled into one
 * function, as zod 4 compiles its object schemas, where the runtime allows
 * `new Function` (the interpreted check is used where it does not): see
 * {@linkcode compileObject}. Only passing is compiled; a failing body's
 * issues are always gathered by the interpreted nodes.
 *
 * @module
 */
import type { z as Z } from "zod";
import type { SafeParseResult, SchemaIssue } from "./validate.ts";

/** zod's namespace, as the schema modules use it. */
type ZodNs = typeof Z;

interface Issue extends SchemaIssue {
  path: PropertyKey[];
}

function received(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number" && !Number.isFinite(v)) {
    return Number.isNaN(v) ? "NaN" : String(v); // "Infinity", as zod says
  }
  if (
    typeof v === "object" && Object.getPrototypeOf(v) !== Object.prototype &&
    "constructor" in v && v.constructor
  ) return (v.constructor as { name: string }).name; // zod: a class's name
  return typeof v;
}

function invalidType(
  expected: string,
  v: unknown,
  path: PropertyKey[],
  out: Issue[],
): void {
  out.push({
    path,
    message: `Invalid input: expected ${expected}, received ${received(v)}`,
  });
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** A schema node (see the module docs). */
export abstract class Schema<T = unknown> {
  #zod: Z.ZodType | undefined;

  /** `true` when `v` passes (zod's output would be `v` itself). */
  abstract ok(v: unknown): boolean;
  /** Adds zod's issues for `v` (which fails) at `path`. */
  abstract issues(v: unknown, path: PropertyKey[], out: Issue[]): void;
  /** Builds the zod schema this node stands for. */
  protected abstract build(z: ZodNs): Z.ZodType;

  /** Whether an object may lack this key. */
  get optionalKey(): boolean {
    return false;
  }

  /**
   * The zod schema this stands for (tests compare the two).
   *
   * @param z zod's namespace.
   * @returns The zod schema (built once).
   */
  toZod(z: ZodNs): Z.ZodType<T> {
    return (this.#zod ??= this.build(z)) as Z.ZodType<T>;
  }

  /**
   * Checks a value as zod's `safeParse` would; a value that passes is
   * returned as it is.
   *
   * @param data The parsed JSON.
   * @returns The outcome.
   */
  safeParse(data: unknown): SafeParseResult<T> {
    if (this.ok(data)) return { success: true, data: data as T };
    const issues: Issue[] = [];
    this.issues(data, [], issues);
    return { success: false, error: { issues } };
  }

  /**
   * zod's `parse`: the value when it passes.
   *
   * @param data The parsed JSON.
   * @returns `data` itself.
   * @throws {Error} A `ZodError`-like error with the issues.
   */
  parse(data: unknown): T {
    const r = this.safeParse(data);
    if (r.success) return r.data;
    const e = new Error(JSON.stringify(r.error.issues, null, 2));
    e.name = "ZodError";
    throw Object.assign(e, { issues: r.error.issues });
  }

  nullable(): Schema {
    return new Nullable(this);
  }
  optional(): Schema {
    return new Optional(this, false);
  }
  exactOptional(): Schema {
    return new Optional(this, true);
  }
  nullish(): Schema {
    return new Optional(new Nullable(this), false);
  }
}

class StringNode extends Schema<string> {
  constructor(readonly minLength = 0) {
    super();
  }
  min(n: number): StringNode {
    return new StringNode(Math.max(this.minLength, n));
  }
  ok(v: unknown): boolean {
    return typeof v === "string" && v.length >= this.minLength;
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    if (typeof v !== "string") invalidType("string", v, path, out);
    // zod runs the length check on anything with a length, as it does.
    const length = v === null || v === undefined
      ? undefined
      : (v as { length?: unknown }).length;
    if (
      !this.minLength || length === undefined ||
      (length as number) >= this.minLength
    ) {
      return;
    }
    const min = this.minLength;
    out.push({
      path,
      message: typeof v === "string"
        ? `Too small: expected string to have >=${min} characters`
        : Array.isArray(v)
        ? `Too small: expected array to have >=${min} items`
        : `Too small: expected unknown to be >=${min}`,
    });
  }
  protected build(z: ZodNs): Z.ZodType {
    return this.minLength ? z.string().min(this.minLength) : z.string();
  }
}

class Primitive extends Schema {
  constructor(
    readonly name: "number" | "boolean" | "null",
    readonly test: (v: unknown) => boolean,
  ) {
    super();
  }
  ok(v: unknown): boolean {
    return this.test(v);
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    invalidType(this.name, v, path, out);
  }
  protected build(z: ZodNs): Z.ZodType {
    return this.name === "number"
      ? z.number()
      : this.name === "boolean"
      ? z.boolean()
      : z.null();
  }
}

class UnknownNode extends Schema {
  ok(v: unknown): boolean {
    return v !== undefined;
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    invalidType("nonoptional", v, path, out);
  }
  protected build(z: ZodNs): Z.ZodType {
    return z.unknown();
  }
}

class Nullable extends Schema {
  constructor(readonly inner: Schema) {
    super();
  }
  ok(v: unknown): boolean {
    return v === null || this.inner.ok(v);
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    this.inner.issues(v, path, out);
  }
  protected build(z: ZodNs): Z.ZodType {
    return this.inner.toZod(z).nullable();
  }
}

class Optional extends Schema {
  constructor(readonly inner: Schema, readonly exact: boolean) {
    super();
  }
  override get optionalKey(): boolean {
    return true;
  }
  ok(v: unknown): boolean {
    return (v === undefined && !this.exact) || this.inner.ok(v);
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    this.inner.issues(v, path, out);
  }
  protected build(z: ZodNs): Z.ZodType {
    const inner = this.inner.toZod(z);
    return this.exact ? inner.exactOptional() : inner.optional();
  }
}

class ArrayNode extends Schema {
  constructor(readonly element: Schema) {
    super();
  }
  ok(v: unknown): boolean {
    if (!Array.isArray(v)) return false;
    const el = this.element;
    for (let i = 0; i < v.length; i++) if (!el.ok(v[i])) return false;
    return true;
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    if (!Array.isArray(v)) return invalidType("array", v, path, out);
    for (let i = 0; i < v.length; i++) {
      if (!this.element.ok(v[i])) {
        this.element.issues(v[i], [...path, i], out);
      }
    }
  }
  protected build(z: ZodNs): Z.ZodType {
    return z.array(this.element.toZod(z));
  }
}

// What a leaf field accepts, as bits (see leafMask).
const STRING = 1;
const NUMBER = 2;
const BOOLEAN = 4;
const NULL = 8;
const UNDEFINED = 16;
/** Anything but `undefined` (`unknown`). */
const DEFINED = 32;

/**
 * The values a field accepts as a bit set, when it is a leaf (a string
 * without a length check, number, boolean, null or unknown, under any
 * nullable/optional/union/lazy wrapping); 0 when it needs its own check.
 * Objects check such fields inline rather than through a call per wrapper.
 */
function leafMask(node: Schema): number {
  if (node instanceof Lazy) return leafMask(node.inner);
  if (node instanceof Nullable) {
    const inner = leafMask(node.inner);
    return inner && inner | NULL;
  }
  if (node instanceof Optional) {
    const inner = leafMask(node.inner);
    return inner && (node.exact ? inner : inner | UNDEFINED);
  }
  if (node instanceof Union) {
    let mask = 0;
    for (const o of node.options) {
      const m = leafMask(o);
      if (!m) return 0;
      mask |= m;
    }
    return mask;
  }
  if (node instanceof StringNode) return node.minLength ? 0 : STRING;
  if (node instanceof UnknownNode) return DEFINED;
  if (node instanceof Primitive) {
    return node.name === "number"
      ? NUMBER
      : node.name === "boolean"
      ? BOOLEAN
      : NULL;
  }
  return 0;
}

/** Whether `x` is in the set `mask` stands for (see leafMask). */
function inMask(mask: number, x: unknown): boolean {
  if (x === undefined) return (mask & UNDEFINED) !== 0;
  if (mask & DEFINED) return true;
  switch (typeof x) {
    case "string":
      return (mask & STRING) !== 0;
    case "number":
      return (mask & NUMBER) !== 0 && Number.isFinite(x);
    case "boolean":
      return (mask & BOOLEAN) !== 0;
    default:
      return x === null && (mask & NULL) !== 0;
  }
}

/** {@linkcode inMask} as a JavaScript condition on `x`. */
function maskCondition(mask: number): string {
  if (mask & DEFINED) {
    return mask & UNDEFINED ? "true" : "x !== undefined";
  }
  const parts: string[] = [];
  if (mask & STRING) parts.push('typeof x === "string"');
  if (mask & NUMBER) parts.push('(typeof x === "number" && finite(x))');
  if (mask & BOOLEAN) parts.push('typeof x === "boolean"');
  if (mask & NULL) parts.push("x === null");
  if (mask & UNDEFINED) parts.push("x === undefined");
  return parts.join(" || ");
}

/**
 * How many values an object schema checks before it is compiled (see
 * {@linkcode compileObject}); `Infinity`: never. Tests set it.
 */
let compileAfter = 16;

/**
 * Whether `new Function` may be used: `undefined` until first tried, then
 * `false` where code generation is refused (a strict Content Security
 * Policy, Cloudflare Workers, `--disallow-code-generation-from-strings`).
 */
let canCompile: boolean | undefined;

/**
 * Sets when object schemas are compiled (for tests: both ways must give
 * the same results).
 *
 * @param after The checks before an object schema is compiled: 0 for
 *   the first, `Infinity` for never. @default {16}
 */
export function setCompileAfter(after: number): void {
  compileAfter = after;
  // Never compiled: each compiled object schema's own `ok` goes, so that
  // its checks take the interpreted path again.
  if (after === Infinity) {
    for (const node of compiledNodes) delete (node as Partial<LooseObject>).ok;
  }
}

/** The object schemas that have an own `ok`: their compiled check. */
const compiledNodes = new Set<LooseObject>();

/**
 * Whether object schemas have been compiled (for tests).
 *
 * @returns `true` once one was, `false` when code generation was refused.
 */
export function schemasCompiled(): boolean | undefined {
  return canCompile;
}

/**
 * An object schema's check as one generated function, as zod 4 compiles
 * its object schemas (when the runtime allows `new Function`): each key is
 * read by name (`v["task_id"]`), which V8 caches per object shape, and
 * leaf fields are tested inline. Reading each key through a variable
 * (`v[key]`, a dictionary lookup every time) cost 1.2–1.5 µs per task of
 * a task list page, nearly as much as `JSON.parse`; the compiled check
 * costs a tenth of that. The code holds nothing but the schema's own keys
 * (as JSON string literals) and field numbers.
 *
 * @returns The check, or `undefined` where code generation is refused.
 */
function compileObject(
  keys: readonly string[],
  fields: readonly Schema[],
  masks: readonly number[],
  optional: readonly boolean[],
): ((v: unknown) => boolean) | undefined {
  if (canCompile === false) return undefined;
  let body = "";
  for (let i = 0; i < keys.length; i++) {
    const key = JSON.stringify(keys[i]);
    const mask = masks[i] as number;
    const fails = mask ? `!(${maskCondition(mask)})` : `!f[${i}].ok(x)`;
    body += optional[i]
      ? `x = v[${key}];\nif ((x !== undefined || hasOwn(v, ${key})) && ${fails}) return false;\n`
      : `x = v[${key}];\nif (${fails}) return false;\n`;
  }
  try {
    const make = new Function(
      "f",
      "hasOwn",
      "isArray",
      "finite",
      `"use strict";\nreturn function check(v) {\nif (v === null || typeof v !== "object" || isArray(v)) return false;\nlet x;\n${body}return true;\n};`,
    );
    canCompile = true;
    return make(fields, Object.hasOwn, Array.isArray, Number.isFinite);
  } catch {
    canCompile = false;
    return undefined;
  }
}

class LooseObject extends Schema {
  readonly #keys: string[];
  readonly #fields: Schema[];
  /** Per field: its leafMask (computed on the first check: lazy fields). */
  #masks: number[] | undefined;
  /** Per field: whether the key may be absent. */
  #optional: boolean[] | undefined;
  /** The compiled check; `null` when it cannot be compiled. */
  #compiled: ((v: unknown) => boolean) | null | undefined;
  #checks = 0;
  constructor(readonly shape: Record<string, Schema>) {
    super();
    this.#keys = Object.keys(shape);
    this.#fields = this.#keys.map((k) => shape[k] as Schema);
  }
  ok(v: unknown): boolean {
    const compiled = this.#compiled;
    if (compiled && compileAfter !== Infinity) return this.#own(compiled)(v);
    const masks = this.#masks ??= this.#fields.map(leafMask);
    const optional = this.#optional ??= this.#fields.map((f) => f.optionalKey);
    if (compiled === undefined && ++this.#checks > compileAfter) {
      const made = compileObject(this.#keys, this.#fields, masks, optional);
      this.#compiled = made ?? null;
      if (made) return this.#own(made)(v);
    }
    if (!isPlainObject(v)) return false;
    const keys = this.#keys;
    const fields = this.#fields;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const x = v[key];
      if (x === undefined && optional[i] && !Object.hasOwn(v, key)) continue;
      const mask = masks[i] as number;
      if (mask ? !inMask(mask, x) : !(fields[i] as Schema).ok(x)) return false;
    }
    return true;
  }
  /**
   * Makes the compiled check this schema's own `ok`, so that a caller
   * (an array's loop over its items) calls it directly: through this
   * method, the method itself was hot, and optimizing it (with what it
   * inlines) cost more background CPU than the check saved on a 100-page
   * walk.
   */
  #own(check: (v: unknown) => boolean): (v: unknown) => boolean {
    if (!Object.hasOwn(this, "ok")) {
      Object.defineProperty(this, "ok", {
        value: check,
        writable: true,
        configurable: true,
      });
      compiledNodes.add(this);
    }
    return check;
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    if (!isPlainObject(v)) return invalidType("object", v, path, out);
    for (let i = 0; i < this.#keys.length; i++) {
      const key = this.#keys[i] as string;
      const field = this.#fields[i] as Schema;
      const x = v[key];
      if (x === undefined && field.optionalKey && !Object.hasOwn(v, key)) {
        continue;
      }
      if (!field.ok(x)) field.issues(x, [...path, key], out);
    }
  }
  protected build(z: ZodNs): Z.ZodType {
    const shape: Record<string, Z.ZodType> = {};
    for (const [k, f] of Object.entries(this.shape)) shape[k] = f.toZod(z);
    return z.looseObject(shape);
  }
}

class RecordNode extends Schema {
  constructor(readonly value: Schema) {
    super();
  }
  ok(v: unknown): boolean {
    if (!isPlainObject(v)) return false;
    for (const k in v) if (!this.value.ok(v[k])) return false;
    return true;
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    if (!isPlainObject(v)) return invalidType("record", v, path, out);
    for (const k in v) {
      if (!this.value.ok(v[k])) this.value.issues(v[k], [...path, k], out);
    }
  }
  protected build(z: ZodNs): Z.ZodType {
    return z.record(z.string(), this.value.toZod(z));
  }
}

class Union extends Schema {
  constructor(readonly options: Schema[]) {
    super();
  }
  ok(v: unknown): boolean {
    return this.options.some((o) => o.ok(v));
  }
  issues(_v: unknown, path: PropertyKey[], out: Issue[]): void {
    out.push({ path, message: "Invalid input" });
  }
  protected build(z: ZodNs): Z.ZodType {
    return z.union(
      this.options.map((o) => o.toZod(z)) as [Z.ZodType, ...Z.ZodType[]],
    );
  }
}

class Lazy extends Schema {
  #inner: Schema | undefined;
  constructor(readonly getter: () => Schema) {
    super();
  }
  get inner(): Schema {
    return this.#inner ??= this.getter();
  }
  override get optionalKey(): boolean {
    return this.inner.optionalKey;
  }
  ok(v: unknown): boolean {
    return this.inner.ok(v);
  }
  issues(v: unknown, path: PropertyKey[], out: Issue[]): void {
    this.inner.issues(v, path, out);
  }
  protected build(z: ZodNs): Z.ZodType {
    return z.lazy(() => this.inner.toZod(z));
  }
}

const stand = {
  string: () => new StringNode(),
  number: () =>
    new Primitive("number", (v) => typeof v === "number" && Number.isFinite(v)),
  boolean: () => new Primitive("boolean", (v) => typeof v === "boolean"),
  null: () => new Primitive("null", (v) => v === null),
  unknown: () => new UnknownNode(),
  array: (element: Schema) => new ArrayNode(element),
  looseObject: (shape: Record<string, Schema>) => new LooseObject(shape),
  record: (_key: Schema, value: Schema) => new RecordNode(value),
  union: (options: Schema[]) => new Union(options),
  lazy: (getter: () => Schema) => new Lazy(getter),
};

// zod's types for the schema modules (z.ZodType<T>), this module's values.
export declare namespace z {
  /** zod's schema type. */
  export type ZodType<T = unknown> = Z.ZodType<T>;
}

/**
 * The stand-in for zod's `z` (typed as zod's, so the schema modules are
 * type-checked as zod schemas).
 */
export const z: ZodNs = stand as unknown as ZodNs;

/**
 * The zod schema a schema of this module stands for.
 *
 * @param schema A schema made with {@linkcode z}.
 * @param zod zod's namespace.
 * @returns The zod schema.
 */
export function toZod<T>(schema: Z.ZodType<T>, zod: ZodNs): Z.ZodType<T> {
  return (schema as unknown as Schema<T>).toZod(zod);
}
