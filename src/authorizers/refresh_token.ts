/**
 * An authorizer that renews its access token with a refresh token.
 *
 * @module
 */
import { refuseRedacted } from "../core/_redacted_input.ts";
import { checkOptions } from "../core/_options.ts";
import { RENEWING_AUTHORIZER_OPTIONS } from "./_option_names.ts";
import type { OAuthTokenResponse, TokenData } from "../auth/token_response.ts";
import { mask } from "./_inspect.ts";
import {
  RenewingAuthorizer,
  type RenewingAuthorizerOptions,
} from "./renewing.ts";
import type { AuthorizationHeaderOptions } from "../core/authorizer.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkTokenArgument } from "./_token_argument.ts";

/** What {@linkcode RefreshTokenAuthorizer} needs from an auth client. */
export interface RefreshTokenClient {
  /**
   * Refreshes tokens.
   *
   * @param refreshToken The refresh token.
   */
  oauth2RefreshToken(
    refreshToken: string,
    options?: AuthorizationHeaderOptions,
  ): Promise<OAuthTokenResponse>;
}

/**
 * Sends `Authorization: Bearer <token>` and refreshes the token with the
 * refresh token when there is none, when it expires within 60 s, and once
 * after a 401 (the request is then replayed). Concurrent requests share one
 * refresh, and a 401 for a request sent with an older token just replays
 * it with the current one. A rotated refresh token in the response is
 * adopted. A refresh token Globus Auth refused is not presented again: later
 * calls get the same error. `onRefresh` receives every new token response
 * (e.g. to store it); with `tokenStorage` the tokens are stored there, under
 * its lock (see {@linkcode RenewingAuthorizerOptions.tokenStorage}).
 *
 * @example Keep Transfer calls authorized
 * ```ts ignore
 * import { NativeAppAuthClient, RefreshTokenAuthorizer, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * const client = new NativeAppAuthClient(TUTORIAL_CLIENT_ID);
 * const authorizer = new RefreshTokenAuthorizer("REFRESH_TOKEN", client, {
 *   onRefresh: (tokens) => console.log("refreshed", tokens.resourceServers),
 * });
 * console.log(await authorizer.getAuthorizationHeader());
 * ```
 */
export class RefreshTokenAuthorizer extends RenewingAuthorizer {
  #refreshToken: string;
  readonly #client: RefreshTokenClient;

  /**
   * Creates the authorizer.
   *
   * @param refreshToken The refresh token.
   * @param authClient A client with `oauth2RefreshToken()` (e.g. a
   *   {@linkcode NativeAppAuthClient}).
   * @param options `accessToken`, `expiresAt` (seconds), `onRefresh`,
   *   `tokenStorage` and `resourceServer`, `clock`.
   * @throws {TypeError} When the refresh token is empty or the client lacks
   *   `oauth2RefreshToken`.
   */
  constructor(
    refreshToken: string,
    authClient: RefreshTokenClient,
    options: RenewingAuthorizerOptions = {},
  ) {
    checkOptions(
      "RefreshTokenAuthorizer",
      options,
      RENEWING_AUTHORIZER_OPTIONS,
      {
        example:
          "new RefreshTokenAuthorizer(refreshToken, authClient, { accessToken, expiresAt })",
      },
    );
    super(options);
    checkTokenArgument(
      "Cannot create a RefreshTokenAuthorizer",
      "refreshToken",
      refreshToken,
    );
    // `in` first: an AuthClient throws for a read of a login client's
    // method (naming the client that has it); this message says more.
    if (
      authClient === null || typeof authClient !== "object" ||
      !("oauth2RefreshToken" in authClient) ||
      typeof authClient.oauth2RefreshToken !== "function"
    ) {
      // The options given second (Python's keyword arguments after the
      // token) read as a client with no refresh method.
      const looksLikeOptions = authClient !== null &&
        typeof authClient === "object" &&
        Object.keys(authClient).some((k) =>
          RENEWING_AUTHORIZER_OPTIONS.includes(k) ||
          ["access_token", "expires_at", "on_refresh"].includes(k)
        );
      throw kernelStack(
        new TypeError(
          `Cannot create a RefreshTokenAuthorizer as 'authClient' (the second argument) has no oauth2RefreshToken() method${
            looksLikeOptions
              ? ": it looks like the options, which come third, after the auth client"
              : ""
          }. Pass the auth client the refresh token was issued to, as in new RefreshTokenAuthorizer(refreshToken, new NativeAppAuthClient(clientId), { accessToken, expiresAt })`,
        ),
      );
    }
    refuseRedacted(
      "Cannot create a RefreshTokenAuthorizer",
      "'refreshToken'",
      refreshToken,
    );
    this.#refreshToken = refreshToken;
    this.#client = authClient;
  }

  /** The current refresh token (a credential: do not log it). */
  get refreshToken(): string {
    return this.#refreshToken;
  }

  /**
   * Refreshes with the current refresh token.
   *
   * @param options `signal`: cancels the request.
   * @returns The token response.
   */
  protected getNewTokenResponse(
    options?: AuthorizationHeaderOptions,
  ): Promise<OAuthTokenResponse> {
    return options?.signal
      ? this.#client.oauth2RefreshToken(this.#refreshToken, {
        signal: options.signal,
      })
      : this.#client.oauth2RefreshToken(this.#refreshToken);
  }

  /**
   * The refresh token a renewal presents.
   *
   * @returns The current refresh token.
   */
  protected override get renewalCredential(): string {
    return this.#refreshToken;
  }

  /**
   * Adopts a rotated refresh token.
   *
   * @param data The new token data.
   */
  protected override adopt(data: Pick<TokenData, "refresh_token">): void {
    if (data.refresh_token) this.#refreshToken = data.refresh_token;
  }

  /**
   * Redacted fields for printing.
   *
   * @returns Plain data without token strings.
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), refreshToken: mask(this.#refreshToken) };
  }
}
