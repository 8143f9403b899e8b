/**
 * Python's reads on typed results (every client method's, through
 * `BaseClient.call`, and the Auth calls that do not go through it: token
 * introspection, revocation, the OpenID configuration): `r.data` (the
 * result itself), `r.get(key, default)`, `r.data.items()` (and `keys()`,
 * `values()`), `r.http_status`, `r.http_reason`,
 * `r.headers`, `r.content_type` and `r.text` — each also by the camelCase
 * name a `GlobusHTTPResponse`, an error and a token response give it
 * (`r.httpStatus`, `r.httpReason`, `r.contentType`). Without them a ported
 * `tc.get_task(id).data["status"]` failed further on,
 * `res.get("active", False)` with "res.get is not a function",
 * `if r.http_status == 202` read `undefined` and took the other branch
 * without a word, and `r.headers["Retry-After"]` or `print(r.text)` read
 * `undefined`. Non-enumerable, so JSON, key listings, spreads and printing
 * are unchanged; a body with a field of its own of one of these names (the
 * `/v2/` JSON:API documents' `data`) keeps it. The descriptors are shared
 * (the response's status and headers are in one hidden slot), so a result
 * costs one small object more, not a closure per name.
 *
 * @module
 */
import { indexableHeaders } from "./_header_index.ts";
import { reasonPhrase } from "./_reason_phrase.ts";

/** The response a typed result came from (a hidden slot of the result). */
const RESPONSE = Symbol("response");

/** What {@linkcode RESPONSE} holds. */
interface ResponseFacts {
  status: number;
  /** The response's headers, if the caller had them. */
  headers: Headers | undefined;
  /** `headers` as `r.headers` gives them (made on the first read). */
  indexable?: Headers;
}

/** The facts of `o`'s response (every result with the getters has them). */
function factsOf(o: unknown): ResponseFacts {
  return (o as { [RESPONSE]: ResponseFacts })[RESPONSE];
}

/** A non-enumerable getter. */
function getter(get: (this: unknown) => unknown): PropertyDescriptor {
  return Object.freeze({ get, enumerable: false, configurable: true });
}

const STATUS = getter(function (this: unknown) {
  return factsOf(this).status;
});
const REASON = getter(function (this: unknown) {
  return reasonPhrase(factsOf(this).status);
});
const CONTENT_TYPE = getter(function (this: unknown) {
  return factsOf(this).headers?.get("content-type") ?? null;
});

/** `headers`: a `Headers` whose names read as fields too, as Python's. */
const HEADERS = getter(function (this: unknown) {
  const f = factsOf(this);
  return f.indexable ??= indexableHeaders(f.headers);
});

/**
 * `text`: the body as JSON text. The text as received is not kept (it
 * would double the memory of a large listing's result for a read that is
 * rare); this is the same JSON, written again from the result.
 */
const TEXT = getter(function (this: unknown) {
  return JSON.stringify(this);
});

/** `data`: the object itself (one getter for all). */
const DATA_IS_ITSELF: PropertyDescriptor = Object.freeze({
  get(this: unknown) {
    return this;
  },
  enumerable: false,
  configurable: true,
});

/** `get(key, default)`: a field of its own, or `defaultValue`. */
const PYTHON_GET: PropertyDescriptor = Object.freeze({
  value: function get(
    this: Record<string, unknown>,
    key: string,
    defaultValue?: unknown,
  ): unknown {
    return Object.hasOwn(this, key) ? this[key] : defaultValue;
  },
  enumerable: false,
  configurable: true,
  writable: true,
});

