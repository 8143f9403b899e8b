/**
 * Transfer sharing: the access rules and roles of a collection.
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import { OperationResultSchema } from "../_schemas.ts";
import {
  AccessCreateResultSchema,
  AccessRuleListSchema,
  AccessRuleSchema,
  EndpointRoleListSchema,
  EndpointRoleSchema,
} from "../_schemas_sharing.ts";
import {
  displayAccessRule,
  displayAccessRuleList,
  displayRole,
  displayRoleList,
} from "../_display_sharing.ts";
import {
  callOptions,
  checkCallOptions,
  checkDocument,
  checkId,
  checkIdLike,
} from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import type { OperationResult } from "../results.ts";
import type {
  AccessCreateResult,
  AccessRule,
  AccessRuleDocument,
  AccessRuleList,
  EndpointRole,
  EndpointRoleDocument,
  EndpointRoleList,
} from "../sharing.ts";
import type { SignalOptions } from "../transfer_options.ts";
import { TransferTasksApi } from "./tasks.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const ENDPOINT_ACL_LIST = callOptions("endpointAclList");
const GET_ENDPOINT_ACL_RULE = callOptions("getEndpointAclRule");
const ADD_ENDPOINT_ACL_RULE = callOptions("addEndpointAclRule");
const UPDATE_ENDPOINT_ACL_RULE = callOptions("updateEndpointAclRule");
const DELETE_ENDPOINT_ACL_RULE = callOptions("deleteEndpointAclRule");
const ENDPOINT_ROLE_LIST = callOptions("endpointRoleList");
const ADD_ENDPOINT_ROLE = callOptions("addEndpointRole");
const GET_ENDPOINT_ROLE = callOptions("getEndpointRole");
const DELETE_ENDPOINT_ROLE = callOptions("deleteEndpointRole");

/** Transfer sharing: access rules and roles. Part of {@linkcode TransferClient}; use that class. */
export class TransferSharingApi extends TransferTasksApi {
  /**
   * Lists a collection's access rules: `GET /v0.10/endpoint/{id}/access_list`
   * (as Python's `endpoint_acl_list`, one document, not paged). Needs the
   * `administrator` or `access_manager` role on the collection.
   *
   * @param endpointId The (guest) collection id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ DATA: [rules…], endpoint, length }`; a table in notebooks.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  endpointAclList(
    endpointId: string,
    options?: SignalOptions,
  ):
    & Promise<IterableTransferResponse<AccessRuleList, AccessRule>>
    & AsyncIterable<AccessRule>;
  async endpointAclList(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<IterableTransferResponse<AccessRuleList, AccessRule>> {
    checkCallOptions(ENDPOINT_ACL_LIST, options);
    const id = checkId("endpointId", endpointId);
    return displayAccessRuleList(
      await this.call("GET", `v0.10/endpoint/${id}/access_list`, {
        query: mergeQuery("endpointAclList", {}, options.queryParams),
        schema: AccessRuleListSchema,
        what: "access rule list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Gets one access rule: `GET /v0.10/endpoint/{id}/access/{rule_id}`.
   *
   * @param endpointId The (guest) collection id.
   * @param ruleId The rule id.
   * @param options An abort signal, extra query parameters.
   * @returns The rule.
   * @throws {TransferAPIError} e.g. 404 `AccessRuleNotFound`.
   */
  async getEndpointAclRule(
    endpointId: string,
    ruleId: string | number,
    options: SignalOptions = {},
  ): Promise<AccessRule> {
    checkCallOptions(GET_ENDPOINT_ACL_RULE, options);
    const id = checkId("endpointId", endpointId);
    const rid = checkIdLike("ruleId", ruleId);
    return displayAccessRule(
      await this.call("GET", `v0.10/endpoint/${id}/access/${rid}`, {
        query: mergeQuery("getEndpointAclRule", {}, options.queryParams),
        schema: AccessRuleSchema,
        what: "access rule",
        signal: options.signal,
      }),
    );
  }

