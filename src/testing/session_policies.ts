/**
 * Sessions and authentication policies: what the emulator remembers about
 * the login behind each token, and how a collection's authentication policy
 * (an Auth policy made with the developer API: a domain, a recent login,
 * MFA) is checked against it.
 *
 * - A code exchange gives its tokens the login's session: the identity that
 *   approved (its domain is the part of the username after `@`), the login
 *   time (the emulator clock, when the user clicked Allow), whether it
 *   counted as multi-factor, and the policies the login was asked to meet
 *   (`session_required_policies`). Tokens from a refresh, a rotation or a
 *   dependent-token grant inherit the session; tokens with none (client
 *   credentials, `mintTokens`) count as a login when they were issued.
 * - A login (the consent page, `approve()`) that carries
 *   `session_required_single_domain` or `session_required_policies` is
 *   refused with a clear page when the chosen user cannot meet them (a
 *   domain outside the list or the policy's constraints, an unknown policy).
 * - A Transfer call on a collection whose `authentication_policy_id` (its
 *   own or its host's) names a policy the token's session does not meet is
 *   answered as Globus does: 403 `AuthPolicyFailed` with
 *   `authorization_parameters.session_required_policies`, which the apps'
 *   re-login (`autoRedriveGares`) meets by logging in again with it.
 *
 * @module
 */
import type {
  AuthStore,
  CodeRecord,
  EmulatorIdentity,
  TokenRecord,
} from "./auth_store.ts";
import type { Collection } from "./collections.ts";
import { fnmatch } from "./fnmatch.ts";

/** One authentication in a session (Auth's `session_info.authentications`). */
export interface SessionAuthentication {
  /** The identity id. */
  id: string;
  /** Its username. */
  username: string;
  /** When it authenticated (seconds since the epoch, emulator clock). */
  auth_time: number;
}

/** The login behind a token. */
export interface LoginSession {
  /** The identities that logged in, with their login times. */
  authentications: SessionAuthentication[];
  /** Whether the login counted as multi-factor. */
  mfa: boolean;
  /** The policies the login was asked to meet (and met). */
  policies: string[];
}

/** An Auth policy, with the developer API's field names. */
export interface AuthPolicy {
  /** The policy id. */
  id: string;
  /** Its display name. */
  display_name: string;
  /** A high-assurance policy (needs `authentication_assurance_timeout`). */
  high_assurance: boolean;
  /** Multi-factor authentication required. */
  required_mfa: boolean;
  /** A login must be at most this many seconds old (`null`: any age). */
  authentication_assurance_timeout: number | null;
  /** Domains (shell patterns) one of which the identity must be from. */
  domain_constraints_include: string[] | null;
  /** Domains (shell patterns) the identity must not be from. */
  domain_constraints_exclude: string[] | null;
}

/** Finds a policy by id. */
export type PolicyLookup = (id: string) => AuthPolicy | undefined;

/**
 * A policy for {@linkcode Emulator.setCollectionPolicy}, with the field
 * names of Auth's policies API (`AuthClient.createPolicy`).
 */
export interface EmulatorPolicySpec {
  /**
   * The policy's name.
   * @default "Emulator policy"
   */
  display_name?: string | undefined;
  /**
   * What the policy is for.
   * @default ""
   */
  description?: string | undefined;
  /**
   * Whether the policy is high assurance.
   * @default false
   */
  high_assurance?: boolean | undefined;
  /**
   * Whether a multi-factor login is required.
   * @default false
   */
  required_mfa?: boolean | undefined;
  /** A login must be at most this many seconds old. */
  authentication_assurance_timeout?: number | null | undefined;
  /** Domains one of which the user must be from (`"example.org"`, `"*.edu"`). */
  domain_constraints_include?: string[] | null | undefined;
  /** Domains the user must not be from. */
  domain_constraints_exclude?: string[] | null | undefined;
}

