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
 * Deno's printer of an uncaught error does not read the cause's stack: it
 * prints `Caused by: <name>: <message>` and the cause's frames, reading
 * `cause`, `name` and `message` itself (from Rust, through property reads,
 * enumerable or not), so the paragraph showed twice there too. In Deno the
 * cause's `message` becomes an accessor that gives that same shortened text
 * to a read made while no JavaScript runs (the printer's, after the program
 * has stopped) and the whole message to every read of JavaScript code, so
 * `err.cause.message` reads as before.
 *
 * @module
 */
import { isDeno } from "./runtime.ts";

/** How much of a quoted message its stack keeps. */
const KEPT = 60;

/**
 * Shortens the first line of `cause`'s stack when `message` quotes its
 * whole message (but for a final period) and that message is long; in
 * Deno, also its message as the runtime's printer reads it.
 *
 * @param message The message of the error whose cause `cause` is.
 * @param cause That error's cause, one of the SDK's errors.
 */
export function shortenQuotedCause(message: string, cause: Error): void {
  const quoted = cause.message.replace(/\.$/, "");
  if (quoted.length <= KEPT + 20 || !message.includes(quoted)) return;
  const start = quoted.slice(0, KEPT).replace(/\s+\S*$/, "");
  const short =
    `${start}… (quoted in full in the message of the error it caused)`;
  const stack = cause.stack;
  if (typeof stack === "string") {
    const lines = stack.split("\n");
    const first = lines.findIndex((l) => /^\s+at /.test(l));
    cause.stack = [
      `${cause.name}: ${short}`,
      ...(first < 0 ? [] : lines.slice(first)),
    ].join("\n");
  }
  if (isDeno) shortWhenPrinted(cause, short);
}

/**
 * Makes `err.message` read as `short` to the runtime's own reads (no
 * JavaScript on the stack: Deno's printer of an uncaught error), and as
 * before to JavaScript code. Writing it works as before.
 *
 * @param err The quoted cause.
 * @param short What the printer shows of its message.
 */
function shortWhenPrinted(err: Error, short: string): void {
  const d = Object.getOwnPropertyDescriptor(err, "message");
  if (!d || !d.configurable || !("value" in d)) return;
  let value: unknown = d.value;
  let written = false;
  Object.defineProperty(err, "message", {
    configurable: true,
    enumerable: d.enumerable ?? false,
    get() {
      return !written && readByRuntime() ? short : value;
    },
    set(v: unknown) {
      value = v;
      written = true;
    },
  });
}

/** V8's stack trace API, as far as it is used here. */
type StackApi = {
  prepareStackTrace?: ((error: Error, sites: unknown[]) => unknown) | undefined;
  stackTraceLimit: number;
  captureStackTrace?: (target: object) => void;
};

/**
 * Whether the caller of the getter that calls this is the runtime itself,
 * not JavaScript: the getter's own frame is the only one on the stack.
 * Counted from V8's call sites (a program's own `Error.prepareStackTrace`
 * and `Error.stackTraceLimit` are put back at once), so any doubt reads as
 * JavaScript.
 *
 * @returns `true` for a read made by the runtime.
 */
function readByRuntime(): boolean {
  const api = Error as unknown as StackApi;
  if (typeof api.captureStackTrace !== "function") return false;
  const own = Object.prototype.hasOwnProperty.call(api, "prepareStackTrace");
  const prepare = api.prepareStackTrace;
  const limit = api.stackTraceLimit;
  let count: unknown;
  try {
    api.prepareStackTrace = (_error, sites) => sites.length;
    api.stackTraceLimit = 3;
    const probe: { stack?: unknown } = {};
    api.captureStackTrace(probe);
    count = probe.stack;
  } catch {
    return false;
  } finally {
    if (own) api.prepareStackTrace = prepare;
    else delete api.prepareStackTrace;
    api.stackTraceLimit = limit;
  }
  // This function's frame and the getter's.
  return count === 2;
}
