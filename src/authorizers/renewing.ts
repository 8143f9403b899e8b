/**
 * The shared logic of authorizers that renew their access token: renew when
 * there is none or it expires within 60 s, renew once after a 401, and let
 * concurrent callers share one in-flight renewal.
 *
 * @module
 */
import type { Authorizer } from "../core/authorizer.ts";
import { type Clock, nowSeconds, systemClock } from "../core/clock.ts";
import { GlobusError } from "../core/errors.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import type { OAuthTokenResponse, TokenData } from "../auth/token_response.ts";
import { describe, mask } from "./_inspect.ts";

/** A token is renewed when it expires within this many seconds. */
export const EXPIRES_ADJUST_SECONDS = 60;

/** Options shared by the renewing authorizers. */
export interface RenewingAuthorizerOptions {
  /** A current access token, used until it is about to expire. */
  accessToken?: string;
  /**
   * When `accessToken` expires, in seconds since the epoch. Without it (or
   * without `accessToken`) a new token is fetched on first use.
   */
  expiresAt?: number;
  /**
   * Called with each new token response (e.g. to store the tokens);
   * awaited before the request goes on. Errors it throws propagate.
   */
  onRefresh?: (tokenResponse: OAuthTokenResponse) => void | Promise<void>;
  /**
   * Reads the newest stored tokens before each renewal, e.g. from a token
   * file that another process (a notebook and a script, say) may have
   * refreshed already. A different access token there that is still valid
   * is adopted instead of renewing; a different refresh token replaces the
   * one held (Globus can rotate them). `null`: nothing stored. Errors it
   * throws propagate.
   */
  reload?: () => Promise<StoredTokens | null>;
  /**
   * The clock that decides expiry.
   * @default {systemClock}
   */
  clock?: Clock;
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
  #inflight: Promise<void> | undefined;
  readonly #clock: Clock;
  readonly #onRefresh: RenewingAuthorizerOptions["onRefresh"];
  readonly #reload: RenewingAuthorizerOptions["reload"];

  /**
   * Creates the authorizer (subclasses call this).
   *
   * @param options The current token, its expiry, `onRefresh`, clock.
   * @throws {TypeError} When `expiresAt` is not a finite number.
   */
  protected constructor(options: RenewingAuthorizerOptions = {}) {
    if (
      options.expiresAt !== undefined && !Number.isFinite(options.expiresAt)
    ) {
      throw new TypeError(
        `Cannot create the authorizer as 'expiresAt' must be seconds since the epoch: current value is ${options.expiresAt}`,
      );
    }
    this.#clock = options.clock ?? systemClock;
    this.#onRefresh = options.onRefresh;
    this.#reload = options.reload;
    if (options.accessToken && options.expiresAt !== undefined) {
      this.#accessToken = options.accessToken;
      this.#expiresAt = options.expiresAt;
    }
  }

  /**
   * Gets a new token response (a refresh, or a client-credentials grant).
   *
   * @returns The token response.
   */
  protected abstract getNewTokenResponse(): Promise<OAuthTokenResponse>;

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
   * Adopts stored tokens newer than ours, if {@linkcode RenewingAuthorizerOptions.reload}
   * finds any.
   *
   * @returns Whether a valid access token was adopted (no renewal needed).
   */
  async #adoptStored(): Promise<boolean> {
    const stored = await this.#reload?.();
    if (!stored) return false;
    if (stored.refresh_token) {
      this.adopt({ refresh_token: stored.refresh_token });
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
   * `reload`, a newer valid token found in storage is used instead.
   *
   * @returns Resolves when the new token is in place (and `onRefresh` ran).
   * @throws {AuthAPIError} When Globus Auth refuses (e.g. `invalid_grant`).
   */
  renew(): Promise<void> {
    if (!this.#inflight) {
      const run = async () => {
        if (await this.#adoptStored()) return;
        const response = await this.getNewTokenResponse();
        const data = this.extractTokenData(response);
        this.#accessToken = data.access_token;
        this.#expiresAt = data.expires_at_seconds;
        this.adopt(data);
        if (this.#onRefresh) await this.#onRefresh(response);
      };
      const p = run().finally(() => {
        if (this.#inflight === p) this.#inflight = undefined;
      });
      this.#inflight = p;
    }
    return this.#inflight;
  }

  /**
   * The header value, renewing the token first when needed.
   *
   * @returns `Bearer <token>`.
   * @throws {AuthAPIError} When a needed renewal fails.
   */
  async getAuthorizationHeader(): Promise<string> {
    if (this.#inflight) await this.#inflight;
    if (this.needsRenewal()) await this.renew();
    return `Bearer ${this.#accessToken}`;
  }

  /**
   * After a 401: renews once (joining a renewal already in flight) and
   * asks the transport to replay the request.
   *
   * @returns `true`.
   * @throws {AuthAPIError} When the renewal fails.
   */
  async handleMissingAuthorization(): Promise<boolean> {
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
    return describe(this.constructor.name, this.toJSON());
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