/** A login the emulator refuses (answered with an error page). */
export class LoginRefusedError extends Error {
  /**
   * Creates an instance.
   *
   * @param title The error page's title.
   * @param message What is wrong and how to fix it.
   */
  constructor(readonly title: string, message: string) {
    super(message);
    this.name = "LoginRefusedError";
  }
}

/**
 * The domain of a username: the part after the last `@`, lower-cased.
 *
 * @param username The username.
 * @returns The domain (`""` without an `@`).
 */
export function domainOf(username: string): string {
  const at = username.lastIndexOf("@");
  return at < 0 ? "" : username.slice(at + 1).toLowerCase();
}

function commaList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((x) => x.trim()).filter(Boolean);
}

function matchesAny(domain: string, patterns: string[]): boolean {
  return patterns.some((p) => fnmatch(domain, p.trim().toLowerCase()));
}

/**
 * Why a domain does not meet a policy's domain constraints.
 *
 * @param policy The policy.
 * @param domain The identity's domain.
 * @returns The reason, or `null` when the domain is allowed.
 */
function domainFailure(policy: AuthPolicy, domain: string): string | null {
  const include = policy.domain_constraints_include;
  if (include && include.length > 0 && !matchesAny(domain, include)) {
    return `needs an identity from ${include.join(" or ")}`;
  }
  const exclude = policy.domain_constraints_exclude;
  if (exclude && exclude.length > 0 && matchesAny(domain, exclude)) {
    return `refuses identities from ${exclude.join(", ")}`;
  }
  return null;
}

/**
 * Why a session does not meet a policy.
 *
 * @param policy The policy.
 * @param session The session.
 * @param nowS Now, in seconds.
 * @returns The reason, or `null` when one of its authentications meets it.
 */
export function policyFailure(
  policy: AuthPolicy,
  session: LoginSession,
  nowS: number,
): string | null {
  if (policy.required_mfa && !session.mfa) {
    return "needs a multi-factor login";
  }
  let reason = "has no login in the session";
  for (const a of session.authentications) {
    const d = domainFailure(policy, domainOf(a.username));
    if (d !== null) {
      reason = d;
      continue;
    }
    const t = policy.authentication_assurance_timeout;
    if (t !== null && nowS - a.auth_time > t) {
      reason = `needs a login within the last ${t} s`;
      continue;
    }
    return null;
  }
  return reason;
}

/**
 * Checks a login before its code is issued: the user must be from one of
 * `session_required_single_domain` and able to meet every
 * `session_required_policies` entry (its domain constraints; a login is
 * always fresh, and counts as multi-factor when asked to).
 *
 * @param session The request's session parameters, as sent.
 * @param identity The user who approves.
 * @param lookup Finds policies.
 * @throws {LoginRefusedError} When the user cannot meet them.
 */
export function checkLogin(
  session: Record<string, string>,
  identity: EmulatorIdentity,
  lookup: PolicyLookup,
): void {
  const domain = domainOf(identity.username);
  const domains = commaList(session.session_required_single_domain);
  if (domains.length > 0 && !matchesAny(domain, domains)) {
    throw new LoginRefusedError(
      "Identity from another domain",
      `This login needs an identity from ${
        domains.join(" or ")
      } (session_required_single_domain), but ${identity.username} is from ${
        domain || "no domain"
      }. Log in as a user from ${
        domains.join(" or ")
      } (add one with the emulator's 'users' option).`,
    );
  }
  for (const id of commaList(session.session_required_policies)) {
    const policy = lookup(id);
    if (!policy) {
      throw new LoginRefusedError(
        "Unknown policy",
        `This login must meet the authentication policy '${id}' (session_required_policies), which Globus Auth does not know.`,
      );
    }
    const d = domainFailure(policy, domain);
    if (d !== null) {
      throw new LoginRefusedError(
        "Policy not met",
        `The authentication policy '${policy.display_name}' (${id}) ${d}, but ${identity.username} is from ${
          domain || "no domain"
        }. Log in as a user whose domain the policy allows.`,
      );
    }
  }
}

