/**
 * Globus scopes: well-known scope strings, a {@linkcode Scope} class with
 * Globus's dependent-scope syntax (`a[b *c[d]]`), a strict parser, and a
 * loose "are these scopes granted?" check.
 *
 * @module
 */
import { GlobusError } from "../core/errors.ts";
import { camelCase, checkOptions } from "../core/_options.ts";
import { isIterableObject } from "../core/_iterable.ts";
import { OWN_FIELDS_INSPECT } from "../core/redact.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";
import { slipHints } from "../notebook/_slip_hints.ts";
import { scopeListHints } from "./_scope_list.ts";

/**
 * A scope string could not be parsed. The message names the problem and
 * its 0-based position in the input, e.g. `unbalanced '[' at position 12`.
 *
 * It extends {@linkcode GlobusError}, so `catch (e) { if (e instanceof
 * GlobusError) … }` catches it along with every other globus-deno error.
 *
 * @example Point at the broken part of a scope string
 * ```ts
 * import { Scope, ScopeParseError } from "@globus-deno/sdk";
 * try {
 *   Scope.parse("urn:globus:auth:scope:transfer.api.globus.org:all[openid");
 * } catch (e) {
 *   if (!(e instanceof ScopeParseError)) throw e;
 *   console.log(e.position, e.message);
 * }
 * ```
 */
export class ScopeParseError extends GlobusError {
  /** The 0-based position of the offending character in {@linkcode input}. */
  readonly position: number;
  /** The text that was being parsed. */
  readonly input: string;

  /**
   * Creates the error.
   *
   * @param problem What is wrong, e.g. `unbalanced '['`.
   * @param position The 0-based position of the offending character.
   * @param input The text that was being parsed.
   */
  constructor(problem: string, position: number, input: string) {
    const shown = input.length > 200 ? input.slice(0, 200) + "…" : input;
    super(
      `Cannot parse scope string: ${problem} at position ${position} in '${shown}'`,
    );
    this.position = position;
    this.input = input;
  }
}

/** Options for {@linkcode Scope}. */
export interface ScopeOptions {
  /**
   * Marks the scope optional (`*` prefix); meaningful for dependencies.
   * @default {false}
   */
  optional?: boolean | null | undefined;
  /** Dependent scopes, as {@linkcode Scope}s or scope strings (parsed). */
  dependencies?: (string | Scope)[] | undefined;
}

/** The options of `new Scope()`. */
const SCOPE_OPTIONS: readonly string[] = ["optional", "dependencies"];

const NAME_BREAK = /[\s[\]*]/;
/** What makes scope text more than space-separated names. */
const PLAIN_BREAK = /[[\]*]/;
const MAX_DEPTH = 64;

/**
 * One scope with its dependent scopes, e.g.
 * `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/{id}/data_access]`.
 *
 * `String(scope)` serializes it in Globus's syntax; {@linkcode Scope.parse}
 * reads it back (the two round-trip).
 *
 * @example Build a Transfer scope that needs a collection's data_access
 * ```ts
 * import { GCSCollectionScopes, Scope, TransferScopes } from "@globus-deno/sdk";
 * const scope = new Scope(TransferScopes.all).addDependency(
 *   GCSCollectionScopes("6c54cade-bde5-45c1-bdea-f4bd71dba2cc").dataAccess,
 *   { optional: true },
 * );
 * console.log(String(scope));
 * const [again] = Scope.parse(String(scope));
 * console.log(again?.dependencies.length); // 1
 * ```
 */
export class Scope {
  /** The scope string itself, without dependencies. */
  readonly scopeString: string;
  /** Whether this scope is optional (serialized with a `*` prefix). */
  optional: boolean;
  /** The dependent scopes. */
  readonly dependencies: Scope[];

