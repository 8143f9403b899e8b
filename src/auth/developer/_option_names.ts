/**
 * Internal: the option names of `AuthClient`'s Auth API methods, for the
 * checks that refuse names a method does not read (Python's snake_case,
 * a misspelling). Constants, so a call allocates nothing for its check.
 *
 * @module
 */

/** `AuthCallOptions`: what every Auth API method takes. */
export const AUTH_CALL_OPTIONS: readonly string[] = ["queryParams", "signal"];

/** `getConsents()`. */
export const CONSENTS_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "all",
];

/** `GetIdentityProvidersOptions`. */
export const IDENTITY_PROVIDERS_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "domains",
  "ids",
];

/** `CreateProjectOptions`. */
export const CREATE_PROJECT_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "adminIds",
  "adminGroupIds",
];

/** `UpdateProjectOptions`. */
export const UPDATE_PROJECT_OPTIONS: readonly string[] = [
  ...CREATE_PROJECT_OPTIONS,
  "displayName",
  "contactEmail",
];

/** `CreatePolicyOptions` and `UpdatePolicyOptions` (the same names). */
export const POLICY_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "projectId",
  "displayName",
  "description",
  "highAssurance",
  "requiredMfa",
  "authenticationAssuranceTimeout",
  "domainConstraintsInclude",
  "domainConstraintsExclude",
];

/** `ClientFields`. */
const CLIENT_FIELDS: readonly string[] = [
  "visibility",
  "redirectUris",
  "termsAndConditions",
  "privacyPolicy",
  "requiredIdp",
  "preselectIdp",
  "additionalFields",
];

/** `CreateClientOptions` (`createClient()`, `createChildClient()`). */
export const CREATE_CLIENT_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  ...CLIENT_FIELDS,
  "publicClient",
  "clientType",
];

/** `UpdateClientOptions`. */
export const UPDATE_CLIENT_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  ...CLIENT_FIELDS,
  "name",
];

/** `GetClientOptions`. */
export const GET_CLIENT_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "clientId",
  "fqdn",
];

/** `GetScopesOptions`. */
export const GET_SCOPES_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "scopeStrings",
  "ids",
];

/** `CreateScopeOptions`. */
export const CREATE_SCOPE_OPTIONS: readonly string[] = [
  ...AUTH_CALL_OPTIONS,
  "requiredDomains",
  "dependentScopes",
  "advertised",
  "allowsRefreshToken",
];

/** `UpdateScopeOptions`. */
export const UPDATE_SCOPE_OPTIONS: readonly string[] = [
  ...CREATE_SCOPE_OPTIONS,
  "name",
  "description",
  "scopeSuffix",
];

/** `getOpenidConfiguration()` of every Auth client. */
export const SIGNAL_OPTIONS: readonly string[] = ["signal"];

/** `oauth2RefreshToken()` and `oauth2RevokeToken()` (`OAuthBodyParamsOptions`). */
export const BODY_PARAMS_OPTIONS: readonly string[] = ["bodyParams", "signal"];

/** `GetJwkOptions`. */
export const JWK_OPTIONS: readonly string[] = ["asPem", "signal"];

/** `oauth2Token()` (`OAuth2TokenOptions`). */
export const OAUTH2_TOKEN_OPTIONS: readonly string[] = [
  "bodyParams",
  "responseClass",
  "signal",
];

/** `DependentTokensOptions`. */
export const DEPENDENT_TOKENS_OPTIONS: readonly string[] = [
  "scope",
  "refreshTokens",
  "additionalParams",
  "signal",
];

/** `TokenIntrospectOptions`. */
export const TOKEN_INTROSPECT_OPTIONS: readonly string[] = [
  "include",
  "queryParams",
  "signal",
];
