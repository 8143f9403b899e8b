/**
 * The options of the Auth API methods of {@linkcode AuthClient} (identity
 * providers and the developer API).
 *
 * @module
 */
import type { QueryValue } from "../../core/transport.ts";
import type { DependentScopeSpec } from "../auth_developer_types.ts";

/** Options every Auth API method accepts. */
export interface AuthCallOptions {
  /** Extra query parameters (Python's `query_params`). */
  queryParams?: Record<string, QueryValue> | undefined;
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
}

/** One id or a list of them (a single string is one id, as in Python). */
export type IdList = string | Iterable<string>;

/** Options for {@linkcode AuthAPIClientBase.getIdentityProviders}. */
export interface GetIdentityProvidersOptions extends AuthCallOptions {
  /** Domains to look up, e.g. `"globusid.org"` (not with `ids`). */
  domains?: IdList | undefined;
  /** Identity provider ids to look up (not with `domains`). */
  ids?: IdList | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.createProject}. */
export interface CreateProjectOptions extends AuthCallOptions {
  /** Identity ids of the admins (`null` is sent as `null`, as Python's `None`). */
  adminIds?: IdList | null | undefined;
  /** Group ids of the admin groups (`null` is sent as `null`). */
  adminGroupIds?: IdList | null | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.updateProject}. */
export interface UpdateProjectOptions extends CreateProjectOptions {
  /** The new name. */
  displayName?: string | undefined;
  /** The new contact email. */
  contactEmail?: string | undefined;
}

/** The policy fields of {@linkcode AuthAPIClientBase.createPolicy} and `updatePolicy`. */
export interface PolicyFields {
  /** Whether the policy applies to sessions (high assurance). */
  highAssurance?: boolean | undefined;
  /** Whether multi-factor authentication is required. */
  requiredMfa?: boolean | undefined;
  /** How recent (seconds) a login must be to satisfy the policy. */
  authenticationAssuranceTimeout?: number | undefined;
  /** Domains that can satisfy the policy (`null` for none). */
  domainConstraintsInclude?: readonly string[] | null | undefined;
  /** Domains that cannot satisfy the policy (`null` for none). */
  domainConstraintsExclude?: readonly string[] | null | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.createPolicy}. */
export interface CreatePolicyOptions extends PolicyFields, AuthCallOptions {
  /** The project of the new policy. */
  projectId: string;
  /** The policy's name. */
  displayName: string;
  /** What the policy is for. */
  description: string;
}

/** Options for {@linkcode AuthAPIClientBase.updatePolicy}. */
export interface UpdatePolicyOptions extends PolicyFields, AuthCallOptions {
  /** Move the policy to this project. */
  projectId?: string | undefined;
  /** The new name. */
  displayName?: string | undefined;
  /** The new description. */
  description?: string | undefined;
}

/** The kinds of client `createClient()` can make. */
export type ClientType =
  | "client_identity"
  | "confidential_client"
  | "globus_connect_server"
  | "public_installed_client"
  | "hybrid_confidential_client_resource_server"
  | "resource_server"
  | "public_webapp_client";

/** Client fields shared by `createClient()`, `updateClient()` and `createChildClient()`. */
export interface ClientFields {
  /** `public` (anyone may see it) or `private`. */
  visibility?: "public" | "private" | undefined;
  /** Redirect URIs allowed in login flows. */
  redirectUris?: readonly string[] | undefined;
  /** URL of the terms and conditions (with `privacyPolicy`). */
  termsAndConditions?: string | undefined;
  /** URL of the privacy policy (with `termsAndConditions`). */
  privacyPolicy?: string | undefined;
  /** Users need an identity from this identity provider. */
  requiredIdp?: string | undefined;
  /** Identity provider preselected on the login page. */
  preselectIdp?: string | undefined;
  /** Other body fields, passed through. */
  additionalFields?: Record<string, unknown> | undefined;
}

/** Options for `createClient()` and `createChildClient()`: exactly one of `publicClient` and `clientType`. */
export interface CreateClientOptions extends ClientFields, AuthCallOptions {
  /** `true` for a client that cannot keep a secret (not with `clientType`). */
  publicClient?: boolean | undefined;
  /** The kind of client (not with `publicClient`). */
  clientType?: ClientType | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.updateClient}. */
export interface UpdateClientOptions extends
  Omit<
    ClientFields,
    "termsAndConditions" | "privacyPolicy" | "requiredIdp" | "preselectIdp"
  >,
  AuthCallOptions {
  /** The new display name. */
  name?: string | undefined;
  /** URL of the terms (with `privacyPolicy`; both `null` removes the links). */
  termsAndConditions?: string | null | undefined;
  /** URL of the privacy policy (with `termsAndConditions`). */
  privacyPolicy?: string | null | undefined;
  /** Required identity provider (`null` removes it). */
  requiredIdp?: string | null | undefined;
  /** Preselected identity provider (`null` removes it). */
  preselectIdp?: string | null | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.getClient}: exactly one of `clientId` and `fqdn`. */
export interface GetClientOptions extends AuthCallOptions {
  /** The client id. */
  clientId?: string | undefined;
  /** A domain name of the client. */
  fqdn?: string | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.getScopes}. */
export interface GetScopesOptions extends AuthCallOptions {
  /** Scope strings to look up (not with `ids`). */
  scopeStrings?: IdList | undefined;
  /** Scope ids to look up (not with `scopeStrings`). */
  ids?: IdList | undefined;
}

/** Scope fields of {@linkcode AuthAPIClientBase.createScope} and `updateScope`. */
export interface ScopeFields {
  /** Domains the user must have a linked identity in. */
  requiredDomains?: readonly string[] | undefined;
  /** Dependent scopes (`{ scope, optional, requires_refresh_token }`). */
  dependentScopes?: readonly DependentScopeSpec[] | undefined;
  /** Whether anyone may see the scope. */
  advertised?: boolean | undefined;
  /** Whether refresh tokens may be issued for it. */
  allowsRefreshToken?: boolean | undefined;
}

/** Options for {@linkcode AuthAPIClientBase.createScope}. */
export interface CreateScopeOptions extends ScopeFields, AuthCallOptions {}

/** Options for {@linkcode AuthAPIClientBase.updateScope}. */
export interface UpdateScopeOptions extends ScopeFields, AuthCallOptions {
  /** The new name. */
  name?: string | undefined;
  /** The new description. */
  description?: string | undefined;
  /** The new suffix (lowercase letters, digits, `_`). */
  scopeSuffix?: string | undefined;
}