  /**
   * Creates a scope.
   *
   * @param scopeString The scope string, without brackets or spaces.
   * @param options `optional` and `dependencies`.
   * @throws {TypeError} When `scopeString` is empty or holds whitespace,
   *   `[`, `]` or `*` (use {@linkcode Scope.parse} for such text), or the
   *   options are not an object (Python 3's positional `optional`: write
   *   `new Scope(s, { optional: true })`).
   */
  constructor(scopeString: string, options: ScopeOptions = {}) {
    if (typeof scopeString !== "string" || scopeString.length === 0) {
      throw kernelStack(
        new TypeError(
          `Cannot create a Scope as 'scopeString' must be a non-empty string: current value is ${
            JSON.stringify(scopeString)
          }`,
        ),
      );
    }
    const bad = NAME_BREAK.exec(scopeString);
    if (bad) {
      throw kernelStack(
        new TypeError(
          `Cannot create a Scope from '${scopeString}' as it contains ${
            JSON.stringify(bad[0])
          } at position ${bad.index}: use Scope.parse() for scope text with dependencies or several scopes`,
        ),
      );
    }
    // Python 3's MutableScope(scope_string, optional, dependencies) takes
    // them positionally: new Scope(s, true) dropped `optional` silently.
    checkOptions("new Scope()", options, SCOPE_OPTIONS, {
      example: "new Scope(scopeString, { optional: true, dependencies: [] })",
    });
    checkBoolean("Cannot create the scope", "optional", options.optional);
    const deps: unknown = options.dependencies;
    if (
      deps !== undefined &&
      (typeof deps === "string" || !isIterableObject(deps))
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot create a Scope as 'dependencies' must be a list of Scopes or scope strings (e.g. { dependencies: [TransferScopes.all] }): current value is ${
            typeof deps === "string"
              ? "a string"
              : deps === null
              ? "null"
              : typeof deps
          }`,
        ),
      );
    }
    this.scopeString = scopeString;
    this.optional = options.optional ?? false;
    this.dependencies = [];
    // Python's scope.scope_string read undefined without a word.
    slipHints(this, Scope);
    for (const dep of options.dependencies ?? []) this.addDependency(dep);
  }

  /**
   * Adds a dependent scope.
   *
   * @param dependency A {@linkcode Scope}, or scope text such as `"*b[c]"`
   *   (exactly one scope).
   * @param options `optional: true` marks the added dependency optional.
   * @returns This scope, for chaining.
   * @throws {ScopeParseError} When a string dependency does not parse.
   * @throws {TypeError} When the options are not an object (Python's
   *   positional `optional`: write `addDependency(dep, { optional: true })`).
   */
  addDependency(
    dependency: string | Scope,
    options: { optional?: boolean | null | undefined } = {},
  ): this {
    // Python 3's add_dependency(s, optional=True), written positionally as
    // addDependency(s, true), dropped `optional` without a word.
    checkOptions("Scope.addDependency()", options, ["optional"], {
      example: "addDependency(dep, { optional: true })",
    });
    // null is Python's None: left out, the dependency keeps its own.
    const optional = checkBoolean(
      "Cannot add the dependency",
      "optional",
      options.optional,
    );
    checkDependency("Scope.addDependency()", dependency);
    const dep = typeof dependency === "string"
      ? Scope.parseOne(dependency)
      : dependency;
    if (optional !== undefined) dep.optional = optional;
    this.dependencies.push(dep);
    return this;
  }

  /**
   * A new scope with one more dependency (Python 4's `with_dependency`);
   * this one is left as it is.
   *
   * @param otherScope The scope this one depends on (a `Scope`, or text
   *   holding exactly one scope).
   * @returns The new scope.
   * @throws {ScopeParseError} When text does not parse as one scope.
   */
  withDependency(otherScope: string | Scope): Scope {
    checkDependency("Scope.withDependency()", otherScope);
    return this.withDependencies([otherScope]);
  }

  /**
   * A new scope with more dependencies (Python 4's `with_dependencies`);
   * this one is left as it is.
   *
   * @param otherScopes The scopes this one depends on.
   * @returns The new scope.
   * @throws {ScopeParseError} When text does not parse as one scope.
   */
  withDependencies(otherScopes: Iterable<string | Scope>): Scope {
    const copy = Scope.parseOne(this.toString());
    for (const other of otherScopes) {
      checkDependency("Scope.withDependencies()", other);
      copy.dependencies.push(
        Scope.parseOne(typeof other === "string" ? other : other.toString()),
      );
    }
    return copy;
  }

  /**
   * A new scope with another `optional` setting (Python 4's
   * `with_optional`); this one is left as it is.
   *
   * @param optional Whether the new scope is optional.
   * @returns The new scope.
   */
  withOptional(optional: boolean): Scope {
    const copy = Scope.parseOne(this.toString());
    copy.optional = optional === true;
    return copy;
  }

  /**
   * Serializes in Globus's syntax: `*a[b c[d]]`.
   *
   * @returns The scope text.
   */
  toString(): string {
    const head = (this.optional ? "*" : "") + this.scopeString;
    if (this.dependencies.length === 0) return head;
    return `${head}[${this.dependencies.map((d) => d.toString()).join(" ")}]`;
  }

  /**
   * The scope text, as Python SDK 3's `scope.serialize()` (a ported call
   * failed with "serialize is not a function").
   *
   * @returns The same as {@linkcode Scope.toString}.
   */
  serialize(): string {
    return this.toString();
  }

  /**
   * The scope text (so `JSON.stringify` writes the serialized form).
   *
   * @returns The same as {@linkcode Scope.toString}.
   */
  toJSON(): string {
    return this.toString();
  }

  /**
   * Parses space-separated scopes with optional dependencies.
   *
   * @param text e.g. `"openid transfer:all[*https://…/data_access]"`.
   * @returns The top-level scopes, in order (empty for blank text).
   * @throws {ScopeParseError} On unbalanced brackets, empty brackets, a `*`
   *   or `[` in the wrong place; the message gives the position.
   */
  static parse(text: string): Scope[] {
    if (typeof text !== "string") {
      throw kernelStack(
        new TypeError(
          `Cannot parse scopes as 'text' must be a string: current value is ${
            String(text)
          }`,
        ),
      );
    }
    return scopeListHints(parseScopeText(text));
  }

  /**
   * Python SDK 3's `Scope.deserialize(text)`: exactly one scope, as
   * {@linkcode Scope.parseOne} (a ported call failed with "deserialize is
   * not a function").
   *
   * @param text e.g. `"a[b]"`.
   * @returns The scope.
   * @throws {ScopeParseError} When the text is malformed or does not hold
   *   exactly one top-level scope.
   */
  static deserialize(text: string): Scope {
    return Scope.parseOne(text);
  }

  /**
   * Parses exactly one scope (with its dependencies).
   *
   * @param text e.g. `"*a[b]"`.
   * @returns The scope.
   * @throws {ScopeParseError} When the text is malformed or does not hold
   *   exactly one top-level scope.
   */
  static parseOne(text: string): Scope {
    // Without the list's hints (Scope.parse adds them): this list stays
    // inside.
    const scopes = typeof text === "string"
      ? parseScopeText(text)
      : Scope.parse(text);
    if (scopes.length !== 1) {
      throw new ScopeParseError(
        `expected exactly one scope but found ${scopes.length}`,
        0,
        text,
      );
    }
    return scopes[0] as Scope;
  }

  /**
   * Joins scopes (objects or text) into one space-separated string.
   *
   * @param scopes Scopes, scope strings (an array, a `Set`, any iterable,
   *   as Python's `scopes_to_str` takes), or one string or `Scope`.
   * @returns The serialized scope text.
   * @throws {TypeError} For anything else (a number, a plain object, …).
   */
  static serialize(
    scopes: string | Scope | Iterable<string | Scope>,
  ): string {
    if (typeof scopes === "string") return scopes.trim();
    // One Scope, as the Python SDK's scopes_to_str takes it.
    if (scopes instanceof Scope) return scopes.toString();
    if (!isIterableObject(scopes)) {
      throw kernelStack(
        new TypeError(
          `Cannot use the scopes as they must be a scope string, a Scope or a list of them (e.g. [TransferScopes.all, "openid"]): current value is ${
            scopes === null ? "null" : typeof scopes
          }`,
        ),
      );
    }
    return [...scopes as Iterable<unknown>].map((s) => {
      if (typeof s === "string") return s.trim();
      if (s instanceof Scope) return s.toString();
      throw kernelStack(
        new TypeError(
          `Cannot use the scopes as each must be a scope string or a Scope: one is ${
            s === null ? "null" : typeof s
          }`,
        ),
      );
    }).filter((s) => s.length > 0).join(" ");
  }
}

function parseScopeText(text: string): Scope[] {
  // The usual text (a token's granted scopes, a client's requirement):
  // plain names, no dependencies or optional marks.
  if (!PLAIN_BREAK.test(text)) {
    return text.split(/\s+/).filter((name) => name !== "").map((name) =>
      new Scope(name)
    );
  }
  let i = 0;
  const n = text.length;
  const isSpace = (c: string) => /\s/.test(c);
  const readName = (): string => {
    const start = i;
    while (i < n && !NAME_BREAK.test(text[i] as string)) i++;
    return text.slice(start, i);
  };
  // Parses a list until end of text (depth 0) or a closing ']' (depth > 0).
  const parseList = (openAt: number, depth: number): Scope[] => {
    if (depth > MAX_DEPTH) {
      throw new ScopeParseError(
        `dependencies nested deeper than ${MAX_DEPTH} levels`,
        openAt,
        text,
      );
    }
    const out: Scope[] = [];
    let last: Scope | undefined;
    while (i < n) {
      const c = text[i] as string;
      if (isSpace(c)) {
        i++;
        last = undefined;
        continue;
      }
      if (c === "]") {
        if (openAt < 0) throw new ScopeParseError("unbalanced ']'", i, text);
        if (out.length === 0) {
          throw new ScopeParseError("empty brackets '[]'", openAt, text);
        }
        return out;
      }
      if (c === "[") {
        if (!last || last.dependencies.length > 0) {
          throw new ScopeParseError(
            "'[' must directly follow a scope name",
            i,
            text,
          );
        }
        const at = i;
        i++;
        const deps = parseList(at, depth + 1);
        if (i >= n) throw new ScopeParseError("unbalanced '['", at, text);
        i++; // the ']'
        last.dependencies.push(...deps);
        continue;
      }
      let optional = false;
      if (c === "*") {
        optional = true;
        i++;
        const next = text[i];
        if (next === undefined || NAME_BREAK.test(next)) {
          throw new ScopeParseError(
            "'*' must be followed by a scope name",
            i - 1,
            text,
          );
        }
      }
      const name = readName();
      last = new Scope(name, { optional });
      out.push(last);
    }
    if (openAt >= 0) throw new ScopeParseError("unbalanced '['", openAt, text);
    return out;
  };
  return parseList(-1, 0);
}

/** Transfer's resource server and scopes. */
export interface TransferScopesShape {
  /** `transfer.api.globus.org` */
  readonly resourceServer: string;
  /** `urn:globus:auth:scope:transfer.api.globus.org:all` */
  readonly all: string;
  /** `urn:globus:auth:scope:transfer.api.globus.org:gcp_install` */
  readonly gcpInstall: string;
}

/** How a scope object is written in its hints (`GCSCollectionScopes(id)`). */
const SCOPE_SET_NAME = Symbol("scopeSetName");

/**
 * The prototype of every scope object: printed as the plain object of
 * scope strings it is, and a proxy that only misses reach, which throws for
 * Python's snake_case name of a name the object has. One for all of them:
 * `GCSCollectionScopes(id)` is called per collection.
 */
const SCOPE_SET_PROTO: object = new Proxy({ ...OWN_FIELDS_INSPECT }, {
  get(target, key, receiver) {
    // Python SDK 3's TransferScopes.make_mutable("all") read undefined and
    // failed with "make_mutable is not a function".
    if (key === "make_mutable" || key === "makeMutable") {
      const what = receiver[SCOPE_SET_NAME];
      const name = Object.keys(receiver).find((k) => k !== "resourceServer");
      throw kernelStack(
        new TypeError(
          `${what} has no ${key}: Python SDK 3's ${what}.make_mutable(name) is new Scope(${what}.name) here, with the name in camelCase (new Scope(${what}.${name})); withDependency() gives a new scope with a dependency, addDependency() adds one to this scope`,
        ),
      );
    }
    if (typeof key === "string" && /^[a-z][a-z0-9]*_/i.test(key)) {
      const name = camelCase(key);
      if (name !== key && Object.hasOwn(receiver, name)) {
        const what = receiver[SCOPE_SET_NAME];
        throw kernelStack(
          new TypeError(
            `${what} has no ${key}: the names here are camelCase, so Python's ${key} is ${name} (${what}.${name})`,
          ),
        );
      }
    }
    return Reflect.get(target, key, receiver);
  },
});

