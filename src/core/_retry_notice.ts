/**
 * Internal: one line on a terminal when a request is tried again after a
 * network error or a timeout, or after a wait of a second or more before
 * a 429 or 5xx is tried again (a `Retry-After`, or a later backoff). Retries are otherwise silent (as in the
 * Python SDK), and a script pointed at the wrong URL, or run offline,
 * said nothing for the ~18 s its retries took before the error.
 *
 * Only where a person watches: standard error on a terminal (not a pipe,
 * a file, or the Jupyter kernel, whose cells keep their output), and at
 * most once per service origin every {@linkcode QUIET_MS}, so many
 * requests failing together print one line.
 *
 * @module
 */
import { stderrIsTerminal, writeStderr } from "./runtime.ts";

/** How long after a notice another for the same origin stays unsaid. */
const QUIET_MS = 10_000;

const lastNotice = new Map<string, number>();
let sink: ((text: string) => void) | undefined;

/**
 * Where notices go instead of a terminal's standard error (tests), or
 * `undefined` for the terminal again.
 *
 * @param write The sink.
 */
export function setRetryNoticeSink(
  write: ((text: string) => void) | undefined,
): void {
  sink = write;
  lastNotice.clear();
}

/**
 * Says, on a terminal, that a request failed and is tried again.
 *
 * @param err The attempt's error (its message names the request, without
 *   credentials).
 * @param url The request URL (its origin groups the notices).
 * @param triesLeft How many more tries there may be.
 * @param waitMs The wait before the next try, when it is long enough to
 *   say (a `Retry-After`).
 */
export function noticeRetry(
  err: Error,
  url: string,
  triesLeft: number,
  waitMs?: number,
): void {
  const write = sink ?? (stderrIsTerminal() ? writeStderr : undefined);
  if (!write) return;
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    // the URL as it is
  }
  const now = Date.now();
  const last = lastNotice.get(origin);
  if (last !== undefined && now - last < QUIET_MS) return;
  lastNotice.set(origin, now);
  write(
    `globus-deno: ${err.message.replace(/\.$/, "")}. Trying again${
      waitMs === undefined ? "" : ` in ${Math.round(waitMs / 100) / 10} s`
    } (up to ${triesLeft} more time${triesLeft === 1 ? "" : "s"})…\n`,
  );
}
