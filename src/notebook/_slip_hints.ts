/**
 * Internal: hints for a newcomer's slips in the Deno Jupyter kernel.
 *
 * - A call left without `await` as a cell's value: the kernel shows the
 *   cell's value through its `[Symbol.for("Jupyter.display")]()` when it
 *   has one, and a Promise is no exception (Deno 2.9, checked with
 *   jupyter_client: with or without another `await` in the cell). So the
 *   promises the SDK's objects return carry one, non-enumerable, that says
 *   which call was not awaited and to write `await` before it, where the
 *   kernel showed `Promise { <pending> }`.
 * - A name the object does not have: Python's snake_case name of one of
 *   its methods (`tc.operation_ls`), or an array's `.map`/`.length` on a
 *   paginator. Such a read falls through every prototype of the object; in
 *   the kernel, a proxy at the end of the chain, which only those misses
 *   reach, throws a TypeError naming what to write instead. The names
 *   listed for completion are unchanged.
 *
 * Both are installed per class on its first construction inside the kernel
 * (`inJupyter()`, decided once per process). Outside it no method is
 * wrapped and no promise gets a property; only Python's names are caught (a
 * proxy at the end of the chain that throws for a snake_case name whose
 * camelCase the object has, or a Python method the class registered as not
 * provided, and lets every other miss read `undefined`). An item walk
 * (`….items()`) catches its misses everywhere without its methods wrapped
 * ({@linkcode missHints}), and an error's `info` is a proxy that throws for
 * Python's names ({@linkcode pythonFieldHints}).
 * The document builders and paginators catch their misses everywhere
 * ({@linkcode documentHints}): a dict-style write to a builder would be lost
 * without a word, and a paginator's `DATA`, `.length` or `.map` (Python's
 * `r["DATA"]`) read `undefined` and failed further on.
 *
 * @module
 */
import { camelCase } from "../core/_options.ts";
import { ownFieldSetter } from "../core/_own_field.ts";
import { inJupyter } from "../core/runtime.ts";
import { kernelStack, withoutSdkStack } from "../core/_kernel_stack.ts";
import { DENO_INSPECT } from "../core/redact.ts";
import { classLabel } from "../core/_class_label.ts";
import { isListPromise, walkLike } from "../core/_list_promise.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "./display.ts";

/** A class whose objects get the hints (its prototype and its name). */
export interface HintRoot {
  /** The class's prototype. */
  readonly prototype: object;
}

/**
 * What to say when `key` is read from `receiver` and found nowhere, or
 * `undefined` for nothing (the read gives `undefined`, as without hints).
 */
export type MissHint = (key: string, receiver: object) => string | undefined;

/**
 * Inside the Deno kernel, gives `obj`'s class (and its parents up to
 * `root`) the hints, once per class; elsewhere only Python's names.
 *
 * @param obj The object under construction (`this`).
 * @param root The topmost class of the SDK's that the hints go on.
 * @param miss What to say for names `obj` lacks, beyond Python's names.
 */
export function slipHints(obj: object, root: HintRoot, miss?: MissHint): void {
  if (inJupyter()) addSlipHints(obj, root, miss);
  else if (!caught.has(root.prototype)) {
    // Outside the kernel, Python's names only (`tc.operation_ls` said
    // "is not a function"): a read that found nothing else, of a name with
    // an underscore whose camelCase the object has, or one `miss` knows
    // (a Python method with no TypeScript version, `tc.operation_symlink`).
    // Every other read, and the methods and their promises, are as they
    // were.
    caught.add(root.prototype);
    catchMisses(root.prototype, miss);
  }
}

/**
 * Catches the misses of `root`'s objects everywhere, in the kernel too,
 * without wrapping its methods (a paginator's item walk, whose `next()`
 * runs once per item): names `miss` knows, and Python's names, throw a
 * TypeError; every other miss reads `undefined`.
 *
 * @param root The class.
 * @param miss What to say for names its objects lack.
 */
export function missHints(root: HintRoot, miss: MissHint): void {
  if (done.has(root.prototype)) return;
  done.add(root.prototype);
  catchMisses(root.prototype, miss);
}

