/**
 * What a service client needs from an app (`UserApp`, `ClientApp`) when it
 * is given `{ app }` instead of `{ authorizer }`. Kept in core so service
 * clients do not depend on the app module.
 *
 * @module
 */
import type { AuthorizationHeaderOptions, Authorizer } from "./authorizer.ts";
import type { AuthorizationParameters } from "./errors.ts";
import type { RetryCheck } from "./retry.ts";
import { SharedWork } from "./_shared_work.ts";

/** The part of an app that service clients use. */
export interface ServiceApp {
  /** The Globus environment the app logs in to. */
  readonly environment: string;
  /** The app's name: its clients send it in `User-Agent`. */
  readonly appName?: string;
  /**
   * Adds scopes the app must hold, per resource server.
   *
   * @param requirements Resource server → scope strings.
   */
  addScopeRequirements(requirements: Record<string, string[]>): void;
  /**
   * An authorizer for a resource server, logging in first when needed.
   *
   * @param resourceServer e.g. `transfer.api.globus.org`.
   * @param options `signal` aborts when every request waiting for this
   *   authorizer has been aborted: stop a login or token request it started.
   */
  getAuthorizer(
    resourceServer: string,
    options?: AuthorizationHeaderOptions,
  ): Promise<Authorizer>;
  /**
   * Tries to satisfy a consent or session requirement (in a notebook: a new
   * login). Resolves `true` when the call should be retried.
   *
   * @param resourceServer The service that asked.
   * @param params What it asked for.
   */
  handleAuthorizationRequirements?(
    resourceServer: string,
    params: AuthorizationParameters,
  ): Promise<boolean>;
  /**
   * Retry checks for every client created with this app (the Python SDK's
   * `GlobusApp.get_client_retry_checks()`), registered on the client's
   * transport after the client's own `retry.checks`.
   */
  getClientRetryChecks?(): readonly RetryCheck[];
}

/**
 * An {@linkcode Authorizer} that asks the app for the real authorizer on the
 * first request (so creating a client never logs in by itself).
 *
 * @param app The app.
 * @param resourceServer The service's resource server.
 * @returns The lazy authorizer.
 *
 * @example Defer the login until the first request
 * ```ts
 * import { AccessTokenAuthorizer, appAuthorizer, type ServiceApp } from "@globus-deno/sdk";
 * const app: ServiceApp = {
 *   environment: "production",
 *   addScopeRequirements: () => {},
 *   getAuthorizer: (resourceServer) => {
 *     console.log(`logging in for ${resourceServer}`); // runs once, on first use
 *     return Promise.resolve(new AccessTokenAuthorizer("example-token"));
 *   },
 * };
 * const authorizer = appAuthorizer(app, "transfer.api.globus.org"); // no login yet
 * console.log(await authorizer.getAuthorizationHeader()); // Bearer example-token
 * console.log(await authorizer.getAuthorizationHeader()); // reuses it
 * ```
 */
export function appAuthorizer(
  app: ServiceApp,
  resourceServer: string,
): Authorizer {
  // One call of app.getAuthorizer() shared by the requests that wait for it;
  // each stops waiting when its own signal aborts, and the app's login is
  // cancelled only when all of them have.
  let inner: SharedWork<Authorizer> | undefined;
  let ready: Authorizer | undefined;
  const get = async (signal: AbortSignal | undefined) => {
    if (ready) return ready;
    if (!inner || inner.cancelled) {
      const made: SharedWork<Authorizer> = new SharedWork((cancel) =>
        app.getAuthorizer(resourceServer, { signal: cancel }).catch((e) => {
          if (inner === made) inner = undefined;
          throw e;
        })
      );
      inner = made;
    }
    const got = inner;
    const a = await got.join(signal);
    if (inner === got) ready = a;
    return a;
  };
  return {
    async getAuthorizationHeader(options?: AuthorizationHeaderOptions) {
      return await (await get(options?.signal)).getAuthorizationHeader(
        options,
      );
    },
    async handleMissingAuthorization(sentAuthorization?: string) {
      const a = await get(undefined);
      return a.handleMissingAuthorization
        ? await a.handleMissingAuthorization(sentAuthorization)
        : false;
    },
    async handleAuthorizationRequirements(params) {
      if (!app.handleAuthorizationRequirements) return false;
      const ok = await app.handleAuthorizationRequirements(
        resourceServer,
        params,
      );
      if (ok) inner = ready = undefined;
      return ok;
    },
  };
}
