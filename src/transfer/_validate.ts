/**
 * Internal argument checks shared by TransferData and DeleteData. Cheap on
 * purpose: they run once per item for documents of 100,000 items.
 *
 * @module
 */
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean, checkString } from "../core/_option_values.ts";
import { redactedJson } from "../core/redact.ts";

/**
 * Checks an endpoint or collection id.
 *
 * @param what The option's name, for the message.
 * @param value The value.
 * @returns The id, without whitespace around it.
 * @throws {TypeError} When it is not a non-empty string.
 */
export function checkEndpointId(what: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw kernelStack(
      new TypeError(
        `Cannot build the document as '${what}' must be a non-empty endpoint or collection id: current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  // A pasted id with a line end or spaces around it is meant without them.
  return value.trim();
}

/**
 * Checks a path on a collection: it must be absolute (`/…`) or start at
 * the home directory (`~…`).
 *
 * @param what The argument's name, for the message.
 * @param value The value.
 * @returns The path.
 * @throws {TypeError} When it is not such a string.
 */
export function checkPath(what: string, value: unknown): string {
  if (typeof value === "string") {
    const c = value.charCodeAt(0);
    if (c === 47 /* / */ || c === 126 /* ~ */) return value;
  }
  throw kernelStack(
    new TypeError(
      `Cannot add the item as '${what}' must be an absolute path starting with "/" or "~": current value is ${
        describeValue(value)
      }`,
    ),
  );
}

/**
 * Turns a deadline into the wire's ISO 8601 string.
 *
 * @param value A `Date` or a string (sent as given when it reads as a date).
 * @returns The string.
 * @throws {RangeError} For an invalid `Date`, or text that is no date.
 * @throws {TypeError} For another type.
 */
export function formatDeadline(value: Date | string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw kernelStack(
        new RangeError(
          "Cannot build the document as 'deadline' must be a valid date: current value is Invalid Date",
        ),
      );
    }
    return value.toISOString();
  }
  if (typeof value === "string" && value.trim() !== "") {
    // Sent as given (Python's isoformat() text, with or without a zone),
    // but text no date parser reads ("tomorrow") would only come back as
    // a 400 from Transfer after the submission id was fetched.
    if (Number.isNaN(Date.parse(value))) {
      throw kernelStack(
        new RangeError(
          `Cannot build the document as 'deadline' must be a Date or an ISO 8601 date-time such as "2030-01-31T18:00:00Z": current value is ${
            describeValue(value)
          }`,
        ),
      );
    }
    return value;
  }
  throw kernelStack(
    new TypeError(
      `Cannot build the document as 'deadline' must be a Date or an ISO 8601 string${
        typeof value === "number"
          ? " (for milliseconds since 1970, pass new Date(ms))"
          : ""
      }: current value is ${describeValue(value)}`,
    ),
  );
}

/**
 * How one builder option goes on the wire: the type it must have, or a
 * function that checks it and returns the wire value.
 */
export type OptionRule = "boolean" | "string" | ((value: unknown) => unknown);

/**
 * Checks each option and copies it under its wire name, in the rules'
 * order; `undefined` and `null` (Python's `None`, as its `_set_optbools`
 * and `_set_optstrs` skip it) mean "left out" and are skipped.
 *
 * @param what What is being built, for messages.
 * @param target The document being built.
 * @param options The options as given.
 * @param rules `[name, wireName, rule]` triples.
 * @throws {TypeError} When a value has the wrong type (or a rule throws).
 */
export function setOptions(
  what: string,
  target: Record<string, unknown>,
  options: object,
  rules: readonly (readonly [name: string, wire: string, rule: OptionRule])[],
): void {
  const given = options as Record<string, unknown>;
  const doing = `Cannot build the ${what}`;
  for (const [name, wire, rule] of rules) {
    const value = given[name];
    if (value === undefined || value === null) continue;
    target[wire] = typeof rule === "function"
      ? rule(value)
      : rule === "boolean"
      ? checkBoolean(doing, name, value)
      : checkString(doing, name, value);
  }
}

/**
 * Checks that an option is one of a few strings.
 *
 * @param what What is being built.
 * @param name The option's name.
 * @param value The value (`undefined` passes).
 * @param allowed The allowed strings.
 * @returns The value.
 * @throws {TypeError} Listing the allowed values.
 */
export function checkOneOf(
  what: string,
  name: string,
  value: unknown,
  allowed: readonly string[],
): unknown {
  if (value === undefined || allowed.includes(value as string)) return value;
  throw kernelStack(
    new TypeError(
      `Cannot build the ${what} as '${name}' must be ${
        allowed.map((a) => JSON.stringify(a)).join(", ")
      } (or left out): current value is ${describeValue(value)}`,
    ),
  );
}

/**
 * Checks that `additionalFields` is a plain object of extra wire fields.
 *
 * @param what What is being built.
 * @param value The value (`undefined` and `null` pass).
 * @returns The object, or `undefined`.
 * @throws {TypeError} For anything else (an array, a string…).
 */
export function checkFields(
  what: string,
  value: unknown,
): Record<string, unknown> | undefined {
  // null is Python's additional_fields=None: none.
  if (value === undefined || value === null) return undefined;
  if (typeof value === "object" && !Array.isArray(value)) {
    return value as Record<string, unknown>;
  }
  throw kernelStack(
    new TypeError(
      `Cannot build the ${what} as 'additionalFields' must be an object of extra wire fields: current value is ${
        describeValue(value)
      }`,
    ),
  );
}

/** The longest value quoted in full in an error message. */
const QUOTE_LIMIT = 80;

/**
 * Quotes a value for an error message: JSON where possible (`"x"`, `5`,
 * `{"a":1}`), `10n` for a bigint, and cut after 80 characters. Credential
 * fields (`access_token`, `refresh_token`, `client_secret`, …) read
 * `[REDACTED]`.
 *
 * @param value Any value.
 * @returns The text.
 */
export function describeValue(value: unknown): string {
  let text: string;
  if (value instanceof Promise) return "a Promise (a call not awaited)";
  if (typeof value === "bigint") text = `${value}n`;
  else if (typeof value === "symbol") text = value.toString();
  else {
    try {
      // A token record or token response body given where an id belongs
      // (tc.getTask(tokens.byResourceServer[rs])): its JSON holds the
      // tokens, which a message never shows.
      text = redactedJson(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > QUOTE_LIMIT
    ? `${text.slice(0, QUOTE_LIMIT)}… (${text.length} characters)`
    : text;
}

/**
 * Checks that a document has items before it is sent.
 *
 * @param kind `"TransferData"` or `"DeleteData"`.
 * @param count The number of items.
 * @param example How to add one.
 * @throws {TypeError} When there are none.
 */
export function checkHasItems(
  kind: string,
  count: number,
  example: string,
): void {
  if (count === 0) {
    throw kernelStack(
      new TypeError(
        `The ${kind} has no items; add one with ${example} (Globus refuses a task without any, so it has no document to send or show as JSON yet)`,
      ),
    );
  }
}
