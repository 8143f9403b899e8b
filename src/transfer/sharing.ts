/**
 * Sharing and collection management: access rules (`endpoint/{id}/access…`),
 * roles (`endpoint/{id}/role…`), guest collections (`shared_endpoint`,
 * `my_shared_endpoint_list`, `shared_endpoint_list`) and servers
 * (`server_list`, `server/{id}`), with the service's field names.
 *
 * @module
 */
import type { Endpoint } from "./endpoint.ts";

/** Who an access rule or role is for. */
export type PrincipalType =
  | "identity"
  | "group"
  | "all_authenticated_users"
  | "anonymous";

/** A collection role. */
export type EndpointRoleName =
  | "administrator"
  | "access_manager"
  | "activity_manager"
  | "activity_monitor";

/**
 * An access rule (`DATA_TYPE: "access"`): it lets a principal read (`"r"`)
 * or read and write (`"rw"`) a folder of a guest collection and everything
 * below it.
 */
export interface AccessRule {
  /** `"access"`. */
  DATA_TYPE?: string;
  /** The rule id (a string; older endpoints used numbers). */
  id?: string | number | null;
  /** `identity`, `group`, `all_authenticated_users` or `anonymous`. */
  principal_type: PrincipalType | string;
  /** The identity or group id (`""` for `all_authenticated_users` and `anonymous`). */
  principal: string;
  /** The folder, relative to the guest collection's root, ending in `/`. */
  path: string;
  /** `"r"` or `"rw"`. */
  permissions: "r" | "rw" | string;
  /** The role the rule was made through, or `null`. */
  role_id?: string | null;
  /** `administrator` or `access_manager`, or `null`. */
  role_type?: string | null;
  /** When the rule was made. */
  create_time?: string | null;
  /** When the rule stops granting access, or `null`. */
  expiration_date?: string | null;
  /** Where a notification about the rule was sent. */
  notify_email?: string | null;
  /** The notification's message. */
  notify_message?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The access rules of a collection (`DATA_TYPE: "access_list"`). */
export interface AccessRuleList {
  /** `"access_list"`. */
  DATA_TYPE?: string;
  /** The collection id. */
  endpoint?: string | null;
  /** How many rules. */
  length?: number | null;
  /** The rules. */
  DATA: AccessRule[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * A new access rule, for {@linkcode TransferClient.addEndpointAclRule}
 * (Python's `rule_data`).
 *
 * @example
 * ```ts
 * import type { AccessRuleDocument } from "@globus-deno/sdk";
 * const rule: AccessRuleDocument = {
 *   DATA_TYPE: "access",
 *   principal_type: "identity",
 *   principal: "c4a3e1f2-0000-4000-8000-000000000000",
 *   path: "/dataset1/",
 *   permissions: "r",
 * };
 * console.log(rule.permissions);
 * ```
 */
export interface AccessRuleDocument {
  /** `"access"`. */
  DATA_TYPE?: "access" | undefined;
  /** Who the rule is for. */
  principal_type: PrincipalType;
  /** The identity or group id (`""` for `all_authenticated_users` and `anonymous`). */
  principal: string;
  /** The folder (relative to the guest collection's root), ending in `/`. */
  path: string;
  /** `"r"` or `"rw"`. */
  permissions: "r" | "rw";
  /** Send a notification to this address. */
  notify_email?: string | null | undefined;
  /** The notification's message. */
  notify_message?: string | null | undefined;
  /** When the rule stops granting access (ISO 8601), or `null`. */
  expiration_date?: string | null | undefined;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The answer of `POST endpoint/{id}/access` (`DATA_TYPE: "access_create_result"`). */
export interface AccessCreateResult {
  /** `"access_create_result"`. */
  DATA_TYPE?: string;
  /** `"Created"`. */
  code: string;
  /** The new rule's id. */
  access_id: string | number;
  /** A readable message. */
  message?: string | null;
  /** The resource path. */
  resource?: string | null;
  /** The request id. */
  request_id?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A role on a collection (`DATA_TYPE: "role"`). */
export interface EndpointRole {
  /** `"role"`. */
  DATA_TYPE?: string;
  /** The role id (for `getEndpointRole` and `deleteEndpointRole`). */
  id: string;
  /** `identity` or `group`. */
  principal_type: string;
  /** The identity or group id. */
  principal: string;
  /** `administrator`, `access_manager`, `activity_manager` or `activity_monitor`. */
  role: EndpointRoleName | string;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The roles of a collection (`DATA_TYPE: "role_list"`). */
export interface EndpointRoleList {
  /** `"role_list"`. */
  DATA_TYPE?: string;
  /** The roles. */
  DATA: EndpointRole[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A new role, for {@linkcode TransferClient.addEndpointRole} (Python's `role_data`). */
export interface EndpointRoleDocument {
  /** `"role"`. */
  DATA_TYPE?: "role" | undefined;
  /** `identity` or `group`. */
  principal_type: "identity" | "group";
  /** The identity or group id. */
  principal: string;
  /** The role to give. */
  role: EndpointRoleName;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * A new guest collection, for {@linkcode TransferClient.createSharedEndpoint}
 * (Python's `data`): a folder of a host collection, shared under its own id.
 */
export interface SharedEndpointDocument {
  /** `"shared_endpoint"`. */
  DATA_TYPE?: "shared_endpoint" | undefined;
  /** The host (mapped) collection id. */
  host_endpoint?: string | undefined;
  /** The same, as `@globus/sdk` names it (either is accepted). */
  host_endpoint_id?: string | undefined;
  /** The folder of the host to share, e.g. `/~/shared/`. */
  host_path: string;
  /** The guest collection's name. */
  display_name?: string | undefined;
  /** A description. */
  description?: string | null | undefined;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The answer of `POST shared_endpoint` (`DATA_TYPE: "endpoint_create_result"`). */
export interface EndpointCreateResult {
  /** `"endpoint_create_result"`. */
  DATA_TYPE?: string;
  /** `"Created"`. */
  code: string;
  /** The new collection's id. */
  id: string;
  /** A readable message. */
  message?: string | null;
  /** The resource path. */
  resource?: string | null;
  /** The request id. */
  request_id?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One page of `endpoint/{id}/shared_endpoint_list`. */
export interface SharedEndpointListPage {
  /** The guest collections of this page. */
  shared_endpoints: Endpoint[];
  /** The token of the next page, or `null`/absent on the last. */
  next_token?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A server of an endpoint (`DATA_TYPE: "server"`). */
export interface EndpointServer {
  /** `"server"`. */
  DATA_TYPE?: string;
  /** The server id. */
  id: number | string;
  /** The host name. */
  hostname?: string | null;
  /** The port. */
  port?: number | null;
  /** e.g. `gsiftp`. */
  scheme?: string | null;
  /** e.g. `gsiftp://host:2811`. */
  uri?: string | null;
  /** The certificate subject. */
  subject?: string | null;
  /** Whether it is connected (GCP). */
  is_connected?: boolean | null;
  /** Whether it is paused (GCP). */
  is_paused?: boolean | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The servers of an endpoint (`DATA_TYPE: "endpoint_server_list"`). */
export interface EndpointServerList {
  /** `"endpoint_server_list"`. */
  DATA_TYPE?: string;
  /** The endpoint. */
  endpoint?: string | null;
  /** The servers. */
  DATA: EndpointServer[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}
