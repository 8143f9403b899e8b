/**
 * Request URLs: a client's path joined to its base URL, and the query
 * string, built with as few URL parses as the input allows (each parse is a
 * few microseconds on every request).
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";

/** A query parameter value; `undefined` and `null` are left out. */
export type QueryValue =
  | string
  | number
  | boolean
  | readonly (string | number)[]
  | undefined
  | null;

/** Marks a list that {@linkcode repeatedParam} made. */
const REPEATED = Symbol("repeatedParam");

/**
 * Internal: a list sent as one parameter per item (`filter=a&filter=b`, as
 * Python's `requests` sends a list), where a plain array is comma-joined.
 *
 * @param values The values.
 * @returns A copy of `values`, marked.
 */
export function repeatedParam(values: readonly string[]): readonly string[] {
  return Object.defineProperty([...values], REPEATED, { value: true });
}

function isRepeated(value: readonly unknown[]): boolean {
  return (value as unknown as Record<symbol, unknown>)[REPEATED] === true;
}

/**
 * Builds a URL with a query string, leaving out `undefined` and `null`
 * values and comma-joining arrays.
 *
 * @param url The base URL.
 * @param query The parameters.
 * @returns The full URL.
 * @throws {TypeError} When `url` is not an absolute URL and `query` is given.
 *
 * @example Build a task list URL
 * ```ts
 * import { buildUrl } from "@globus-deno/sdk";
 * const url = buildUrl("https://transfer.api.globus.org/v0.10/task_list", {
 *   limit: 10,
 *   filter: undefined, // left out
 *   fields: ["task_id", "status"],
 * });
 * console.log(url);
 * // https://transfer.api.globus.org/v0.10/task_list?limit=10&fields=task_id%2Cstatus
 * ```
 */
export function buildUrl(
  url: string,
  query?: Record<string, QueryValue>,
): string {
  if (!query) return url;
  const u = new URL(url);
  if (u.search === "" && u.hash === "" && !u.href.endsWith("?")) {
    // One parse instead of one per parameter: the same string
    // searchParams.set() would produce, appended to the normalized URL.
    const qs = queryString(query);
    if (qs !== undefined) return qs ? `${u.href}?${qs}` : u.href;
  }
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && isRepeated(value)) {
      u.searchParams.delete(key);
      for (const v of value) u.searchParams.append(key, String(v));
      continue;
    }
    u.searchParams.set(
      key,
      Array.isArray(value) ? value.join(",") : String(value),
    );
  }
  return u.href;
}

/**
 * The query string `searchParams.set()` would build for `query` on a URL
 * without one (no leading `?`; `""` when every value is left out), or
 * `undefined` for a value with a lone surrogate (which URLSearchParams
 * replaces: build it the long way).
 */
export function queryString(
  query: Record<string, QueryValue>,
): string | undefined {
  let qs = "";
  try {
    for (const key in query) {
      if (!Object.hasOwn(query, key)) continue;
      const value = query[key];
      if (value === undefined || value === null) continue;
      if (Array.isArray(value) && isRepeated(value)) {
        for (const v of value) {
          qs += `${qs ? "&" : ""}${formEncode(key)}=${formEncode(String(v))}`;
        }
        continue;
      }
      qs += `${qs ? "&" : ""}${formEncode(key)}=${
        formEncode(Array.isArray(value) ? value.join(",") : String(value))
      }`;
    }
  } catch {
    return undefined;
  }
  return qs;
}

const FORM_EXTRA: Record<string, string> = {
  "!": "%21",
  "'": "%27",
  "(": "%28",
  ")": "%29",
  "~": "%7E",
  "%20": "+",
};

/**
 * application/x-www-form-urlencoded, as URLSearchParams serializes a value.
 * @throws {URIError} For a lone surrogate.
 */
function formEncode(text: string): string {
  const e = encodeURIComponent(text);
  return /[!'()~]|%20/.test(e)
    ? e.replace(/[!'()~]|%20/g, (m) => FORM_EXTRA[m] as string)
    : e;
}

/**
 * A relative path made only of characters a URL path keeps as they are (no
 * scheme-like `:`, no `?`, `#`, `\`, spaces or non-ASCII), not starting
 * with `/`: appended to a base URL ending in `/`, it is what
 * `new URL(path, base)` gives (dot segments are refused before).
 */
const PLAIN_PATH =
  /^[A-Za-z0-9\-._~!$&'()*+,;=@%][A-Za-z0-9\-._~!$&'()*+,;=@%/]*$/;

/**
 * The last relative path found plain ({@linkcode PLAIN_PATH}) with no dot
 * segment: the same path again needs neither test.
 */
let lastPlainPath: string | undefined;

/** A `.` or `..` segment, as such or percent-encoded (`%2e`). */
const DOT_STEP = /^(?:\.|%2e){1,2}$/i;
/** Whether a path without `?` has a {@linkcode DOT_STEP} segment. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;

/**
 * The base URL `new URL(path, base)` resolves a plain relative path
 * against by appending it, or `undefined` when it does not (a base that
 * does not end with `/`, or has a query or fragment).
 *
 * @param base The client's base URL.
 */
export function appendableBase(base: string): string | undefined {
  try {
    const u = new URL(base);
    return u.search === "" && u.hash === "" && u.href.endsWith("/") &&
        !u.href.endsWith("?")
      ? u.href
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The absolute URL of `path` (relative to `base`; one leading `/` is
 * dropped), with the query string: `base + path + "?" + query` when that is
 * what parsing would give, else through `new URL`.
 *
 * @param method The HTTP method (for the error message).
 * @param base The base URL, ending with `/`.
 * @param appendable {@linkcode appendableBase}`(base)`.
 * @param path The path, e.g. `v0.10/task_list`.
 * @param query The query parameters.
 * @throws {RangeError} For a `.` or `..` path segment (an id of "." or
 *   ".." would send the request to another route).
 */
export function requestUrl(
  method: string,
  base: string,
  appendable: string | undefined,
  path: string,
  query: Record<string, QueryValue> | undefined,
): string {
  const relative = path.charCodeAt(0) === 0x2f ? path.slice(1) : path;
  // The path of the last call is known to be plain and dot-free (repeated
  // calls and the pages of a listing send the same path).
  const known = relative === lastPlainPath;
  const plain = appendable !== undefined &&
    (known || PLAIN_PATH.test(relative));
  // A plain path is searched for a dot segment only when one may be there.
  const step = plain && (known || !DOT_SEGMENT.test(relative))
    ? undefined
    : path.split("?", 1)[0]?.split("/").find((seg) => DOT_STEP.test(seg));
  if (plain && step === undefined) lastPlainPath = relative;
  if (step !== undefined) {
    // An id of "." or ".." would be resolved as a path step and send the
    // request to another route (GET …/identities/../consents → …/consents).
    throw kernelStack(
      new RangeError(
        `Cannot call ${method.toUpperCase()} ${path} as it has a '${step}' path segment: an id argument was "." or "..", which is not an id`,
      ),
    );
  }
  if (!plain) return buildUrl(new URL(relative, base).href, query);
  const url = appendable + relative;
  if (!query) return url;
  const qs = queryString(query);
  if (qs === undefined) return buildUrl(url, query);
  return qs ? `${url}?${qs}` : url;
}
