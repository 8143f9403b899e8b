/**
 * `ClientApp`: an app that acts as itself (client credentials), with no
 * user and no login prompt.
 *
 * @module
 */
import type { AuthorizeUrlOptions } from "../auth/flow.ts";
import { ConfidentialAppAuthClient } from "../auth/confidential_client.ts";
import type { OAuthTokenResponse } from "../auth/token_response.ts";
import { ClientCredentialsAuthorizer } from "../authorizers/client_credentials.ts";
import type { Authorizer } from "../core/authorizer.ts";
import type { StoredTokenData } from "../tokens/token_storage.ts";
import { checkOptions, describeNonObject } from "../core/_options.ts";
import {
  CLIENT_APP_OPTIONS,
  GLOBUS_APP_CONFIG_OPTIONS,
  USER_APP_CONFIG_OPTIONS,
} from "./_option_names.ts";
import {
  GlobusApp,
  type GlobusAppConfig,
  type ScopeRequirements,
} from "./globus_app.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Options for {@linkcode ClientApp}. */
export interface ClientAppOptions {
  /** The app's name (part of the token file path). */
  appName: string;
  /** The confidential client's id. */
  clientId: string;
  /** The confidential client's secret (kept inside the auth client, never printed). */
  clientSecret: string;
  /** Scopes the app needs, per resource server (service clients add theirs). */
  scopeRequirements?: ScopeRequirements | undefined;
  /** Token storage, environment, `fetch`, clock. */
  config?: GlobusAppConfig | undefined;
}

/**
 * An app that authenticates as its own client identity with the client
 * credentials grant, like the Python SDK's `ClientApp`. Tokens are cached
 * the same way as {@linkcode UserApp}'s (the Python SDK's token file by
 * default) and renewed with client credentials when they expire.
 *
 * Needs `--allow-net` (Globus Auth), and with the default token file
 * `--allow-read`/`--allow-write` for `~/.globus` and `--allow-env=HOME`.
 *
 * @example Use Transfer as a service account
 * ```ts ignore
 * import { ClientApp, TransferClient } from "@globus-deno/sdk";
 * const app = new ClientApp({
 *   appName: "My Service",
 *   clientId: "…",
 *   clientSecret: Deno.env.get("GLOBUS_CLIENT_SECRET")!,
 * });
 * const tc = new TransferClient({ app });
 * console.log(await tc.getSubmissionId());
 * ```
 */
export class ClientApp extends GlobusApp {
  /** The Auth client that gets, renews and revokes the tokens. */
  readonly authClient: ConfidentialAppAuthClient;
  /**
   * Per resource server, the requirements (serialized, dependencies
   * included) that this process last got or used its tokens for. A token's
   * `scope` never lists dependent scopes (a collection's data_access under
   * Transfer's `all`), and a client has no consents to look at, so a
   * requirement that gains one after the tokens were used
   * (`tc.addAppDataAccessScope(id)` after a first call) is known only
   * here: its tokens are got again, with no person needed.
   */
  readonly #usedFor = new Map<string, string>();

  /**
   * Creates the app (no request is made until tokens are needed).
   *
   * @param options Name, client id and secret, requirements and config.
   * @throws {TypeError} For an empty name, id or secret, an option name
   *   it does not know, or a `loginFlowManager` in the config.
   */
  constructor(options: ClientAppOptions) {
    checkOptions("ClientApp", options, CLIENT_APP_OPTIONS, {
      required: true,
      positional: "appName",
      example:
        'new ClientApp({ appName: "My Service", clientId: "…", clientSecret: "…" })',
      nested: { config: GLOBUS_APP_CONFIG_OPTIONS },
    });
    const secret: unknown = options.clientSecret;
    const id: unknown = (options as { clientId?: unknown }).clientId;
    if (
      (secret === undefined || secret === "") &&
      (id === undefined || id === "")
    ) {
      // Both read from unset environment variables (process.env.…), as a
      // job run in a shell without them does: the secret-only message
      // suggested a UserApp.
      throw kernelStack(
        new TypeError(
          `Cannot create the app as a ClientApp needs 'clientId' and 'clientSecret', the id and secret of a confidential client (made at https://app.globus.org/settings/developers): both are ${
            id === undefined && secret === undefined ? "undefined" : "empty"
          } (read from environment variables that are not set?)`,
        ),
      );
    }
    if (secret !== undefined && typeof secret !== "string") {
      throw kernelStack(
        new TypeError(
          `Cannot create the app as 'clientSecret' must be a string (the secret of a confidential client): current value is ${
            describeNonObject(secret)
          }`,
        ),
      );
    }
    if (typeof secret !== "string" || secret.trim() === "") {
      throw kernelStack(
        new TypeError(
          "Cannot create the app as a ClientApp needs 'clientSecret', the secret of a confidential client (made at https://app.globus.org/settings/developers); to log a person in without a secret, use a UserApp",
        ),
      );
    }
    const config = options?.config ?? {};
    // A UserApp's login settings, as in a GlobusAppConfig shared with one
    // (Python's one GlobusAppConfig has them): said as such, not as unknown.
    const login = typeof config === "object" && config !== null
      ? USER_APP_CONFIG_OPTIONS.filter((k) =>
        k !== "loginFlowManager" && !GLOBUS_APP_CONFIG_OPTIONS.includes(k) &&
        Object.hasOwn(config, k)
      )
      : [];
    if (login.length > 0) {
      throw kernelStack(
        new TypeError(
          `Cannot create the app as config.${login.join(", config.")} ${
            login.length > 1 ? "are UserApp settings" : "is a UserApp setting"
          }: a ClientApp gets its tokens with client credentials, no user logs in. Leave ${
            login.length > 1 ? "them" : "it"
          } out of the ClientApp's config, e.g. const { ${
            login.join(", ")
          }, ...clientConfig } = config; new ClientApp({ …, config: clientConfig })`,
        ),
      );
    }
    if (
      (config as { loginFlowManager?: unknown }).loginFlowManager === undefined
    ) {
      checkOptions("ClientApp config", config, GLOBUS_APP_CONFIG_OPTIONS, {
        example: '{ config: { tokenStorage: "memory" } }',
      });
    }
    if (
      (config as { loginFlowManager?: unknown }).loginFlowManager !== undefined
    ) {
      throw kernelStack(
        new TypeError(
          "Cannot create the app as a ClientApp cannot use a loginFlowManager: it gets its tokens with client credentials, no user logs in. Remove config.loginFlowManager, or use a UserApp",
        ),
      );
    }
    super(options?.appName, options?.clientId, undefined, config);
    this.authClient = new ConfidentialAppAuthClient(
      this.clientId,
      options.clientSecret,
      {
        environment: this.environment,
        ...(config.authBaseUrl !== undefined
          ? { baseUrl: config.authBaseUrl }
          : {}),
        ...(config.fetch ? { fetch: config.fetch } : {}),
        clock: this.clock,
      },
    );
    if (options.scopeRequirements) {
      this.addScopeRequirements(options.scopeRequirements);
    }
  }

