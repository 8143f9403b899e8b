/**
 * Checks of one option's value where a plain-JavaScript mistake passes
 * without a word: a boolean option (`force: "false"` is truthy, and was
 * read as true), a text option (a number sent as is), a count and a
 * most-items count (`max: "10"` compared as text).
 *
 * One rule for `null`, Python's: where Python takes `None` for an optional
 * keyword (its default, "not given"), `null` is the option left out.
 *
 * The checks run once per call: on the passing path they allocate nothing
 * (where a message names the call from the stack, `doing` is a function,
 * called only on failure).
 *
 * @module
 */
import { kernelStack } from "./_kernel_stack.ts";
import { describeNonObject } from "./_options.ts";

/**
 * What the failing call was doing, for the message's start: `"Cannot start
 * the flow"`, or a function that returns it (called only on failure).
 */
export type Doing = string | (() => string);

/** A boolean written as text: `"false"`, `"yes"`, `"1"`. */
const BOOLEAN_TEXT = /^\s*(?:true|false|yes|no|on|off|[01])\s*$/i;
const TRUE_TEXT = /^\s*(?:true|yes|on|1)\s*$/i;

/**
 * The error for an option's value, in the one wording of these checks:
 * `<doing> as '<name>' must be <need>: current value is <current>`.
 */
function failure(
  Failure: typeof TypeError | typeof RangeError,
  doing: Doing,
  name: string,
  need: string,
  current: string,
): Error {
  return kernelStack(
    new Failure(
      `${
        typeof doing === "function" ? doing() : doing
      } as '${name}' must be ${need}: current value is ${current}`,
    ),
  );
}

/**
 * The value as the message shows it, with the fix for a boolean written
 * as text (or as 0 or 1).
 */
function describeBoolean(name: string, value: unknown): string {
  // `config.requestRefreshTokens` is written `requestRefreshTokens: false`.
  const key = name.slice(name.lastIndexOf(".") + 1);
  if (typeof value === "string" && BOOLEAN_TEXT.test(value)) {
    return `the string ${JSON.stringify(value)}; write ${key}: ${
      TRUE_TEXT.test(value)
    }, without quotes`;
  }
  if (value === 0 || value === 1) {
    return `the number ${value}; write ${key}: ${value === 1}`;
  }
  return describeNonObject(value);
}

/**
 * Checks a boolean option: `true`, `false`, or left out (`undefined`, or
 * `null` as Python's `None`).
 *
 * @param doing The message's start, e.g. `"Cannot call getIdentities()"`.
 * @param name The option's name, e.g. `"provision"`.
 * @param value The value as given.
 * @returns The boolean, or `undefined` when it was left out (`null` too).
 * @throws {TypeError} e.g. `Cannot call getIdentities() as 'provision'
 *   must be true or false (or left out): current value is the string
 *   "false"; write provision: false, without quotes`.
 */
export function checkBoolean(
  doing: Doing,
  name: string,
  value: unknown,
): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === undefined || value === null) return undefined;
  throw failure(
    TypeError,
    doing,
    name,
    "true or false (or left out)",
    describeBoolean(name, value),
  );
}

/**
 * Checks a text option: a string, or left out (`undefined`, or `null` as
 * Python's `None`). A number was sent as is, for the service to refuse.
 *
 * @param doing The message's start, e.g. `"Cannot start the flow"`.
 * @param name The option's name, e.g. `"state"`.
 * @param value The value as given.
 * @returns The string, or `undefined` when it was left out (`null` too).
 * @throws {TypeError} Naming the option and the value's type.
 */
export function checkString(
  doing: Doing,
  name: string,
  value: unknown,
): string | undefined {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return undefined;
  throw failure(
    TypeError,
    doing,
    name,
    "a string (or left out)",
    describeNonObject(value),
  );
}

/**
 * Checks a count option (an offset, a page size): a whole number of at
 * least 0, or left out (`undefined`, or `null` as Python's `None`).
 *
 * @param doing The message's start.
 * @param name The option's name, e.g. `"offset"`.
 * @param value The value as given.
 * @returns The count, or `undefined` when it was left out (`null` too).
 * @throws {TypeError} For text or another type.
 * @throws {RangeError} For a negative or fractional number.
 */
export function checkCount(
  doing: Doing,
  name: string,
  value: unknown,
): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (Number.isInteger(value) && (value as number) >= 0) {
    return value as number;
  }
  throw failure(
    typeof value === "number" ? RangeError : TypeError,
    doing,
    name,
    "a non-negative integer (or left out)",
    numberText(value, `${name}: Number(…)`),
  );
}

/**
 * A value that is no count, for the message: a number written as text
 * with how to write it.
 */
function numberText(value: unknown, fix: string): string {
  return typeof value === "string" && /^\s*-?[\d.e+]{1,20}\s*$/i.test(value)
    ? `the string ${JSON.stringify(value)}; write ${fix}`
    : describeNonObject(value);
}

/**
 * Checks a most-items count (`toArray(max)`, `maxResults`): a whole number
 * of at least 0, or `Infinity`; left out (`undefined`, or `null` as
 * Python's `None`) is no limit. A `-1` meant as "all" gave `[]`, and a
 * `"10"` from a command line compared as text where it was not coerced.
 *
 * @param doing The message's start, e.g. `"Cannot collect the items"`.
 * @param name The option's name, e.g. `"max"`.
 * @param value The value as given.
 * @param fix How to write a number given as text, e.g.
 *   `"toArray(Number(…))"`; `name: Number(…)` by default.
 * @returns The count; `Infinity` when it was left out.
 * @throws {RangeError} For a negative or fractional number.
 * @throws {TypeError} For another type (text, an object).
 */
export function checkMax(
  doing: Doing,
  name: string,
  value: unknown,
  fix?: string,
): number {
  if (value === undefined || value === null) return Infinity;
  if (
    value === Infinity || (Number.isInteger(value) && (value as number) >= 0)
  ) {
    return value as number;
  }
  throw failure(
    typeof value === "number" ? RangeError : TypeError,
    doing,
    name,
    "a whole number of items, at least 0 (or left out for every item)",
    numberText(value, fix ?? `${name}: Number(…)`),
  );
}