/**
 * Python's names of an error class's fields (`err.http_status`,
 * `err.request_id`, …) as accessors on its prototype, everywhere: each
 * throws a TypeError naming the camelCase field when the error has it
 * (with the error as its `cause`), and reads `undefined` otherwise; an
 * assignment makes an own property, as on any object. Not a proxy in the
 * prototype chain (as {@linkcode slipHints} puts there): Deno's printer of
 * an uncaught error walks the chain natively and stops at a proxy, so an
 * uncaught SDK error printed its message alone, without its stack (the
 * user's line among it) or its cause.
 *
 * @param root The error class.
 * @param names Python's names to catch.
 */
export function errorNameHints(
  root: HintRoot,
  names: readonly string[],
): void {
  for (const key of names) {
    Object.defineProperty(root.prototype, key, {
      get(this: object) {
        const hint = pythonNameHint(key, this);
        if (hint !== undefined) throw slip(hint, this);
        return undefined;
      },
      set: ownFieldSetter(key),
      enumerable: false,
      configurable: true,
    });
  }
}

/** The misses registered per class ({@linkcode registerMisses}). */
const CLASS_MISSES = new WeakMap<object, MissHint>();

/**
 * Registers what the objects of `cls` (and of its subclasses) say for
 * names they lack, for a root class's {@linkcode classMiss}: a subclass of
 * a shared root (`TransferClient` of `BaseClient`) names its own.
 *
 * @param cls The class.
 * @param miss What to say.
 */
export function registerMisses(cls: HintRoot, miss: MissHint): void {
  CLASS_MISSES.set(cls.prototype, miss);
}

/**
 * The {@linkcode MissHint} of a root class whose subclasses register their
 * own ({@linkcode registerMisses}): the first registered along the
 * receiver's prototypes that has a hint.
 *
 * @param key The name read.
 * @param receiver The object it was read from.
 * @returns The hint, or `undefined`.
 */
export function classMiss(key: string, receiver: object): string | undefined {
  for (
    let p: object | null = Object.getPrototypeOf(receiver);
    p !== null;
    p = Object.getPrototypeOf(p)
  ) {
    const hint = CLASS_MISSES.get(p)?.(key, receiver);
    if (hint !== undefined) return hint;
  }
  return undefined;
}

/**
 * Makes a plain, read-only data object (an error's `info`) throw for
 * Python's snake_case names whose camelCase it has
 * (`err.info.consent_required` read `undefined`, so a ported
 * `if (err.info.consent_required)` never fired). A proxy: its prototype,
 * keys, JSON, equality and printed form are the object's own; every other
 * name reads as before.
 *
 * @typeParam T The object's type.
 * @param obj The object.
 * @param variable How examples name it: `"err.info"`.
 * @returns The proxy.
 */
export function pythonFieldHints<T extends object>(
  obj: T,
  variable: string,
): T {
  return new Proxy(obj, {
    get(target, key, receiver) {
      if (
        typeof key === "string" && key.includes("_") && !key.startsWith("_") &&
        !(key in target)
      ) {
        const name = camelCase(key);
        if (name !== key && name in target) {
          throw kernelStack(
            new TypeError(
              `${variable} has no ${key}: the names here are camelCase, so ` +
                `Python's ${key} is ${name} (${variable}.${name})`,
            ),
          );
        }
      }
      return Reflect.get(target, key, receiver);
    },
  });
}

/**
 * For the document builders (`TransferData`, `DeleteData`) and paginators
 * (an array's names and `DATA`, {@linkcode paginatorMiss}): in the kernel,
 * all the hints ({@linkcode slipHints}); elsewhere too, the misses only. A
 * Python user's dict-style write (`tdata["sync_level"] = "checksum"`) would
 * otherwise make an own property that nothing sends, and a script would
 * submit the transfer without it; a read (`tdata["DATA"]`) would give
 * `undefined`. The builders are made a few times per task, and their
 * methods and fields are found before the proxy, so it costs nothing on
 * their paths.
 *
 * @param obj The object under construction (`this`).
 * @param root The builder's class.
 * @param miss What to say for names `obj` lacks.
 */
export function documentHints(
  obj: object,
  root: HintRoot,
  miss: MissHint,
): void {
  if (inJupyter()) addSlipHints(obj, root, miss);
  else if (!done.has(root.prototype)) {
    done.add(root.prototype);
    catchMisses(root.prototype, miss);
  }
}

/** Prototypes already given the hints. */
let done = new WeakSet<object>();
/** Root prototypes given Python's names only (outside the kernel). */
let caught = new WeakSet<object>();
/** How to take every hint away again (tests). */
const undo: (() => void)[] = [];

