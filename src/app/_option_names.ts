/**
 * Internal: the option names of the apps, for the checks that refuse
 * names they do not know (a Python-style `token_storage`, a misspelling).
 *
 * @module
 */
import type { OptionsHint } from "../core/_options.ts";

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

/** `StartLoginOptions` (`UserApp.startLogin()`). */
export const START_LOGIN_OPTIONS: readonly string[] = ["authParams", "show"];

/** How to write `startLogin()`'s options, for a value that is not an object. */
export const START_LOGIN_HINT: OptionsHint = Object.freeze({
  example: "app.startLogin({ show: false })",
});

/** `LoginOptions` (`login()` of both apps). */
export const LOGIN_OPTIONS: readonly string[] = ["force", "authParams"];

/** How to write `login()`'s options, for a value that is not an object. */
export const LOGIN_HINT: OptionsHint = Object.freeze({
  positional: "force",
  example: "app.login({ force: true })",
});
