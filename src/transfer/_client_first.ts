/**
 * Python SDK 3's document builders took the `TransferClient` first:
 * `TransferData(tc, source, destination, label=…)` and
 * `DeleteData(tc, endpoint, recursive=True)` (Python used it to fetch a
 * submission id at once; `submitTransfer`/`submitDelete` fetch one here).
 *
 * @module
 */
import { TransferClientBase } from "./client/base.ts";
import { describeValue } from "./_validate.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * Whether the arguments are Python SDK 3's form: a Transfer client (or
 * `null`/`undefined`, as Python 3's optional `transfer_client=None`) before
 * the collection id(s).
 *
 * @param first The first argument.
 * @param next The argument after it.
 * @param what `TransferData` or `DeleteData`, for the error.
 * @param example The call as it should read, for the error.
 * @returns `true` for that form.
 * @throws {TypeError} When a Transfer client is not followed by a collection id.
 */
export function isClientFirst(
  first: unknown,
  next: unknown,
  what: string,
  example: string,
): boolean {
  if (first instanceof TransferClientBase) {
    if (typeof next === "string") return true;
    throw kernelStack(
      new TypeError(
        `Cannot build the ${what} as a collection id must follow the TransferClient (Python SDK 3's form), as in ${example}: current value is ${
          describeValue(next)
        }`,
      ),
    );
  }
  return (first === null || first === undefined) && typeof next === "string";
}

/**
 * Refuses a positional call whose leading collection id is `undefined` or
 * `null` (`new TransferData(SRC, DST)` with `SRC` a command-line argument
 * that was not given): it read as options left out, and the error said
 * "the options must be an object … not left out".
 *
 * @param first The first argument.
 * @param count How many arguments were given.
 * @param what `TransferData` or `DeleteData`, for the error.
 * @param id What the first argument is: "source collection id", ….
 * @param example The call as it should read, for the error.
 * @throws {TypeError} When `first` is missing but more arguments follow.
 */
export function checkLeadingId(
  first: unknown,
  count: number,
  what: string,
  id: string,
  example: string,
): void {
  if ((first !== undefined && first !== null) || count < 2) return;
  throw kernelStack(
    new TypeError(
      `Cannot build the ${what} as its first argument, the ${id}, is ${
        describeValue(first)
      }: give the id there, as in ${example} (a value read from the command line or the environment that was not set?)`,
    ),
  );
}