/**
 * The session of a login, from the code the user's approval issued.
 *
 * @param store The Auth state.
 * @param code The code being exchanged.
 * @param lookup Finds policies (to know whether the login was multi-factor).
 * @returns The session.
 */
export function sessionOfCode(
  store: AuthStore,
  code: CodeRecord,
  lookup: PolicyLookup,
): LoginSession {
  const who = store.identities.get(code.identityId);
  const s = code.request.session;
  const policies = commaList(s.session_required_policies);
  return {
    authentications: [{
      id: code.identityId,
      username: who?.username ?? code.identityId,
      auth_time: Math.floor(code.issuedAt / 1000),
    }],
    mfa: s.session_required_mfa === "true" ||
      policies.some((p) => lookup(p)?.required_mfa === true),
    policies,
  };
}

/**
 * Gives the tokens of a token response a session.
 *
 * @param store The Auth state.
 * @param entries The token response's entries.
 * @param session The session.
 */
export function attachSession(
  store: AuthStore,
  entries: { access_token: string; refresh_token?: string }[],
  session: LoginSession,
): void {
  for (const e of entries) {
    for (const t of [e.access_token, e.refresh_token]) {
      const rec = t === undefined ? undefined : store.tokens.get(t);
      if (rec) rec.session = session;
    }
  }
}

/**
 * A token's session: the one it was given, else a login when it was issued.
 *
 * @param store The Auth state.
 * @param token The token.
 * @returns The session.
 */
export function sessionOf(store: AuthStore, token: TokenRecord): LoginSession {
  if (token.session) return token.session;
  const who = store.identities.get(token.identityId);
  return {
    authentications: [{
      id: token.identityId,
      username: who?.username ?? token.identityId,
      auth_time: token.issuedAt,
    }],
    mfa: false,
    policies: [],
  };
}

/**
 * The authentication policy of a collection: its own
 * `authentication_policy_id`, else its host's (a guest collection).
 *
 * @param c The collection.
 * @param collections All collections (to find the host).
 * @returns The policy id, or `null`.
 */
export function collectionPolicyId(
  c: Collection,
  collections: Map<string, Collection>,
): string | null {
  const own = c.fields?.authentication_policy_id;
  if (typeof own === "string" && own !== "") return own;
  const host = c.host ? collections.get(c.host.id) : undefined;
  const inherited = host?.fields?.authentication_policy_id;
  return typeof inherited === "string" && inherited !== "" ? inherited : null;
}

/** The message of Transfer's `AuthPolicyFailed`. */
export const AUTH_POLICY_FAILED = "Failing collection authentication policy";

/**
 * What Transfer answers when a token's session does not meet the
 * collection's authentication policy: the fields of a 403
 * `AuthPolicyFailed` body (as Globus sends them: `session_required_policies`
 * a comma-separated string).
 *
 * @param c The collection.
 * @param token The caller's token.
 * @param store The Auth state.
 * @param collections All collections.
 * @param lookup Finds policies (a deleted policy no longer applies).
 * @returns The message and extra body fields, or `null` when it is met.
 */
export function collectionPolicyError(
  c: Collection,
  token: TokenRecord,
  store: AuthStore,
  collections: Map<string, Collection>,
  lookup: PolicyLookup,
): { message: string; extra: Record<string, unknown> } | null {
  const id = collectionPolicyId(c, collections);
  const policy = id === null ? undefined : lookup(id);
  if (!policy) return null;
  if (policyFailure(policy, sessionOf(store, token), store.nowS()) === null) {
    return null;
  }
  return {
    message: AUTH_POLICY_FAILED,
    extra: {
      authorization_parameters: {
        session_message: AUTH_POLICY_FAILED,
        session_required_policies: policy.id,
      },
    },
  };
}
