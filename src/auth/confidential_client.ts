/**
 * The client for confidential apps (services with a client secret).
 *
 * @module
 */
import {
  CREATE_CLIENT_OPTIONS,
  DEPENDENT_TOKENS_OPTIONS,
  SIGNAL_OPTIONS,
  TOKEN_INTROSPECT_OPTIONS,
} from "./developer/_option_names.ts";
import {
  BASE_CLIENT_OPTIONS,
  checkOptions,
  registerClientOptions,
} from "../core/_options.ts";
import { z } from "../core/_schema.ts";
import type { QueryValue } from "../core/transport.ts";
import { parseResponse } from "../core/validate.ts";
import { withPythonReads } from "../core/_python_reads.ts";
import {
  type AuthorizationCodeFlow,
  type RequestedScopes,
  startFlowArgs,
  type StartFlowOptions,
} from "./flow.ts";
import {
  AuthLoginClient,
  formFields,
  type LoginClientOptions,
  type OAuthRequestOptions,
  requireToken,
} from "./login_client_base.ts";
import { Scope } from "./scopes.ts";
import { DEFAULT_REQUESTED_SCOPES } from "./flow.ts";
import {
  type CreateClientOptions,
  newClientBody,
} from "./auth_developer_client.ts";
import type { ClientResponse } from "./auth_developer_types.ts";
import { ClientResponseSchema } from "./_developer_schemas.ts";
import { hideFromInspect } from "../core/redact.ts";
import type {
  OAuthDependentTokenResponse,
  OAuthTokenResponse,
} from "./token_response.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean } from "../core/_option_values.ts";
import "./_flow_manager_names.ts";

/** The start of a message about oauth2GetDependentTokens()'s options. */
const DEPENDENT_TOKENS = "Cannot get dependent tokens";

/** Options for `oauth2GetDependentTokens()`. */
export interface DependentTokensOptions extends OAuthRequestOptions {
  /** The scopes to get dependent tokens for (default: all the token allows). */
  scope?: string | Scope | Iterable<string | Scope> | null | undefined;
  /**
   * Ask for refresh tokens (`access_type=offline`).
   * @default {false}
   */
  refreshTokens?: boolean | null | undefined;
  /**
   * More form fields for the request (Python's `additional_params`), added
   * last; an `undefined` value is left out.
   */
  additionalParams?: Record<string, string | undefined> | undefined;
}

/**
 * Options for `oauth2ClientCredentialsTokens({ … })`, the form of Python's
 * `oauth2_client_credentials_tokens(requested_scopes=…)`.
 */
export interface ClientCredentialsTokensOptions extends OAuthRequestOptions {
  /**
   * The scopes (a space-separated string, a `Scope` or a list); by default
   * `openid profile email` and Transfer's `all`.
   */
  requestedScopes?: string | Scope | Iterable<string | Scope> | undefined;
}

/** Options of the `{ requestedScopes }` form. */
const CLIENT_CREDENTIALS_OPTIONS: readonly string[] = [
  "requestedScopes",
  "signal",
];

/** Options for `oauth2TokenIntrospect()`. */
export interface TokenIntrospectOptions extends OAuthRequestOptions {
  /** Extra fields to include, e.g. `"identity_set"` (comma-joined). */
  include?: string | readonly string[] | undefined;
  /** Extra query parameters on the URL (Python's `query_params`). */
  queryParams?: Record<string, QueryValue> | undefined;
}

/** The body of a token introspection response. */
export interface TokenIntrospection {
  /** Whether the token is valid. */
  active: boolean;
  /** Its scopes, space-separated. */
  scope?: string;
  /** The client it was issued to. */
  client_id?: string;
  /** The user's identity id. */
  sub?: string;
  /** The user's username. */
  username?: string;
  /** Expiry, in seconds since the epoch. */
  exp?: number;
  /** When the token was issued, in seconds since the epoch. */
  iat?: number;
  /** When the token became valid, in seconds since the epoch. */
  nbf?: number;
  /** The token's type, `Bearer`. */
  token_type?: string;
  /**
   * The audiences: the resource servers and client ids the token is for,
   * e.g. `["auth.globus.org", clientId]`.
   */
  aud?: string[];
  /** The issuer, `https://auth.globus.org`. */
  iss?: string;
  /** The user's email address. */
  email?: string | null;
  /** The user's display name. */
  name?: string | null;
  /**
   * The ids of the identities in the user's session, with
   * `include: "identity_set"` (an inactive token has none).
   */
  identity_set?: string[];
  /** Any other field. */
  [key: string]: unknown;
}

