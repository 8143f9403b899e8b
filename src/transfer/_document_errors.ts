/**
 * Internal: a builder's error about a wire document, said in the
 * document's own terms. `TransferData.fromDocument()` (and so
 * `submitTransfer()` given a raw document) checks the document with the
 * builder's checks, whose messages name the builder's camelCase options;
 * the user wrote `source_path` in `DATA[1]`, not `sourcePath`.
 *
 * @module
 */
import { describeValue } from "./_validate.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** One item of a transfer document's `DATA`, as written. */
export const TRANSFER_ITEM =
  '{ DATA_TYPE: "transfer_item", source_path: "/source/path", destination_path: "/destination/path" }';

/** One item of a delete document's `DATA`, as written. */
export const DELETE_ITEM = '{ DATA_TYPE: "delete_item", path: "/path" }';

/** One filter rule of a transfer document, as written. */
export const FILTER_RULE =
  '{ DATA_TYPE: "filter_rule", method: "exclude", name: "*.tmp" }';

/**
 * Runs one step of reading a document; a `TypeError` or `RangeError` it
 * throws is thrown again (same class, the original as `cause`) with the
 * step's place (`DATA[1] of the transfer document`) and the document's
 * field names.
 *
 * @param where The part of the document, e.g. `the transfer document`.
 * @param names The builder's names in the messages → the document's.
 * @param step The step.
 * @returns What the step returns.
 */
export function inDocument<T>(
  where: string,
  names: Readonly<Record<string, string>>,
  step: () => T,
): T {
  try {
    return step();
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
    let message = e.message.replace(
      /^Cannot (?:build|add|submit) the [A-Za-z ]+? as /,
      `Cannot use ${where} as `,
    );
    for (const [name, wire] of Object.entries(names)) {
      message = message.replaceAll(`'${name}'`, `'${wire}'`);
    }
    const Class = e instanceof RangeError ? RangeError : TypeError;
    throw new Class(message, { cause: e });
  }
}

/**
 * The items of a document's `DATA` (or `filter_rules`), each a plain
 * object; absent is none.
 *
 * @param doc The document.
 * @param key `DATA` or `filter_rules`.
 * @param where The document, e.g. `the transfer document`.
 * @param example One item as it is written, for the message.
 * @returns The items.
 * @throws {TypeError} When the list or an item has the wrong type.
 */
export function documentItems(
  doc: Record<string, unknown>,
  key: string,
  where: string,
  example: string,
): Record<string, unknown>[] {
  const list = doc[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    throw kernelStack(
      new TypeError(
        `Cannot use ${where} as '${key}' must be a list of items such as [${example}]: current value is ${
          describeValue(list)
        }`,
      ),
    );
  }
  list.forEach((item, i) => {
    if (item === null || typeof item !== "object" || Array.isArray(item)) {
      throw kernelStack(
        new TypeError(
          `Cannot use ${key}[${i}] of ${where} as each item must be an object such as ${example}: current value is ${
            describeValue(item)
          }`,
        ),
      );
    }
  });
  return list as Record<string, unknown>[];
}
