/**
 * An app's scope requirements: resource server → the scopes its tokens
 * must carry, given as scope strings, {@linkcode Scope}s or lists of them,
 * and merged without duplicates.
 *
 * @module
 */
import { Scope } from "../auth/scopes.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Scope requirements: resource server → scopes (strings or {@linkcode Scope}s). */
export type ScopeRequirements = Record<string, readonly (string | Scope)[]>;

/** An example of scope requirements, for messages. */
export const REQUIREMENTS_EXAMPLE =
  '{ "transfer.api.globus.org": [TransferClient.scopes.all] }';

/**
 * One resource server's required scopes as {@linkcode Scope}s (copies):
 * a scope string, a `Scope` or a list of them, as in the Python SDK.
 *
 * @param rs The resource server, for messages.
 * @param items The scopes.
 * @returns The parsed scopes.
 * @throws {TypeError} When an item is neither a string nor a `Scope`.
 */
export function toScopes(
  rs: string,
  items: string | Scope | readonly (string | Scope)[],
): Scope[] {
  // As in the Python SDK, one scope (a string or a Scope) stands for a
  // list of one; a string's characters are not scopes.
  const list: readonly unknown[] = typeof items === "string" ||
      items instanceof Scope
    ? [items]
    : Array.isArray(items)
    ? items
    : [];
  if (list.length === 0 && !Array.isArray(items)) {
    throw kernelStack(
      new TypeError(
        `Cannot add scope requirements as the scopes of '${rs}' must be a scope string, a Scope or a list of them, e.g. ${REQUIREMENTS_EXAMPLE}: current value is ${
          items === null ? "null" : typeof items
        }`,
      ),
    );
  }
  const out: Scope[] = [];
  for (const item of list) {
    if (typeof item !== "string" && !(item instanceof Scope)) {
      throw kernelStack(
        new TypeError(
          `Cannot add scope requirements as each scope of '${rs}' must be a scope string or a Scope: one is ${
            item === null ? "null" : typeof item
          }`,
        ),
      );
    }
    // Copies, so later merges never change the caller's objects.
    out.push(...Scope.parse(typeof item === "string" ? item : String(item)));
  }
  return out;
}

/**
 * Adds `scope` to `list`, merging it into an equal scope already there (a
 * required scope wins over an optional one; dependencies merge too).
 *
 * @param list The scopes so far (changed).
 * @param scope The scope to add.
 */
export function mergeInto(list: Scope[], scope: Scope): void {
  const same = list.find((s) => s.scopeString === scope.scopeString);
  if (!same) {
    list.push(scope);
    return;
  }
  if (!scope.optional) same.optional = false;
  for (const dep of scope.dependencies) mergeInto(same.dependencies, dep);
}

/**
 * The scopes a service client built with `{ app }` adds to the app's
 * requirements: its `appScopes` option (Python's `app_scopes`) when given
 * and not empty, otherwise the client's defaults.
 *
 * @param client The client's class name, for messages.
 * @param options The client's options (`app`, `appScopes`).
 * @param defaults The client's default scope requirements.
 * @returns The scope strings.
 * @throws {TypeError} When `appScopes` is given without `app` (as Python's
 *   `GlobusSDKUsageError`), or is not a scope string, `Scope` or list of them.
 */
export function clientAppScopes(
  client: string,
  options: {
    app?: unknown;
    appScopes?: string | Scope | readonly (string | Scope)[] | undefined;
  },
  defaults: readonly string[],
): string[] {
  const given = options.appScopes;
  if (given === undefined || given === null) return [...defaults];
  if (!options.app) {
    throw kernelStack(
      new TypeError(
        `${client}: 'appScopes' was given without an 'app': it sets the scopes the client adds to its app's requirements, so pass both, e.g. new ${client}({ app, appScopes: [...] })`,
      ),
    );
  }
  const scopes = toScopes(`${client} appScopes`, given).map(String);
  return scopes.length > 0 ? scopes : [...defaults];
}
