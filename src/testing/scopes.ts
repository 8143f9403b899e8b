/**
 * Scope strings as Globus Auth reads them: space-separated scopes, each with
 * optional dependent scopes in brackets (`a[*b c[d]]`, `*` = optional), and
 * the resource server each scope belongs to.
 *
 * @module
 */

/** One parsed scope with its dependencies. */
export interface ParsedScope {
  /** The scope string without dependencies. */
  scope: string;
  /** `true` when marked optional with a leading `*`. */
  optional: boolean;
  /** Dependent scopes (the bracketed part). */
  dependencies: ParsedScope[];
}

/** The Transfer scope. */
export const TRANSFER_SCOPE =
  "urn:globus:auth:scope:transfer.api.globus.org:all";
/** Auth's resource server name. */
export const AUTH_RS = "auth.globus.org";
/** Transfer's resource server name. */
export const TRANSFER_RS = "transfer.api.globus.org";

/** Thrown when a scope string cannot be parsed. */
export class ScopeParseError extends Error {
  /**
   * Creates an instance.
   *
   * @param message What is wrong.
   */
  constructor(message: string) {
    super(message);
    this.name = "ScopeParseError";
  }
}

/**
 * Parses a scope string.
 *
 * @param text The scope string, e.g. `openid transfer:all[*x]`.
 * @returns The top-level scopes, in order.
 * @throws {ScopeParseError} On unbalanced brackets or empty names.
 */
export function parseScopes(text: string): ParsedScope[] {
  const tokens = text.match(/\[|\]|\*|[^\s[\]*]+/g) ?? [];
  let i = 0;
  const parseList = (nested: boolean): ParsedScope[] => {
    const out: ParsedScope[] = [];
    while (i < tokens.length) {
      const t = tokens[i];
      if (t === "]") {
        if (!nested) throw new ScopeParseError(`unbalanced ']' in '${text}'`);
        return out;
      }
      let optional = false;
      if (t === "*") {
        optional = true;
        i++;
      }
      const name = tokens[i];
      if (name === undefined || name === "[" || name === "]" || name === "*") {
        throw new ScopeParseError(`expected a scope name in '${text}'`);
      }
      i++;
      let dependencies: ParsedScope[] = [];
      if (tokens[i] === "[") {
        i++;
        dependencies = parseList(true);
        if (tokens[i] !== "]") {
          throw new ScopeParseError(`unbalanced '[' in '${text}'`);
        }
        i++;
      }
      out.push({ scope: name, optional, dependencies });
    }
    if (nested) throw new ScopeParseError(`unbalanced '[' in '${text}'`);
    return out;
  };
  return parseList(false);
}

/**
 * The resource server a scope belongs to.
 *
 * @param scope A scope string without dependencies.
 * @returns The resource server, or `null` when the scope is unknown.
 */
export function resourceServerOf(scope: string): string | null {
  if (scope === "openid" || scope === "profile" || scope === "email") {
    return AUTH_RS;
  }
  const urn = scope.match(/^urn:globus:auth:scope:([^:\s]+):[^\s]+$/);
  if (urn?.[1]) return urn[1];
  const url = scope.match(
    /^https:\/\/auth\.globus\.org\/scopes\/([^/\s]+)\/[^\s]+$/,
  );
  if (url?.[1]) return url[1];
  return null;
}

/**
 * The collection id of a data_access scope.
 *
 * @param scope A scope string without dependencies.
 * @returns The collection id, or `null` when it is not a data_access scope.
 */
export function dataAccessCollectionOf(scope: string): string | null {
  const m = scope.match(
    /^https:\/\/auth\.globus\.org\/scopes\/([^/\s]+)\/(?:data_access|https)$/,
  );
  return m?.[1] ?? null;
}

/**
 * The data_access scope of a collection.
 *
 * @param collectionId The collection id.
 * @returns `https://auth.globus.org/scopes/{id}/data_access`.
 */
export function dataAccessScope(collectionId: string): string {
  return `https://auth.globus.org/scopes/${collectionId}/data_access`;
}

/** Scopes grouped by resource server, in the order first requested. */
export interface ScopeGroup {
  /** The resource server. */
  resourceServer: string;
  /** The scopes (without dependencies) for it. */
  scopes: string[];
  /** Collections whose data_access consent was requested as a dependency. */
  consents: string[];
  /** The parsed scopes, with dependencies. */
  parsed: ParsedScope[];
}

/**
 * Groups parsed scopes by resource server.
 *
 * @param scopes Parsed scopes.
 * @returns The groups, the first requested resource server first.
 * @throws {ScopeParseError} When a scope belongs to no known resource server.
 */
export function groupByResourceServer(scopes: ParsedScope[]): ScopeGroup[] {
  const groups = new Map<string, ScopeGroup>();
  for (const s of scopes) {
    const rs = resourceServerOf(s.scope);
    if (rs === null) throw new ScopeParseError(`unknown scope '${s.scope}'`);
    let g = groups.get(rs);
    if (!g) {
      g = { resourceServer: rs, scopes: [], consents: [], parsed: [] };
      groups.set(rs, g);
    }
    if (!g.scopes.includes(s.scope)) g.scopes.push(s.scope);
    g.parsed.push(s);
    for (const d of s.dependencies) {
      const c = dataAccessCollectionOf(d.scope);
      if (c !== null && !g.consents.includes(c)) g.consents.push(c);
    }
  }
  return [...groups.values()];
}

/**
 * Serialises parsed scopes back into a scope string.
 *
 * @param scopes Parsed scopes.
 * @returns The scope string.
 */
export function formatScopes(scopes: ParsedScope[]): string {
  return scopes.map((s) =>
    `${s.optional ? "*" : ""}${s.scope}${
      s.dependencies.length ? `[${formatScopes(s.dependencies)}]` : ""
    }`
  ).join(" ");
}