/**
 * Gives `obj`'s class and its parents up to `root` the hints, wherever the
 * code runs (the kernel's check is {@linkcode slipHints}'s; tests call this).
 *
 * @param obj An object of the class.
 * @param root The topmost class the hints go on.
 * @param miss What to say for names `obj` lacks, beyond Python's names.
 */
export function addSlipHints(
  obj: object,
  root: HintRoot,
  miss?: MissHint,
): void {
  let proto: object | null = Object.getPrototypeOf(obj);
  while (proto !== null && proto !== Object.prototype && !done.has(proto)) {
    done.add(proto);
    wrapMethods(proto);
    if (proto === root.prototype) {
      catchMisses(proto, miss);
      break;
    }
    proto = Object.getPrototypeOf(proto);
  }
}

/** Takes every hint away (tests). */
export function removeSlipHints(): void {
  for (const u of undo.splice(0).reverse()) u();
  done = new WeakSet();
  caught = new WeakSet();
}

/**
 * Replaces each method of `proto` with one that marks the promise it
 * returns. Symbol-keyed methods, getters and the constructor stay.
 */
function wrapMethods(proto: object): void {
  for (const key of Object.getOwnPropertyNames(proto)) {
    if (key === "constructor") continue;
    const d = Object.getOwnPropertyDescriptor(proto, key)!;
    const original = d.value;
    if (typeof original !== "function" || !d.configurable) continue;
    // A method (not constructible), named as the original.
    const wrapped = {
      [key](this: unknown, ...args: unknown[]): unknown {
        let result: unknown;
        try {
          result = Reflect.apply(original, this, args);
        } catch (err) {
          throw usageStack(err);
        }
        if (result instanceof Promise) {
          // An async method's argument check rejects its promise: the same
          // error, its stack read without the SDK's frames.
          // A list call's promise walks with for await: so does this one.
          result = walkLike(
            result.then(undefined, (err: unknown) => {
              throw usageStack(err);
            }),
            result,
          );
          markPromise(result as Promise<unknown>, this, key);
        }
        return result;
      },
    }[key]!;
    Object.defineProperty(wrapped, "length", { value: original.length });
    Object.defineProperty(proto, key, { ...d, value: wrapped });
    undo.push(() => Object.defineProperty(proto, key, d));
  }
}

/**
 * An argument's `TypeError` or `RangeError` from one of the SDK's methods,
 * its stack read without the SDK's frames, as the kernel shows its own
 * errors ({@linkcode kernelStack}): `tc.operationLs()` without a collection
 * id showed the checks' frames (`src/transfer/_args.ts`, `…/files.ts`, this
 * wrapper's) above the cell's line. The SDK's own errors trim theirs when
 * made; anything else passes as it is.
 */
function usageStack(err: unknown): unknown {
  return err instanceof TypeError || err instanceof RangeError
    ? withoutSdkStack(err)
    : err;
}

/** Conventional variable names for the examples in the hints. */
const VARIABLE: Record<string, string> = {
  TransferClient: "tc",
  TransferClientV2: "tc2",
  AuthClient: "ac",
  NativeAppAuthClient: "authClient",
  ConfidentialAppAuthClient: "authClient",
  UserApp: "app",
  ClientApp: "app",
  OAuthTokenResponse: "tokens",
  OAuthDependentTokenResponse: "tokens",
  JSONTokenStorage: "storage",
  MemoryTokenStorage: "storage",
  SQLiteTokenStorage: "storage",
  AccessTokenAuthorizer: "authorizer",
  RefreshTokenAuthorizer: "authorizer",
  ClientCredentialsAuthorizer: "authorizer",
  AuthorizationCodeFlow: "flow",
  Paginator: "…",
  PaginatorItems: "….items()",
  PagePaginator: "tc.paginated.…()",
  GlobusHTTPResponse: "res",
  // The Python SDK's tutorial names.
  TransferData: "tdata",
  DeleteData: "ddata",
};

/** Internal classes, by the public name a user knows them by. */
const PUBLIC_NAME: Record<string, string> = {
  DisplayPaginator: "Paginator",
  ItemWalk: "PaginatorItems",
};

/**
 * The variable name the hints' examples use for an object of class `cls`
 * (`tc`, `app`, `tdata`; else the class name in lower camelCase).
 *
 * @param cls The class's name.
 * @returns The variable name.
 */
