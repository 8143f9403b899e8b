/**
 * Auth developer API: scopes.
 *
 * @module
 */
import { checkOptions } from "../../core/_options.ts";
import {
  AUTH_CALL_OPTIONS,
  CREATE_SCOPE_OPTIONS,
  GET_SCOPES_OPTIONS,
  UPDATE_SCOPE_OPTIONS,
} from "./_option_names.ts";
import {
  attachIterator,
  type IterableResponse,
} from "../../core/iterable_response.ts";
import type {
  GetScopesResponse,
  RegisteredScope,
  ScopeResponse,
} from "../auth_developer_types.ts";
import { ScopeResponseSchema, ScopesSchema } from "../_developer_schemas.ts";
import { commajoin, pathId, requireString, scopeBody } from "./_args.ts";
import type {
  AuthCallOptions,
  CreateScopeOptions,
  GetScopesOptions,
  UpdateScopeOptions,
} from "./options.ts";
import { AuthClientsApi } from "./clients.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/** Scopes. Part of `AuthClient`; use that class. */
export abstract class AuthScopesApi extends AuthClientsApi {
  /**
   * One scope (`GET {auth}/v2/api/scopes/{scopeId}`).
   *
   * @param scopeId The scope id.
   * @param options `queryParams`, `signal`.
   * @returns `{ scope }`.
   * @throws {AuthAPIError} For an error response.
   */
  async getScope(
    scopeId: string,
    options: AuthCallOptions = {},
  ): Promise<ScopeResponse> {
    checkOptions("AuthClient.getScope()", options, AUTH_CALL_OPTIONS);
    const id = pathId(scopeId, "scopeId", "getScope");
    return await this.json(
      "GET",
      `v2/api/scopes/${id}`,
      ScopeResponseSchema,
      "scope",
      options,
    );
  }

  /**
   * Scopes of the caller's projects, or the ones named
   * (`GET {auth}/v2/api/scopes`, `?scope_strings=…` or `?ids=…`).
   *
   * @param options `scopeStrings` or `ids` (not both), `queryParams`, `signal`.
   * @returns `{ scopes }`; `for…of` walks the scopes (as Python's).
   * @throws {TypeError} When both filters are given.
   * @throws {AuthAPIError} For an error response.
   */
  getScopes(
    options?: GetScopesOptions,
  ):
    & Promise<IterableResponse<GetScopesResponse, RegisteredScope>>
    & AsyncIterable<RegisteredScope>;
  async getScopes(
    options: GetScopesOptions = {},
  ): Promise<IterableResponse<GetScopesResponse, RegisteredScope>> {
    checkOptions("AuthClient.getScopes()", options, GET_SCOPES_OPTIONS);
    if (options.scopeStrings !== undefined && options.ids !== undefined) {
      throw kernelStack(
        new TypeError(
          "Cannot call getScopes() as 'scopeStrings' and 'ids' are mutually exclusive: pass one of them",
        ),
      );
    }
    const res = await this.json(
      "GET",
      "v2/api/scopes",
      ScopesSchema,
      "scope list",
      {
        ...options,
        query: {
          scope_strings: commajoin(options.scopeStrings),
          ids: commajoin(options.ids),
        },
      },
    );
    return attachIterator(res, (r) => r.scopes);
  }

  /**
   * Creates a scope of a client
   * (`POST {auth}/v2/api/clients/{clientId}/scopes`); its scope string is
   * `https://auth.globus.org/scopes/{clientId}/{scopeSuffix}`.
   *
   * @param clientId The client that owns the scope.
   * @param name The name shown on consent pages.
   * @param description The description shown on consent pages.
   * @param scopeSuffix Lowercase letters, digits and `_`.
   * @param options `requiredDomains`, `dependentScopes`, `advertised`,
   *   `allowsRefreshToken`, `signal`.
   * @returns `{ scope }`.
   * @throws {AuthAPIError} For an error response.
   */
  async createScope(
    clientId: string,
    name: string,
    description: string,
    scopeSuffix: string,
    options: CreateScopeOptions = {},
  ): Promise<ScopeResponse> {
    checkOptions("AuthClient.createScope()", options, CREATE_SCOPE_OPTIONS);
    const id = pathId(clientId, "clientId", "createScope");
    requireString(name, "name", "createScope");
    requireString(description, "description", "createScope");
    requireString(scopeSuffix, "scopeSuffix", "createScope");
    return await this.json(
      "POST",
      `v2/api/clients/${id}/scopes`,
      ScopeResponseSchema,
      "scope",
      {
        ...options,
        body: {
          scope: {
            name,
            description,
            scope_suffix: scopeSuffix,
            ...scopeBody(options, "createScope"),
          },
        },
      },
    );
  }

  /**
   * Updates a scope (`PUT {auth}/v2/api/scopes/{scopeId}`); only the
   * fields given change.
   *
   * @param scopeId The scope id.
   * @param options The fields to change.
   * @returns `{ scope }`.
   * @throws {AuthAPIError} For an error response.
   */
  async updateScope(
    scopeId: string,
    options: UpdateScopeOptions = {},
  ): Promise<ScopeResponse> {
    checkOptions("AuthClient.updateScope()", options, UPDATE_SCOPE_OPTIONS);
    const id = pathId(scopeId, "scopeId", "updateScope");
    return await this.json(
      "PUT",
      `v2/api/scopes/${id}`,
      ScopeResponseSchema,
      "scope",
      {
        ...options,
        body: {
          scope: {
            name: options.name,
            description: options.description,
            scope_suffix: options.scopeSuffix,
            ...scopeBody(options, "updateScope"),
          },
        },
      },
    );
  }

  /**
   * Deletes a scope (`DELETE {auth}/v2/api/scopes/{scopeId}`).
   *
   * @param scopeId The scope id.
   * @param options `queryParams`, `signal`.
   * @returns `{ scope }`: the deleted scope.
   * @throws {AuthAPIError} For an error response.
   */
  async deleteScope(
    scopeId: string,
    options: AuthCallOptions = {},
  ): Promise<ScopeResponse> {
    checkOptions("AuthClient.deleteScope()", options, AUTH_CALL_OPTIONS);
    const id = pathId(scopeId, "scopeId", "deleteScope");
    return await this.json(
      "DELETE",
      `v2/api/scopes/${id}`,
      ScopeResponseSchema,
      "scope",
      options,
    );
  }
}