/** A non-enumerable method. */
function method(fn: (this: Record<string, unknown>) => unknown) {
  return Object.freeze({
    value: fn,
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

/**
 * What `for await` over a list result's `keys()`, `values()` or `items()`
 * says. `for await (const f of (await tc.operationLs(ep)).items())` (a
 * paginator's `.items()` habit) walked the document's `[key, value]` pairs
 * (`["DATA_TYPE", "file_list"]`, …) without a word; a dict view walked
 * with plain `for…of`, as Python's `for k, v in r.data.items()`, is not
 * affected.
 */
function viewWalkHint(view: string): PropertyDescriptor {
  return Object.freeze({
    value: function (): never {
      throw new TypeError(
        `Cannot walk r.${view}() with for await: on a list result, ${view}() gives the fields of the document (as Python's dict.${view}()), not its entries; walk the result itself: for (const x of r) …, or without await first: for await (const x of tc.operationLs(…)) …`,
      );
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
}

const KEYS_WALK = viewWalkHint("keys");
const VALUES_WALK = viewWalkHint("values");
const ITEMS_WALK = viewWalkHint("items");

/**
 * A dict view of `obj`: on a list result (it walks with `for…of`), `for
 * await` over the view throws {@linkcode viewWalkHint}'s hint.
 */
function view<T>(
  obj: Record<string, unknown>,
  list: T[],
  walk: PropertyDescriptor,
): T[] {
  if (
    typeof (obj as Partial<Iterable<unknown>>)[Symbol.iterator] === "function"
  ) {
    Object.defineProperty(list, Symbol.asyncIterator, walk);
  }
  return list;
}

/**
 * A Python dict's `keys()`, `values()` and `items()`: the fields of its
 * own, as `Object.keys`, `Object.values` and `Object.entries` give them.
 * A ported `for k, v in r.data.items():` failed with "r.data.items is not
 * a function".
 */
const DICT_VIEWS: ReadonlyArray<readonly [string, PropertyDescriptor]> = [
  [
    "keys",
    method(function keys() {
      return view(this, Object.keys(this), KEYS_WALK);
    }),
  ],
  [
    "values",
    method(function values() {
      return view(this, Object.values(this), VALUES_WALK);
    }),
  ],
  [
    "items",
    method(function items() {
      return view(this, Object.entries(this), ITEMS_WALK);
    }),
  ],
];

const DICT_METHODS: ReadonlyArray<readonly [string, PropertyDescriptor]> = [
  ["get", PYTHON_GET],
  ...DICT_VIEWS,
];

/**
 * Adds a Python dict's non-enumerable `get(key, default)`, `keys()`,
 * `values()` and `items()` to a plain object of data (a token response's
 * `byResourceServer`); a field of its own of one of these names is kept.
 *
 * @param obj The object.
 * @returns The same object.
 */
export function withDictMethods<T extends object>(obj: T): T {
  for (const [name, descriptor] of DICT_METHODS) {
    if (!Object.hasOwn(obj, name)) {
      Object.defineProperty(obj, name, descriptor);
    }
  }
  return obj;
}

/** The names and what each reads, in the order they are added. */
const READS: ReadonlyArray<readonly [string, PropertyDescriptor]> = [
  ["data", DATA_IS_ITSELF],
  ["get", PYTHON_GET],
  ...DICT_VIEWS,
  ["http_status", STATUS],
  ["httpStatus", STATUS],
  ["http_reason", REASON],
  ["httpReason", REASON],
  ["headers", HEADERS],
  ["content_type", CONTENT_TYPE],
  ["contentType", CONTENT_TYPE],
  ["text", TEXT],
];

/**
 * Adds the non-enumerable `data`, `get`, `keys`, `values`, `items`,
 * `http_status`/`httpStatus`,
 * `http_reason`/`httpReason`, `headers`, `content_type`/`contentType` and
 * `text` to a parsed body (a field of its own of one of these names is
 * kept).
 *
 * @param body The parsed body.
 * @param status The response's HTTP status.
 * @param headers The response's headers (an empty `Headers` is read when
 *   the caller has none).
 * @returns The same body.
 */
export function withPythonReads<T>(
  body: T,
  status: number,
  headers?: Headers,
): T {
  if (
    body !== null && typeof body === "object" && !Array.isArray(body) &&
    Object.isExtensible(body)
  ) {
    const facts: ResponseFacts = { status, headers };
    Object.defineProperty(body, RESPONSE, { value: facts });
    for (const [name, descriptor] of READS) {
      if (!Object.hasOwn(body, name)) {
        Object.defineProperty(body, name, descriptor);
      }
    }
  }
  return body;
}
