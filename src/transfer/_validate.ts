/**
 * Internal argument checks shared by TransferData and DeleteData. Cheap on
 * purpose: they run once per item for documents of 100,000 items.
 *
 * @module
 */

/**
 * Checks an endpoint or collection id.
 *
 * @param what The option's name, for the message.
 * @param value The value.
 * @returns The id.
 * @throws {TypeError} When it is not a non-empty string.
 */
export function checkEndpointId(what: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      `Cannot build the document as '${what}' must be a non-empty endpoint or collection id: current value is ${
        JSON.stringify(value) ?? String(value)
      }`,
    );
  }
  return value;
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
  throw new TypeError(
    `Cannot add the item as '${what}' must be an absolute path starting with "/" or "~": current value is ${
      JSON.stringify(value) ?? String(value)
    }`,
  );
}

/**
 * Turns a deadline into the wire's ISO 8601 string.
 *
 * @param value A `Date` or a string (sent as given).
 * @returns The string.
 * @throws {RangeError} For an invalid `Date`.
 * @throws {TypeError} For another type.
 */
export function formatDeadline(value: Date | string): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new RangeError(
        "Cannot build the document as 'deadline' must be a valid date: current value is Invalid Date",
      );
    }
    return value.toISOString();
  }
  if (typeof value === "string" && value.trim() !== "") return value;
  throw new TypeError(
    `Cannot build the document as 'deadline' must be a Date or an ISO 8601 string: current value is ${
      JSON.stringify(value) ?? String(value)
    }`,
  );
}

/**
 * Copies the entries of `source` whose value is not `undefined` into
 * `target`, under their wire names.
 *
 * @param target The document being built.
 * @param pairs `[wireName, value]` pairs.
 */
export function setDefined(
  target: Record<string, unknown>,
  pairs: readonly (readonly [string, unknown])[],
): void {
  for (const [key, value] of pairs) {
    if (value !== undefined) target[key] = value;
  }
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
    throw new TypeError(
      `Cannot submit the ${kind} as it has no items; add one with ${example}`,
    );
  }
}
