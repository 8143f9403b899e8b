/**
 * Internal: whether a value is a list the Python SDK would iterate (an
 * array, a `Set`, a generator, any iterable object), as opposed to a
 * string (itself iterable, taken whole) or an object of fields.
 *
 * @module
 */

/**
 * Whether `value` is an iterable object.
 *
 * @param value The value.
 * @returns `true` for an array, a `Set`, a generator…; `false` for a
 *   string, `null`, a plain object.
 */
export function isIterableObject(value: unknown): value is Iterable<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as { [Symbol.iterator]?: unknown })[Symbol.iterator] ===
      "function";
}