export function exampleVariable(cls: string): string {
  return VARIABLE[cls] ??
    (cls.endsWith("Error")
      ? "err"
      : cls.charAt(0).toLowerCase() + cls.slice(1));
}

/** The class name of `obj` and a variable name for examples. */
function names(obj: unknown): { cls: string; v: string } {
  // `obj` is undefined for a method called on its own (`const f =
  // tc.operationLs; f()`). An anonymous subclass (`new (class extends
  // TransferClient {})(…)`) has the name "": it is named after the
  // nearest named class ("object has no operation_ls", "object.operationLs").
  const own = classLabel(
    (obj as { constructor?: unknown } | null | undefined)?.constructor,
  );
  const name = PUBLIC_NAME[own] ?? own;
  return {
    cls: name,
    v: exampleVariable(name),
  };
}

/**
 * Gives a promise `owner.method()` returned a display that says it was
 * not awaited (the kernel shows it for a cell ending in the call).
 *
 * @param promise The promise.
 * @param owner The object whose method returned it.
 * @param method The method's name.
 */
export function markPromise(
  promise: Promise<unknown>,
  owner: unknown,
  method: string,
): void {
  const hint = { enumerable: false, configurable: true, writable: true };
  let shown = false;
  Object.defineProperty(promise, JUPYTER_DISPLAY, {
    ...hint,
    value: (): MimeBundle => {
      // The cell's value: nobody awaits it, so a failure would be lost
      // without a word (an un-awaited login's "no code was entered").
      if (!shown) {
        shown = true;
        promise.catch((err: unknown) => {
          console.error(
            `${names(owner).cls}.${method}(), not awaited, failed: ${
              err instanceof Error ? `${err.name}: ${err.message}` : String(err)
            }`,
          );
        });
      }
      return { "text/plain": unawaitedHint(owner, method) };
    },
  });
  // `console.log(tc.getTask(id))`, or the promise inside a cell's value
  // (`[tc.getTask(a), tc.getTask(b)]`), is drawn by Deno's inspect.
  Object.defineProperty(promise, DENO_INSPECT, {
    ...hint,
    value: (): string => unawaitedHint(owner, method),
  });
  // `const r = tc.operationLs(…); r.DATA` read undefined with no word why.
  for (const field of RESULT_FIELDS) {
    Object.defineProperty(promise, field, {
      enumerable: false,
      configurable: true,
      get(): never {
        throw kernelStack(new TypeError(unreadHint(owner, method, field)));
      },
    });
  }
  // `for (const f of r)` and `r.map(…)` said only "r is not iterable", "r.map
  // is not a function". (A Promise has none of these names itself.)
  // `for await (const r of tc.getTask(…))` and `.toArray()`, as a
  // paginator is walked, gave V8's "is not a function or its return value
  // is not async iterable" and "toArray is not a function". A list call's
  // promise walks with for await, and its for…of names both forms
  // (src/core/_list_promise.ts): those stay.
  const walks = isListPromise(promise);
  for (
    const key of [
      ...(walks ? [] : [Symbol.iterator, Symbol.asyncIterator]),
      "toArray",
      ...ARRAY_NAMES,
    ]
  ) {
    Object.defineProperty(promise, key, {
      enumerable: false,
      configurable: true,
      get(): never {
        throw kernelStack(new TypeError(unlistedHint(owner, method, key)));
      },
    });
  }
}

/** What iterating, or an array's name on, an un-awaited result says. */
function unlistedHint(
  owner: unknown,
  method: string,
  key: string | symbol,
): string {
  const { cls, v } = names(owner);
  // Said of any method: a list's (endpointAclList) and one document's
  // (getTask) alike. "Its result is a list" sent a getTask porter to a
  // for…of that failed again.
  const what = key === Symbol.asyncIterator
    ? "which cannot be walked with for await…of (a paginator or a list call can)"
    : typeof key === "symbol"
    ? "which cannot be walked with for…of"
    : key === "length"
    ? "which has no length"
    : key === "toArray"
    ? "which has no toArray() (a paginator's)"
    : `which has no ${key}()`;
  const use = typeof key === "symbol" || key === "toArray"
    ? "then use r (for (const x of r) … where it is a list)"
    : key === "length"
    ? "r.length"
    : `r.${key}(…)`;
  return `${cls}.${method}() was called without await, so this is its ` +
    `promise, ${what}. Write await before the call: ` +
    `const r = await ${v}.${method}(…); ${use}`;
}

