/**
 * Internal: a path without a leading `/` is resolved by Transfer under the
 * user's home folder (`share/godata/` is `/~/share/godata/`), so "not
 * found" for it usually means the leading slash was left out. The error
 * says so.
 *
 * @module
 */
import { TransferAPIError } from "../core/errors.ts";
import { replaceMessage } from "../core/_replace_message.ts";

/** The file operations that take paths, and the name of their route. */
const OPERATION =
  /^\/?v0\.10\/operation\/endpoint\/[^/?#]+\/(ls|stat|mkdir|rename)$/;

function relative(path: unknown): path is string {
  return typeof path === "string" && path !== "" && !path.startsWith("/") &&
    !path.startsWith("~");
}

/**
 * The relative path that a failed file operation probably did not find,
 * when it answered "not found" (a 404, or a code ending in `NotFound`,
 * such as `ExternalError.MkdirFailed.NotFound` for a missing parent):
 * `ls`/`stat`'s `path` (a query parameter), `mkdir`'s `path`, `rename`'s
 * `old_path`; and `rename`'s `new_path` when the rename failed otherwise
 * than for an existing destination (a missing parent folder).
 */
function missedPath(
  err: TransferAPIError,
  operation: string,
  query: Record<string, unknown> | undefined,
  json: unknown,
): string | undefined {
  const body = (json ?? {}) as Record<string, unknown>;
  const code = err.code ?? "";
  const notFound = err.httpStatus === 404 || code.endsWith("NotFound");
  const pick = (...paths: unknown[]) =>
    paths.find(relative) as string | undefined;
  switch (operation) {
    case "ls":
    case "stat":
      return notFound ? pick(query?.["path"]) : undefined;
    case "mkdir":
      return notFound ? pick(body.path) : undefined;
    default: // rename
      if (notFound) return pick(body.old_path);
      return code.startsWith("ExternalError.RenameFailed") &&
          code !== "ExternalError.RenameFailed.Exists"
        ? pick(body.new_path)
        : undefined;
  }
}

/**
 * Adds the "no leading slash" hint to a file operation's error (`ls`,
 * `stat`, `mkdir`, `rename` on `operation/endpoint/{id}/…`) that did not
 * find a relative path; returns any other error unchanged.
 *
 * @param err The error the request failed with.
 * @param route The request path (relative to the Transfer base URL).
 * @param query The request's query parameters, if any.
 * @param json The request's JSON body, if any.
 * @returns The same error, its message extended when it applies.
 */
export function withRelativePathHint(
  err: unknown,
  route: string,
  query: Record<string, unknown> | undefined,
  json: unknown,
): unknown {
  const operation = OPERATION.exec(route)?.[1];
  if (!(err instanceof TransferAPIError) || operation === undefined) {
    return err;
  }
  const path = missedPath(err, operation, query, json);
  if (path === undefined) return err;
  const old = err.message;
  return replaceMessage(
    err,
    old,
    `${old}. '${path}' has no leading '/', so Transfer looked for it in your home folder (/~/${path}); for a path from the collection's root write '/${path}'`,
  );
}
