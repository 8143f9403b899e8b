/**
 * Internal: a path without a leading `/` is resolved by Transfer under the
 * user's home folder (`share/godata/` is `/~/share/godata/`), so a 404 for
 * it usually means the leading slash was left out. The error says so.
 *
 * @module
 */
import { TransferAPIError } from "../core/errors.ts";
import { replaceMessage } from "./_endpoint_hint.ts";

/**
 * Adds the "no leading slash" hint to a 404 for a relative path; returns
 * any other error unchanged.
 *
 * @param err The error the call failed with.
 * @param path The path the call was given.
 * @returns The same error, its message extended when it applies.
 */
export function withRelativePathHint(err: unknown, path: unknown): unknown {
  if (
    !(err instanceof TransferAPIError) || err.httpStatus !== 404 ||
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
