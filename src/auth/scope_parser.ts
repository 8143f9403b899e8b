/**
 * Python SDK 4's `ScopeParser` (`from globus_sdk.scopes import
 * ScopeParser`): `parse`, `mergeScopes` and `serialize`.
 *
 * @module
 */
import { kernelStack } from "../core/_kernel_stack.ts";
import { Scope, ScopeParseError } from "./scopes.ts";
import { scopeListHints } from "./_scope_list.ts";

/** A scope's name and whether it is optional: a node of the scope graph. */
type Key = `${0 | 1}${string}`;

const keyOf = (s: Scope): Key => `${s.optional ? 1 : 0}${s.scopeString}`;

/**
 * Python SDK 4's `ScopeParser`. Its `parse` reads scope text as Globus
 * Auth does, as a graph: a scope named twice is one scope with the
 * dependencies of both (`"a[b] a[c]"` is `a[b c]`), and a scope's
 * dependencies are the same wherever it appears. {@linkcode Scope.parse}
 * (Python 3's) keeps each occurrence as written.
 *
 * @example Parse and merge scope text
 * ```ts
 * import { ScopeParser } from "@globus-deno/sdk";
 * const scopes = ScopeParser.parse("urn:a[urn:b] openid urn:a[*urn:c]");
 * console.log(scopes.map(String)); // [ "urn:a[urn:b *urn:c]", "openid" ]
 * console.log(ScopeParser.serialize(scopes)); // "urn:a[urn:b *urn:c] openid"
 * ```
 */
export class ScopeParser {
  private constructor() {}

  /**
   * Parses scope text into its top-level scopes, merging a scope named
   * more than once (Python 4's `ScopeParser.parse`).
   *
   * @param text e.g. `"openid transfer:all[*https://…/data_access]"`.
   * @returns The top-level scopes, in the order first named.
   * @throws {ScopeParseError} When the text is malformed, or its
   *   dependencies form a cycle (`"a[b[a]]"`, Python's `ScopeCycleError`).
   */
  static parse(text: string): Scope[] {
    const top: Key[] = [];
    const names = new Map<Key, Scope>();
    // A scope's dependencies, by its name (optional or not).
    const deps = new Map<string, Map<Key, Scope>>();
    const visit = (scope: Scope): void => {
      const key = keyOf(scope);
      if (!names.has(key)) names.set(key, scope);
      let mine = deps.get(scope.scopeString);
      if (!mine) deps.set(scope.scopeString, mine = new Map());
      for (const dep of scope.dependencies) {
        const depKey = keyOf(dep);
        if (!mine.has(depKey)) mine.set(depKey, dep);
        visit(dep);
      }
    };
    for (const scope of Scope.parse(text)) {
      const key = keyOf(scope);
      if (!top.includes(key)) top.push(key);
      visit(scope);
    }
    const build = (scope: Scope, path: readonly string[]): Scope => {
      if (path.includes(scope.scopeString)) {
        throw new ScopeParseError(
          `the dependencies form a cycle (${
            [...path, scope.scopeString].join(" → ")
          })`,
          0,
          text,
        );
      }
      const inner = [...path, scope.scopeString];
      return new Scope(scope.scopeString, {
        optional: scope.optional,
        dependencies: [...(deps.get(scope.scopeString)?.values() ?? [])].map(
          (d) => build(d, inner),
        ),
      });
    };
    return scopeListHints(top.map((k) => build(names.get(k) as Scope, [])));
  }

  /**
   * Merges two lists of scopes into one, as one parse of both
   * (Python 4's `ScopeParser.merge_scopes`): `[a[b]]` and `[a[c]]` give
   * `[a[b c]]`.
   *
   * @param scopesA Scopes or scope strings.
   * @param scopesB More of them.
   * @returns The merged scopes.
   * @throws {ScopeParseError} As {@linkcode ScopeParser.parse}.
   */
  static mergeScopes(
    scopesA: Iterable<string | Scope>,
    scopesB: Iterable<string | Scope>,
  ): Scope[] {
    return ScopeParser.parse(
      [...scopesA, ...scopesB].map((s) => String(s)).join(" "),
    );
  }

  /**
   * Joins scopes into one space-separated string, not parsed or merged
   * (Python 4's `ScopeParser.serialize`).
   *
   * @param scopes A scope string, a `Scope`, or a list (any iterable) of
   *   them.
   * @param options `rejectEmpty` (default `true`): an empty result throws,
   *   as Python's `reject_empty=True`.
   * @returns The scope text.
   * @throws {TypeError} When the result is empty and `rejectEmpty` is on.
   */
  static serialize(
    scopes: string | Scope | Iterable<string | Scope>,
    options: { rejectEmpty?: boolean | undefined } = {},
  ): string {
    const text = Scope.serialize(scopes);
    if (text === "" && options.rejectEmpty !== false) {
      throw kernelStack(
        new TypeError(
          "Cannot serialize the scopes as they are empty (Python's ScopeParser.serialize refuses that too): give at least one scope, or { rejectEmpty: false }",
        ),
      );
    }
    return text;
  }
}