  /**
   * Adds an access rule: `POST /v0.10/endpoint/{id}/access`. On a guest
   * collection, `path` is relative to its root (its host path).
   *
   * @param endpointId The (guest) collection id.
   * @param ruleData The rule (`principal_type`, `principal`, `path`, `permissions`, …).
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Created", access_id, … }`.
   * @throws {TypeError} When `ruleData` is not an object.
   * @throws {TransferAPIError} e.g. 409 `Exists`, 403 `PermissionDenied`.
   *
   * @example Let a colleague read a folder
   * ```ts ignore
   * const { access_id } = await tc.addEndpointAclRule(guestId, {
   *   DATA_TYPE: "access",
   *   principal_type: "identity",
   *   principal: colleagueIdentityId,
   *   path: "/results/",
   *   permissions: "r",
   * });
   * ```
   */
  async addEndpointAclRule(
    endpointId: string,
    ruleData: AccessRuleDocument | Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<AccessCreateResult> {
    checkCallOptions(ADD_ENDPOINT_ACL_RULE, options);
    const id = checkId("endpointId", endpointId);
    checkDocument("addEndpointAclRule", "ruleData", ruleData);
    return await this.call("POST", `v0.10/endpoint/${id}/access`, {
      query: mergeQuery("addEndpointAclRule", {}, options.queryParams),
      json: ruleData,
      schema: AccessCreateResultSchema,
      what: "access create result",
      signal: options.signal,
    });
  }

  /**
   * Changes an access rule (its `permissions` or `expiration_date`):
   * `PUT /v0.10/endpoint/{id}/access/{rule_id}`.
   *
   * @param endpointId The (guest) collection id.
   * @param ruleId The rule id.
   * @param ruleData The fields to change.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Updated", … }`.
   * @throws {TypeError} When `ruleData` is not an object.
   * @throws {TransferAPIError} When the service refuses.
   */
  async updateEndpointAclRule(
    endpointId: string,
    ruleId: string | number,
    ruleData: Partial<AccessRuleDocument> | Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(UPDATE_ENDPOINT_ACL_RULE, options);
    const id = checkId("endpointId", endpointId);
    const rid = checkIdLike("ruleId", ruleId);
    checkDocument("updateEndpointAclRule", "ruleData", ruleData);
    return await this.call("PUT", `v0.10/endpoint/${id}/access/${rid}`, {
      query: mergeQuery("updateEndpointAclRule", {}, options.queryParams),
      json: ruleData,
      schema: OperationResultSchema,
      what: "update result",
      signal: options.signal,
    });
  }

  /**
   * Deletes an access rule, taking the access away:
   * `DELETE /v0.10/endpoint/{id}/access/{rule_id}`.
   *
   * @param endpointId The (guest) collection id.
   * @param ruleId The rule id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Deleted", … }`.
   * @throws {TransferAPIError} e.g. 404 `AccessRuleNotFound`.
   */
  async deleteEndpointAclRule(
    endpointId: string,
    ruleId: string | number,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(DELETE_ENDPOINT_ACL_RULE, options);
    const id = checkId("endpointId", endpointId);
    const rid = checkIdLike("ruleId", ruleId);
    return await this.call("DELETE", `v0.10/endpoint/${id}/access/${rid}`, {
      query: mergeQuery("deleteEndpointAclRule", {}, options.queryParams),
      schema: OperationResultSchema,
      what: "delete result",
      signal: options.signal,
    });
  }

  /**
   * Lists a collection's roles: `GET /v0.10/endpoint/{id}/role_list`.
   *
   * @param endpointId The collection id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ DATA: [roles…] }`; a table in notebooks.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  endpointRoleList(
    endpointId: string,
    options?: SignalOptions,
  ):
    & Promise<IterableTransferResponse<EndpointRoleList, EndpointRole>>
    & AsyncIterable<EndpointRole>;
  async endpointRoleList(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<IterableTransferResponse<EndpointRoleList, EndpointRole>> {
    checkCallOptions(ENDPOINT_ROLE_LIST, options);
    const id = checkId("endpointId", endpointId);
    return displayRoleList(
      await this.call("GET", `v0.10/endpoint/${id}/role_list`, {
        query: mergeQuery("endpointRoleList", {}, options.queryParams),
        schema: EndpointRoleListSchema,
        what: "role list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Gives a role on a collection: `POST /v0.10/endpoint/{id}/role`. Needs
   * the `administrator` role.
   *
   * @param endpointId The collection id.
   * @param roleData The role (`principal_type`, `principal`, `role`).
   * @param options An abort signal, extra query parameters.
   * @returns The new role, with its id.
   * @throws {TypeError} When `roleData` is not an object.
   * @throws {TransferAPIError} e.g. 409 `Exists`, 403 `PermissionDenied`.
   */
  async addEndpointRole(
    endpointId: string,
    roleData: EndpointRoleDocument | Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<EndpointRole> {
    checkCallOptions(ADD_ENDPOINT_ROLE, options);
    const id = checkId("endpointId", endpointId);
    checkDocument("addEndpointRole", "roleData", roleData);
    return displayRole(
      await this.call("POST", `v0.10/endpoint/${id}/role`, {
        query: mergeQuery("addEndpointRole", {}, options.queryParams),
        json: roleData,
        schema: EndpointRoleSchema,
        what: "role",
        signal: options.signal,
      }),
    );
  }

  /**
   * Gets one role: `GET /v0.10/endpoint/{id}/role/{role_id}`.
   *
   * @param endpointId The collection id.
   * @param roleId The role id.
   * @param options An abort signal, extra query parameters.
   * @returns The role.
   * @throws {TransferAPIError} e.g. 404 `RoleNotFound`.
   */
  async getEndpointRole(
    endpointId: string,
    roleId: string,
    options: SignalOptions = {},
  ): Promise<EndpointRole> {
    checkCallOptions(GET_ENDPOINT_ROLE, options);
    const id = checkId("endpointId", endpointId);
    const rid = checkId("roleId", roleId);
    return displayRole(
      await this.call("GET", `v0.10/endpoint/${id}/role/${rid}`, {
        query: mergeQuery("getEndpointRole", {}, options.queryParams),
        schema: EndpointRoleSchema,
        what: "role",
        signal: options.signal,
      }),
    );
  }

  /**
   * Takes a role away: `DELETE /v0.10/endpoint/{id}/role/{role_id}`.
   *
   * @param endpointId The collection id.
   * @param roleId The role id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Deleted", … }`.
   * @throws {TransferAPIError} e.g. 404 `RoleNotFound`, 409 for the last administrator.
   */
  async deleteEndpointRole(
    endpointId: string,
    roleId: string,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(DELETE_ENDPOINT_ROLE, options);
    const id = checkId("endpointId", endpointId);
    const rid = checkId("roleId", roleId);
    return await this.call("DELETE", `v0.10/endpoint/${id}/role/${rid}`, {
      query: mergeQuery("deleteEndpointRole", {}, options.queryParams),
      schema: OperationResultSchema,
      what: "delete result",
      signal: options.signal,
    });
  }
}

// `for await (const x of tc.endpointAclList(…))` walks the list, as
// `for (const x of await tc.endpointAclList(…))` does (Python's `for x in …`).
walkableLists(
  TransferSharingApi,
  ["endpointAclList", "endpointRoleList"],
  "TransferClient",
  "tc",
);
