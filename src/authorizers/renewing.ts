/**
 * The shared logic of authorizers that renew their access token: renew when
 * there is none or it expires within 60 s, renew once after a 401, and let
 * concurrent callers share one in-flight renewal.
 *
 * @module
 */
import { classLabel } from "../core/_class_label.ts";
import { refuseRedacted } from "../core/_redacted_input.ts";
import type {
  AuthorizationHeaderOptions,
  Authorizer,
} from "../core/authorizer.ts";
import { type Clock, nowSeconds, systemClock } from "../core/clock.ts";
import { AuthAPIError, GlobusError } from "../core/errors.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import { isInstanceOrFollower } from "./_follower.ts";
import { slipHints } from "../notebook/_slip_hints.ts";
import type { OAuthTokenResponse, TokenData } from "../auth/token_response.ts";
import type {
  LockedTokenStorage,
  TokenStorage,
} from "../tokens/token_storage.ts";
import { describe, mask } from "./_inspect.ts";
import { SharedWork } from "../core/_shared_work.ts";
import { holdInterrupts } from "../core/_interrupt.ts";
import { builtFromStorage, TokensRemovedError } from "./_tokens_removed.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { describeNonObject } from "../core/_options.ts";

/**
 * An `expiresAt` above this (in seconds: the year 5138) is milliseconds;
 * `Date.now() / 1000` is 1.7e9.
 */
const MS_LOOKING = 1e11;

/** A token is renewed when it expires within this many seconds. */
export const EXPIRES_ADJUST_SECONDS = 60;

/** Options shared by the renewing authorizers. */
export interface RenewingAuthorizerOptions {
  /**
   * A current access token, used until it is about to expire (`null`, as
   * Python's `access_token=None`: none).
   */
  accessToken?: string | null | undefined;
  /**
   * When `accessToken` expires, in seconds since the epoch. Without it (or
   * without `accessToken`; `null` too, as Python's `expires_at=None`) a new
   * token is fetched on first use.
   */
  expiresAt?: number | null | undefined;
  /**
   * Called with each new token response (e.g. to store the tokens);
   * awaited before the request goes on. Errors it throws propagate.
   */
  onRefresh?:
    | ((tokenResponse: OAuthTokenResponse) => void | Promise<void>)
    | undefined;
  /**
   * Reads the newest stored tokens before each renewal, e.g. from a token
   * file that another process (a notebook and a script, say) may have
   * refreshed already. A different access token there that is still valid
   * is adopted instead of renewing; a different refresh token replaces the
   * one held (Globus can rotate them). `null`: nothing stored. Errors it
   * throws propagate.
   */
  reload?: (() => Promise<StoredTokens | null>) | undefined;
  /**
   * A token storage shared with other processes (e.g. the token file of a
   * `JSONTokenStorage`) that holds this authorizer's tokens under
   * `resourceServer`. Each renewal then rereads it first (adopting a valid
   * token, or a rotated refresh token, that another process stored), stores
   * the new tokens in it, and, when the storage has
   * {@linkcode TokenStorage.withLock}, runs while holding its lock: processes
   * sharing a token file make one refresh between them, and with rotating
   * refresh tokens none of them presents a used one. Replaces `reload`;
   * `onRefresh` still runs (after the lock is released).
   */
  tokenStorage?: TokenStorage | undefined;
  /** The resource server of the tokens in `tokenStorage` (required with it). */
  resourceServer?: string | undefined;
  /**
   * The clock that decides expiry.
   * @default {systemClock}
   */
  clock?: Clock | undefined;
}

/** What {@linkcode RenewingAuthorizerOptions.reload} returns. */
export interface StoredTokens {
  /** The stored access token. */
  access_token: string;
  /** When it expires, in seconds since the epoch. */
  expires_at_seconds: number;
  /** The stored refresh token, if any. */
  refresh_token?: string | null;
}

