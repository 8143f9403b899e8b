/**
 * The Python SDK's retry policy, as small ordered checks, and the hook for
 * your own checks (the Python SDK's `RetryCheck`s).
 *
 * @module
 */
import type { Authorizer } from "./authorizer.ts";
import type { GlobusAPIError } from "./errors.ts";
import { kernelStack } from "./_kernel_stack.ts";
import { checkOptions, describeNonObject } from "./_options.ts";

/**
 * What a retry check decides (the Python SDK's `RetryCheckResult`:
 * `do_retry`, `do_not_retry`, `no_decision`).
 */
export type RetryCheckResult = "retry" | "no-retry" | "no-decision";

/** The response a {@linkcode RetryContext} describes. */
export interface RetryContextResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The response headers. */
  readonly headers: Headers;
  /** The parsed JSON body, or `undefined` when it was empty or not JSON. */
  readonly data: unknown;
  /** The body text. */
  readonly text: string;
}

/**
 * What a retry check sees after each attempt (the Python SDK's
 * `RetryContext`). Exactly one of `response` and `error` is set.
 */
export interface RetryContext {
  /** The attempt that just finished, from 0. */
  readonly attempt: number;
  /** The HTTP method. */
  readonly method: string;
  /** The full URL (with the query). */
  readonly url: string;
  /**
   * The resource server of the client that sent the request (e.g.
   * `transfer.api.globus.org`), when known.
   */
  readonly resourceServer: string | undefined;
  /** The request's authorizer, or `null`. */
  readonly authorizer: Authorizer | null;
  /** The response (any status), when one arrived. */
  readonly response: RetryContextResponse | undefined;
  /**
   * For a non-2xx response, the error the call throws unless it is retried
   * (`code`, `authorizationParameters`, …).
   */
  readonly apiError: GlobusAPIError | undefined;
  /** When no response arrived: the `NetworkError` or `TimeoutError`. */
  readonly error: unknown;
  /**
   * Milliseconds to wait before a retry this check asks for; the usual
   * backoff when left `undefined`.
   */
  backoffMs: number | undefined;
}

/**
 * A retry check: looks at one attempt and says `"retry"`, `"no-retry"` or
 * `"no-decision"` (let the next check, and then the built-in policy,
 * decide). It must not sleep; set `ctx.backoffMs` to choose the wait.
 */
export type RetryCheck = (
  ctx: RetryContext,
) => RetryCheckResult | Promise<RetryCheckResult>;

/**
 * How the transport retries. Every field has the Python SDK's default.
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default {5}
   */
  maxRetries?: number | undefined;
  /**
   * The longest sleep between attempts, in milliseconds (Retry-After is
   * honoured up to `maxRetryAfterMs` instead).
   * @default {10000}
   */
  maxBackoffMs?: number | undefined;
  /**
   * The longest `Retry-After` honoured, in milliseconds.
   * @default {300000}
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * HTTP statuses that are transient.
   * @default {[429, 500, 502, 503, 504]}
   */
  statusCodes?: number[] | undefined;
  /**
   * A source of randomness in [0, 1) for jitter.
   * @default {Math.random}
   */
  random?: (() => number) | undefined;
  /**
   * Your own retry checks (the Python SDK's `retry_config.checks`), run in
   * order after every attempt, before the built-in policy: the first answer
   * other than `"no-decision"` decides. A `"retry"` counts against
   * `maxRetries`; once they are used up the checks are not asked.
   * More can be added with `client.transport.registerRetryCheck(check)`.
   * @default {[]}
   */
  checks?: readonly RetryCheck[] | undefined;
}

/** The names {@linkcode RetryOptions} has. */
const RETRY_OPTIONS: readonly string[] = [
  "maxRetries",
  "maxBackoffMs",
  "maxRetryAfterMs",
  "statusCodes",
  "random",
  "checks",
];

/** The retry settings with every default filled in. */
export interface ResolvedRetry {
  /** See {@linkcode RetryOptions.maxRetries}. */
  maxRetries: number;
  /** See {@linkcode RetryOptions.maxBackoffMs}. */
  maxBackoffMs: number;
  /** See {@linkcode RetryOptions.maxRetryAfterMs}. */
  maxRetryAfterMs: number;
  /** See {@linkcode RetryOptions.statusCodes}. */
  statusCodes: readonly number[];
  /** See {@linkcode RetryOptions.random}. */
  random: () => number;
  /** See {@linkcode RetryOptions.checks}. */
  checks: readonly RetryCheck[];
}