/**
 * Fields of the SDK's results a newcomer reads from the promise when the
 * `await` is missing (a Python user's `r["DATA"]`, `r["task_id"]`).
 */
const RESULT_FIELDS: readonly string[] = [
  "DATA",
  "access_token",
  "by_resource_server",
  "code",
  "display_name",
  "id",
  "identities",
  "message",
  "status",
  "submission_id",
  "task_id",
];

/** What reading `field` from an un-awaited `owner.method()` says. */
function unreadHint(owner: unknown, method: string, field: string): string {
  const { cls, v } = names(owner);
  return `${cls}.${method}() was called without await, so this is its ` +
    `promise, which has no ${field}. Write await before the call: ` +
    `const r = await ${v}.${method}(…); r.${field}`;
}

/**
 * What a cell ending in `owner.method(…)` without `await` shows.
 *
 * @param owner The object whose method was called.
 * @param method The method's name.
 * @returns The hint.
 */
export function unawaitedHint(owner: unknown, method: string): string {
  const { cls, v } = names(owner);
  return `Promise: ${cls}.${method}() was called without await, so this is ` +
    `its promise, not its result (the call goes on all the same). Write ` +
    `await before the call to get the result: await ${v}.${method}(…)`;
}

/** The property `key` as `obj` would find it (without calling a getter). */
function findProperty(
  obj: object,
  key: string,
): PropertyDescriptor | undefined {
  for (let o: object | null = obj; o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d) return d;
  }
  return undefined;
}

/**
 * Python names whose counterpart is not their camelCase: an API error's
 * `raw_text` is the whole body (`err.text`); `rawText` is only a body that
 * is not JSON.
 */
const PYTHON_NAMES: Readonly<Record<string, string>> = {
  raw_text: "text",
  // Python 3's AuthClient.oauth2_userinfo(), also as a porter camelCases it.
  oauth2_userinfo: "userinfo",
  oauth2Userinfo: "userinfo",
  // Python 3's oauth2_validate_token(t) is oauth2_token_introspect(t)
  // ["active"].
  oauth2_validate_token: "oauth2TokenIntrospect",
  oauth2ValidateToken: "oauth2TokenIntrospect",
};

/** What to say for Python's name `key` on `receiver`, if it has a camelCase one. */
function pythonNameHint(key: string, receiver: object): string | undefined {
  const renamed = Object.hasOwn(PYTHON_NAMES, key);
  if (!renamed && (!key.includes("_") || key.startsWith("_"))) {
    return undefined;
  }
  if (renamed && !key.includes("_")) {
    const name = PYTHON_NAMES[key] as string;
    if (!findProperty(receiver, name)) return undefined;
    const { cls, v } = names(receiver);
    return `${cls} has no ${key}: its name here is ${name} (${v}.${name}(…))`;
  }
  let name = renamed ? PYTHON_NAMES[key] as string : camelCase(key);
  let d = name === key ? undefined : findProperty(receiver, name);
  // A renamed field the object lacks may be there by its camelCase
  // (raw_text is an API error's text, a validation error's rawText).
  if (!d && renamed) d = findProperty(receiver, name = camelCase(key));
  if (!d) return undefined;
  const { cls, v } = names(receiver);
  const method = typeof d.value === "function";
  return `${cls} has no ${key}: the names here are camelCase, so Python's ` +
    `${key} is ${name}` +
    (method
      ? ` (${v}.${name}(…); Python's keyword arguments go in an options ` +
        `object: { name: value })`
      : ` (${v}.${name})`);
}

/**
 * The TypeError of a slip. Read from an error (`e.http_status` in a
 * `catch`), it has that error as its `cause`: printed, the new error showed
 * only the hint, and the API error being handled was lost from the output.
 */
function slip(hint: string, receiver: object): TypeError {
  return kernelStack(
    new TypeError(
      hint,
      receiver instanceof Error ? { cause: receiver } : undefined,
    ),
  );
}

/**
 * Puts a proxy between `proto` and its parent (`Object.prototype`) that
 * throws a TypeError with a hint for the names the hints know; any other
 * read goes on to the parent as before.
 */
