/**
 * Internal: a path without a leading `/` is resolved by Transfer under the
 * user's home folder (`share/godata/` is `/~/share/godata/`), so a 404 for
 * it usually means the leading slash was left out. The error says so.
 *
 * @module
 */
import { TransferAPIError } from "../core/errors.ts";
import { replaceMessage } from "./_endpoint_hint.ts";

/** The file operations whose path is a query parameter. */
const OPERATION = /^\/?v0\.10\/operation\/endpoint\/[^/?#]+\/(?:ls|stat)$/;

/**
 * Adds the "no leading slash" hint to a 404 from a file operation
 * (`operation/endpoint/{id}/ls`, `…/stat`: the path is a query parameter)
 * for a relative path; returns any other error unchanged.
 *
 * @param err The error the request failed with.
 * @param route The request path (relative to the Transfer base URL).
 * @param path The request's `path` query parameter, if any.
 * @returns The same error, its message extended when it applies.
 */
export function withRelativePathHint(
  err: unknown,
  route: string,
  path: unknown,
): unknown {
  if (
    !(err instanceof TransferAPIError) || err.httpStatus !== 404 ||
    !OPERATION.test(route) ||
    typeof path !== "string" || path === "" || path.startsWith("/") ||
    path.startsWith("~")
  ) return err;
  const old = err.message;
  return replaceMessage(
    err,
    old,
    `${old}. '${path}' has no leading '/', so Transfer looked for it in your home folder (/~/${path}); for a path from the collection's root write '/${path}'`,
  );
}
