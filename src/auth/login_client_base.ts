/**
 * What native and confidential app clients share: the OAuth2 protocol
 * through `oauth4webapi`, with every token-endpoint request sent through
 * the {@linkcode HttpTransport} (retries, timeouts, `AuthAPIError`).
 *
 * @module
 */
import { classLabel, extendsNamed } from "../core/_class_label.ts";
import {
  BODY_PARAMS_OPTIONS,
  JWK_OPTIONS,
  OAUTH2_TOKEN_OPTIONS,
  SIGNAL_OPTIONS,
} from "./developer/_option_names.ts";
import {
  checkClientOptions,
  checkOptions,
  describeNonObject,
} from "../core/_options.ts";
import type * as OAuth from "oauth4webapi";
import { BaseClient } from "../core/base_client.ts";
import type { Clock } from "../core/clock.ts";
import {
  AuthAPIError,
  GlobusAPIError,
  type GlobusAPIErrorInit,
  NetworkError,
  TimeoutError,
} from "../core/errors.ts";
import { resolveEnvironment } from "../core/environments.ts";
import { DENO_INSPECT, NODE_INSPECT, redactUrl } from "../core/redact.ts";
import { z } from "../core/_schema.ts";
import { parseResponse } from "../core/validate.ts";
import { withPythonReads } from "../core/_python_reads.ts";
import {
  neverSent,
  type QueryValue,
  type TransportOptions,
  type TransportResponse,
} from "../core/transport.ts";
import { systemClock } from "../core/clock.ts";
import {
  type AuthorizationCodeFlow,
  AUTHORIZE_URL_OPTIONS,
  type AuthorizeUrlOptions,
  type CodeExchanger,
  createFlow,
  noFlowError,
  type StartFlowOptions,
} from "./flow.ts";
import { AuthCodeExchangeError, parseAuthCode } from "./paste_code.ts";
import type { GlobusHTTPResponse } from "../core/response.ts";
import type { GetJwkOptions } from "./_oidc.ts";
import type {
  AuthJwks,
  OpenIdConfigurationDocument,
} from "./auth_developer_types.ts";
import { npmDependency } from "../core/_npm_dependency.ts";
import { AuthScopes } from "./scopes.ts";
import {
  OAuthDependentTokenResponse,
  OAuthTokenResponse,
  type TokenResponseContext,
} from "./token_response.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { keywordObjectHint } from "./_positional_args.ts";

/**
 * oauth4webapi, loaded on the first call to Globus Auth: a program that only
 * uses cached tokens never needs it, and its import is a tenth of the SDK's.
 * The login flows load it before they show a link
 * ({@linkcode loadLoginDependencies}), so a setup that cannot load it fails
 * before the person signs in, not after.
 */
const loadOAuth: () => Promise<typeof OAuth> = npmDependency(
  "oauth4webapi",
  "logins and token requests",
  () => import("oauth4webapi"),
);

/**
 * Loads what a login's code exchange needs, so that a setup that cannot
 * load it fails before the link is shown.
 *
 * @returns When loaded.
 * @throws {Error} Naming the package and the fix.
 */
export async function loadLoginDependencies(): Promise<void> {
  await loadOAuth();
}

