/**
 * Internal: the list `Scope.parse` and `ScopeParser.parse` return, with a
 * hint for a `Scope` member read on it.
 *
 * @module
 */
import { camelCase } from "../core/_options.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** A `Scope`'s members, read on the list `Scope.parse` returns. */
const SCOPE_MEMBERS = [
  "scopeString",
  "optional",
  "dependencies",
  "withDependency",
  "withDependencies",
  "withOptional",
  "addDependency",
  "scope_string",
  "with_dependency",
  "with_dependencies",
  "with_optional",
  "add_dependency",
];

/**
 * Makes a `Scope` member read on the list `Scope.parse` returns throw: a
 * port of Python 4's `Scope.parse(text)`, which gives one scope, read
 * `Scope.parse(text).dependencies` as `undefined` without a word. The
 * names are non-enumerable own getters: the list prints, compares and
 * serializes as a plain array.
 *
 * @param list The parsed scopes.
 * @returns The same list.
 */
export function scopeListHints<T>(list: T[]): T[] {
  for (const name of SCOPE_MEMBERS) {
    const member = camelCase(name);
    Object.defineProperty(list, name, {
      get(): never {
        throw kernelStack(
          new TypeError(
            `Scope.parse() returns a list of scopes (Python 3's Scope.parse, Python 4's ScopeParser.parse), which has no ${name}: for exactly one scope (Python 4's Scope.parse(text)) write Scope.parseOne(text).${member}`,
          ),
        );
      },
      enumerable: false,
      configurable: true,
    });
  }
  return list;
}
