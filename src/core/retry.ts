/**
 * The Python SDK's retry policy, as small ordered checks.
 *
 * @module
 */

/**
 * How the transport retries. Every field has the Python SDK's default.
 */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default {5}
   */
  maxRetries?: number;
  /**
   * The longest sleep between attempts, in milliseconds (Retry-After is
   * honoured up to `maxRetryAfterMs` instead).
   * @default {10000}
   */
  maxBackoffMs?: number;
  /**
   * The longest `Retry-After` honoured, in milliseconds.
   * @default {300000}
   */
  maxRetryAfterMs?: number;
  /**
   * HTTP statuses that are transient.
   * @default {[429, 500, 502, 503, 504]}
   */
  statusCodes?: number[];
  /**
   * A source of randomness in [0, 1) for jitter.
   * @default {Math.random}
   */
  random?: () => number;
}

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
}

/**
 * Fills in defaults; `false` turns retries off.
 *
 * @param options The caller's options.
 * @returns Complete settings.
 * @throws {RangeError} When `maxRetries` is negative or not an integer.
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
  options: RetryOptions | false | undefined,
): ResolvedRetry {
  const o = options === false ? { maxRetries: 0 } : options ?? {};
  const maxRetries = o.maxRetries ?? 5;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new RangeError(
      `Cannot retry as 'maxRetries' must be a non-negative integer: current value is ${maxRetries}`,
    );
  }
  return {
    maxRetries,
    maxBackoffMs: o.maxBackoffMs ?? 10_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 300_000,
    statusCodes: o.statusCodes ?? [429, 500, 502, 503, 504],
    random: o.random ?? Math.random,
  };
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
    if (
      name === "NotCapable" || name === "PermissionDenied" ||
      code === "ERR_ACCESS_DENIED"
    ) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