function catchMisses(proto: object, miss: MissHint | undefined): void {
  const parent = Object.getPrototypeOf(proto);
  // The proxy's own prototype is the parent: `instanceof Object` and
  // `Object.getPrototypeOf` walks see the chain as it was.
  const proxy = new Proxy(Object.create(parent) as object, {
    get(target, key, receiver) {
      if (typeof key === "string" && receiver !== null) {
        const hint = miss?.(key, receiver) ?? pythonNameHint(key, receiver);
        if (hint !== undefined) throw slip(hint, receiver);
      }
      return Reflect.get(target, key, receiver);
    },
    // Assigning a name the object lacks comes here too: a name the class
    // has a hint for (Python's dict field, `tdata["label"] = …`) would
    // only make an own property that nothing reads.
    set(target, key, value, receiver) {
      if (typeof key === "string" && receiver !== null) {
        const hint = miss?.(key, receiver);
        if (hint !== undefined) throw slip(hint, receiver);
      }
      return Reflect.set(target, key, value, receiver);
    },
  });
  Object.setPrototypeOf(proto, proxy);
  undo.push(() => Object.setPrototypeOf(proto, parent));
}

/** Array names a newcomer reads from a paginator. */
const ARRAY_NAMES = new Set([
  "at",
  "every",
  "filter",
  "find",
  "findIndex",
  "flatMap",
  "forEach",
  "includes",
  "indexOf",
  "join",
  "length",
  "map",
  "reduce",
  "slice",
  "some",
  "sort",
]);

/**
 * What a paginator says for an array's name (`.map`, `.length`, …) or
 * Python's page field `DATA`, read from it.
 *
 * @param key The name read.
 * @returns The hint, or `undefined` for other names.
 */
export function paginatorMiss(key: string): string | undefined {
  const walk = "walk them with for await (const item of …) { … }";
  if (key === "length") {
    return "A Paginator has no .length: it fetches its pages as it is " +
      "walked, so the count is known at the end. Collect the items first: " +
      "(await ….toArray()).length";
  }
  if (isIndex(key)) {
    return `A Paginator has no [${key}]: it is not an array, it fetches ` +
      `its pages as it is walked. Collect the items first: ` +
      `(await ….toArray())[${key}], or ${walk}`;
  }
  if (ARRAY_NAMES.has(key)) {
    return `A Paginator has no .${key}(): it is not an array, it fetches ` +
      `its pages as it is walked. Collect the items first: ` +
      `(await ….toArray()).${key}(…), or ${walk}`;
  }
  if (key === "DATA") {
    return "A Paginator has no DATA: collect its items with await " +
      `….toArray(), or ${walk}; each page (with its DATA) comes from ` +
      "for await (const page of ….pages())";
  }
  if (RESPONSE_FIELDS.has(key)) {
    // Python's tc.endpoint_search(…) is one response (the first page):
    // a ported `r.data["DATA"]` or `if r.http_status == 200` read
    // undefined here, where the call walks every page.
    return `A Paginator has no ${key === "get" ? "get()" : key}: it is not ` +
      `one response, it fetches every page as it is walked (${walk}). ` +
      "Collect the items with await ….toArray(); each page's document " +
      "comes from for await (const page of ….pages())";
  }
  if (PAGE_FIELDS.has(key)) {
    // A Python loop paging by hand (`r["last_key"]`, `offset += r["limit"]`)
    // read undefined: a checkpoint saved as undefined, NaN offsets.
    return `A Paginator has no ${key}: it is not one page, it walks every ` +
      `page itself (${walk}). Each page's ${key} is on the pages of ` +
      `for await (const page of ….pages()), or of tc.paginated.…() ` +
      "(e.g. page.last_key to resume later)";
  }
  return undefined;
}

/**
 * One response's names, read from a paginator: Python's, and the
 * camelCase a port writes for them (`tc.taskList().httpStatus` read
 * `undefined` without a word).
 */
const RESPONSE_FIELDS: ReadonlySet<string> = new Set([
  "data",
  "http_status",
  "httpStatus",
  "http_reason",
  "httpReason",
  "headers",
  "content_type",
  "contentType",
  "text",
  "get",
]);

/** A page's paging fields, which a Python script paging by hand reads. */
const PAGE_FIELDS: ReadonlySet<string> = new Set([
  "last_key",
  "has_next_page",
  "total",
  "limit",
  "offset",
  "next_marker",
  "marker",
  "next_token",
]);

