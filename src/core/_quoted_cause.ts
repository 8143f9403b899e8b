/**
 * Internal: the cause of an error whose message quotes the cause's whole
 * message ("A login is needed: the token file … holds no usable tokens for
 * this app. Cannot log in here: …", with the flow's error as its `cause`).
 *
 * Node prints an uncaught error's `cause` under it, always, as the cause's
 * stack (`[cause]: LoginRequiredError: …`), so the paragraph a person has
 * to read was printed twice. The cause's stack then starts with the
 * beginning of its message and a note that the rest is above; its frames,
 * its `message` and everything else about it are unchanged, and it is still
 * the error's `cause`.
 *
 * @module
 */

/** How much of a quoted message its stack keeps. */
const KEPT = 60;

/**
 * Shortens the first line of `cause`'s stack when `message` quotes its
 * whole message (but for a final period) and that message is long.
 *
 * @param message The message of the error whose cause `cause` is.
 * @param cause That error's cause, one of the SDK's errors.
 */
export function shortenQuotedCause(message: string, cause: Error): void {
  const quoted = cause.message.replace(/\.$/, "");
  if (quoted.length <= KEPT + 20 || !message.includes(quoted)) return;
  const stack = cause.stack;
  if (typeof stack !== "string") return;
  const lines = stack.split("\n");
  const first = lines.findIndex((l) => /^\s+at /.test(l));
  const start = quoted.slice(0, KEPT).replace(/\s+\S*$/, "");
  cause.stack = [
    `${cause.name}: ${start}… (quoted in full in the message above)`,
    ...(first < 0 ? [] : lines.slice(first)),
  ].join("\n");
}
