/**
 * Internal: the option names of the apps, for the checks that refuse
 * names they do not know (a Python-style `token_storage`, a misspelling).
 *
 * @module
 */

/** `GlobusAppConfig`. */
export const GLOBUS_APP_CONFIG_OPTIONS: readonly string[] = [
  "tokenStorage",
  "environment",
  "authBaseUrl",
  "fetch",
  "clock",
  "autoRedriveGares",
  "tokenValidationErrorHandler",
  "idTokenDecoder",
];

/** `UserAppConfig`. */
export const USER_APP_CONFIG_OPTIONS: readonly string[] = [
  ...GLOBUS_APP_CONFIG_OPTIONS,
  "loginFlowManager",
  "requestRefreshTokens",
  "prefillNamedGrant",
  "display",
  "prompt",
  "openBrowser",
  "write",
  "loginRedirectUri",
];

/** `UserAppOptions`. */
export const USER_APP_OPTIONS: readonly string[] = [
  "appName",
  "clientId",
  "clientSecret",
  "scopeRequirements",
  "config",
];

/** `ClientAppOptions`. */
export const CLIENT_APP_OPTIONS: readonly string[] = USER_APP_OPTIONS;