/**
 * A frozen object of scope strings whose Python names throw: read in
 * snake_case (`GCSCollectionScopes(id).data_access`,
 * `AuthScopes.view_identities`), a name gave `undefined`, which became the
 * scope `…:all[undefined]` that Globus Auth refused at the consent page.
 * The names it has are read as before.
 *
 * @param what How the object is written (`AuthScopes`, `GCSCollectionScopes(id)`).
 * @param fields The names and scope strings.
 * @returns The frozen object.
 */
function scopeSet<T extends object>(what: string, fields: T): T {
  const out = Object.assign(Object.create(SCOPE_SET_PROTO), fields);
  Object.defineProperty(out, SCOPE_SET_NAME, { value: what });
  return Object.freeze(out);
}

/**
 * Globus Transfer's scopes.
 *
 * @example Ask for Transfer access
 * ```ts
 * import { TransferScopes } from "@globus-deno/sdk";
 * console.log(TransferScopes.all);
 * ```
 */
export const TransferScopes: TransferScopesShape = scopeSet("TransferScopes", {
  resourceServer: "transfer.api.globus.org",
  all: "urn:globus:auth:scope:transfer.api.globus.org:all",
  gcpInstall: "urn:globus:auth:scope:transfer.api.globus.org:gcp_install",
});

