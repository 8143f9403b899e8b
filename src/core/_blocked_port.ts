/**
 * Internal: the ports `fetch` refuses. The Fetch standard's "bad ports"
 * (ports of other protocols: SMTP, IRC, X11 at 6000, …) are blocked by
 * browsers, by Deno's `fetch` ("Requests to port 6000 are blocked") and by
 * Node's (`bad port`). A request to one can never succeed, so it is not
 * retried, and the error says to use another port.
 *
 * @module
 */

/** The Fetch standard's bad ports (https://fetch.spec.whatwg.org/#port-blocking). */
const BLOCKED: ReadonlySet<number> = new Set([
  1,
  7,
  9,
  11,
  13,
  15,
  17,
  19,
  20,
  21,
  22,
  23,
  25,
  37,
  42,
  43,
  53,
  69,
  77,
  79,
  87,
  95,
  101,
  102,
  103,
  104,
  109,
  110,
  111,
  113,
  115,
  117,
  119,
  123,
  135,
  137,
  139,
  143,
  161,
  179,
  389,
  427,
  465,
  512,
  513,
  514,
  515,
  526,
  530,
  531,
  532,
  540,
  548,
  554,
  556,
  563,
  587,
  601,
  636,
  989,
  990,
  993,
  995,
  1719,
  1720,
  1723,
  2049,
  3659,
  4045,
  4190,
  5060,
  5061,
  6000,
  6566,
  6665,
  6666,
  6667,
  6668,
  6669,
  6679,
  6697,
  10080,
]);

/**
 * Whether `fetch` refuses this port.
 *
 * @param port A port number.
 * @returns `true` for one of the Fetch standard's bad ports.
 */
export function isBlockedPort(port: number): boolean {
  return BLOCKED.has(port);
}

/**
 * Whether a fetch failed because its port is blocked: Deno's "Requests to
 * port N are blocked", or Node's `bad port`, anywhere in the cause chain.
 *
 * @param cause The fetch's error.
 * @returns `true` when the runtime refused the port.
 */
export function isBlockedPortError(cause: unknown): boolean {
  let c: unknown = cause;
  for (let depth = 0; depth < 6 && typeof c === "object" && c; depth++) {
    const { message } = c as { message?: unknown };
    if (
      typeof message === "string" &&
      /^bad port$|requests to port \d+ are blocked/i.test(message)
    ) return true;
    c = (c as { cause?: unknown }).cause;
  }
  return false;
}
