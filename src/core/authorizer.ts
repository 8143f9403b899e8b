/**
 * The authorizer seam: what the HTTP transport asks for an `Authorization`
 * header, and what it tells on a 401 or a consent error.
 *
 * @module
 */
import type { AuthorizationParameters } from "./errors.ts";

/** Options of {@linkcode Authorizer.getAuthorizationHeader}. */
export interface AuthorizationHeaderOptions {
  /** The request's signal: its abort ends the wait for a renewal. */
  signal?: AbortSignal | undefined;
}

/**
 * Supplies the `Authorization` header for requests, and may renew its
 * credentials once when a request gets a 401.
 */
export interface Authorizer {
  /**
   * The header value (e.g. `"Bearer …"`), or `undefined` to send none.
   * May refresh an expiring token first. `options.signal` is the request's:
   * when it aborts, stop waiting (and cancel a renewal no other request
   * waits for).
   */
  getAuthorizationHeader(
    options?: AuthorizationHeaderOptions,
  ): Promise<string | undefined>;
  /**
   * Called after a 401. Returns `true` when new credentials were obtained
   * and the request should be replayed (once). `sentAuthorization` is the
   * `Authorization` header the refused request carried (when it had one),
   * so an authorizer that renewed since it was sent can replay with the new
   * credentials instead of renewing again.
   */
  handleMissingAuthorization?(sentAuthorization?: string): Promise<boolean>;
  /**
   * Called after a 403 that carries consent or session requirements
   * (ConsentRequired, GARE). Returns `true` when the requirements were met
   * (e.g. by a new login) and the request should be replayed (once).
   */
  handleAuthorizationRequirements?(
    params: AuthorizationParameters,
  ): Promise<boolean>;
}

/**
 * The Python SDK's name of {@linkcode Authorizer} (`GlobusAuthorizer`), so a
 * ported type annotation (`authorizer: GlobusAuthorizer`) needs no change.
 */
export type GlobusAuthorizer = Authorizer;
