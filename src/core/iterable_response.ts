/**
 * Response documents that `for…of` walks, as the Python SDK's
 * `IterableResponse`: a list document iterates the items of its list field
 * (`DATA` for Transfer, `identities`, `projects`, … for Auth) while staying
 * plain data.
 *
 * @module
 */

/**
 * A response document that `for…of` walks, as Python's `IterableResponse`:
 * `for (const x of await auth.getIdentities({ usernames }))` yields the
 * entries of its `identities` (Python's `for x in ac.get_identities(…)`), and
 * `for (const f of await tc.operationLs(id))` the entries of its `DATA`. It
 * is still plain data: the iterator is a non-enumerable property, so JSON,
 * keys and equality are unchanged, and the list field reads the same items.
 *
 * @typeParam D The document's type, e.g. `GetIdentitiesResponse`.
 * @typeParam T The type of its items, e.g. `Identity`.
 *
 * @example Walk the identities of a lookup
 * ```ts
 * import { AuthClient } from "@globus-deno/sdk";
 * const ada = {
 *   id: "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f",
 *   username: "ada@example.org",
 *   name: "Ada",
 *   email: "ada@example.org",
 *   status: "used",
 *   identity_provider: "bca0ebcd-f5b9-4b78-826b-5d070c326ad8",
 *   identity_type: "login",
 *   organization: null,
 * };
 * const auth = new AuthClient({
 *   fetch: () => Promise.resolve(Response.json({ identities: [ada] })),
 * });
 * const res = await auth.getIdentities({ usernames: "ada@example.org" });
 * const ids = [...res].map((x) => x.id); // as res.identities.map(…)
 * console.log(ids); // [ "d0f5cfe6-db59-4bfd-9044-ef9bec8e335f" ]
 * ```
 */
export type IterableResponse<D, T> = D & Iterable<T>;

/**
 * The iterator method of a list document. An anonymous function, made by a
 * call: one written as a property's value would be named after it, which
 * the bundles keep with a `__name()` call on every response (issue 16).
 */
function iteratorOf<D, T>(
  target: D,
  items: (target: D) => readonly T[],
): () => Iterator<T> {
  return function (): Iterator<T> {
    return items(target)[Symbol.iterator]();
  };
}

/**
 * Makes `for…of` over `target` walk the items `items(target)` returns, read
 * when the walk starts (so a later change of the list is seen). The iterator
 * is a non-enumerable own property, so JSON, keys and equality are
 * unchanged.
 *
 * @param target The list document.
 * @param items Its items.
 * @returns The same object, typed as iterable.
 */
export function attachIterator<D extends object, T>(
  target: D,
  items: (target: D) => readonly T[],
): IterableResponse<D, T> {
  Object.defineProperty(target, Symbol.iterator, {
    value: iteratorOf(target, items),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target as IterableResponse<D, T>;
}