/** Globus Auth's resource server and scopes. */
export interface AuthScopesShape {
  /** `auth.globus.org` */
  readonly resourceServer: string;
  /** `openid` */
  readonly openid: string;
  /** `profile` */
  readonly profile: string;
  /** `email` */
  readonly email: string;
  /** `urn:globus:auth:scope:auth.globus.org:view_identities` */
  readonly viewIdentities: string;
  /** `urn:globus:auth:scope:auth.globus.org:manage_projects` (the developer API) */
  readonly manageProjects: string;
  /** `urn:globus:auth:scope:auth.globus.org:view_authentications` */
  readonly viewAuthentications: string;
  /** `urn:globus:auth:scope:auth.globus.org:view_clients` */
  readonly viewClients: string;
  /** `urn:globus:auth:scope:auth.globus.org:view_clients_and_scopes` */
  readonly viewClientsAndScopes: string;
  /** `urn:globus:auth:scope:auth.globus.org:view_consents` (`getConsents(id, { all: true })`) */
  readonly viewConsents: string;
  /** `urn:globus:auth:scope:auth.globus.org:view_identity_set` */
  readonly viewIdentitySet: string;
}

/**
 * Globus Auth's scopes (OpenID Connect plus Auth's own), the Python SDK's
 * `AuthScopes` in camelCase; also `AuthClient.scopes`.
 *
 * @example Ask for identity information
 * ```ts
 * import { AuthScopes } from "@globus-deno/sdk";
 * console.log([AuthScopes.openid, AuthScopes.email].join(" "));
 * ```
 */