/**
 * The base of {@linkcode RefreshTokenAuthorizer} and
 * {@linkcode ClientCredentialsAuthorizer}. Subclasses say how to get a new
 * token response; the base decides when, and shares one renewal among
 * concurrent callers. Token strings never appear in inspect output,
 * `String()` or `JSON.stringify`.
 *
 * @example A refresh-token authorizer renews on first use
 * ```ts
 * import {
 *   NativeAppAuthClient,
 *   RefreshTokenAuthorizer,
 *   type RenewingAuthorizer,
 *   TUTORIAL_CLIENT_ID,
 * } from "@globus-deno/sdk";
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
 *   // Stands in for Globus Auth's token endpoint.
 *   fetch: () =>
 *     Promise.resolve(Response.json({
 *       access_token: "new-access-token",
 *       expires_in: 172800,
 *       resource_server: "transfer.api.globus.org",
 *       scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
 *       token_type: "Bearer",
 *     })),
 * });
 * const authorizer: RenewingAuthorizer = new RefreshTokenAuthorizer("a-refresh-token", client, {
 *   onRefresh: (tokens) => console.log("store:", tokens.resourceServers),
 * });
 * console.log(authorizer.needsRenewal()); // true: no access token yet
 * await authorizer.getAuthorizationHeader(); // renews first
 * console.log(authorizer.needsRenewal()); // false
 * console.log(String(authorizer)); // the token is masked
 * ```
 */
export abstract class RenewingAuthorizer implements Authorizer {
  #accessToken: string | undefined;
  #expiresAt: number | undefined;
  /** The renewal in flight, shared by the requests that wait for it. */
  #inflight: SharedWork<void> | undefined;
  /** The last renewal Globus Auth refused, and the credential it used. */
  #refused: { credential: string | undefined; error: unknown } | undefined;
  readonly #clock: Clock;
  readonly #onRefresh: RenewingAuthorizerOptions["onRefresh"];
  readonly #reload: RenewingAuthorizerOptions["reload"];
  /**
   * The token storage held this authorizer's refresh token (read or
   * written): when it holds none later, another process removed them.
   */
  #sawStored = false;
  readonly #storage: TokenStorage | undefined;
  readonly #resourceServer: string | undefined;

