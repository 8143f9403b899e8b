/**
 * The base of the Auth API methods of `AuthClient`: the request helper,
 * the OpenID configuration and JWK, and identity providers.
 *
 * @module
 */
import { checkOptions } from "../../core/_options.ts";
import {
  IDENTITY_PROVIDERS_OPTIONS,
  JWK_OPTIONS,
  SIGNAL_OPTIONS,
} from "./_option_names.ts";
import { BaseClient, type BaseClientOptions } from "../../core/base_client.ts";
import { AuthAPIError } from "../../core/errors.ts";
import type { QueryValue } from "../../core/transport.ts";
import type { ResponseSchema } from "../../core/validate.ts";
import type { GlobusHTTPResponse } from "../../core/response.ts";
import {
  attachIterator,
  type IterableResponse,
} from "../../core/iterable_response.ts";
import type {
  AuthJwks,
  GetIdentityProvidersResponse,
  IdentityProvider,
  OpenIdConfigurationDocument,
} from "../auth_developer_types.ts";
import { IdentityProvidersSchema } from "../_developer_schemas.ts";
import type { GetJwkOptions } from "../_oidc.ts";
import { commajoin } from "./_args.ts";
import { displayAuthResponse } from "../_display.ts";
import type { CallOptions } from "../../core/base_client.ts";
import type {
  AuthCallOptions,
  GetIdentityProvidersOptions,
} from "./options.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/**
 * What every Auth API area of `AuthClient` builds on; use `AuthClient`.
 */
export abstract class AuthAPIClientCore extends BaseClient {
  /**
   * Sets up the client (see `AuthClient`).
   *
   * @param resourceServer Auth's resource server.
   * @param scopes The scopes to require from `{ app }`.
   * @param options The client options.
   */
  protected constructor(
    resourceServer: string,
    scopes: string[],
    options: BaseClientOptions,
  ) {
    super("auth", resourceServer, scopes, options, AuthAPIError);
  }

  /**
   * Every typed Auth API call: a list (identities, consents, projects, …),
   * a one-entity response (project, client, …) or userinfo also renders as
   * a table in a notebook, and as text with `String()`.
   *
   * @param method The HTTP method.
   * @param path The path relative to the base URL.
   * @param options The call's options.
   * @returns The checked body.
   */
  protected override async call<T>(
    method: string,
    path: string,
    options: CallOptions<T> = {},
  ): Promise<T> {
    return displayAuthResponse(await super.call(method, path, options));
  }

  /** Sends one Auth API request; the response is checked against `schema`. */
  protected async json<T>(
    method: string,
    path: string,
    schema: ResponseSchema<T>,
    what: string,
    options: AuthCallOptions & {
      body?: unknown;
      query?: Record<string, QueryValue> | undefined;
    } = {},
  ): Promise<T> {
    return await this.call(method, path, {
      query: { ...options.query, ...options.queryParams },
      ...(options.body !== undefined ? { json: options.body } : {}),
      schema,
      what,
      signal: options.signal,
    });
  }

  /**
   * Globus Auth's OpenID Connect configuration
   * (`GET {auth}/.well-known/openid-configuration`, no credentials sent).
   *
   * @param options `signal` aborts the request.
   * @returns The configuration (`issuer`, `jwks_uri`, …).
   * @throws {AuthAPIError} For an error response.
   */
  async getOpenidConfiguration(
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<OpenIdConfigurationDocument> {
    checkOptions(
      "AuthClient.getOpenidConfiguration()",
      options,
      SIGNAL_OPTIONS,
    );
    // Loaded on first use: a script with cached tokens never asks.
    const { fetchOpenidConfiguration } = await import("../_oidc.ts");
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
    checkOptions("AuthClient.getJwk()", options, JWK_OPTIONS);
    const { fetchJwk } = await import("../_oidc.ts");
    return await fetchJwk(this, openidConfiguration, options);
  }

  /**
   * Looks up identity providers by domain or id
   * (`GET {auth}/v2/api/identity_providers?domains=…` or `?ids=…`).
   *
   * @param options `domains` or `ids` (not both), `queryParams`, `signal`.
   * @returns `{ identity_providers }`; `for…of` walks them (as Python's).
   * @throws {TypeError} When both `domains` and `ids` are given.
   * @throws {AuthAPIError} For an error response.
   */
  getIdentityProviders(
    options?: GetIdentityProvidersOptions,
  ):
    & Promise<IterableResponse<GetIdentityProvidersResponse, IdentityProvider>>
    & AsyncIterable<IdentityProvider>;
  async getIdentityProviders(
    options: GetIdentityProvidersOptions = {},
  ): Promise<IterableResponse<GetIdentityProvidersResponse, IdentityProvider>> {
    checkOptions(
      "AuthClient.getIdentityProviders()",
      options,
      IDENTITY_PROVIDERS_OPTIONS,
    );
    if (options.domains !== undefined && options.ids !== undefined) {
      throw kernelStack(
        new TypeError(
          "Cannot call getIdentityProviders() as 'domains' and 'ids' are mutually exclusive: pass one of them",
        ),
      );
    }
    const res = await this.json(
      "GET",
      "v2/api/identity_providers",
      IdentityProvidersSchema,
      "identity provider list",
      {
        ...options,
        query: {
          domains: commajoin(options.domains),
          ids: commajoin(options.ids),
        },
      },
    );
    return attachIterator(res, (r) => r.identity_providers);
  }
}
