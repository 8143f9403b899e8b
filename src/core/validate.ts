/**
 * Response validation (zod schemas, or anything with the same `safeParse`),
 * mapped to {@linkcode ResponseValidationError}.
 *
 * @module
 */
import { ResponseValidationError } from "./response_validation_error.ts";
import { redactOpaqueWords, redactText } from "./redact.ts";
import { terminalSafe } from "./terminal_text.ts";

/** One issue reported by a schema (zod's issue shape). */
export interface SchemaIssue {
  /** The path to the offending field. */
  path: readonly PropertyKey[];
  /** What was wrong. */
  message: string;
}

/** The outcome of {@linkcode ResponseSchema.safeParse}. */
export type SafeParseResult<T> =
  | { success: true; data: T }
  | { success: false; error: { issues: readonly SchemaIssue[] } };

/**
 * What a response schema must offer: zod schemas fit as they are.
 */
export interface ResponseSchema<T> {
  /**
   * Checks a value.
   *
   * @param data The value.
   */
  safeParse(data: unknown): SafeParseResult<T>;
}

/**
 * Parses `data` with `schema`, or throws a readable error naming the field
 * paths that broke it.
 *
 * @param schema The schema.
 * @param data The parsed JSON body.
 * @param what What it should be (e.g. `"task"`).
 * @param context The request, e.g. `GET https://…`.
 * @param bodyText The body as received; when given and `data` is
 *   `undefined` (the body was empty or not JSON), the error says so and
 *   shows the body's start (credentials redacted).
 * @returns The parsed value.
 * @throws {ResponseValidationError} When the body does not match.
 *
 * @example Validate a body with a zod schema
 * ```ts
 * import { parseResponse, ResponseValidationError } from "@globus-deno/sdk";
 * import { z } from "npm:zod@^4.1.0";
 * const Group = z.object({ id: z.string(), name: z.string() });
 * const ok = parseResponse(Group, { id: "g1", name: "Team" }, "group");
 * console.log(ok.name); // Team
 * try {
 *   parseResponse(Group, { id: "g1", name: 7 }, "group", "GET https://groups.api.globus.org/v2/groups/g1");
 * } catch (e) {
 *   if (e instanceof ResponseValidationError) console.log(e.message);
 * }
 * ```
 */
export function parseResponse<T>(
  schema: ResponseSchema<T>,
  data: unknown,
  what: string,
  context = "",
  bodyText?: string,
): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  if (data === undefined && bodyText !== undefined) {
    throw new ResponseValidationError(
      what,
      [{ path: [], message: describeNonJson(bodyText) }],
      context,
      { text: bodyText },
    );
  }
  throw new ResponseValidationError(
    what,
    result.error.issues.map((i) => ({
      path: i.path.map((p) => typeof p === "symbol" ? String(p) : p),
      message: i.message,
    })),
    context,
    bodyText === undefined ? { json: data } : { json: data, text: bodyText },
  );
}

/** How many characters of a non-JSON body an error shows. */
const SHOWN_CHARS = 120;

/**
 * Says that a body was empty or not JSON, showing its start.
 *
 * @param text The body.
 * @returns e.g. `the body is not JSON (5123 characters): "<!doctype html>…"`.
 */
export function describeNonJson(text: string): string {
  if (text.trim() === "") {
    return "the body is empty, not JSON (the service or a proxy in between answered without content)";
  }
  const trimmed = text.trim();
  const shown = terminalSafe(
    redactOpaqueWords(redactText(trimmed.slice(0, SHOWN_CHARS * 2))),
  ).replace(/\s+/g, " ");
  const start = shown.slice(0, SHOWN_CHARS);
  // "…" when the body goes on past what is shown (not when redaction or
  // folded spaces only changed its length).
  const cut = shown.length > SHOWN_CHARS || trimmed.length > SHOWN_CHARS * 2
    ? "…"
    : "";
  return `the body is not JSON (${text.length} characters, maybe an HTML error page from a proxy, or cut short): ${
    JSON.stringify(start + cut)
  }`;
}
