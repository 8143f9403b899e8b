/**
 * A login's parameters: {@linkcode LoginOptions} of `app.login()`, split
 * into the authorize URL's options and extra scopes, and a GARE's session
 * parameters as authorize URL options.
 *
 * @module
 */
import type { AuthorizeUrlOptions } from "../auth/flow.ts";
import type { AuthorizationParameters } from "../core/errors.ts";
import { GlobusAuthorizationParameters } from "./gare.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/**
 * A login's parameters (Python's `auth_params`): the authorize URL's
 * session parameters and `prompt`, plus scopes to ask for beyond the app's
 * requirements.
 */
export interface LoginAuthParams extends AuthorizeUrlOptions {
  /**
   * Scopes this login asks for too (a GARE's `required_scopes`), merged
   * with the app's requirements, as Python's `required_scopes`.
   */
  requiredScopes?: string | readonly string[] | null | undefined;
}

/** Options for {@linkcode GlobusApp.login}. */
export interface LoginOptions {
  /** Log in even when the cached tokens are enough. */
  force?: boolean | undefined;
  /**
   * Session parameters, `prompt` and extra `requiredScopes` (a
   * {@linkcode GlobusAuthorizationParameters}, e.g. a GARE's, works too).
   * Given, the app logs in even when its cached tokens are enough, as
   * Python's `login(auth_params=…)` does.
   */
  authParams?: LoginAuthParams | GlobusAuthorizationParameters | undefined;
}

/** The wire names of a GARE's authorization parameters. */
const WIRE_NAMES: ReadonlySet<string> = new Set([
  "session_message",
  "session_required_identities",
  "session_required_single_domain",
  "session_required_policies",
  "session_required_mfa",
  "required_scopes",
]);

/**
 * Splits a login's parameters into the authorize URL's and the extra
 * scopes; a `GlobusAuthorizationParameters`' `null` fields are left out.
 */
export function loginParams(
  params: LoginAuthParams | GlobusAuthorizationParameters | undefined,
): { urlParams: AuthorizeUrlOptions; scopes: string[] } {
  if (params === undefined) return { urlParams: {}, scopes: [] };
  if (params instanceof GlobusAuthorizationParameters) {
    const urlParams: AuthorizeUrlOptions = {};
    if (params.sessionMessage !== null) {
      urlParams.sessionMessage = params.sessionMessage;
    }
    if (params.sessionRequiredIdentities !== null) {
      urlParams.sessionRequiredIdentities = params.sessionRequiredIdentities;
    }
    if (params.sessionRequiredSingleDomain !== null) {
      urlParams.sessionRequiredSingleDomain =
        params.sessionRequiredSingleDomain;
    }
    if (params.sessionRequiredPolicies !== null) {
      urlParams.sessionRequiredPolicies = params.sessionRequiredPolicies;
    }
    if (params.sessionRequiredMfa !== null) {
      urlParams.sessionRequiredMfa = params.sessionRequiredMfa;
    }
    if (params.prompt !== null) urlParams.prompt = params.prompt;
    return { urlParams, scopes: [...(params.requiredScopes ?? [])] };
  }
  if (params === null || typeof params !== "object") {
    return { urlParams: params as AuthorizeUrlOptions, scopes: [] };
  }
  // The wire form (`err.authorizationParameters`, which the README points
  // at for `required_scopes`): read as a GARE's parameters. It was refused
  // as unknown options of getAuthorizeUrl(), without `requiredScopes`.
  const keys = Object.keys(params);
  if (
    keys.length > 0 && keys.some((k) => WIRE_NAMES.has(k)) &&
    keys.every((k) => WIRE_NAMES.has(k) || !/[A-Z]/.test(k))
  ) {
    return loginParams(
      GlobusAuthorizationParameters.fromDict(
        params as unknown as Record<string, unknown>,
      ),
    );
  }
  const { requiredScopes, ...urlParams } = params as LoginAuthParams & {
    requiredScopes?: string | readonly string[] | null;
  };
  // `null` is left out, as Python's None (`err.info.authorizationParameters`
  // has nulls).
  if (requiredScopes === undefined || requiredScopes === null) {
    return { urlParams, scopes: [] };
  }
  const list = typeof requiredScopes === "string"
    ? requiredScopes.split(" ")
    : requiredScopes;
  if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) {
    throw kernelStack(
      new TypeError(
        `login(): 'authParams.requiredScopes' must be a scope string or a list of them, got ${typeof requiredScopes}`,
      ),
    );
  }
  return { urlParams, scopes: list.filter((x) => x.trim() !== "") };
}

/**
 * The session parameters of a GARE as authorize URL options.
 *
 * @param params The GARE's authorization parameters.
 * @returns The options (only well-formed values).
 */
export function toAuthParams(
  params: AuthorizationParameters,
): AuthorizeUrlOptions {
  const out: AuthorizeUrlOptions = {};
  // A comma-separated string is a list too (Transfer's AuthPolicyFailed
  // sends session_required_policies so; Python's GARE parser splits it).
  const list = (v: unknown) => {
    const items = typeof v === "string"
      ? v.split(",").map((x) => x.trim()).filter(Boolean)
      : v;
    return Array.isArray(items) &&
        items.every((x) => typeof x === "string") && items.length > 0
      ? items as string[]
      : undefined;
  };
  const ids = list(params.session_required_identities);
  if (ids) out.sessionRequiredIdentities = ids;
  const domains = list(params.session_required_single_domain);
  if (domains) out.sessionRequiredSingleDomain = domains;
  const policies = list(params.session_required_policies);
  if (policies) out.sessionRequiredPolicies = policies;
  if (typeof params.session_required_mfa === "boolean") {
    out.sessionRequiredMfa = params.session_required_mfa;
  }
  if (typeof params.session_message === "string") {
    out.sessionMessage = params.session_message;
  }
  if (typeof params.prompt === "string") out.prompt = params.prompt;
  return out;
}