export const AuthScopes: AuthScopesShape = scopeSet("AuthScopes", {
  resourceServer: "auth.globus.org",
  openid: "openid",
  profile: "profile",
  email: "email",
  viewIdentities: "urn:globus:auth:scope:auth.globus.org:view_identities",
  manageProjects: "urn:globus:auth:scope:auth.globus.org:manage_projects",
  viewAuthentications:
    "urn:globus:auth:scope:auth.globus.org:view_authentications",
  viewClients: "urn:globus:auth:scope:auth.globus.org:view_clients",
  viewClientsAndScopes:
    "urn:globus:auth:scope:auth.globus.org:view_clients_and_scopes",
  viewConsents: "urn:globus:auth:scope:auth.globus.org:view_consents",
  viewIdentitySet: "urn:globus:auth:scope:auth.globus.org:view_identity_set",
});

/** The scopes of one Globus Connect Server collection. */
export interface GCSCollectionScopesShape {
  /** The collection id, which is its resource server. */
  readonly resourceServer: string;
  /** `https://auth.globus.org/scopes/{id}/data_access` */
  readonly dataAccess: string;
  /** `https://auth.globus.org/scopes/{id}/https` */
  readonly https: string;
}

/**
 * Checks the id a scope string is built from: a non-empty string with none
 * of the characters that would break the scope (`forbidden`).
 */