/** What `for…of` (or spreading, `Array.from`) over a paginator says. */
export const PAGINATOR_NOT_ITERABLE =
  "A Paginator is walked with for await, not for…of: it fetches its pages " +
  "as it goes. Write for await (const item of …) { … }, or collect every " +
  "item first with await ….toArray()";

/** Whether `key` is an array index (`"0"`, `"12"`). */
function isIndex(key: string): boolean {
  return /^(?:0|[1-9][0-9]*)$/.test(key);
}

/**
 * What `for…of` (or spreading, `Array.from`) over `tc.paginated.…()` says.
 *
 * @param call The call, e.g. `tc.paginated.taskList()`.
 * @returns The hint.
 */
export function pagePaginatorNotIterable(call: string): string {
  return `${call} is walked with for await, not for…of: it fetches its ` +
    `pages as it goes. Write for await (const page of ${call}) { … }, or ` +
    `collect every item first with await ${call}.items().toArray()`;
}

/**
 * What `tc.paginated.…()` says for an array's name (`.length`, `[0]`,
 * `.map`), a page's field (`DATA`, `last_key`) or `toArray` read from it.
 *
 * @param key The name read.
 * @param call The call, e.g. `tc.paginated.taskList()`.
 * @returns The hint, or `undefined` for other names.
 */
export function pagePaginatorMiss(
  key: string,
  call: string,
): string | undefined {
  const pages = `walk the pages with for await (const page of ${call}) { … }`;
  const collect = `await ${call}.items().toArray()`;
  const notArray = "it is not an array, it fetches its pages as it is walked";
  if (key === "length") {
    return `${call} has no .length: ${notArray}, so the count is known at ` +
      `the end. Collect the items first: (${collect}).length, or ${pages}`;
  }
  if (isIndex(key)) {
    return `${call} has no [${key}]: ${notArray}. Collect the items ` +
      `first: (${collect})[${key}], or ${pages}`;
  }
  if (ARRAY_NAMES.has(key)) {
    return `${call} has no .${key}(): ${notArray}. Collect the items ` +
      `first: (${collect}).${key}(…), or ${pages}`;
  }
  if (key === "toArray") {
    return `${call} has no toArray(): it yields pages; collect every item ` +
      `with ${collect}`;
  }
  if (key === "DATA" || PAGE_FIELDS.has(key)) {
    return `${call} has no ${key}: it is not one page, it walks every page ` +
      `itself. Each page's ${key} is on the pages of for await (const page ` +
      `of ${call}) { page.${key} }; every item: ${collect}`;
  }
  return undefined;
}

/** What `for…of` (or spreading, `Array.from`) over `….pages()` says. */
export const PAGES_NOT_ITERABLE =
  "….pages() is walked with for await, not for…of: it fetches its pages as " +
  "it goes. Write for await (const page of ….pages()) { … }; every item: " +
  "await ….toArray()";

/** What `for…of` (or spreading, `Array.from`) over `….items()` says. */
export const ITEMS_NOT_ITERABLE =
  "….items() is walked with for await, not for…of: it fetches its pages as " +
  "it goes. Write for await (const t of ….items()) { … }, or collect every " +
  "item first with await ….items().toArray()";

/**
 * What `….items()` (a paginator's item walk) says for an array's name
 * (`.length`, `[0]`, `.map`) or `DATA` read from it.
 *
 * @param key The name read.
 * @returns The hint, or `undefined` for other names.
 */
export function itemsMiss(key: string): string | undefined {
  const walk = "walk them with for await (const t of ….items()) { … }";
  const collect = "await ….items().toArray()";
  const notArray = "it is not an array, it fetches the pages as it is walked";
  if (key === "length") {
    return `….items() has no .length: ${notArray}, so the count is known ` +
      `at the end. Collect the items first: (${collect}).length`;
  }
  if (isIndex(key)) {
    return `….items() has no [${key}]: ${notArray}. Collect the items ` +
      `first: (${collect})[${key}], or ${walk}`;
  }
  if (ARRAY_NAMES.has(key)) {
    return `….items() has no .${key}(): ${notArray}. Collect the items ` +
      `first: (${collect}).${key}(…), or ${walk}`;
  }
  if (key === "DATA" || PAGE_FIELDS.has(key)) {
    return `….items() has no ${key}: it yields the items themselves, not ` +
      `pages. Collect them with ${collect}, or ${walk}; each page's ${key} ` +
      "is on the pages of for await (const page of ….pages())";
  }
  return undefined;
}