const IntrospectionSchema: z.ZodType<TokenIntrospection> = z.lazy(() => {
  const str = () => z.string().exactOptional();
  const num = () => z.number().exactOptional();
  return z.looseObject({
    active: z.boolean(),
    scope: str(),
    client_id: str(),
    sub: str(),
    username: str(),
    exp: num(),
    iat: num(),
    nbf: num(),
    token_type: str(),
    aud: z.array(z.string()).exactOptional(),
    iss: str(),
    email: z.string().nullable().exactOptional(),
    name: z.string().nullable().exactOptional(),
    identity_set: z.array(z.string()).exactOptional(),
  });
});

/**
 * An OAuth2 client for a confidential app (with a client secret), like the
 * Python SDK's `ConfidentialAppAuthClient`. Every request authenticates with
 * HTTP Basic (`client_id:client_secret`). The secret is kept private and
 * never appears in inspect output or errors. Needs `--allow-net`.
 *
 * Its methods, by area (each is documented on the class that holds it,
 * which this one extends):
 *
 * - The app's own grants: `oauth2ClientCredentialsTokens`,
 *   `oauth2GetDependentTokens`, `oauth2TokenIntrospect`, and
 *   `createChildClient`.
 * - Login (the authorization code flow with PKCE): `oauth2StartFlow`,
 *   `oauth2GetAuthorizeUrl`, `oauth2ExchangeCodeForTokens`.
 * - Tokens: `oauth2RefreshToken`, `oauth2RevokeToken`, `oauth2Token` (any
 *   grant).
 * - OpenID: `getOpenidConfiguration`, `getJwk`.
 * - `toJSON` (what `JSON.stringify` writes: the client id and URL, never a
 *   secret), `toString` (the class and base URL).
 * - `addAppScope` (Python's add_app_scope, for a client made with
 *   `{ app }`), `close` (also the end of a using block).
 * - Any route, as Python's `client.get(…)`: `get`, `post`, `put`, `patch`,
 *   `delete`, `request`.
 * - For subclasses (protected): `clientCredentialsGrant`,
 *   `dependentTokenGrant`, `introspectRequest`, `clientAuthHeaders`, `call`,
 *   `raw`, `genericPath`.
 *
 * @example Get tokens for the app itself
 * ```ts ignore
 * import { ConfidentialAppAuthClient, TransferScopes } from "@globus-deno/sdk";
 * const client = new ConfidentialAppAuthClient("CLIENT_ID", "CLIENT_SECRET");
 * const tokens = await client.oauth2ClientCredentialsTokens(TransferScopes.all);
 * console.log(tokens.byResourceServer["transfer.api.globus.org"]?.expires_at_seconds);
 * ```
 */
export class ConfidentialAppAuthClient extends AuthLoginClient {
  /**
   * Creates the client.
   *
   * @param clientId The app's client id.
   * @param clientSecret The app's secret.
   * @param options Environment, base URL, `fetch`, clock, retry, timeout.
   * @throws {TypeError} When the id or secret is empty.
   */
  constructor(
    clientId: string,
    clientSecret: string,
    options: LoginClientOptions = {},
  ) {
    super(clientId, options, clientSecret ?? "");
  }

