/**
 * {@linkcode ResponseValidationError}: a response body without the
 * documented shape, with each offending field's path.
 *
 * @module
 */
import { GlobusError } from "./errors.ts";
import { DENO_INSPECT, NODE_INSPECT } from "./redact.ts";
import { errorText } from "./_error_text.ts";

/** One schema violation in a {@linkcode ResponseValidationError}. */
export interface ValidationIssue {
  /** The path to the offending field, e.g. `["DATA", 0, "size"]`. */
  path: (string | number)[];
  /** What was wrong. */
  message: string;
}

/**
 * A response body did not have the documented shape. The message names each
 * offending field path, e.g. `DATA[0].size: expected number, received string`.
 *
 * @example Catch a response with the wrong shape
 * ```ts
 * import { ResponseValidationError, TransferClient } from "@globus-deno/sdk";
 * const tc = new TransferClient({
 *   // `value` should be a string.
 *   fetch: () => Promise.resolve(Response.json({ value: 42 })),
 * });
 * try {
 *   await tc.getSubmissionId();
 * } catch (e) {
 *   if (!(e instanceof ResponseValidationError)) throw e;
 *   console.log(e.what, e.issues.map((i) => i.path.join(".")));
 * }
 * ```
 */
export class ResponseValidationError extends GlobusError {
  /** Every violation found. */
  readonly issues: ValidationIssue[];
  /** What was being parsed (e.g. `"task"`). */
  readonly what: string;
  /**
   * The body as parsed from JSON, whole (`undefined` when it was not JSON),
   * so nothing the service sent is lost. Not enumerable and left out of
   * inspect output (it may hold credentials, e.g. a token response).
   */
  declare readonly rawJson: unknown;
  /** The body as text, when known (not enumerable, not inspected). */
  declare readonly rawText: string | null;

  /**
   * Creates the error.
   *
   * @param what What was being parsed.
   * @param issues The violations (each with its field path).
   * @param context The request, e.g. `GET https://…/task/1`.
   * @param body The body that broke the schema: parsed JSON and/or text.
   */
  constructor(
    what: string,
    issues: ValidationIssue[],
    context = "",
    body: { json?: unknown; text?: string | undefined } = {},
  ) {
    const lines = issues.slice(0, 5).map((i) =>
      `${formatPath(i.path) || "(root)"}: ${i.message}`
    );
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    super(
      `${context ? context + ": " : ""}response is not a valid ${what}: ${
        lines.join("; ")
      }${more}`,
    );
    this.issues = issues;
    this.what = what;
    // Node prints an uncaught error's enumerable fields: issues the message
    // lists already (five at most) would be printed twice.
    if (issues.length <= 5) {
      Object.defineProperty(this, "issues", { enumerable: false });
    }
    for (
      const [key, value] of [
        ["rawJson", body.json],
        ["rawText", body.text ?? null],
      ] as const
    ) {
      Object.defineProperty(this, key, {
        value,
        enumerable: false,
        configurable: true,
        writable: false,
      });
    }
  }

  /**
   * The dotted field paths of the issues, e.g. `["DATA[0].task_id"]`.
   *
   * @returns One path per issue (`""` for the root).
   */
  get paths(): string[] {
    return this.issues.map((i) => formatPath(i.path));
  }

  /**
   * Deno's inspect hook: name, message, the stack's frames (not in a
   * notebook, where the cell is the place), and the issues, never the body.
   *
   * @returns The text.
   */
  [DENO_INSPECT](): string {
    return errorText(this, { what: this.what, issues: this.issues });
  }

  /**
   * Node's inspect hook: the same text as Deno's.
   *
   * @returns The text.
   */
  [NODE_INSPECT](): string {
    return this[DENO_INSPECT]();
  }
}

/**
 * Formats a field path like `DATA[0].size`.
 *
 * @param path The path segments.
 * @returns The dotted path.
 *
 * @example Name a nested field
 * ```ts
 * import { formatPath } from "@globus-deno/sdk";
 * console.log(formatPath(["DATA", 0, "size"])); // DATA[0].size
 * ```
 */
export function formatPath(
  path: readonly (string | number | symbol)[],
): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}