/**
 * Fills in defaults; `false` turns retries off.
 *
 * @param options The caller's options.
 * @returns Complete settings.
 * @throws {RangeError} When `maxRetries` is negative or not an integer.
 * @throws {TypeError} When `checks` is not a list of functions, the options
 *   are not an object (or `false`), or one is unknown.
 *
 * @example Fewer retries, defaults for the rest
 * ```ts
 * import { resolveRetry } from "@globus-deno/sdk";
 * const retry = resolveRetry({ maxRetries: 2 });
 * console.log(retry.maxRetries, retry.maxBackoffMs, retry.statusCodes);
 * // 2 10000 [ 429, 500, 502, 503, 504 ]
 * console.log(resolveRetry(false).maxRetries); // 0
 * ```
 */
export function resolveRetry(
  options: RetryOptions | false | null | undefined,
): ResolvedRetry {
  // null is Python's `retry_config=None`: the default retries.
  if (options !== undefined && options !== null && options !== false) {
    // `retry: 2`, `retry: true` or `{ max_retries: 2 }` were taken as no
    // setting at all: the call kept its 5 retries without a word.
    if (typeof options !== "object") {
      throw kernelStack(
        new TypeError(
          `Cannot retry as 'retry' must be an object such as { maxRetries: 2 }, or false for no retries: current value is ${
            describeNonObject(options)
          }${
            typeof options === "number"
              ? ` (for ${options} retries, retry: { maxRetries: ${options} })`
              : ""
          }`,
        ),
      );
    }
    checkOptions("retry", options, RETRY_OPTIONS);
  }
  const o = options === false ? { maxRetries: 0 } : options ?? {};
  const maxRetries = o.maxRetries ?? 5;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw kernelStack(
      new RangeError(
        `Cannot retry as 'maxRetries' must be a non-negative integer: current value is ${maxRetries}`,
      ),
    );
  }
  const checks = o.checks ?? [];
  if (
    !Array.isArray(checks) || !checks.every((c) => typeof c === "function")
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot retry as 'checks' must be a list of functions (ctx) => "retry" | "no-retry" | "no-decision": current value is ${
          Array.isArray(checks)
            ? `a list holding ${
              checks.map((c) => typeof c === "function" ? "function" : typeof c)
                .join(", ")
            }`
            : typeof checks
        }`,
      ),
    );
  }
  return {
    maxRetries,
    maxBackoffMs: o.maxBackoffMs ?? 10_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 300_000,
    statusCodes: o.statusCodes ?? [429, 500, 502, 503, 504],
    random: o.random ?? Math.random,
    checks: [...checks],
  };
}

/**
 * Runs retry checks in order until one decides.
 *
 * @param checks The checks.
 * @param ctx The attempt.
 * @returns The first decision other than `"no-decision"`, else `"no-decision"`.
 * @throws {TypeError} When a check answers something else.
 *
 * @example Retry a 409 once, decide nothing about the rest
 * ```ts
 * import { runRetryChecks, type RetryCheck, type RetryContext } from "@globus-deno/sdk";
 * const retryConflicts: RetryCheck = (ctx) =>
 *   ctx.response?.status === 409 && ctx.attempt === 0 ? "retry" : "no-decision";
 * const ctx: RetryContext = {
 *   attempt: 0, method: "GET", url: "https://example.org/", resourceServer: undefined,
 *   authorizer: null, apiError: undefined, error: undefined, backoffMs: undefined,
 *   response: { status: 409, headers: new Headers(), data: undefined, text: "" },
 * };
 * console.log(await runRetryChecks([retryConflicts], ctx)); // retry
 * ```
 */
export async function runRetryChecks(
  checks: readonly RetryCheck[],
  ctx: RetryContext,
): Promise<RetryCheckResult> {
  for (const check of checks) {
    const result = await check(ctx);
    if (result === "no-decision") continue;
    if (result === "retry" || result === "no-retry") return result;
    throw kernelStack(
      new TypeError(
        `The retry check ${
          check.name ? `'${check.name}'` : "(an anonymous function)"
        } returned ${
          JSON.stringify(result) ?? String(result)
        }: a retry check must return "retry", "no-retry" or "no-decision"`,
      ),
    );
  }
  return "no-decision";
}

/**
 * The backoff before retry number `attempt` (0-based):
 * `(0.25 + 0.5·random)·2^attempt` seconds, capped.
 *
 * @param attempt How many retries have happened already.
 * @param retry The settings.
 * @returns Milliseconds to sleep.
 *
 * @example The backoff grows with each retry
 * ```ts
 * import { backoffMs, resolveRetry } from "@globus-deno/sdk";
 * const retry = resolveRetry({ random: () => 0.5 }); // no jitter, for the example
 * console.log([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, retry)));
 * // [ 500, 1000, 2000, 4000, 8000, 10000 ]
 * ```
 */
export function backoffMs(attempt: number, retry: ResolvedRetry): number {
  const seconds = (0.25 + 0.5 * retry.random()) * 2 ** attempt;
  return Math.min(seconds * 1000, retry.maxBackoffMs);
}

/**
 * The delay a `Retry-After` header asks for on a 429 or 503.
 *
 * @param status The response status.
 * @param header The header's value.
 * @param retry The settings.
 * @returns Milliseconds, or `undefined` when the header does not apply.
 *
 * @example Honour a rate limit
 * ```ts
 * import { resolveRetry, retryAfterMs } from "@globus-deno/sdk";
 * const retry = resolveRetry({});
 * console.log(retryAfterMs(429, "30", retry)); // 30000
 * console.log(retryAfterMs(500, "30", retry)); // undefined: not a 429 or 503
 * ```
 */
export function retryAfterMs(
  status: number,
  header: string | null,
  retry: ResolvedRetry,
): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  if (header === null || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Math.min(Number(header) * 1000, retry.maxRetryAfterMs);
}

/**
 * Whether a failed response is transient and may be retried.
 * Transfer's `ExternalError` and `EndpointError` (errors of the remote
 * endpoint, not of the service) are not.
 *
 * @param status The response status.
 * @param body The parsed body, if any.
 * @param retry The settings.
 * @returns `true` to retry.
 *
 * @example Which failures are worth retrying
 * ```ts
 * import { isRetryableStatus, resolveRetry } from "@globus-deno/sdk";
 * const retry = resolveRetry({});
 * console.log(isRetryableStatus(503, { code: "ServiceUnavailable" }, retry)); // true
 * console.log(isRetryableStatus(502, { code: "ExternalError.DirListingFailed" }, retry)); // false
 * console.log(isRetryableStatus(404, undefined, retry)); // false
 * ```
 */
export function isRetryableStatus(
  status: number,
  body: unknown,
  retry: ResolvedRetry,
): boolean {
  if (!retry.statusCodes.includes(status)) return false;
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const code = (body as Record<string, unknown>)["code"];
    if (
      typeof code === "string" &&
      (code.includes("ExternalError") || code.includes("EndpointError"))
    ) {
      return false;
    }
  }
  return true;
}

/**
 * Whether an error (or one of its causes) is the runtime refusing an
 * operation for lack of permission: Deno's `NotCapable` (or the older
 * `PermissionDenied`), or Node's `ERR_ACCESS_DENIED` under its permission
 * model. Such errors are never retried: the same run will be refused again.
 *
 * @param err The error.
 * @returns `true` for a permission error.
 *
 * @example A missing --allow-net is not worth retrying
 * ```ts
 * import { isPermissionError } from "@globus-deno/sdk";
 * const denied = Object.assign(new Error("Requires net access"), { name: "NotCapable" });
 * console.log(isPermissionError(denied)); // true
 * console.log(isPermissionError(new TypeError("connection refused"))); // false
 * ```
 */
export function isPermissionError(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === "object"; depth++) {
    const { name, code } = e as { name?: unknown; code?: unknown };
    // Deno 2's PermissionDenied with a code (EACCES, EPERM) is the
    // operating system refusing (a file of another owner), which no
    // --allow-* flag changes; Deno's own refusal is NotCapable.
    if (
      name === "NotCapable" ||
      (name === "PermissionDenied" && (code === undefined || code === null)) ||
      code === "ERR_ACCESS_DENIED"
    ) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