  /**
   * Starts an authorization-code flow and makes it the current one.
   *
   * @param options Redirect URI (required), scopes, refresh tokens, state.
   * @returns The flow (also kept as `currentOAuth2Flow`).
   * @throws {TypeError} For invalid options.
   */
  override oauth2StartFlow(options?: StartFlowOptions): AuthorizationCodeFlow;
  /**
   * Starts a flow in Python's positional form,
   * `oauth2_start_flow(redirect_uri, requested_scopes, refresh_tokens=True)`:
   * the same as `{ redirectUri, requestedScopes }` in the options.
   *
   * @param redirectUri Where Globus Auth sends the user after login.
   * @param requestedScopes The scopes to request (the defaults when left out).
   * @param options Refresh tokens, state, …
   * @returns The flow (also kept as `currentOAuth2Flow`).
   * @throws {TypeError} For invalid options, or one given twice.
   */
  override oauth2StartFlow(
    redirectUri: string,
    requestedScopes?: RequestedScopes,
    options?: Omit<StartFlowOptions, "redirectUri" | "requestedScopes">,
  ): AuthorizationCodeFlow;
  override oauth2StartFlow(...args: unknown[]): AuthorizationCodeFlow {
    return super.oauth2StartFlow(
      startFlowArgs(["redirectUri", "requestedScopes"], args),
    );
  }

  /**
   * Gets tokens for the app's own identity
   * (`POST {auth}/v2/oauth2/token`, `grant_type=client_credentials`).
   *
   * Takes the scopes first (`oauth2ClientCredentialsTokens(TransferScopes.all)`)
   * or, as Python's keyword, in an object
   * (`oauth2ClientCredentialsTokens({ requestedScopes: TransferScopes.all })`).
   *
   * @param scopes The scopes (a space-separated string or a list); by
   *   default, as in the Python SDK, `openid profile email` and Transfer's
   *   `all` ({@linkcode DEFAULT_REQUESTED_SCOPES}).
   * @param options `signal` aborts the request.
   * @returns The token response.
   * @throws {TypeError} When the scopes given are empty.
   * @throws {AuthAPIError} When Globus Auth refuses.
   */
  async oauth2ClientCredentialsTokens(
    scopes?: string | Scope | Iterable<string | Scope>,
    options?: OAuthRequestOptions,
  ): Promise<OAuthTokenResponse>;
  /**
   * Gets tokens for the app's own identity, with Python's keyword form:
   * `oauth2ClientCredentialsTokens({ requestedScopes: TransferScopes.all })`.
   *
   * @param options `requestedScopes` (by default `openid profile email` and
   *   Transfer's `all`), `signal`.
   * @returns The token response.
   * @throws {TypeError} When the scopes given are empty.
   * @throws {AuthAPIError} When Globus Auth refuses.
   */
  async oauth2ClientCredentialsTokens(
    options: ClientCredentialsTokensOptions,
  ): Promise<OAuthTokenResponse>;
  async oauth2ClientCredentialsTokens(
    scopes:
      | string
      | Scope
      | Iterable<string | Scope>
      | ClientCredentialsTokensOptions = DEFAULT_REQUESTED_SCOPES,
    options: OAuthRequestOptions = {},
  ): Promise<OAuthTokenResponse> {
    const where = "ConfidentialAppAuthClient.oauth2ClientCredentialsTokens()";
    if (isOptionsObject(scopes)) {
      checkOptions(where, scopes, CLIENT_CREDENTIALS_OPTIONS);
      options = scopes;
      scopes = scopes.requestedScopes ?? DEFAULT_REQUESTED_SCOPES;
    } else checkOptions(where, options, SIGNAL_OPTIONS);
    const scope = Scope.serialize(scopes);
    if (scope === "") {
      throw kernelStack(
        new TypeError(
          "Cannot call oauth2ClientCredentialsTokens() as 'scopes' is empty",
        ),
      );
    }
    return await this.clientCredentialsGrant(scope, options.signal);
  }

