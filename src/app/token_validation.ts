/**
 * When an app's cached tokens cannot serve a resource server: the error
 * ({@linkcode TokenValidationError}), the handler an app calls with it, and
 * the default handler, which logs in.
 *
 * @module
 */
import { LoginRequiredError } from "../core/errors.ts";
import type { GlobusApp } from "./globus_app.ts";
import { SDK_LOGIN_OPTIONS } from "./_login_note.ts";

/** Why cached tokens cannot serve a resource server. */
export type TokenValidationReason = "missing" | "unmet-scopes" | "expired";

/**
 * The cached tokens cannot serve a resource server: none are cached, they
 * lack a required scope, or the access token expired and cannot be
 * refreshed (the Python SDK's `TokenValidationError`: `MissingTokenError`,
 * `UnmetScopeRequirementsError`, `ExpiredTokenError`). Given to
 * {@linkcode GlobusAppConfig.tokenValidationErrorHandler}; thrown when that
 * is `null`. A {@linkcode LoginRequiredError}, so code catching that keeps
 * working.
 */
export class TokenValidationError extends LoginRequiredError {
  /** The resource server whose tokens are not usable. */
  readonly resourceServer: string;
  /** What is wrong with them. */
  readonly reason: TokenValidationReason;

  /**
   * Creates the error.
   *
   * @param message What is wrong and what to do.
   * @param resourceServer The resource server.
   * @param reason What is wrong.
   */
  constructor(
    message: string,
    resourceServer: string,
    reason: TokenValidationReason,
  ) {
    super(message);
    this.resourceServer = resourceServer;
    this.reason = reason;
  }
}

/**
 * Called when an app finds its cached tokens unusable for a request (the
 * Python SDK's `TokenValidationErrorHandler`); typically logs in. When it
 * returns, the app checks the tokens again and throws the error if they are
 * still unusable.
 */
export type TokenValidationErrorHandler = (
  app: GlobusApp,
  error: TokenValidationError,
) => void | Promise<void>;

/**
 * The default {@linkcode TokenValidationErrorHandler} (the Python SDK's
 * `resolve_by_login_flow`): logs in with the app's login flow (sharing a
 * login already in progress).
 *
 * @param app The app.
 * @param _error Why its tokens are unusable.
 * @returns Resolves after the login.
 *
 * @example Log a line, then log in as usual
 * ```ts
 * import { resolveByLoginFlow, type TokenValidationErrorHandler } from "@globus-deno/sdk";
 * const handler: TokenValidationErrorHandler = async (app, error) => {
 *   console.error(`Logging in again: ${error.reason}`);
 *   await resolveByLoginFlow(app, error);
 * };
 * console.log(typeof handler); // function
 * ```
 */
export async function resolveByLoginFlow(
  app: GlobusApp,
  _error: TokenValidationError,
): Promise<void> {
  await app.login(SDK_LOGIN_OPTIONS);
}
