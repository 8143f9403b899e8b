/**
 * {@linkcode GlobusError}, the base class of every error the SDK throws on
 * purpose (exported by `errors.ts`).
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";
import { shortenQuotedCause } from "./_quoted_cause.ts";
import { errorNameHints } from "../notebook/_slip_hints.ts";

/** How many stack frames the SDK's errors keep (V8's default is 10). */
const STACK_FRAMES = 50;

/**
 * The base class of every error this package throws on purpose.
 *
 * @example Catch everything from globus-deno
 * ```ts
 * import { GlobusError } from "@globus-deno/sdk";
 * try {
 *   throw new GlobusError("boom");
 * } catch (e) {
 *   if (e instanceof GlobusError) console.log(e.message);
 * }
 * ```
 */
export class GlobusError extends Error {
  /**
   * Creates the error.
   *
   * @param message What went wrong and, where possible, how to fix it.
   * @param options The standard `cause`.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    // The SDK's own frames (a request, its retries, a login, taskWait's
    // polls) filled V8's default 10, so the stack never reached the line of
    // the user's code that made the call: keep more for the SDK's errors,
    // without changing the limit for anything else.
    const limit = Error.stackTraceLimit;
    const raise = typeof limit === "number" && limit < STACK_FRAMES;
    if (raise) Error.stackTraceLimit = STACK_FRAMES;
    super(message, options);
    if (raise) Error.stackTraceLimit = limit;
    this.name = new.target.name;
    kernelStack(this);
    // Node prints the cause under the error: not a paragraph twice.
    const cause = options?.cause;
    if (cause instanceof GlobusError) shortenQuotedCause(message, cause);
  }
}

/**
 * Python's names of the SDK errors' fields: a ported `err.http_status ===
 * 404` read `undefined` and took the other branch; each says its camelCase
 * name (tests/core/errors_test.ts checks that every camelCase field of the
 * SDK's errors has its name here).
 */
const PYTHON_FIELD_NAMES = [
  "authorization_parameters",
  "content_type",
  "declared_bytes",
  "elapsed_ms",
  "http_reason",
  "http_status",
  "max_bytes",
  "raw_json",
  "raw_text",
  "request_id",
  "service_message",
  "timeout_ms",
] as const;
errorNameHints(GlobusError, PYTHON_FIELD_NAMES);
