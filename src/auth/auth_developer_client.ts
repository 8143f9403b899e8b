/**
 * The part of `AuthClient` beyond userinfo, identities and
 * consents: identity providers, the OpenID configuration and JWK, and the
 * developer API (projects, clients, client credentials, scopes, policies),
 * with the Python SDK 4.9's methods and arguments in camelCase. Its methods
 * live in one file per API area under `developer/`; this class puts them
 * together.
 *
 * @module
 */
import { AuthScopesApi } from "./developer/scopes.ts";

export type * from "./developer/options.ts";
export { newClientBody, pathId } from "./developer/_args.ts";
export { AuthAPIClientCore } from "./developer/base.ts";
export { AuthProjectsApi } from "./developer/projects.ts";
export { AuthPoliciesApi } from "./developer/policies.ts";
export { AuthClientsApi } from "./developer/clients.ts";
export { AuthScopesApi } from "./developer/scopes.ts";

/**
 * The Globus Auth API methods of `AuthClient` beyond userinfo,
 * identities and consents. Not used directly: use `AuthClient`.
 *
 * The developer API (projects, clients, credentials, scopes, policies)
 * needs a token with the
 * `urn:globus:auth:scope:auth.globus.org:manage_projects` scope.
 */
export abstract class AuthAPIClientBase extends AuthScopesApi {}
