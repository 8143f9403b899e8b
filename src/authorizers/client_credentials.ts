/**
 * An authorizer that gets its access token with the client-credentials
 * grant.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { RENEWING_AUTHORIZER_OPTIONS } from "./_option_names.ts";
import { type Scope, Scope as ScopeClass } from "../auth/scopes.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import {
  RenewingAuthorizer,
  type RenewingAuthorizerOptions,
} from "./renewing.ts";
import type { AuthorizationHeaderOptions } from "../core/authorizer.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** What {@linkcode ClientCredentialsAuthorizer} needs from a client. */
export interface ClientCredentialsClient {
  /**
   * Gets tokens for the app itself.
   *
   * @param scopes The scopes.
   */
  oauth2ClientCredentialsTokens(
    scopes: string | Scope | readonly (string | Scope)[],
    options?: AuthorizationHeaderOptions,
  ): Promise<OAuthTokenResponse>;
}

/**
 * Sends `Authorization: Bearer <token>` with a token the confidential app
 * gets for itself (client credentials), renewed when there is none, when it
 * expires within 60 s, and once after a 401. The scopes must belong to one
 * resource server. Concurrent requests share one renewal.
 *
 * @example Authorize Transfer calls as the app
 * ```ts ignore
 * import { ClientCredentialsAuthorizer, ConfidentialAppAuthClient, TransferScopes } from "@globus-deno/sdk";
 * const client = new ConfidentialAppAuthClient("CLIENT_ID", "CLIENT_SECRET");
 * const authorizer = new ClientCredentialsAuthorizer(client, TransferScopes.all);
 * console.log(await authorizer.getAuthorizationHeader());
 * ```
 */
export class ClientCredentialsAuthorizer extends RenewingAuthorizer {
  /** The scopes requested, space-separated. */
  readonly scopes: string;
  readonly #client: ClientCredentialsClient;

  /**
   * Creates the authorizer.
   *
   * @param confidentialClient A client with
   *   `oauth2ClientCredentialsTokens()` (a {@linkcode ConfidentialAppAuthClient}).
   * @param scopes The scopes, of a single resource server.
   * @param options `accessToken`, `expiresAt` (seconds), `onRefresh`, `clock`.
   * @throws {TypeError} When the scopes are empty or the client lacks the method.
   */
  constructor(
    confidentialClient: ClientCredentialsClient,
    scopes: string | Scope | readonly (string | Scope)[],
    options: RenewingAuthorizerOptions = {},
  ) {
    checkOptions(
      "ClientCredentialsAuthorizer",
      options,
      RENEWING_AUTHORIZER_OPTIONS,
      {
        example:
          "new ClientCredentialsAuthorizer(confidentialClient, scopes, { accessToken, expiresAt })",
      },
    );
    super(options);
    if (
      confidentialClient === null || typeof confidentialClient !== "object" ||
      !("oauth2ClientCredentialsTokens" in confidentialClient) ||
      typeof confidentialClient.oauth2ClientCredentialsTokens !== "function"
    ) {
      throw kernelStack(
        new TypeError(
          "Cannot create a ClientCredentialsAuthorizer as 'confidentialClient' has no oauth2ClientCredentialsTokens() method",
        ),
      );
    }
    const serialized = ScopeClass.serialize(scopes);
    if (serialized === "") {
      throw kernelStack(
        new TypeError(
          "Cannot create a ClientCredentialsAuthorizer as 'scopes' is empty",
        ),
      );
    }
    this.scopes = serialized;
    this.#client = confidentialClient;
  }

  /**
   * Runs the client-credentials grant.
   *
   * @param options `signal`: cancels the request.
   * @returns The token response.
   */
  protected getNewTokenResponse(
    options?: AuthorizationHeaderOptions,
  ): Promise<OAuthTokenResponse> {
    return options?.signal
      ? this.#client.oauth2ClientCredentialsTokens(this.scopes, {
        signal: options.signal,
      })
      : this.#client.oauth2ClientCredentialsTokens(this.scopes);
  }

  /**
   * Redacted fields for printing.
   *
   * @returns Plain data without token strings.
   */
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), scopes: this.scopes };
  }
}
