/**
 * What a failed attempt of a request means, for {@linkcode HttpTransport}:
 * whether it certainly never reached the server, and the messages of a
 * permission refusal, an interrupt, and a wait for the next try that would
 * pass the call's time limit.
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";
import { type GlobusAPIError, NetworkError } from "./errors.ts";
import { isPermissionError } from "./retry.ts";
import { buildUrl } from "./request_url.ts";
import { replaceMessage } from "./_replace_message.ts";
import type { HttpTransport, TransportRequest } from "./transport.ts";

/**
 * What a permission error means and the flag that fixes it, e.g.
 * `no network permission for 127.0.0.1:8000 (not retried): run with
 * --allow-net=127.0.0.1:8000 (or --allow-net)`.
 */
export function permissionProblem(err: unknown, url: string): string {
  // The innermost error in the chain that is still a permission error.
  let found = err as { message?: unknown; permission?: unknown };
  for (
    let c = (err as { cause?: unknown }).cause, depth = 0;
    depth < 5 && isPermissionError(c);
    c = (c as { cause?: unknown }).cause, depth++
  ) {
    found = c as typeof found;
  }
  const text = typeof found.message === "string" ? found.message : "";
  if (typeof found.permission === "string") {
    // Node's permission model (ERR_ACCESS_DENIED).
    return found.permission === "Net"
      ? "Node's permission model refuses network access (not retried): run with --allow-net"
      : `Node's permission model refuses ${found.permission} access (not retried): ${text}`;
  }
  if (text === "" || /\bnet access\b/.test(text)) {
    let host = /net access to "([^"]+)"/.exec(text)?.[1];
    if (!host) {
      try {
        host = new URL(url).host;
      } catch {
        host = "";
      }
    }
    return `no network permission for ${host} (not retried): run with --allow-net${
      host ? `=${host} (or --allow-net)` : ""
    }`;
  }
  return `permission denied (not retried): ${text}`;
}

/**
 * A retryable answer (429, 503) given up on because the wait it asked for
 * would pass the call's total time limit: its message says so (it read as
 * a bare 429, with no word of the retries not made).
 *
 * @param error The answer's error.
 * @param waitMs The wait asked for (Retry-After) or chosen.
 * @param transport The transport, for its limit.
 * @returns The same error, its message extended.
 */
export function pastDeadline(
  error: GlobusAPIError,
  waitMs: number,
  transport: HttpTransport,
  askedMs?: number,
  maxRetryAfterMs?: number,
): GlobusAPIError {
  const old = error.message;
  const limit = seconds(transport.totalTimeoutMs);
  // A Retry-After past maxRetryAfterMs read as the capped wait ("300 s"),
  // and raising totalTimeoutMs alone would have tried again too early.
  const text = askedMs !== undefined && maxRetryAfterMs !== undefined &&
      askedMs > waitMs
    ? `${old} (not tried again: the service asked for a wait of ${
      seconds(askedMs)
    } (Retry-After), past this call's total time limit of ${limit}; to wait that long, raise totalTimeoutMs and retry.maxRetryAfterMs (${
      seconds(maxRetryAfterMs)
    }))`
    : `${old} (not tried again: the wait before the next try, ${
      seconds(waitMs)
    }, would pass this call's total time limit of ${limit}; raise totalTimeoutMs to wait longer)`;
  return replaceMessage(error, old, text);
}

/** The wait a `Retry-After` in seconds asks for, uncapped. */
export function askedRetryAfterMs(header: string | null): number | undefined {
  return header !== null && /^\s*\d+\s*$/.test(header)
    ? Number(header) * 1000
    : undefined;
}

/** `30 s`, `2.5 s`. */
function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

/**
 * Whether a failed attempt certainly never reached the server (the
 * connection could not be made), so even a one-time request may be sent
 * again. A timeout or a connection lost later may have been processed.
 *
 * @param err The attempt's error.
 * @param permission Also count a runtime's refusal for want of a permission
 *   (never sent either, but not worth retrying).
 * @returns `true` when the request was never sent.
 */
export function neverSent(err: unknown, permission = false): boolean {
  if (!(err instanceof NetworkError)) return false;
  let e: unknown = err.cause;
  for (let depth = 0; depth < 6 && e && typeof e === "object"; depth++) {
    if (permission && isPermissionError(e)) return true;
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN"
    ) return true;
    if (
      typeof message === "string" &&
      /connection refused|os error 111|failed to lookup address|dns error/i
        .test(message)
    ) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Whether `err` is the reason a runtime gives an `abort()` called without
 * one (Node: "This operation was aborted", Deno: "The signal has been
 * aborted").
 */
export function isDefaultAbortReason(err: unknown): boolean {
  return err instanceof DOMException && err.name === "AbortError" &&
    /^(This operation was aborted|The signal has been aborted)$/.test(
      err.message,
    );
}

/**
 * The error a Jupyter interrupt ends a request with: what was stopped, and
 * for a request that changes something, that it may have been done.
 */
export function interrupted(
  req: TransportRequest,
  what = "Interrupted",
  authorizing?: { sentBefore: boolean },
): DOMException {
  const method = req.method.toUpperCase();
  const changes = method !== "GET" && method !== "HEAD" &&
    (!authorizing || authorizing.sentBefore);
  // Stopped while its token was being got (a token request, a renewal, a
  // login): it said "before Globus answered" of a request never sent.
  const when = authorizing
    ? "while it waited for its authorization (a token request or a login), before it was sent"
    : "before Globus answered";
  return kernelStack(
    new DOMException(
      `${what}: stopped ${method} ${buildUrl(req.url, req.query)} ${when}${
        changes ? "; it may have reached Globus and taken effect already" : ""
      }`,
      "AbortError",
    ),
  );
}