function checkScopeOwner(
  id: unknown,
  name: string,
  what: string,
  forbidden: RegExp,
): void {
  if (typeof id !== "string" || id.length === 0 || forbidden.test(id)) {
    throw kernelStack(
      new TypeError(
        `Cannot build ${what} scopes as '${name}' must be ${
          what === "endpoint" ? "an" : "a"
        } ${what} id: current value is ${JSON.stringify(id)}`,
      ),
    );
  }
}

/**
 * The scopes of a Globus Connect Server collection.
 *
 * @param collectionId The collection's id.
 * @returns Its `dataAccess` and `https` scopes.
 * @throws {TypeError} When the id is empty or holds whitespace or brackets.
 *
 * @example A mapped collection's data_access scope
 * ```ts
 * import { GCSCollectionScopes } from "@globus-deno/sdk";
 * console.log(GCSCollectionScopes("6c54cade-bde5-45c1-bdea-f4bd71dba2cc").dataAccess);
 * ```
 */
export function GCSCollectionScopes(
  collectionId: string,
): GCSCollectionScopesShape {
  checkScopeOwner(collectionId, "collectionId", "collection", /[\s[\]*/]/);
  return scopeSet("GCSCollectionScopes(id)", {
    resourceServer: collectionId,
    dataAccess: `https://auth.globus.org/scopes/${collectionId}/data_access`,
    https: `https://auth.globus.org/scopes/${collectionId}/https`,
  });
}

/**
 * Python SDK 3's name of {@linkcode GCSCollectionScopes}:
 * `GCSCollectionScopeBuilder(id).data_access` is
 * `GCSCollectionScopeBuilder(id).dataAccess` (with or without `new`).
 */
export const GCSCollectionScopeBuilder: {
  (collectionId: string): GCSCollectionScopesShape;
  new (collectionId: string): GCSCollectionScopesShape;
} = GCSCollectionScopes as unknown as {
  (collectionId: string): GCSCollectionScopesShape;
  new (collectionId: string): GCSCollectionScopesShape;
};

/** The scopes of one Globus Connect Server endpoint. */
export interface GCSEndpointScopesShape {
  /** The endpoint id, which is its resource server. */
  readonly resourceServer: string;
  /** `urn:globus:auth:scope:{id}:manage_collections` */
  readonly manageCollections: string;
}

/**
 * The scopes of a Globus Connect Server endpoint (Python's
 * `GCSEndpointScopes`, `GCSEndpointScopeBuilder` in version 3).
 *
 * @param endpointId The endpoint's id.
 * @returns Its `manageCollections` scope.
 * @throws {TypeError} When the id is empty or holds whitespace or brackets.
 *
 * @example An endpoint's manage_collections scope
 * ```ts
 * import { GCSEndpointScopes } from "@globus-deno/sdk";
 * console.log(GCSEndpointScopes("4f9a2ac5-1c7b-4bd6-a8b2-2e0e9d2f1f3e").manageCollections);
 * ```
 */
export function GCSEndpointScopes(endpointId: string): GCSEndpointScopesShape {
  checkScopeOwner(endpointId, "endpointId", "endpoint", /[\s[\]*/:]/);
  return scopeSet("GCSEndpointScopes(id)", {
    resourceServer: endpointId,
    manageCollections: `urn:globus:auth:scope:${endpointId}:manage_collections`,
  });
}

/**
 * Python SDK 3's name of {@linkcode GCSEndpointScopes} (with or without
 * `new`).
 */