function basicCredentials(id: string, secret: string): string {
  const bytes = new TextEncoder().encode(`${id}:${secret}`);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Options for {@linkcode NativeAppAuthClient} and {@linkcode ConfidentialAppAuthClient}. */
export interface LoginClientOptions extends TransportOptions {
  /** The Globus environment (default: `GLOBUS_SDK_ENVIRONMENT` or production). */
  environment?: string | undefined;
  /** Overrides the auth service base URL. */
  baseUrl?: string | undefined;
}

/** Options for single OAuth2 requests. */
export interface OAuthRequestOptions {
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
}

/** Options of a refresh or a revocation (Python's `body_params`). */
export interface OAuthBodyParamsOptions extends OAuthRequestOptions {
  /**
   * Extra form fields sent with the request (Python's `body_params`);
   * `undefined` and `null` values are left out.
   */
  bodyParams?: Record<string, string | undefined> | undefined;
}

/** The body of a token revocation response (Globus Auth: `{ active: false }`). */
export interface TokenRevocation {
  /** `false`: the token is no longer valid. */
  active?: boolean | undefined;
  /** Any other field. */
  [key: string]: unknown;
}

const RevocationSchema: z.ZodType<TokenRevocation> = z.lazy(() =>
  z.looseObject({ active: z.boolean().optional() })
);

/** Options for {@linkcode AuthLoginClient.oauth2Token}. */
export interface OAuth2TokenOptions extends OAuthRequestOptions {
  /** Extra form fields, merged over the form data (Python's `body_params`). */
  bodyParams?: Record<string, string | undefined> | undefined;
  /**
   * The response class: `OAuthTokenResponse` (the default) or
   * `OAuthDependentTokenResponse` for grants answered with a bare array.
   */
  responseClass?:
    | typeof OAuthTokenResponse
    | typeof OAuthDependentTokenResponse
    | undefined;
}

/**
 * The shared base of the app clients that drive OAuth2 flows. Not used
 * directly: see {@linkcode NativeAppAuthClient} and
 * {@linkcode ConfidentialAppAuthClient}.
 *
 * @example Log in against the local emulator
 * ```ts
 * import { type AuthLoginClient, NativeAppAuthClient, TransferScopes, TUTORIAL_CLIENT_ID } from "@globus-deno/sdk";
 * import { startEmulator } from "@globus-deno/sdk/testing";
 * const emulator = await startEmulator();
 * const client: AuthLoginClient = new NativeAppAuthClient(TUTORIAL_CLIENT_ID, {
 *   baseUrl: emulator.authUrl,
 * });
 * client.oauth2StartFlow({ requestedScopes: TransferScopes.all, refreshTokens: true });
 * const url = client.oauth2GetAuthorizeUrl(); // send the user here
 * const code = await emulator.approve(url); // the emulator plays the user
 * const tokens = await client.oauth2ExchangeCodeForTokens(code);
 * console.log(tokens.resourceServers); // [ "transfer.api.globus.org" ]
 * await emulator.close();
 * ```
 */
export abstract class AuthLoginClient extends BaseClient {
  /** The app's client id. */
  readonly clientId: string;
  /** The environment name (`production`, `sandbox`, …). */
  readonly environment: string;
  /** The clock used for `expires_at_seconds` and id_token checks. */
  readonly clock: Clock;
  #flow: AuthorizationCodeFlow | undefined;
  readonly #secret: string | undefined;

  /**
   * Creates the client (subclasses call this).
   *
   * @param clientId The app's client id.
   * @param options Transport and environment options.
   * @param clientSecret The secret of a confidential app; `undefined` for a
   *   native app (which then uses PKCE and sends `client_id` in the body).
   * @throws {TypeError} When the client id or a given secret is empty, or
   *   for `new AuthLoginClient(…)` itself (in plain JavaScript).
   */
  protected constructor(
    clientId: string,
    options: LoginClientOptions,
    clientSecret?: string,
  ) {
    // Abstract only to TypeScript: plain JavaScript (and a port of Python's
    // AuthLoginClient(client_id=…)) reaches here with no options.
    if (new.target === AuthLoginClient) {
      throw kernelStack(
        new TypeError(
          "Cannot create an AuthLoginClient: it is the shared base of the login clients, not one itself (the Python SDK's AuthLoginClient(client_id=…)); use new NativeAppAuthClient(clientId) for an app without a secret, or new ConfidentialAppAuthClient(clientId, clientSecret) for one with a secret (both revoke tokens and decode id_tokens)",
        ),
      );
    }
    if (typeof clientId !== "string" || clientId.trim() === "") {
      throw kernelStack(
        new TypeError(
          `Cannot create an auth client as 'clientId' must be a non-empty string: current value is ${
            typeof clientId === "string" || clientId === undefined ||
              clientId === null
              ? JSON.stringify(clientId) ?? "undefined"
              : `${
                Array.isArray(clientId)
                  ? "an array"
                  : typeof clientId === "object"
                  ? "an object"
                  : `a ${typeof clientId}`
              } (${
                extendsNamed(new.target, "ConfidentialAppAuthClient")
                  ? "the client id and secret come first"
                  : "the client id comes first"
              }, then the options: new ${classLabel(new.target)}(clientId${
                extendsNamed(new.target, "ConfidentialAppAuthClient")
                  ? ", clientSecret"
                  : ""
              }, { baseUrl }))`
          }`,
        ),
      );
    }
    checkClientOptions(
      new.target,
      options,
      `new ${
        classLabel(new.target)
      }(clientId, { baseUrl, environment, fetch })`,
    );
    const { environment, baseUrl, ...transport } = options;
    super(
      "auth",
      AuthScopes.resourceServer,
      [],
      {
        ...transport,
        ...(environment !== undefined ? { environment } : {}),
        ...(baseUrl !== undefined ? { baseUrl } : {}),
      },
      AuthAPIError,
    );
    if (
      clientSecret !== undefined &&
      (typeof clientSecret !== "string" || clientSecret === "")
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot create ${
            classLabel(new.target)
          } as 'clientSecret' must be a non-empty string: current value is ${
            describeNonObject(clientSecret)
          }${
            typeof clientSecret === "object" && clientSecret !== null
              ? ` (the secret comes second, as a string, then the options: new ${
                classLabel(new.target)
              }(clientId, clientSecret, { baseUrl }))`
              : ""
          }`,
        ),
      );
    }
    this.clientId = clientId;
    this.environment = resolveEnvironment(environment);
    this.clock = options.clock ?? systemClock;
    this.#secret = clientSecret;
  }

  /** The flow started by the last `oauth2StartFlow()`, if any. */
  get currentOAuth2Flow(): AuthorizationCodeFlow | undefined {
    return this.#flow;
  }

  /**
   * The oauth4webapi client authentication: `None()` for native apps
   * (`client_id` in the body); for confidential apps HTTP Basic with the
   * plain `client_id:client_secret`, as the Python SDK sends it
   * (oauth4webapi's `ClientSecretBasic` form-encodes both parts first,
   * which changes secrets that contain `+`, `/` or `=`).
   */
  #clientAuth(oauth: typeof OAuth): OAuth.ClientAuth {
    const secret = this.#secret;
    if (secret === undefined) return oauth.None();
    const value = `Basic ${basicCredentials(this.clientId, secret)}`;
    return (_as, _client, _body, headers) => {
      headers.set("authorization", value);
    };
  }

  /** The authorization server metadata handed to oauth4webapi. */
  #as(): OAuth.AuthorizationServer {
    const at = (path: string) => new URL(path, this.baseUrl).href;
    return {
      issuer: this.baseUrl.replace(/\/$/, ""),
      authorization_endpoint: at("v2/oauth2/authorize"),
      token_endpoint: at("v2/oauth2/token"),
      revocation_endpoint: at("v2/oauth2/token/revoke"),
      introspection_endpoint: at("v2/oauth2/token/introspect"),
      userinfo_endpoint: at("v2/oauth2/userinfo"),
    };
  }

  /** The client metadata handed to oauth4webapi. */
  #client(): OAuth.Client {
    return { client_id: this.clientId };
  }

  /**
   * Sends one oauth4webapi-built request through the transport and returns
   * the transport's response (non-2xx has already thrown `AuthAPIError`).
   */
  async #send(
    send: (
      oauth: typeof OAuth,
      as: OAuth.AuthorizationServer,
      client: OAuth.Client,
      auth: OAuth.ClientAuth,
      options: OAuth.TokenEndpointRequestOptions,
    ) => Promise<Response>,
    signal: AbortSignal | undefined,
    idempotent = true,
    query?: Record<string, QueryValue>,
  ): Promise<TransportResponse> {
    const oauth = await loadOAuth();
    let captured: TransportResponse | undefined;
    const options: OAuth.TokenEndpointRequestOptions = {
      [oauth.customFetch]: async (url, init) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(init.headers)) {
          // The transport sets its own User-Agent and Content-Type.
          if (k !== "user-agent" && k !== "content-type") headers[k] = v;
        }
        const form: Record<string, string> = {};
        for (const [k, v] of init.body as URLSearchParams) form[k] = v;
        const res = await this.transport.request({
          method: init.method,
          url,
          ...(query ? { query } : {}),
          form,
          headers,
          authorizer: null,
          idempotent,
          errorClass: refusalErrorClass(form["grant_type"]),
          signal,
        });
        captured = res;
        const nullBody = res.status === 204 || res.status === 205 ||
          res.status === 304;
        return new Response(nullBody ? null : res.text, {
          status: res.status,
          headers: res.headers,
        });
      },
      [oauth.allowInsecureRequests]: this.baseUrl.startsWith("http:"),
    };
    await send(
      oauth,
      this.#as(),
      this.#client(),
      this.#clientAuth(oauth),
      options,
    );
    if (!captured) throw new Error("oauth4webapi sent no request");
    return captured;
  }

  #context(res: TransportResponse): TokenResponseContext {
    return {
      clientId: this.clientId,
      authBaseUrl: this.baseUrl,
      transport: this.transport,
      clock: this.clock,
      requestDescription: `${res.method} ${res.url}`,
      responseText: res.text,
      httpStatus: res.status,
      headers: res.headers,
    };
  }

  /**
   * Runs the client-credentials grant (for confidential apps).
   *
   * @param scope The scopes, space-separated.
   * @param signal Aborts the request.
   * @returns The token response.
   */
  protected async clientCredentialsGrant(
    scope: string,
    signal?: AbortSignal,
  ): Promise<OAuthTokenResponse> {
    const res = await this.#send(
      (oauth, as, client, auth, opts) =>
        oauth.clientCredentialsGrantRequest(as, client, auth, { scope }, opts),
      signal,
    );
    return new OAuthTokenResponse(res.data, this.#context(res));
  }

  /**
   * Runs the dependent-token grant (for confidential apps).
   *
   * @param params `token`, and optionally `scope` and `access_type`.
   * @param signal Aborts the request.
   * @returns The dependent token response.
   */
  protected async dependentTokenGrant(
    params: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<OAuthDependentTokenResponse> {
    const res = await this.#send(
      (oauth, as, client, auth, opts) =>
        oauth.genericTokenEndpointRequest(
          as,
          client,
          auth,
          "urn:globus:auth:grant_type:dependent_token",
          params,
          opts,
        ),
      signal,
    );
    return new OAuthDependentTokenResponse(res.data, this.#context(res));
  }

  /**
   * Posts to the introspection endpoint (for confidential apps).
   *
   * @param token The token.
   * @param include The `include` parameter, if any.
   * @param signal Aborts the request.
   * @returns The parsed body and a description of the request.
   */
  protected async introspectRequest(
    token: string,
    include: string | undefined,
    signal?: AbortSignal,
    query?: Record<string, QueryValue>,
  ): Promise<
    { data: unknown; request: string; status: number; headers: Headers }
  > {
    const res = await this.#send(
      (oauth, as, client, auth, opts) =>
        oauth.introspectionRequest(
          as,
          client,
          auth,
          token,
          include === undefined
            ? opts
            : { ...opts, additionalParameters: { include } },
        ),
      signal,
      true,
      query,
    );
    return {
      data: res.data,
      request: `${res.method} ${res.url}`,
      status: res.status,
      headers: res.headers,
    };
  }

  /**
   * Starts an authorization-code flow and makes it the current one.
   *
   * @param options Scopes, redirect URI, refresh tokens, state, …
   * @returns The flow (also kept as {@linkcode currentOAuth2Flow}).
   * @throws {TypeError} For invalid options.
   */
  oauth2StartFlow(options: StartFlowOptions = {}): AuthorizationCodeFlow {
    const exchange: CodeExchanger = (code, redirectUri, verifier, signal) =>
      this.#exchange(code, redirectUri, verifier, signal);
    this.#flow = createFlow(options, {
      clientId: this.clientId,
      authBaseUrl: this.baseUrl,
      defaultRedirectUri: this.#secret === undefined
        ? new URL("v2/web/auth-code", this.baseUrl).href
        : undefined,
      pkce: this.#secret === undefined,
      exchange,
    });
    return this.#flow;
  }

  /**
   * The authorize URL of the current flow.
   *
   * @param options Session parameters (`sessionRequiredIdentities`, …),
   *   `prompt`, and extra `queryParams` (merged last).
   * @returns The URL to send the user to.
   * @throws {GlobusError} When no flow was started.
   */
  oauth2GetAuthorizeUrl(options: AuthorizeUrlOptions = {}): string {
    checkOptions(
      "oauth2GetAuthorizeUrl()",
      options,
      AUTHORIZE_URL_OPTIONS,
      { example: "oauth2GetAuthorizeUrl({ sessionRequiredMfa: true })" },
    );
    if (!this.#flow) throw noFlowError("oauth2GetAuthorizeUrl");
    return this.#flow.getAuthorizeUrl(options);
  }

  /**
   * Exchanges an authorization code (or the pasted URL that carries
   * `code=`) for tokens, in the current flow. Sends
   * `POST {auth}/v2/oauth2/token` (`--allow-net`).
   *
   * @param code The code or URL.
   * @param options `signal` aborts the request.
   * @returns The token response.
   * @throws {GlobusError} When no flow was started.
   * @throws {AuthCodeInputError} When `code` is not a code.
   * @throws {AuthAPIError} When Globus Auth rejects the code.
   */
  async oauth2ExchangeCodeForTokens(
    code: string,
    options: OAuthRequestOptions = {},
  ): Promise<OAuthTokenResponse> {
    checkOptions("oauth2ExchangeCodeForTokens()", options, SIGNAL_OPTIONS);
    const hint = keywordObjectHint(code, "oauth2ExchangeCodeForTokens");
    if (hint) {
      throw kernelStack(
        new TypeError(
          `Cannot call oauth2ExchangeCodeForTokens() as 'code' must be a string (the authorization code), not an object${hint}`,
        ),
      );
    }
    if (!this.#flow) throw noFlowError("oauth2ExchangeCodeForTokens");
    return await this.#flow.exchangeCodeForTokens(code, options);
  }

  async #exchange(
    input: string,
    redirectUri: string,
    verifier: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<OAuthTokenResponse> {
    const code = parseAuthCode(input);
    let res: TransportResponse;
    try {
      // A code works once: not sent again after it may have been used.
      res = await this.#send(
        (oauth, as, client, auth, opts) => {
          const params = oauth.validateAuthResponse(
            as,
            client,
            new URLSearchParams({ code }),
            oauth.skipStateCheck,
          );
          return oauth.authorizationCodeGrantRequest(
            as,
            client,
            auth,
            params,
            redirectUri,
            verifier ?? oauth.nopkce,
            opts,
          );
        },
        signal,
        false,
      );
    } catch (e) {
      throw unconfirmedExchange(e) ?? e;
    }
    return new OAuthTokenResponse(res.data, this.#context(res));
  }

  /**
   * Gets new tokens with a refresh token
   * (`POST {auth}/v2/oauth2/token`, `grant_type=refresh_token`).
   *
   * @param refreshToken The refresh token.
   * @param options `bodyParams` (Python's `body_params`), `signal`.
   * @returns The token response (it may carry a new, rotated refresh token).
   * @throws {AuthAPIError} When Globus Auth rejects the refresh token.
   */
  async oauth2RefreshToken(
    refreshToken: string,
    options: OAuthBodyParamsOptions = {},
  ): Promise<OAuthTokenResponse> {
    checkOptions("oauth2RefreshToken()", options, BODY_PARAMS_OPTIONS);
    requireToken(refreshToken, "refreshToken", "oauth2RefreshToken");
    const extra = formFields(
      "oauth2RefreshToken()",
      "bodyParams",
      options.bodyParams,
    );
    const res = await this.#send(
      (oauth, as, client, auth, opts) =>
        oauth.refreshTokenGrantRequest(
          as,
          client,
          auth,
          refreshToken,
          extra ? { ...opts, additionalParameters: extra } : opts,
        ),
      options.signal,
    );
    return new OAuthTokenResponse(res.data, this.#context(res));
  }

  /**
   * Revokes an access or refresh token
   * (`POST {auth}/v2/oauth2/token/revoke`).
   *
   * @param token The token to revoke.
   * @param options `bodyParams` (Python's `body_params`), `signal`.
   * @returns Globus Auth's answer, `{ active: false }` (as the Python SDK's
   *   response reads `resp["active"]`); `{}` for an empty body.
   * @throws {AuthAPIError} When Globus Auth rejects the request.
   */
  async oauth2RevokeToken(
    token: string,
    options: OAuthBodyParamsOptions = {},
  ): Promise<TokenRevocation> {
    checkOptions("oauth2RevokeToken()", options, BODY_PARAMS_OPTIONS);
    requireToken(token, "token", "oauth2RevokeToken");
    const extra = formFields(
      "oauth2RevokeToken()",
      "bodyParams",
      options.bodyParams,
    );
    const res = await this.#send(
      (oauth, as, client, auth, opts) =>
        oauth.revocationRequest(
          as,
          client,
          auth,
          token,
          extra ? { ...opts, additionalParameters: extra } : opts,
        ),
      options.signal,
    );
    return withPythonReads(
      res.data === undefined ? {} : parseResponse(
        RevocationSchema,
        res.data,
        "token revocation",
        `POST ${redactUrl(res.url)}`,
      ),
      res.status,
      res.headers,
    );
  }

  /**
   * The generic token grant: posts `formData` (with `grant_type`) as a
   * form to `{auth}/v2/oauth2/token`, authenticated as this client (HTTP
   * Basic for a confidential app; `client_id` in the body for a native
   * app), like the Python SDK's `oauth2_token`.
   *
   * @param formData The form fields, with `grant_type`.
   * @param options `bodyParams`, `responseClass`, `signal`.
   * @returns The token response.
   * @throws {TypeError} When `grant_type` is missing.
   * @throws {AuthAPIError} When Globus Auth refuses.
   */
  async oauth2Token(
    formData: Record<string, string | undefined>,
    options: OAuth2TokenOptions = {},
  ): Promise<OAuthTokenResponse | OAuthDependentTokenResponse> {
    checkOptions("oauth2Token()", options, OAUTH2_TOKEN_OPTIONS);
    const form = formFields("oauth2Token()", "formData", formData) ?? {};
    Object.assign(
      form,
      formFields("oauth2Token()", "bodyParams", options.bodyParams),
    );
    const grantType = form["grant_type"];
    if (!grantType) {
      throw kernelStack(
        new TypeError(
          "Cannot call oauth2Token() as 'formData' has no 'grant_type' (e.g. \"refresh_token\" or \"client_credentials\")",
        ),
      );
    }
    delete form["grant_type"];
    const res = await this.#send(
      (oauth, as, client, auth, opts) =>
        oauth.genericTokenEndpointRequest(
          as,
          client,
          auth,
          grantType,
          form,
          opts,
        ),
      options.signal,
    );
    const cls = options.responseClass ?? OAuthTokenResponse;
    return new cls(res.data, this.#context(res));
  }

  /**
   * Globus Auth's OpenID Connect configuration
   * (`GET {auth}/.well-known/openid-configuration`).
   *
   * @param options `signal` aborts the request.
   * @returns The configuration (`issuer`, `jwks_uri`, …).
   * @throws {AuthAPIError} For an error response.
   */
  async getOpenidConfiguration(
    options: OAuthRequestOptions = {},
  ): Promise<OpenIdConfigurationDocument> {
    checkOptions("getOpenidConfiguration()", options, SIGNAL_OPTIONS);
    // Loaded on first use: a script with cached tokens never asks.
    const { fetchOpenidConfiguration } = await import("./_oidc.ts");
    return await fetchOpenidConfiguration(this, options.signal);
  }

  /**
   * Globus Auth's signing keys (the JWK set at the configuration's
   * `jwks_uri`), or with `asPem: true` the first key as a PEM public key.
   *
   * @param openidConfiguration The configuration, when already fetched.
   * @param options `asPem`, `signal`.
   * @returns The key set or the PEM text.
   * @throws {AuthAPIError} For an error response.
   */
  getJwk(
    openidConfiguration?:
      | OpenIdConfigurationDocument
      | GlobusHTTPResponse
      | undefined,
    options?: GetJwkOptions & { asPem?: false | undefined },
  ): Promise<AuthJwks>;
  /**
   * Globus Auth's first signing key as PEM text (`asPem: true`).
   *
   * @param openidConfiguration The configuration, when already fetched.
   * @param options `asPem: true`, `signal`.
   * @returns The PEM-encoded public key (SPKI).
   * @throws {AuthAPIError} For an error response.
   */
  getJwk(
    openidConfiguration:
      | OpenIdConfigurationDocument
      | GlobusHTTPResponse
      | undefined,
    options: GetJwkOptions & { asPem: true },
  ): Promise<string>;
  async getJwk(
    openidConfiguration?: OpenIdConfigurationDocument | GlobusHTTPResponse,
    options: GetJwkOptions = {},
  ): Promise<AuthJwks | string> {
    checkOptions("getJwk()", options, JWK_OPTIONS);
    const { fetchJwk } = await import("./_oidc.ts");
    return await fetchJwk(this, openidConfiguration, options);
  }

  /**
   * The `Authorization` header that authenticates this client to the Auth
   * API (HTTP Basic for a confidential app; none for a native app).
   *
   * @returns The headers to send.
   */
  protected clientAuthHeaders(): Record<string, string> {
    return this.#secret === undefined ? {} : {
      authorization: `Basic ${basicCredentials(this.clientId, this.#secret)}`,
    };
  }

  /**
   * A description without credentials.
   *
   * @returns Plain data.
   */
  toJSON(): Record<string, unknown> {
    return {
      clientId: this.clientId,
      environment: this.environment,
      baseUrl: this.baseUrl,
    };
  }

  /**
   * Deno's inspect hook.
   *
   * @returns The class name with client id and base URL.
   */
  override [DENO_INSPECT](): string {
    return `${classLabel(this.constructor)} ${JSON.stringify(this.toJSON())}`;
  }

  /**
   * Node's inspect hook.
   *
   * @returns The same as the Deno hook.
   */
  override [NODE_INSPECT](): string {
    return this[DENO_INSPECT]();
  }
}

/**
 * Extra form fields given as an option (`bodyParams`, `additionalParams`):
 * each value as a string, `undefined` and `null` left out.
 *
 * @param where The call, for the message (e.g. `"oauth2RefreshToken()"`).
 * @param option The option's name.
 * @param value The option's value.
 * @returns The fields, or `undefined` when the option was not given.
 * @throws {TypeError} When it is not an object of fields.
 */
export function formFields(
  where: string,
  option: string,
  value: unknown,
): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw kernelStack(
      new TypeError(
        `${where}: '${option}' must be an object of form fields, e.g. { ${option}: { name: "value" } }`,
      ),
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined && v !== null) out[k] = String(v);
  }
  return out;
}

/**
 * Throws a TypeError when a token argument is not a non-empty string.
 *
 * @param value The argument.
 * @param name Its name.
 * @param method The method.
 */
export function requireToken(
  value: unknown,
  name: string,
  method: string,
): asserts value is string {
  if (typeof value !== "string" || value.trim() === "") {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as '${name}' must be a non-empty string: current value is ${
          typeof value === "string"
            ? "an empty string"
            : Array.isArray(value)
            ? "a list"
            : value !== null && typeof value === "object"
            ? "an object"
            : String(value)
        }${keywordObjectHint(value, method)}`,
      ),
    );
  }
}

/**
 * Whether a failed request certainly never reached the server: Deno or
 * Node refused it for want of a permission, or no connection could be made
 * (refused, or the host name not found). Such a code exchange did not use
 * the code up.
 *
 * @param e The transport's error.
 * @returns `true` when the request was never sent.
 */
export function neverReachedServer(e: unknown): boolean {
  return neverSent(e, true);
}

/**
 * The error for a code exchange whose answer may have been lost after
 * Globus Auth used the code, or `undefined` for other errors (also for a
 * request that never reached Globus Auth: no permission, no connection).
 */
function unconfirmedExchange(e: unknown): AuthCodeExchangeError | undefined {
  let what: string;
  if (neverReachedServer(e)) return undefined;
  if (e instanceof TimeoutError) {
    what = `no answer within ${
      Math.round((e.elapsedMs ?? e.timeoutMs) / 1000)
    } s`;
  } else if (e instanceof NetworkError) {
    what = "the connection was lost before the answer arrived";
  } else if (
    e instanceof GlobusAPIError && e.httpStatus >= 500 && e.httpStatus !== 503
  ) {
    what =
      `Globus Auth answered ${e.httpStatus}, which does not say whether it used the code`;
  } else {
    return undefined;
  }
  return new AuthCodeExchangeError(
    `The authorization code was sent to Globus Auth but the exchange did not complete (${what}). Globus Auth may have used the code up, and a code works only once, so it was not sent again. Open the login link again to get a new code, and enter that one.`,
    { cause: e },
  );
}

/** What each grant presents to the token endpoint, for a refusal's message. */
const GRANT_PRESENTS: Record<string, string> = {
  refresh_token: "the refresh token",
  authorization_code: "the authorization code",
  client_credentials: "the client credentials",
  "urn:globus:auth:grant_type:dependent_token":
    "the token offered for dependent tokens",
};

/** What an `invalid_grant` means for a grant, and what to do about it. */
const INVALID_GRANT_EXPLAINED: Record<
  string,
  { invalidGrantMeaning?: string; invalidGrantFix: string }
> = {
  authorization_code: {
    invalidGrantMeaning:
      "it is invalid, expired or already used, or was issued to another client or for another redirect URI",
    invalidGrantFix:
      "a code works once: open the login link again and use the new code it gives",
  },
  // An app logs in again by itself; a hand-built RefreshTokenAuthorizer
  // said only "invalid_grant".
  refresh_token: {
    invalidGrantFix:
      "log in again for a new refresh token (an app does it with app.login(); by hand, oauth2StartFlow() and oauth2ExchangeCodeForTokens() with a new code, then a new RefreshTokenAuthorizer)",
  },
};

/**
 * The error class for a token-endpoint request: an {@linkcode AuthAPIError}
 * whose OAuth error reads as a sentence, e.g. `Globus Auth refused the
 * refresh token (invalid_grant): …`.
 */
function refusalErrorClass(
  grantType: string | undefined,
): new (init: GlobusAPIErrorInit) => AuthAPIError {
  const refused = grantType === undefined
    ? undefined
    : GRANT_PRESENTS[grantType];
  if (refused === undefined) return AuthAPIError;
  const explained = INVALID_GRANT_EXPLAINED[grantType ?? ""];
  // Called with `new` by the transport; returning an object from a plain
  // function makes `new` yield it, so the error is an AuthAPIError itself.
  // Named: an anonymous one read "at new <anonymous>" in the stack.
  return function refusedGrantError(init: GlobusAPIErrorInit) {
    return new AuthAPIError({ ...init, refused, ...explained });
  } as unknown as new (init: GlobusAPIErrorInit) => AuthAPIError;
}
