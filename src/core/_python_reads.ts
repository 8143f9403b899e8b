/**
 * Python's reads on typed results (every client method's, through
 * `BaseClient.call`, and the Auth calls that do not go through it: token
 * introspection, revocation, the OpenID configuration): `r.data` (the
 * result itself), `r.get(key, default)` and `r.http_status` (also as
 * `r.httpStatus`, the name a `GlobusHTTPResponse`, an error and a token
 * response give it: on a typed result it read `undefined`). Without them
 * a ported `tc.get_task(id).data["status"]` failed further on,
 * `res.get("active", False)` with "res.get is not a function", and
 * `if r.http_status == 202` read `undefined` and took the other branch
 * without a word. Non-enumerable, so JSON, key listings, spreads and
 * printing are unchanged; a body with a field of its own of one of these
 * names (the `/v2/` JSON:API documents' `data`) keeps it.
 *
 * @module
 */

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

/**
 * Adds the non-enumerable `data`, `get`, `http_status` and `httpStatus` to
 * a parsed body (a field of its own of one of these names is kept).
 *
 * @param body The parsed body.
 * @param status The response's HTTP status.
 * @returns The same body.
 */
export function withPythonReads<T>(body: T, status: number): T {
  if (
    body !== null && typeof body === "object" && !Array.isArray(body) &&
    Object.isExtensible(body)
  ) {
    if (!Object.hasOwn(body, "data")) {
      Object.defineProperty(body, "data", DATA_IS_ITSELF);
    }
    if (!Object.hasOwn(body, "get")) {
      Object.defineProperty(body, "get", PYTHON_GET);
    }
    if (!Object.hasOwn(body, "http_status")) {
      Object.defineProperty(body, "http_status", {
        value: status,
        enumerable: false,
        configurable: true,
      });
    }
    if (!Object.hasOwn(body, "httpStatus")) {
      Object.defineProperty(body, "httpStatus", {
        value: status,
        enumerable: false,
        configurable: true,
      });
    }
  }
  return body;
}