  /**
   * Exchanges a token the app received for tokens to call other services
   * on the user's behalf (`POST {auth}/v2/oauth2/token`,
   * `grant_type=urn:globus:auth:grant_type:dependent_token`). The response
   * is a bare array of tokens.
   *
   * @param token The access token the app received.
   * @param options `scope`, `refreshTokens`, `additionalParams`, `signal`.
   * @returns The dependent token response.
   * @throws {AuthAPIError} When Globus Auth refuses.
   */
  async oauth2GetDependentTokens(
    token: string,
    options: DependentTokensOptions = {},
  ): Promise<OAuthDependentTokenResponse> {
    checkOptions(
      "ConfidentialAppAuthClient.oauth2GetDependentTokens()",
      options,
      DEPENDENT_TOKENS_OPTIONS,
    );
    requireToken(token, "token", "oauth2GetDependentTokens");
    const params: Record<string, string> = { token };
    // null is Python's None: left out (all the token allows).
    if (options.scope !== undefined && options.scope !== null) {
      params["scope"] = Scope.serialize(options.scope);
    }
    // `refreshTokens: "false"` asked for refresh tokens.
    if (
      checkBoolean(DEPENDENT_TOKENS, "refreshTokens", options.refreshTokens)
    ) {
      params["access_type"] = "offline";
    }
    Object.assign(
      params,
      formFields(
        "ConfidentialAppAuthClient.oauth2GetDependentTokens()",
        "additionalParams",
        options.additionalParams,
      ),
    );
    return await this.dependentTokenGrant(params, options.signal);
  }

  /**
   * Asks Globus Auth about a token
   * (`POST {auth}/v2/oauth2/token/introspect`).
   *
   * @param token The token.
   * @param options `include` (e.g. `"identity_set"`), `queryParams`,
   *   `signal`.
   * @returns The introspection body (`active`, `scope`, `sub`, …).
   * @throws {AuthAPIError} When Globus Auth refuses.
   * @throws {ResponseValidationError} When the body has no `active` flag.
   */
  async oauth2TokenIntrospect(
    token: string,
    options: TokenIntrospectOptions = {},
  ): Promise<TokenIntrospection> {
    checkOptions(
      "ConfidentialAppAuthClient.oauth2TokenIntrospect()",
      options,
      TOKEN_INTROSPECT_OPTIONS,
    );
    requireToken(token, "token", "oauth2TokenIntrospect");
    const include = options.include === undefined
      ? undefined
      : typeof options.include === "string"
      ? options.include
      : options.include.join(",");
    const { data, request, status, headers } = await this
      .introspectRequest(
        token,
        include,
        options.signal,
        options.queryParams,
      );
    return withPythonReads(
      parseResponse(IntrospectionSchema, data, "token introspection", request),
      status,
      headers,
    );
  }

  /**
   * Creates a client whose parent is this client, in its project
   * (`POST {auth}/v2/api/clients`, authenticated as this client).
   *
   * @param name The name shown on consent pages.
   * @param options Exactly one of `publicClient` and `clientType`; and
   *   `visibility`, `redirectUris`, `termsAndConditions` with
   *   `privacyPolicy`, `requiredIdp`, `preselectIdp`, `additionalFields`.
   * @returns `{ client }` (and `included.client_credential` with the new
   *   client's secret, shown only here; it prints as `[REDACTED]`).
   * @throws {TypeError} For the argument combinations the Python SDK refuses.
   * @throws {AuthAPIError} For an error response.
   */
  async createChildClient(
    name: string,
    options: CreateClientOptions = {},
  ): Promise<ClientResponse> {
    checkOptions(
      "ConfidentialAppAuthClient.createChildClient()",
      options,
      CREATE_CLIENT_OPTIONS,
    );
    const client = newClientBody("createChildClient", { ...options, name });
    const res = await this.call("POST", "v2/api/clients", {
      json: { client },
      headers: this.clientAuthHeaders(),
      query: options.queryParams ?? {},
      schema: ClientResponseSchema,
      what: "client",
      signal: options.signal,
    });
    return hideFromInspect(res, "ClientResponse");
  }
}
registerClientOptions(ConfidentialAppAuthClient, BASE_CLIENT_OPTIONS);

/** Whether `value` is an options object rather than scopes (a plain object). */
function isOptionsObject(
  value: unknown,
): value is ClientCredentialsTokensOptions {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === null || proto === Object.prototype ||
    proto?.constructor?.name === "Object";
}