export const GCSEndpointScopeBuilder: {
  (endpointId: string): GCSEndpointScopesShape;
  new (endpointId: string): GCSEndpointScopesShape;
} = GCSEndpointScopes as unknown as {
  (endpointId: string): GCSEndpointScopesShape;
  new (endpointId: string): GCSEndpointScopesShape;
};

/** Options for {@linkcode ScopeBuilder}. */
export interface ScopeBuilderOptions<
  U extends string = never,
  N extends string = never,
> {
  /**
   * Scope names of the URL form,
   * `https://auth.globus.org/scopes/{resourceServer}/{name}` (Python's
   * `known_url_scopes`).
   */
  knownUrlScopes?: readonly U[] | undefined;
  /**
   * Scope names of the URN form,
   * `urn:globus:auth:scope:{resourceServer}:{name}` (Python's
   * `known_scopes`).
   */
  knownScopes?: readonly N[] | undefined;
}

/** What {@linkcode ScopeBuilder} returns: each known name, and the two forms. */
export type ScopeBuilderShape<K extends string> =
  & {
    /** The resource server the scopes belong to. */
    readonly resourceServer: string;
    /**
     * `https://auth.globus.org/scopes/{resourceServer}/{name}`.
     * @param name A scope name.
     */
    urlScopeString(name: string): string;
    /**
     * `urn:globus:auth:scope:{resourceServer}:{name}`.
     * @param name A scope name.
     */
    urnScopeString(name: string): string;
  }
  & { readonly [P in K]: string };

const BUILDER_OWN = ["resourceServer", "urlScopeString", "urnScopeString"];

/**
 * The scope strings of a resource server of your own (an API that gets
 * dependent tokens, say): the Python SDK 3's `ScopeBuilder`. Each name in
 * `knownUrlScopes` or `knownScopes` becomes a property holding its scope
 * string, spelled as given (`data_access` stays `data_access`).
 *
 * @param resourceServer The resource server: for a URL scope, your
 *   client's id.
 * @param options The known scope names, by form.
 * @returns The scope strings and the two string builders.
 * @throws {TypeError} For an empty resource server or name, or a name that
 *   holds whitespace or brackets or is one of the builder's own.
 *
 * @example Your API's scope, to request with a dependency
 * ```ts
 * import { Scope, ScopeBuilder, TransferScopes } from "@globus-deno/sdk";
 * const MyScopes = ScopeBuilder("0f5a1c7e-2c5b-4d3e-9a77-5a3f4f0f8a11", {
 *   knownUrlScopes: ["all"],
 * });
 * console.log(String(new Scope(MyScopes.all).withDependency(TransferScopes.all)));
 * // https://auth.globus.org/scopes/0f5a1c7e-2c5b-4d3e-9a77-5a3f4f0f8a11/all[urn:globus:auth:scope:transfer.api.globus.org:all]
 * ```
 */
export function ScopeBuilder<
  const U extends string = never,
  const N extends string = never,
>(
  resourceServer: string,
  options: ScopeBuilderOptions<U, N> = {},
): ScopeBuilderShape<U | N> {
  checkOptions("ScopeBuilder()", options, ["knownUrlScopes", "knownScopes"], {
    example: 'ScopeBuilder(clientId, { knownUrlScopes: ["all"] })',
  });
  checkScopeOwner(
    resourceServer,
    "resourceServer",
    "resource server",
    /[\s[\]*/]/,
  );
  const url = (name: string) =>
    `https://auth.globus.org/scopes/${resourceServer}/${name}`;
  const urn = (name: string) =>
    `urn:globus:auth:scope:${resourceServer}:${name}`;
  const out: Record<string, unknown> = {
    resourceServer,
    urlScopeString: url,
    urnScopeString: urn,
  };
  const add = (
    names: unknown,
    form: (name: string) => string,
    option: string,
  ) => {
    if (names === undefined) return;
    if (typeof names === "string" || !Array.isArray(names)) {
      throw kernelStack(
        new TypeError(
          `Cannot build the scopes as '${option}' must be a list of scope names: current value is ${
            JSON.stringify(names)
          }; write { ${option}: [${JSON.stringify(names)}] }`,
        ),
      );
    }
    for (const name of names) {
      if (
        typeof name !== "string" || name === "" || /[\s[\]*]/.test(name) ||
        BUILDER_OWN.includes(name) || Object.hasOwn(out, name)
      ) {
        throw kernelStack(
          new TypeError(
            `Cannot build the scopes as ${
              JSON.stringify(name)
            } in '${option}' is not a scope name the builder can hold (empty, with whitespace or brackets, listed twice, or one of ${
              BUILDER_OWN.join(", ")
            })`,
          ),
        );
      }
      out[name] = form(name);
    }
  };
  add(options.knownUrlScopes, url, "knownUrlScopes");
  add(options.knownScopes, urn, "knownScopes");
  return scopeSet("ScopeBuilder(…)", out) as ScopeBuilderShape<U | N>;
}

