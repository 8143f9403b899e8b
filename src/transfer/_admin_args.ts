/**
 * Internal: argument helpers of the bookmark, pause, endpoint-manager and
 * tunnel methods.
 *
 * @module
 */
import { describeValue } from "./_validate.ts";
import type { DateLike } from "./transfer_admin_options.ts";

/** A list of ids (a single id is a list of one), as strings. */
export function idList(what: string, value: unknown): string[] {
  const list = typeof value === "string"
    ? [value]
    : Array.isArray(value)
    ? value
    : null;
  if (
    list === null ||
    list.some((v) => typeof v !== "string" || v.trim() === "")
  ) {
    throw new TypeError(
      `Cannot call Transfer as '${what}' must be a list of task ids: current value is ${
        describeValue(value)
      }`,
    );
  }
  return list as string[];
}

/** Python's `commajoin`: a string as it is, a list joined with commas. */
export function commaJoin(
  value: string | readonly string[] | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string" ? value : value.join(",");
}

/** Python's `_datelike_to_str`: a string as it is, a `Date` as ISO seconds. */
export function dateLike(value: DateLike): string {
  if (typeof value === "string") return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new RangeError(
      `Cannot send the time filter as one of its ends is not a valid Date or string: current value is ${
        describeValue(value)
      }`,
    );
  }
  return `${value.toISOString().slice(0, 19)}+00:00`;
}
