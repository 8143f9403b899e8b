/**
 * Internal: the mark of a `login()` the SDK makes itself (a token problem's
 * handler, a rejected refresh token's new login), which says nothing when
 * the cached tokens turn out to do: "Already logged in" answers a person's
 * `app.login()`, and showed mid-cell when another login had just finished.
 *
 * @module
 */

import type { LoginOptions } from "./login_params.ts";

/** Set on `login()`'s options by the SDK's own calls. */
export const SDK_LOGIN: unique symbol = Symbol("globus-deno.sdkLogin");

/** `login()` options marked as the SDK's own call. */
export const SDK_LOGIN_OPTIONS: LoginOptions = Object.freeze(
  { [SDK_LOGIN]: true },
) as LoginOptions;