function toScopes(input: string | readonly (string | Scope)[]): Scope[] {
  const items = typeof input === "string" ? [input] : input;
  const out: Scope[] = [];
  for (const item of items) {
    if (typeof item !== "string") {
      out.push(item);
      continue;
    }
    try {
      out.push(...Scope.parse(item));
    } catch (err) {
      if (!(err instanceof ScopeParseError)) throw err;
      // Loose fallback for odd server text: plain whitespace-separated names.
      for (const word of item.split(/\s+/)) {
        const name = word.replace(/[[\]*]/g, "");
        if (name) out.push(new Scope(name));
      }
    }
  }
  return out;
}

function satisfies(granted: Scope[], required: Scope): boolean {
  const match = granted.find((g) => g.scopeString === required.scopeString);
  if (!match) return false;
  // Globus reports granted scopes without their dependencies; only when the
  // granted side lists dependencies are they compared.
  if (match.dependencies.length === 0) return true;
  return required.dependencies.every((dep) =>
    dep.optional || satisfies(match.dependencies, dep)
  );
}

/**
 * Whether granted scopes cover required ones, compared loosely: every
 * required top-level scope string must be granted; a required (non-optional)
 * dependency is checked only when the granted scope lists dependencies (the
 * `scope` of a Globus token response never does), so dependencies cannot be
 * known to be missing from a token's scope string alone.
 *
 * @param granted A granted scope string (e.g. a token's `scope`) or scopes.
 * @param required Required scopes (objects or scope text).
 * @returns `true` when nothing required is missing.
 *
 * @example Check a token's scopes
 * ```ts
 * import { scopesSatisfied, TransferScopes } from "@globus-deno/sdk";
 * console.log(scopesSatisfied(TransferScopes.all, [TransferScopes.all])); // true
 * ```
 */
export function scopesSatisfied(
  granted: string | readonly (string | Scope)[],
  required: readonly (string | Scope)[],
): boolean {
  const have = toScopes(granted);
  return toScopes(required).every((r) => satisfies(have, r));
}

/**
 * Throws unless `dep` is a `Scope` or scope text: a list of scopes (what
 * `Scope.parse()` returns, where Python 4's `Scope.parse(text)` gives one
 * scope) became one dependency named `a,b` (`x[a,b]`), sent to Globus Auth
 * as it was.
 *
 * @param where The call, for the message.
 * @param dep The dependency given.
 */
function checkDependency(where: string, dep: unknown): void {
  // Any other object is taken as a Scope (one of another copy of the SDK
  // is no instance of this one's class).
  if (
    typeof dep === "string" ||
    (typeof dep === "object" && dep !== null && !Array.isArray(dep))
  ) return;
  const what = Array.isArray(dep)
    ? `a list of ${dep.length} scope${dep.length === 1 ? "" : "s"}`
    : dep === null
    ? "null"
    : typeof dep;
  throw kernelStack(
    new TypeError(
      `${where} takes one Scope or scope string: current value is ${what}. Scope.parse() returns a list (Python 3's Scope.parse, Python 4's ScopeParser.parse): for one scope write Scope.parseOne(text) (Python 4's Scope.parse(text)); for several, withDependencies(list)`,
    ),
  );
}
