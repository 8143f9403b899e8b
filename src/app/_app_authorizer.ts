/**
 * What `app.getAuthorizer(resourceServer)` returns: an authorizer that
 * follows the app's tokens (after a new login or a logout it uses the new
 * ones), with Python's authorizer reads, printed without its token, and an
 * `instanceof` the class of the authorizer of the tokens in use now.
 *
 * @module
 */
import type {
  AuthorizationHeaderOptions,
  Authorizer,
} from "../core/authorizer.ts";
import {
  DENO_INSPECT,
  labeledInspect,
  NODE_INSPECT,
  REDACTED,
} from "../core/redact.ts";
import { slipHints } from "../notebook/_slip_hints.ts";
import { registerFollower } from "../authorizers/_follower.ts";

/**
 * What `app.getAuthorizer()` returns: an authorizer that follows the app's
 * tokens (after a new login or a logout it uses the new ones). It is an
 * `instanceof` the class of the authorizer of the tokens in use now, as
 * Python's `app.get_authorizer()` returns that authorizer itself:
 * `RefreshTokenAuthorizer` with a refresh token,
 * `AccessTokenAuthorizer` without, `ClientCredentialsAuthorizer`
 * for a `ClientApp`.
 */
export interface AppAuthorizer extends Authorizer {
  /**
   * The access token in use now (Python's `authorizer.access_token`);
   * `undefined` when the app holds none.
   */
  readonly accessToken: string | undefined;
  /**
   * When that token expires (seconds since the epoch; Python's
   * `authorizer.expires_at`), when known.
   */
  readonly expiresAt: number | undefined;
  /**
   * Renews the access token now when it is missing or expires within 60 s
   * (Python's `authorizer.ensure_valid_token()`), logging in again where a
   * request would.
   *
   * @param options `signal`: stop waiting.
   */
  ensureValidToken(options?: AuthorizationHeaderOptions): Promise<void>;
}

/**
 * The class of the apps' authorizers (named `AppAuthorizer` in messages):
 * only for Python's names' hints, on its prototype.
 */
const AppAuthorizerClass = class {};
Object.defineProperty(AppAuthorizerClass, "name", { value: "AppAuthorizer" });

/** What an app's authorizer reads from the authorizer of its tokens now. */
interface InnerFields {
  accessToken?: unknown;
  expiresAt?: unknown;
  refreshToken?: unknown;
  scopes?: unknown;
  needsRenewal?: unknown;
  renew?: unknown;
}

/** What an app gives the authorizer it makes for one resource server. */
export interface AppAuthorizerParts {
  /** The resource server. */
  resourceServer: string;
  /** The authorizer of the tokens to use now (logging in when needed). */
  current(signal: AbortSignal | undefined): Promise<Authorizer>;
  /**
   * Recovers from a renewal of `inner` that failed (`true` when a request
   * may be tried again with new tokens).
   */
  recover(inner: Authorizer, error: unknown): Promise<boolean>;
  /** Logs in again after a 401, when the app does (`false` when not). */
  relogin(): Promise<boolean>;
  /** The authorizer of the tokens in use now, if one was built. */
  inUse(): Authorizer | undefined;
}

/**
 * Makes the authorizer `app.getAuthorizer(resourceServer)` returns.
 *
 * @param parts What the app gives it.
 * @returns The authorizer.
 */
export function appAuthorizer(parts: AppAuthorizerParts): AppAuthorizer {
  const { resourceServer, current, recover, relogin, inUse } = parts;
  const now = (): InnerFields => (inUse() ?? {}) as InnerFields;
  /** A getter of a field of the authorizer in use now, of that type. */
  const readInner = (
    key: "accessToken" | "expiresAt" | "refreshToken" | "scopes",
    type: "string" | "number",
  ): PropertyDescriptor => ({
    get: () => {
      const t = now()[key];
      const ok = type === "string"
        ? typeof t === "string"
        : typeof t === "number";
      return ok ? t : undefined;
    },
  });
  const outer = Object.assign(Object.create(AppAuthorizerClass.prototype), {
    async getAuthorizationHeader(options?: AuthorizationHeaderOptions) {
      const inner = await current(options?.signal);
      try {
        return await inner.getAuthorizationHeader(options);
      } catch (e) {
        if (options?.signal?.aborted || !(await recover(inner, e))) {
          throw e;
        }
        return await (await current(options?.signal))
          .getAuthorizationHeader(options);
      }
    },
    // Python's authorizer.ensure_valid_token(): a fresh token in place
    // (renewed, or a new login, as a request would).
    async ensureValidToken(options?: AuthorizationHeaderOptions) {
      await outer.getAuthorizationHeader(options);
    },
    async handleMissingAuthorization(sentAuthorization?: string) {
      const inner = await current(undefined);
      if (inner.handleMissingAuthorization) {
        try {
          return await inner.handleMissingAuthorization(sentAuthorization);
        } catch (e) {
          if (!(await recover(inner, e))) throw e;
          return true;
        }
      }
      return await relogin();
    },
  }) as AppAuthorizer;
  // Python's names (authorizer.access_token) read undefined: say the
  // camelCase one, as the SDK's authorizer classes do.
  slipHints(outer, AppAuthorizerClass);
  // Printed as what it is, the token redacted (inspect would show the
  // getters' values with `getters: true`).
  const shown = (): Record<string, unknown> => ({
    resourceServer,
    accessToken: typeof now().accessToken === "string" ? REDACTED : null,
    expiresAt: outer.expiresAt ?? null,
  });
  // Python's authorizer.access_token and expires_at, read from the
  // tokens in use now; not enumerable, so JSON.stringify leaves them out.
  Object.defineProperties(outer, {
    [DENO_INSPECT]: {
      value: (inspect?: unknown, options?: unknown) =>
        labeledInspect("AppAuthorizer", shown(), inspect, options),
    },
    [NODE_INSPECT]: {
      value: () => labeledInspect("AppAuthorizer", shown()),
    },
    toString: {
      value: () =>
        `AppAuthorizer for ${resourceServer} (the access token is not shown)`,
    },
    accessToken: readInner("accessToken", "string"),
    expiresAt: readInner("expiresAt", "number"),
    // What `instanceof RefreshTokenAuthorizer` lets TypeScript call,
    // from the tokens in use now (a credential: not shown in printing).
    refreshToken: readInner("refreshToken", "string"),
    // A ClientCredentialsAuthorizer's scopes.
    scopes: readInner("scopes", "string"),
    needsRenewal: {
      value: () => {
        const inner = now();
        return typeof inner.needsRenewal === "function"
          ? inner.needsRenewal() as boolean
          : inUse() === undefined;
      },
    },
    renew: {
      value: async (options?: AuthorizationHeaderOptions) => {
        const inner = await current(options?.signal) as InnerFields;
        if (typeof inner.renew === "function") {
          await inner.renew(options);
        }
      },
    },
    toJSON: { value: shown },
  });
  // `instanceof RefreshTokenAuthorizer` (Python's isinstance) is true
  // while the tokens in use now are a refresh token's.
  registerFollower(outer, inUse);
  return outer;
}
