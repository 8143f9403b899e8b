/**
 * Internal: argument checks of the sharing and collection-management methods.
 *
 * @module
 */
import { checkId } from "./_args.ts";
import { describeValue } from "./_validate.ts";

/**
 * Checks that a request document is a plain object.
 *
 * @param method The method, for messages.
 * @param what The argument's name.
 * @param value The argument.
 * @returns The document.
 */
export function checkDocument<T>(method: string, what: string, value: T): T {
  if (
    value === null || typeof value !== "object" || Array.isArray(value)
  ) {
    throw new TypeError(
      `Cannot call ${method}() as '${what}' must be an object (a JSON document with the service's field names): current value is ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/**
 * An id that may be a number (older access rule ids) or a string.
 *
 * @param what The argument's name.
 * @param value The argument.
 * @returns The id, ready for a path.
 */
export function checkIdLike(what: string, value: unknown): string {
  return checkId(
    what,
    typeof value === "number" && Number.isInteger(value)
      ? String(value)
      : value,
  );
}