  /**
   * A token request started by requests is cancelled when every one of
   * them has been aborted (no person is waiting on it).
   *
   * @returns `true`.
   */
  protected override get cancelsLoginWithRequests(): boolean {
    return true;
  }

  /**
   * Gets tokens for every required scope with client credentials.
   *
   * @param requestedScopes Every required scope.
   * @param _authParams Unused (no user, no session).
   * @param signal Aborts when every request waiting for these tokens has
   *   been aborted: the token request is cancelled.
   * @returns The token response.
   */
  protected async runLogin(
    requestedScopes: string[],
    _authParams: AuthorizeUrlOptions,
    signal?: AbortSignal,
  ): Promise<OAuthTokenResponse> {
    const requirements = this.scopeRequirements;
    const response = await this.authClient.oauth2ClientCredentialsTokens(
      requestedScopes,
      {
        signal: signal
          ? AbortSignal.any([this.closeSignal, signal])
          : this.closeSignal,
      },
    );
    for (const [rs, scopes] of Object.entries(requirements)) {
      this.#usedFor.set(rs, scopes.join(" "));
    }
    return response;
  }

  /**
   * Whether {@linkcode GlobusApp.login} would get new tokens: as a
   * `UserApp`'s, and also when a requirement gained a scope (a dependent
   * one included, e.g. a collection's data_access) since this app got or
   * used its tokens.
   *
   * @returns `true` when `login()` would get tokens.
   * @throws {TokenStorageError} When the token cache cannot be read.
   */
  override async loginRequired(): Promise<boolean> {
    if (this.#changedServers().length > 0) return true;
    return await super.loginRequired();
  }

  /** Resource servers whose requirements changed since their tokens were used. */
  #changedServers(): string[] {
    const now = this.scopeRequirements;
    return [...this.#usedFor].filter(([rs, used]) =>
      (now[rs] ?? []).join(" ") !== used
    ).map(([rs]) => rs);
  }

  /**
   * A client-credentials authorizer that starts from the cached token and
   * writes renewed tokens to the cache.
   *
   * @param resourceServer The resource server.
   * @param data Its cached tokens.
   * @returns The authorizer.
   */
  protected buildAuthorizer(
    resourceServer: string,
    data: StoredTokenData,
  ): Authorizer {
    const scopes = this.scopeRequirements[resourceServer] ?? [];
    // Cached tokens got for fewer scopes than now required (a dependent
    // scope added after they were used): the authorizer gets new ones on
    // its first use instead of sending the old ones.
    const outdated = this.#changedServers().includes(resourceServer);
    this.#usedFor.set(resourceServer, scopes.join(" "));
    return new ClientCredentialsAuthorizer(
      this.authClient,
      scopes,
      {
        ...(outdated ? {} : {
          accessToken: data.access_token,
          expiresAt: data.expires_at_seconds,
        }),
        clock: this.clock,
        onRefresh: (response) => this.tokenStorage.storeTokenResponse(response),
      },
    );
  }

  /**
   * Revokes a token (`POST {auth}/v2/oauth2/token/revoke`, Basic auth).
   *
   * @param token The token.
   */
  protected async revokeToken(token: string): Promise<void> {
    await this.authClient.oauth2RevokeToken(token);
  }
}
