/**
 * The reason phrase of a successful (2xx or 3xx) status, for a response's
 * `httpReason` when the server sent none.
 *
 * @module
 */

/** Reason phrases of the statuses Globus services send. */
const REASONS: Record<number, string> = {
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
};

/**
 * The reason phrase of `status` (`"OK"` for 200), or `""` for one not in
 * the table.
 *
 * @param status The HTTP status.
 * @returns The phrase.
 */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? "";
}
