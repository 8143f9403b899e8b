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
