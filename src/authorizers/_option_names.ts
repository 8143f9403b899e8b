/**
 * Internal: the option names of the renewing authorizers, for the check
 * that refuses names they do not know (Python's `access_token`, …).
 *
 * @module
 */

/** `RenewingAuthorizerOptions`. */
export const RENEWING_AUTHORIZER_OPTIONS: readonly string[] = [
  "accessToken",
  "expiresAt",
  "onRefresh",
  "reload",
  "tokenStorage",
  "resourceServer",
  "clock",
];
