/**
 * Argument checks and query values shared by the Transfer client's areas.
 *
 * @module
 */
import { checkOptions, type OptionsHint } from "../core/_options.ts";
import type { QueryValue } from "../core/transport.ts";
import { repeatedParam } from "../core/request_url.ts";
import { isIterableObject as isList } from "../core/_iterable.ts";
import { describeValue } from "./_validate.ts";
import type {
  TransferFilter,
  TransferFilterValue,
} from "./transfer_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkMax } from "../core/_option_values.ts";

/** The options every Transfer method takes. */
const CALL_OPTIONS: readonly string[] = ["signal", "queryParams"];

/**
 * What a Transfer method's options are checked against: its name for the
 * message, the names it reads, and how to write the call. Made once per
 * method (a module constant), so a call allocates nothing for its check.
 */
export interface CallOptionsCheck {
  /** The call, for the message: `"TransferClient.operationLs()"`. */
  readonly where: string;
  /** Every option name the method reads. */
  readonly known: readonly string[];
  /** How to write the call, for a value that is not an object. */
  readonly hint: OptionsHint | undefined;
}

/**
 * Describes a Transfer method's options once, for
 * {@linkcode checkCallOptions}.
 *
 * @param method The method's name, e.g. `"operationLs"`.
 * @param extra The method's own option names, besides `signal` and
 *   `queryParams`.
 * @param hint How to write the call, for a value that is not an object.
 * @param client The class named in messages.
 * @returns The check, to keep in a module constant.
 */
export function callOptions(
  method: string,
  extra: readonly string[] = [],
  hint?: OptionsHint,
  client: string = "TransferClient",
): CallOptionsCheck {
  return Object.freeze({
    where: `${client}.${method}()`,
    known: extra.length === 0
      ? CALL_OPTIONS
      : Object.freeze([...CALL_OPTIONS, ...extra]),
    hint: hint === undefined ? undefined : Object.freeze({ ...hint }),
  });
}

/**
 * Checks a Transfer method's options object: an object (or left out),
 * with only the names the method reads.
 *
 * @param check The method's check, from {@linkcode callOptions}.
 * @param options The options as given.
 * @throws {TypeError} Naming the unknown option and what it may mean.
 */
export function checkCallOptions(
  check: CallOptionsCheck,
  options: unknown,
): void {
  checkOptions(check.where, options, check.known, check.hint);
}

/**
 * Checks a path argument. An object there is how Python's keyword form
 * (`operation_mkdir(ep, path="~/newdir/")`) reads when ported, so the
 * message then shows the call with the path as a string.
 *
 * @param what The argument's name.
 * @param value The argument.
 * @param call How the method is called with its path arguments, e.g.
 *   `tc.operationMkdir(endpointId, "/~/newdir/")`, for messages.
 * @returns The path.
 * @throws {TypeError} When it is not a non-empty string.
 */
