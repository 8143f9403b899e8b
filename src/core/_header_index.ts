/**
 * Internal: Python's `r.headers["Retry-After"]` on a response's or an
 * error's headers. Python's headers are a case-insensitive dict, so a
 * ported `err.headers["Retry-After"]` read `undefined` here (a `Headers`
 * object has only `get()`), and a retry loop waited for nothing. A read of
 * a name the headers object does not have (no method, no field) falls
 * through its prototypes to a proxy at the end of the chain, which answers
 * with the header's value (`get(name)`, any case), or `undefined` when
 * there is none. Methods, symbols and everything else read as before, and
 * `instanceof Headers` holds.
 *
 * @module
 */

/** A headers object: `get()` by name, any case. */
interface HeaderGetter {
  get(name: string): string | null;
}

/**
 * Puts the header-reading proxy at the end of `proto`'s chain: `proto`'s
 * own prototype becomes a proxy of an object inheriting from it, so the
 * chain (and a `Headers` brand check, which walks it) is unchanged.
 *
 * @param proto The prototype of a headers class of the SDK's own.
 * @param owner The class, whose instances' misses are header names.
 */
export function indexHeaderNames(
  proto: object,
  owner: abstract new (...args: never[]) => HeaderGetter,
): void {
  const above = Object.getPrototypeOf(proto) as object | null;
  const target = Object.create(above) as object;
  Object.setPrototypeOf(
    proto,
    new Proxy(target, {
      get(t, key, receiver) {
        if (
          typeof key === "string" && !(key in t) && receiver instanceof owner
        ) {
          try {
            return (receiver as HeaderGetter).get(key) ?? undefined;
          } catch {
            // Not a header name ("a b"): as before.
            return undefined;
          }
        }
        return Reflect.get(t, key, receiver);
      },
    }),
  );
}

/** The global `Headers` with the header-name reads, made on first use. */
let indexed: (new (init?: HeadersInit) => Headers) | undefined;

/**
 * A copy of `headers` whose header names read as fields too
 * (`h["Retry-After"]`), still a `Headers`. The class is made on first use:
 * on Node, reading the global `Headers` loads undici, which importing the
 * SDK does not.
 *
 * @param init The headers to copy.
 * @returns The copy.
 */
export function indexableHeaders(init?: HeadersInit): Headers {
  if (!indexed) {
    class ResponseHeaders extends Headers {}
    // Printed as `Headers { … }`, as before.
    Object.defineProperty(ResponseHeaders, "name", { value: "Headers" });
    indexHeaderNames(ResponseHeaders.prototype, ResponseHeaders);
    indexed = ResponseHeaders;
  }
  return new indexed(init);
}
