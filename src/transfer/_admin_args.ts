/**
 * Internal: argument helpers of the bookmark, pause, endpoint-manager and
 * tunnel methods.
 *
 * @module
 */
import { describeValue } from "./_validate.ts";
import { isIterableObject as isIterable } from "../core/_iterable.ts";
import type { DateLike } from "./transfer_admin_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * A list of task ids (a single id is a list of one; any iterable, as
 * Python takes one), as strings.
 *
 * @param method The method, for the message: `"endpointManagerCancelTasks"`.
 * @param what The argument's name.
 * @param value The argument.
 */
export function idList(method: string, what: string, value: unknown): string[] {
  const list = typeof value === "string"
    ? [value]
    : isIterable(value)
    ? [...value]
    : null;
  if (
    list === null ||
    list.some((v) => typeof v !== "string" || v.trim() === "")
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as '${what}' must be a task id or a list of task ids: current value is ${
          describeValue(list ?? value)
        }`,
      ),
    );
  }
  return list as string[];
}

/**
 * Python's `commajoin`: a string as it is, a list (any iterable) joined
 * with commas.
 */
export function commaJoin(
  value: string | Iterable<string> | undefined,
): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "string"
    ? value
    : isIterable(value)
    ? [...value].join(",")
    : String(value);
}

/** Python's `_datelike_to_str`: a string as it is, a `Date` as ISO seconds. */
export function dateLike(value: DateLike): string {
  if (typeof value === "string") return value;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw kernelStack(
      new RangeError(
        `Cannot send the time filter as one of its ends is not a valid Date or string: current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  return `${value.toISOString().slice(0, 19)}+00:00`;
}
