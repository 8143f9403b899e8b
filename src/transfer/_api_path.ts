/**
 * Internal: the path rule of `TransferClient`'s generic calls (`get`,
 * `post`, …, `request`).
 *
 * @module
 */

/** A path that already names an API version: `v0.10/…`, `v2/…`. */
const VERSIONED = /^\/*v\d+(?:\.\d+)*(?:[/?#]|$)/;

/** An absolute URL (`https://…`), taken as given. */
const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Puts a generic-call path under `v0.10/` unless it names a version:
 * `/endpoint_search` (Python SDK 3's form: its TransferClient had the base
 * path `/v0.10/`) becomes `v0.10/endpoint_search`, while
 * `/v0.10/endpoint_search` (Python SDK 4's form, the full path) and
 * `/v2/tunnels` stay as they are. A full URL is left alone, and so is a
 * value that is not a string (the generic call refuses it with its own
 * message).
 *
 * @param path The path given to a generic call.
 * @returns The path relative to the Transfer base URL.
 */
export function transferApiPath(path: string): string {
  if (typeof path !== "string" || ABSOLUTE.test(path) || VERSIONED.test(path)) {
    return path;
  }
  return "v0.10/" + path.replace(/^\/+/, "");
}