  /**
   * `instanceof`: also `true` for an app's authorizer
   * (`await app.getAuthorizer(rs)`) whose tokens in use now are this
   * class's, as Python's `app.get_authorizer(rs)` returns the
   * `RefreshTokenAuthorizer` itself (`isinstance` checks).
   *
   * @param value The value checked.
   * @returns Whether it is an instance.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return isInstanceOrFollower(this, value);
  }

  /**
   * Creates the authorizer (subclasses call this).
   *
   * @param options The current token, its expiry, `onRefresh`, clock.
   * @throws {TypeError} When `expiresAt` is not a finite number.
   */
  protected constructor(options: RenewingAuthorizerOptions = {}) {
    slipHints(this, RenewingAuthorizer);
    // Python's expires_at=None, ported as null: not known.
    const expiresAt: unknown = options.expiresAt ?? undefined;
    if (
      expiresAt !== undefined &&
      (!Number.isFinite(expiresAt) || (expiresAt as number) > MS_LOOKING)
    ) {
      // Milliseconds (Date.now() + …) were taken as seconds: a token good
      // for ~55,000 years, renewed only after a 401.
      throw kernelStack(
        new TypeError(
          `Cannot create the authorizer as 'expiresAt' must be seconds since the epoch: current value is ${
            expiresAt instanceof Date
              ? "a Date (use Math.floor(date.getTime() / 1000))"
              : typeof expiresAt === "number"
              ? Number.isFinite(expiresAt)
                ? `${expiresAt}, which is milliseconds (Date.now() is): divide by 1000`
                : expiresAt
              : `of type ${typeof expiresAt}`
          }`,
        ),
      );
    }
    if (
      options.tokenStorage !== undefined &&
      (typeof options.tokenStorage?.getTokenData !== "function" ||
        typeof options.resourceServer !== "string" ||
        options.resourceServer === "")
    ) {
      throw kernelStack(
        new TypeError(
          "Cannot create the authorizer as 'tokenStorage' needs 'resourceServer' (e.g. \"transfer.api.globus.org\"), the resource server whose tokens it holds",
        ),
      );
    }
    // An `accessToken` that is no string was dropped without a word (the
    // first request refreshed), and an `onRefresh` that is no function
    // failed only at the first refresh.
    const accessToken: unknown = options.accessToken;
    if (
      accessToken !== undefined && accessToken !== null &&
      typeof accessToken !== "string"
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot create the authorizer as 'accessToken' must be the access token, a string: current value is ${
            describeNonObject(accessToken)
          }${
            typeof accessToken === "object" &&
              typeof (accessToken as { access_token?: unknown })
                  .access_token === "string"
              ? " (a token record: pass its access_token, and its expires_at_seconds as expiresAt)"
              : ""
          }`,
        ),
      );
    }
    if (
      options.onRefresh !== undefined && options.onRefresh !== null &&
      typeof options.onRefresh !== "function"
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot create the authorizer as 'onRefresh' must be a function (tokens) => void, e.g. onRefresh: storage.storeTokenResponse: current value is ${
            describeNonObject(options.onRefresh)
          }`,
        ),
      );
    }
    this.#clock = options.clock ?? systemClock;
    this.#onRefresh = options.onRefresh;
    this.#storage = options.tokenStorage;
    this.#resourceServer = options.resourceServer;
    const storage = this.#storage;
    const rs = this.#resourceServer as string;
    this.#reload = storage ? () => storage.getTokenData(rs) : options.reload;
    refuseRedacted(
      `Cannot create a ${classLabel(new.target)}`,
      "'accessToken'",
      options.accessToken,
    );
    if (options.accessToken && expiresAt !== undefined) {
      this.#accessToken = options.accessToken;
      this.#expiresAt = expiresAt as number;
    }
  }

  /**
   * Gets a new token response (a refresh, or a client-credentials grant).
   *
   * @param options `signal`: aborts when every request that waits for this
   *   renewal has been aborted.
   * @returns The token response.
   */
  protected abstract getNewTokenResponse(
    options?: AuthorizationHeaderOptions,
  ): Promise<OAuthTokenResponse>;

  /**
   * Picks the token data from a response: by default the only resource
   * server in it.
   *
   * @param response The token response.
   * @returns The token data.
   * @throws {GlobusError} When the response holds no or several tokens.
   */
  protected extractTokenData(response: OAuthTokenResponse): TokenData {
    const all = Object.values(response.byResourceServer);
    if (all.length !== 1) {
      throw new GlobusError(
        `Expected exactly one token when renewing, but the response holds ${all.length} (${
          response.resourceServers.join(", ") || "none"
        }); request scopes of a single resource server`,
      );
    }
    return all[0] as TokenData;
  }

  /**
   * Hook for subclasses to take more from new or reloaded token data (e.g.
   * a rotated refresh token).
   *
   * @param _data The new token data.
   */
  protected adopt(_data: Pick<TokenData, "refresh_token">): void {}

  /**
   * The credential a renewal presents (the refresh token), so a renewal
   * Globus Auth refused is not tried again with the same one.
   *
   * @returns The credential, or `undefined` when there is none to tell apart.
   */
  protected get renewalCredential(): string | undefined {
    return undefined;
  }

  /**
   * Adopts stored tokens newer than ours, if `reload` finds any.
   *
   * @param reload Reads the stored tokens.
   * @returns Whether a valid access token was adopted (no renewal needed).
   */
  async #adoptStored(
    reload: RenewingAuthorizerOptions["reload"],
  ): Promise<boolean> {
    const stored = await reload?.();
    if (!stored) {
      if (
        this.#storage && (this.#sawStored || builtFromStorage.has(this))
      ) throw this.#removedError();
      return false;
    }
    if (stored.refresh_token) {
      this.adopt({ refresh_token: stored.refresh_token });
      if (this.#storage) this.#sawStored = true;
    }
    if (
      stored.access_token === this.#accessToken ||
      stored.expires_at_seconds - nowSeconds(this.#clock) <
        EXPIRES_ADJUST_SECONDS
    ) return false;
    this.#accessToken = stored.access_token;
    this.#expiresAt = stored.expires_at_seconds;
    return true;
  }

  /** The current access token, if any (a credential: do not log it). */
  get accessToken(): string | undefined {
    return this.#accessToken;
  }

  /** When the current access token expires, in seconds since the epoch. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /**
   * Whether a renewal is needed now (no token, or it expires within
   * {@linkcode EXPIRES_ADJUST_SECONDS}).
   *
   * @returns `true` when the next request would renew first.
   */
  needsRenewal(): boolean {
    return this.#accessToken === undefined || this.#expiresAt === undefined ||
      this.#expiresAt - nowSeconds(this.#clock) < EXPIRES_ADJUST_SECONDS;
  }

  /**
   * Gets a new access token now. Concurrent calls share one request. With
   * `reload` or `tokenStorage`, a newer valid token found in storage is used
   * instead; with a lockable `tokenStorage`, the reread, the request and the
   * store happen under its lock (when the lock cannot be taken, the storage's
   * error is thrown, unless the storage holds a valid token by then: no
   * refresh is made whose tokens could not be saved). When Globus Auth refuses the renewal (e.g.
   * `invalid_grant`), the storage is read once more (another process may
   * have rotated the refresh token) before giving up, and later renewals
   * with the same refresh token fail at once with the same error, without
   * a request.
   *
   * @returns Resolves when the new token is in place (and `onRefresh` ran).
   * @throws {AuthAPIError} When Globus Auth refuses (e.g. `invalid_grant`).
   */
  renew(options?: AuthorizationHeaderOptions): Promise<void> {
    let renewal = this.#inflight;
    if (!renewal || renewal.cancelled) {
      const made: SharedWork<void> = new SharedWork((signal) =>
        this.#renewOnce(signal).finally(() => {
          if (this.#inflight === made) this.#inflight = undefined;
        })
      );
      renewal = this.#inflight = made;
    }
    return renewal.join(options?.signal);
  }

  async #renewOnce(signal: AbortSignal): Promise<void> {
    if (this.#refused) {
      // Refused before: only a new credential (another process's refresh
      // or login) is worth a request.
      if (await this.#adoptStored(this.#reload)) return;
      this.#throwIfRefused();
    }
    const storage = this.#storage;
    // Where the new tokens cannot be saved (a read-only token file, no
    // write permission), nothing is asked of Globus Auth: a refresh would
    // be lost, and with rotating refresh tokens it would use the saved one
    // up, so the next run would need a login.
    await storage?.checkWritable?.();
    // Ctrl-C while a rotated refresh's tokens are saved (and the lock let
    // go) waits for the save: cut short, the file kept the used-up refresh
    // token, and the next run had to log in. Held from the answer on.
    let release: (() => void) | undefined;
    const hold = () => {
      release ??= holdInterrupts();
    };
    let response: OAuthTokenResponse | null | undefined;
    try {
      response = await this.#renewStoring(storage, signal, hold);
    } finally {
      release?.();
    }
    if (response && this.#onRefresh) await this.#onRefresh(response);
  }

  /**
   * The reread, the renewal and the store, under the storage's lock when it
   * has one.
   *
   * @returns The new token response, or `null` when a stored token was adopted.
   */
  async #renewStoring(
    storage: TokenStorage | undefined,
    signal: AbortSignal,
    hold: () => void,
  ): Promise<OAuthTokenResponse | null> {
    let response: OAuthTokenResponse | null | undefined;
    if (storage?.withLock) {
      const rs = this.#resourceServer as string;
      let entered = false;
      try {
        response = await storage.withLock((locked: LockedTokenStorage) => {
          entered = true;
          const remove = locked.removeTokenData;
          return this.#renewWith(
            () => locked.getTokenData(rs),
            (r) => locked.storeTokenResponse(r),
            signal,
            hold,
            remove && (() => remove.call(locked, rs)),
          );
        });
      } catch (e) {
        if (entered) throw e;
        // The lock could not be taken (a holder that stays too long, a lock
        // file the disk has no room for). A refresh now could not be saved
        // either (storing takes the lock too): it was made, its tokens were
        // thrown away, and the call failed anyway; with rotating refresh
        // tokens it also used up the saved one, so every process sharing
        // the file had to log in again. A token another process saved
        // meanwhile is used; otherwise nothing is asked of Globus Auth.
        if (await this.#adoptStored(this.#reload)) {
          this.#refused = undefined;
          return null;
        }
        throw e;
      }
    }
    // `null`: a token stored meanwhile was adopted under the lock (`??`
    // renewed again: two refreshes where one was shared).
    if (response !== undefined) return response;
    return await this.#renewWith(
      this.#reload,
      storage ? (r) => storage.storeTokenResponse(r) : undefined,
      signal,
      hold,
    );
  }

  /** The tokens this authorizer used were removed from its storage. */
  #removedError(): TokensRemovedError {
    return new TokensRemovedError(
      `The saved tokens for '${this.#resourceServer}' were removed from the token storage by another process (Globus Auth refused its refresh, or it logged out), so this one's refresh token is not presented: log in again`,
      this.#resourceServer ?? "",
    );
  }

  #throwIfRefused(): void {
    const refused = this.#refused;
    if (refused && refused.credential === this.renewalCredential) {
      throw refused.error;
    }
  }

  /**
   * Rereads, renews when still needed, stores.
   *
   * @returns The new token response, or `null` when a stored token was adopted.
   */
  async #renewWith(
    reload: RenewingAuthorizerOptions["reload"],
    store: ((response: OAuthTokenResponse) => Promise<void>) | undefined,
    signal: AbortSignal,
    hold: () => void,
    remove?: () => Promise<unknown>,
  ): Promise<OAuthTokenResponse | null> {
    if (await this.#adoptStored(reload)) {
      this.#refused = undefined;
      return null;
    }
    this.#throwIfRefused();
    let response: OAuthTokenResponse;
    try {
      response = await this.getNewTokenResponse({ signal });
    } catch (e) {
      if (!isRefusal(e)) throw e;
      const credential = this.renewalCredential;
      // Another process may have refreshed meanwhile, rotating the refresh
      // token this one presented: look before giving up.
      if (await this.#adoptStored(reload)) {
        this.#refused = undefined;
        return null;
      }
      if (this.renewalCredential === credential) {
        this.#refused = { credential, error: e };
        // Under the storage's lock, the refused tokens are removed before
        // it is released: processes waiting for it reread the storage, and
        // each presented the same refused refresh token (20 jobs started
        // together: 20 refusals).
        if (remove && credential !== undefined) {
          const stored = await reload?.();
          if (stored?.refresh_token === credential) {
            await remove();
            this.#sawStored = false;
          }
        }
        throw e;
      }
      try {
        response = await this.getNewTokenResponse({ signal });
      } catch (again) {
        if (isRefusal(again)) {
          this.#refused = { credential: this.renewalCredential, error: again };
        }
        throw again;
      }
    }
    const data = this.extractTokenData(response);
    // Globus Auth rotated the refresh token: the one saved is used up, so
    // the new one must reach the storage.
    if (
      store && data.refresh_token &&
      data.refresh_token !== this.renewalCredential
    ) hold();
    this.#accessToken = data.access_token;
    this.#expiresAt = data.expires_at_seconds;
    this.adopt(data);
    this.#refused = undefined;
    if (store) {
      await store(response);
      if (this.#storage) this.#sawStored = true;
    }
    return response;
  }

  /**
   * The header value, renewing the token first when needed.
   *
   * @returns `Bearer <token>`.
   * @throws {AuthAPIError} When a needed renewal fails.
   */
  async getAuthorizationHeader(
    options?: AuthorizationHeaderOptions,
  ): Promise<string> {
    await this.ensureValidToken(options);
    return `Bearer ${this.#accessToken}`;
  }

  /**
   * Renews the token when it is missing or expires within
   * {@linkcode EXPIRES_ADJUST_SECONDS} (Python's `ensure_valid_token()`);
   * otherwise does nothing. A renewal in flight is joined.
   *
   * @returns Resolves when {@linkcode accessToken} holds a valid token.
   * @throws {AuthAPIError} When a needed renewal fails.
   */
  async ensureValidToken(options?: AuthorizationHeaderOptions): Promise<void> {
    const inflight = this.#inflight;
    if (inflight && !inflight.cancelled) await inflight.join(options?.signal);
    if (this.needsRenewal()) await this.renew(options);
  }

  /**
   * After a 401: when the request carried an older token than the current
   * one (a renewal happened since it was sent), asks for a replay with the
   * current token; otherwise renews once (joining a renewal in flight) and
   * asks for a replay. So one token generation gets one renewal, however
   * many requests it failed.
   *
   * @param sentAuthorization The `Authorization` header the refused request
   *   carried, if known.
   * @returns `true`.
   * @throws {AuthAPIError} When the renewal fails.
   */
  async handleMissingAuthorization(
    sentAuthorization?: string,
  ): Promise<boolean> {
    if (
      !this.#inflight && sentAuthorization !== undefined &&
      this.#accessToken !== undefined &&
      sentAuthorization !== `Bearer ${this.#accessToken}`
    ) {
      return true;
    }
    await this.renew();
    return true;
  }

  /**
   * Redacted fields for printing.
   *
   * @returns Plain data without token strings.
   */
  toJSON(): Record<string, unknown> {
    return {
      accessToken: mask(this.#accessToken),
      expiresAt: this.#expiresAt ?? null,
    };
  }

  /**
   * A redacted description.
   *
   * @returns The class name and redacted fields.
   */
  toString(): string {
    return describe(classLabel(this.constructor), this.toJSON());
  }

  /**
   * Deno's inspect hook.
   *
   * @returns The redacted description.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook.
   *
   * @returns The redacted description.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }
}

/**
 * Whether a renewal failed because Globus Auth refused it (a 4xx other than
 * 429: `invalid_grant`, `invalid_client`, …), which the same request would
 * meet again, rather than a transient failure.
 */
function isRefusal(e: unknown): boolean {
  return e instanceof AuthAPIError && e.httpStatus >= 400 &&
    e.httpStatus < 500 && e.httpStatus !== 429;
}
