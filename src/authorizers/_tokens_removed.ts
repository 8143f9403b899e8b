/**
 * Internal: the saved tokens a refresh-token authorizer renews from were
 * removed from its token storage by another process (Globus Auth refused
 * that process's refresh, or it logged out). Presenting this process's copy
 * of the refresh token would only be refused again (with rotating refresh
 * tokens, it is the one just refused), so the renewal fails without a
 * request, and an app logs in again.
 *
 * @module
 */
import { LoginRequiredError } from "../core/errors.ts";

/** The saved tokens were removed by another process. */
export class TokensRemovedError extends LoginRequiredError {
  /**
   * Creates the error.
   *
   * @param message What happened and what to do.
   * @param resourceServer The resource server whose tokens were removed.
   */
  constructor(message: string, readonly resourceServer: string) {
    super(message);
  }
}

/**
 * Authorizers built from the tokens their storage holds (an app's): their
 * storage held their refresh token from the start.
 */
export const builtFromStorage: WeakSet<object> = new WeakSet();
