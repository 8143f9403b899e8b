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

/**
 * The scopes of Globus services the emulator knows (besides collections'
 * `data_access`/`https`/`manage_collections` scopes, flows' per-flow
 * scopes and the scopes made with the developer API). A scope outside
 * these is refused with `invalid_scope`, as Globus Auth refuses a
 * misspelled one.
 */
export const BUILTIN_SCOPES: readonly string[] = Object.freeze([
  "openid",
  "profile",
  "email",
  "urn:globus:auth:scope:auth.globus.org:view_identities",
  "urn:globus:auth:scope:auth.globus.org:view_identity_set",
  "urn:globus:auth:scope:auth.globus.org:manage_projects",
  "urn:globus:auth:scope:auth.globus.org:view_clients",
  "urn:globus:auth:scope:auth.globus.org:view_clients_and_scopes",
  "urn:globus:auth:scope:auth.globus.org:view_consents",
  "urn:globus:auth:scope:transfer.api.globus.org:all",
  "urn:globus:auth:scope:transfer.api.globus.org:gcp_install",
  "urn:globus:auth:scope:groups.api.globus.org:all",
  "urn:globus:auth:scope:groups.api.globus.org:view_my_groups_and_memberships",
  "urn:globus:auth:scope:nexus.api.globus.org:groups",
  "urn:globus:auth:scope:search.api.globus.org:all",
  "urn:globus:auth:scope:search.api.globus.org:search",
  "urn:globus:auth:scope:search.api.globus.org:ingest",
  "https://auth.globus.org/scopes/eec9b274-0c81-4334-bdc2-54e90e689b9a/manage_flows",
  "https://auth.globus.org/scopes/eec9b274-0c81-4334-bdc2-54e90e689b9a/view_flows",
  "https://auth.globus.org/scopes/eec9b274-0c81-4334-bdc2-54e90e689b9a/run",
  "https://auth.globus.org/scopes/eec9b274-0c81-4334-bdc2-54e90e689b9a/run_status",
  "https://auth.globus.org/scopes/eec9b274-0c81-4334-bdc2-54e90e689b9a/run_manage",
  "https://auth.globus.org/scopes/524230d7-ea86-4a52-8312-86065a9e0417/timer",
  "https://auth.globus.org/scopes/facd7ccc-c5f4-42aa-916b-a0e270e2c2a9/all",
]);

const BUILTIN = new Set(BUILTIN_SCOPES);

/**
 * Whether Globus Auth (as emulated) knows a scope.
 *
 * @param scope A scope string without dependencies.
 * @param registered Whether a scope was made with the developer API.
 * @returns `true` for a known scope.
 */
export function isKnownScope(
  scope: string,
  registered: (scope: string) => boolean = () => false,
): boolean {
  if (BUILTIN.has(scope) || registered(scope)) return true;
  // Collections' scopes (GCS), and a flow's own scope.
  if (
    /^https:\/\/auth\.globus\.org\/scopes\/[^/\s]+\/(?:data_access|https|manage_collections)$/
      .test(scope)
  ) {
    return true;
  }
  const flow = scope.match(
    /^https:\/\/auth\.globus\.org\/scopes\/([0-9a-f-]{36})\/flow_([0-9a-f_]{36})_user$/,
  );
  return flow !== null && flow[1]?.replace(/-/g, "_") === flow[2];
}

/**
 * The first scope (at any depth) that Globus Auth would not know.
 *
 * @param scopes Parsed scopes.
 * @param registered Whether a scope was made with the developer API.
 * @returns The unknown scope string, or `null` when all are known.
 */
export function firstUnknownScope(
  scopes: ParsedScope[],
  registered?: (scope: string) => boolean,
): string | null {
  for (const s of scopes) {
    if (!isKnownScope(s.scope, registered)) return s.scope;
    const inner = firstUnknownScope(s.dependencies, registered);
    if (inner !== null) return inner;
  }
  return null;
}

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
