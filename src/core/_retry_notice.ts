/**
 * Internal: one line on a terminal when a request is tried again after a
 * network error or a timeout, or after a wait of a second or more before
 * a 429 or 5xx is tried again (a `Retry-After`, or a later backoff). Retries are otherwise silent (as in the
 * Python SDK), and a script pointed at the wrong URL, or run offline,
 * said nothing for the ~18 s its retries took before the error.
 *
 * Only where a person watches: standard error on a terminal (not a pipe
 * or a file), and at most once per service origin every
 * {@linkcode QUIET_MS}, so many requests failing together print one line.
 * In the Jupyter kernel, whose cells keep their output, the line is shown
 * in the cell while the call goes on and taken away when it ends: a cell
 * on a stopped emulator said nothing for the ~16 s of its retries.
 *
 * @module
 */
import {
  inJupyter,
  jupyterDisplay,
  stderrIsTerminal,
  stderrLineIsOpen,
  writeStderr,
} from "./runtime.ts";
import type { MimeBundle } from "./runtime.ts";

/** Shows (or, with `update`, replaces) a display in the running cell. */
type NotebookShow = (
  bundle: MimeBundle,
  id: string,
  update: boolean,
) => Promise<void>;

/** How long after a notice another for the same origin stays unsaid. */
const QUIET_MS = 10_000;

const lastNotice = new Map<string, number>();
let sink: ((text: string) => void) | undefined;
let notebook: NotebookShow | undefined;
let shown = 0;

/**
 * Where notices go instead of a terminal's standard error (tests), or
 * `undefined` for the terminal again.
 *
 * @param write The sink.
 */
export function setRetryNoticeSink(
  write: ((text: string) => void) | undefined,
  show?: NotebookShow,
): void {
  sink = write;
  notebook = show;
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
 * @returns In a notebook, what takes the line away (call it when the
 *   request has ended); else `undefined`.
 */
export function noticeRetry(
  err: Error,
  url: string,
  triesLeft: number,
  waitMs?: number,
): (() => void) | undefined {
  const show = notebook ??
    (sink === undefined && inJupyter()
      ? jupyterDisplay as NotebookShow
      : undefined);
  const write = show
    ? undefined
    : sink ?? (stderrIsTerminal() ? writeStderr : undefined);
  if (!write && !show) return undefined;
  let origin = url;
  try {
    origin = new URL(url).origin;
  } catch {
    // the URL as it is
  }
  const now = Date.now();
  const last = lastNotice.get(origin);
  if (last !== undefined && now - last < QUIET_MS) return undefined;
  lastNotice.set(origin, now);
  const line = `globus-deno: ${err.message.replace(/\.$/, "")}. Trying again${
    waitMs === undefined ? "" : ` in ${Math.round(waitMs / 100) / 10} s`
  } (up to ${triesLeft} more time${triesLeft === 1 ? "" : "s"})…`;
  if (write) {
    // A progress line open on the terminal (taskWait's) is ended first:
    // the notice ran on from "… 0 B at 0 B/s".
    const open = write === writeStderr && stderrLineIsOpen();
    write(`${open ? "\n" : ""}${line}\n`);
    return undefined;
  }
  const id = `globus-deno-retry-${++shown}`;
  const say = (bundle: MimeBundle, update: boolean) =>
    show!(bundle, id, update).catch(() => {});
  void say({
    "text/plain": line,
    "text/html": `<div style="color:#777;font-size:90%">${
      escapeText(line)
    }</div>`,
  }, false);
  let cleared = false;
  return () => {
    if (cleared) return;
    cleared = true;
    void say({ "text/plain": "", "text/html": "" }, true);
  };
}

/** Text for HTML (the line holds a URL and the service's words). */
function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(
    />/g,
    "&gt;",
  );
}

/**
 * Both of two clean-ups (either may be missing).
 *
 * @param a One.
 * @param b The other.
 * @returns What calls both.
 */
export function bothCleared(
  a: (() => void) | undefined,
  b: (() => void) | undefined,
): (() => void) | undefined {
  if (!a) return b;
  if (!b) return a;
  return () => {
    a();
    b();
  };
}