export function checkPathArg(
  what: string,
  value: unknown,
  call?: string,
): string {
  if (typeof value !== "string" || value === "") {
    const method = call?.match(/^tc\.(\w+)\(/)?.[1];
    const where = method ? `TransferClient.${method}()` : failingCall();
    const hint = call !== undefined && value !== null &&
        typeof value === "object" && !Array.isArray(value)
      ? `; each path is an argument of its own (a string), not an option: write ${call} (Python's keyword form, e.g. path=…, is positional here)`
      : "";
    throw kernelStack(
      new TypeError(
        `Cannot call ${where} as '${what}' must be a non-empty path (e.g. "/~/data/"): current value is ${
          describeValue(value)
        }${hint}`,
      ),
    );
  }
  return value;
}

/** Receivers in stack frames that are no class of the SDK's. */
const BUILT_IN = new Set([
  "Object",
  "Module",
  "Array",
  "Promise",
  "Function",
  "Reflect",
  "Map",
  "Set",
]);

/**
 * The method that called a check, `TransferClient.getTask()`, read from the
 * stack (only when the check fails; the checks have no other way to know):
 * the first frame of a class's method. `Transfer` when none is found.
 */
function failingCall(): string {
  for (const line of (new Error().stack ?? "").split("\n").slice(1)) {
    const m = line.match(/^\s*at (?:async )?([A-Z]\w*)\.([a-z]\w*) \(/);
    // An object literal's method reads `Object.name` (a module's
    // function called through its namespace `Module.name`), a callback's
    // `Array.map`: not the class method the user called.
    if (m && !BUILT_IN.has(m[1]!)) return `${m[1]}.${m[2]}()`;
  }
  return "Transfer";
}

/**
 * The start of a message about a Transfer call's option, `Cannot call
 * TransferClient.operationLs()`, for the checks of
 * `src/core/_option_values.ts` (called only when one fails). A call's
 * options are checked before they go on the wire, where a plain-JavaScript
 * mistake would be sent as is (`limit: "2"`) or turned around
 * (`showHidden: "no"` read as true).
 *
 * @returns The message's start.
 */
export function cannotCall(): string {
  return `Cannot call ${failingCall()}`;
}

/** See the Transfer client. */
export function checkId(what: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw kernelStack(
      new TypeError(
        `Cannot call ${failingCall()} as '${what}' must be a non-empty id: current value is ${
          describeValue(value)
        }${
          value === undefined
            ? ". An undefined id is often read from a call that was not awaited: (await tc.submitTransfer(tdata)).task_id, not tc.submitTransfer(tdata).task_id"
            : value instanceof Promise
            ? ". Write await before the call, and pass the id from its result: (await tc.submitTransfer(tdata)).task_id"
            : idInside(value)
        }`,
      ),
    );
  }
  // No Globus id has whitespace around it: a pasted id with a line end or a
  // space (" 6c54…cc\n") is sent trimmed, not as %206c54…cc%0A (a 404).
  const id = value.trim();
  // "." and ".." survive percent-encoding and are resolved as path steps:
  // getTask("..") would be GET /v0.10/, cancelTask("..") POST /v0.10/cancel.
  if (id === "." || id === "..") {
    throw kernelStack(
      new RangeError(
        `Cannot call ${failingCall()} as '${what}' must be an id, not a path step: current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  return encodeURIComponent(id);
}

/**
 * For a result passed where its id belongs (`tc.taskWait(r)` after
 * `const r = await tc.submitTransfer(tdata)`, `tc.operationLs(ep, …)` with
 * an endpoint document): which of its fields is the id.
 *
 * @param value The argument.
 * @returns A sentence to add to the message, or `""`.
 */
function idInside(value: unknown): string {
  if (value === null || typeof value !== "object") return "";
  for (const field of ["task_id", "id", "access_id", "role_id"]) {
    let id: unknown;
    try {
      id = (value as Record<string, unknown>)[field];
    } catch {
      continue;
    }
    if (typeof id === "string" && id !== "") {
      return `: a whole result; pass its ${field} instead (r.${field}, where r is that result)`;
    }
  }
  return "";
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
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as '${what}' must be an object (a JSON document with the service's field names): current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  return value;
}

/** The start of a message about a paged call's options. */
export const PAGE_THROUGH = "Cannot page through results";

/** See the Transfer client. */
export function checkPageSize(
  what: string,
  value: number,
  max: number,
): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw kernelStack(
      new RangeError(
        `Cannot page through results as '${what}' must be an integer from 1 to ${max}: current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  return value;
}

/** See the Transfer client. */
export function checkOffset(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw kernelStack(
      new RangeError(
        `Cannot page through results as 'offset' must be a non-negative integer: current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  return value;
}

/**
 * The most items a plain paged method yields: `maxResults` when given, else
 * its `limit`, as the Python SDK's un-paginated call returns one page of
 * `limit` items (`tc.task_list(limit=10)`: 10 tasks), else `fallback`.
 * (`tc.paginated.*` marks its options with {@linkcode LIMIT_IS_PAGE_SIZE},
 * so there `limit` is only the page size, as in Python's
 * `tc.paginated.task_list(limit=…)`.)
 *
 * @param options The call's `limit` and `maxResults`.
 * @param fallback The default cap.
 * @returns The cap.
 * @throws {RangeError} For a negative or fractional `maxResults`.
 * @throws {TypeError} For a `maxResults` that is no number (`"5"`).
 */
export function resultCap(
  options: { limit?: number | undefined; maxResults?: number | undefined },
  fallback: number,
): number {
  const limit = (options as Record<symbol, unknown>)[LIMIT_IS_PAGE_SIZE]
    ? undefined
    : options.limit;
  return checkMax(
    PAGE_THROUGH,
    "maxResults",
    options.maxResults ?? limit ?? fallback,
  );
}

/**
 * Marks the options of a `tc.paginated.*` call: its `limit` is only the
 * page size, and with no `maxResults` the method's own cap applies (1000
 * tasks, as Python's `tc.paginated.task_list(limit=…)` stops at 1000).
 */
export const LIMIT_IS_PAGE_SIZE: unique symbol = Symbol("limitIsPageSize");

/**
 * The most items `taskList` and `taskEventList` yield by default, where
 * the Python SDK's paginators stop: the production service refuses
 * `offset + limit` beyond 1000.
 */
export const OFFSET_PAGING_CAP = 1000;

/**
 * See the Transfer client: the `filter` query value of a method, where a
 * list is sent as one `filter` parameter per item, as the Python SDK sends
 * it (`filter=type:dir&filter=name:~*.txt`).
 *
 * @param filter The filter, or `undefined`.
 * @returns The query value.
 */
export function filterParam(filter: TransferFilter | undefined): QueryValue {
  if (filter === undefined) return undefined;
  if (isList(filter)) {
    return repeatedParam([...filter].map(formatTransferFilter));
  }
  return formatTransferFilter(filter);
}

/**
 * Formats a {@linkcode TransferFilter} as one wire string. (A method given
 * a list sends each item as a `filter` parameter of its own, as Python
 * does; here a list's items are joined with `/`, as one filter whose
 * clauses must all match.)
 *
 * @param filter The filter.
 * @returns e.g. `"name:~*.txt/type:file"`.
 * @throws {RangeError} For an invalid `Date`.
 *
 * @example Build an `operationLs` filter
 * ```ts
 * import { formatTransferFilter } from "@globus-deno/sdk";
 * console.log(formatTransferFilter({ name: "~*.txt", type: "file" })); // name:~*.txt/type:file
 * // tasks requested since 1 January 2026 (an open range end is null)
 * console.log(formatTransferFilter({ request_time: [new Date("2026-01-01"), null] }));
 * // request_time:2026-01-01 00:00:00+00:00,
 * console.log(formatTransferFilter([{ type: "dir" }, "name:!~.*"])); // type:dir/name:!~.*
 * ```
 */
export function formatTransferFilter(filter: TransferFilter): string {
  if (typeof filter === "string") return filter;
  // A number or boolean (a value from elsewhere) was sent as an empty
  // filter, so every item came back; Python raises for it too. null (as
  // other options' null) is refused: it failed with "Cannot convert
  // undefined or null to object".
  if (filter === null || typeof filter !== "object") {
    throw kernelStack(
      new TypeError(
        `Cannot send the filter as it must be a string ("status:ACTIVE/type:TRANSFER"), an object ({ status: "ACTIVE" }) or a list of those (or left out): current value is ${
          describeValue(filter)
        }`,
      ),
    );
  }
  if (isList(filter)) {
    return [...filter as Iterable<TransferFilter>].map(formatTransferFilter)
      .join("/");
  }
  return Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => {
      if (k === "" || /[/:]/.test(k)) {
        throw kernelStack(
          new RangeError(
            `Cannot send the filter as the field name ${
              describeValue(k)
            } is empty or contains '/' or ':' (which would change the filter's meaning)`,
          ),
        );
      }
      return `${k}:${
        isList(v)
          ? [...v as Iterable<string | Date | null>].map((x) =>
            filterValue(k, x)
          ).join(",")
          : filterValue(k, v as TransferFilterValue)
      }`;
    })
    .join("/");
}

/** See the Transfer client. */
export function filterValue(
  key: string,
  v: TransferFilterValue | null,
): string {
  if (typeof v === "string" && v.includes("/")) {
    // Transfer has no escape for '/', which separates filter clauses: a
    // value with one would add a clause of its own.
    throw kernelStack(
      new RangeError(
        `Cannot send the filter as the value of '${key}' contains '/', which Transfer reads as the start of another filter clause: current value is ${
          describeValue(v)
        }`,
      ),
    );
  }
  if (v === null) return "";
  if (typeof v === "object" && !(v instanceof Date)) {
    // An object was sent as "[object Object]".
    throw kernelStack(
      new TypeError(
        `Cannot send the filter as the value of '${key}' must be a string, a number, a Date or a list of them: current value is ${
          describeValue(v)
        }`,
      ),
    );
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) {
      throw kernelStack(
        new RangeError(
          "Cannot send the filter as one of its dates is invalid: current value is Invalid Date",
        ),
      );
    }
    return `${v.toISOString().slice(0, 19).replace("T", " ")}+00:00`;
  }
  return String(v);
}

/** See the Transfer client. */
export function orderbyValue(
  orderby: string | Iterable<string> | undefined,
): QueryValue {
  // null (Python's orderby=None, the default) is left out, as before.
  if (orderby === undefined || orderby === null) return undefined;
  if (typeof orderby === "string") return orderby;
  if (isList(orderby)) return [...orderby];
  // A number or an object was sent as its text (`orderby=%5Bobject+Object%5D`).
  const entries = typeof orderby === "object" && orderby !== null
    ? Object.entries(orderby as Record<string, unknown>).map((
      [k, v],
    ) => [k, String(v)] as const)
    : [];
  const written = entries.length > 0 &&
      entries.every(([k, v]) => /^\w+$/.test(k) && /^(asc|desc)$/i.test(v))
    ? `; write orderby: ${
      JSON.stringify(
        entries.length === 1
          ? `${entries[0]![0]} ${entries[0]![1].toUpperCase()}`
          : entries.map(([k, v]) => `${k} ${v.toUpperCase()}`),
      )
    }`
    : "";
  throw kernelStack(
    new TypeError(
      `Cannot call ${failingCall()} as 'orderby' must be a string such as "name ASC" or a list of them (or left out): current value is ${
        describeValue(orderby)
      }${written}`,
    ),
  );
}
