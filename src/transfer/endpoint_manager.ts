/**
 * Endpoint-manager (collection administrator) documents: the admin task
 * list, admin cancels, and the endpoint lists and access lists seen as an
 * administrator.
 *
 * @module
 */
import type { Endpoint } from "./endpoint.ts";
import type { Task } from "./task.ts";

/**
 * A task as the endpoint manager shows it to a collection's administrator
 * (`endpointManagerTaskList`, `endpointManagerGetTask`): a {@linkcode Task}
 * with the owner, local users and, for a guest collection, its host and
 * mapped collection.
 */
export interface AdminTask extends Task {
  /** The owner's username, e.g. `user@globusid.org`. */
  owner_string?: string | null;
  /** The source base path, when the task has one. */
  source_base_path?: string | null;
  /** The destination base path, when the task has one. */
  destination_base_path?: string | null;
  /** The local account used on the source (a mapped collection), when shown. */
  source_local_user?: string | null;
  /** The local account used on the destination (a mapped collection), when shown. */
  destination_local_user?: string | null;
  /** Whether the source's local user may be shown to the caller: `"OK"`, or `"NO_PERMISSION"`. */
  source_local_user_status?: string | null;
  /** Whether the destination's local user may be shown to the caller: `"OK"`, or `"NO_PERMISSION"`. */
  destination_local_user_status?: string | null;
  /** A guest source's host endpoint (legacy name). */
  source_host_endpoint?: string | null;
  /** A guest source's host endpoint id. */
  source_host_endpoint_id?: string | null;
  /** A guest source's host endpoint display name. */
  source_host_endpoint_display_name?: string | null;
  /** A guest source's path on its host. */
  source_host_path?: string | null;
  /** A guest source's mapped collection id. */
  source_mapped_collection_id?: string | null;
  /** A guest source's mapped collection display name. */
  source_mapped_collection_display_name?: string | null;
  /** A guest destination's host endpoint (legacy name). */
  destination_host_endpoint?: string | null;
  /** A guest destination's host endpoint id. */
  destination_host_endpoint_id?: string | null;
  /** A guest destination's host endpoint display name. */
  destination_host_endpoint_display_name?: string | null;
  /** A guest destination's path on its host. */
  destination_host_path?: string | null;
  /** A guest destination's mapped collection id. */
  destination_mapped_collection_id?: string | null;
  /** A guest destination's mapped collection display name. */
  destination_mapped_collection_display_name?: string | null;
}

/**
 * A page of `GET /endpoint_manager/task_list`, paged with `last_key` while
 * `has_next_page` is true.
 */
export interface AdminTaskListPage {
  /** `"task_list"`. */
  DATA_TYPE?: string;
  /** Whether there are more tasks. */
  has_next_page?: boolean;
  /** The key to pass as `lastKey` for the next page. */
  last_key?: string | null;
  /** The page size asked for. */
  limit?: number;
  /** The tasks of this page. */
  DATA: AdminTask[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * An admin cancel (`DATA_TYPE: "admin_cancel"`): the answer of
 * `POST /endpoint_manager/admin_cancel` and of
 * `GET /endpoint_manager/admin_cancel/{id}`.
 */
export interface AdminCancel {
  /** `"admin_cancel"`. */
  DATA_TYPE?: string;
  /** The admin cancel id, for `endpointManagerCancelStatus`. */
  id: string | number;
  /** The message the tasks' owners see. */
  message?: string | null;
  /** The tasks it cancels. */
  task_id_list?: string[];
  /** Whether every task has been canceled. */
  done?: boolean;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * A list of endpoints or collections (`DATA_TYPE: "endpoint_list"`):
 * the ones you monitor or manage, or the ones hosted on an endpoint.
 */
export interface AdminEndpointList {
  /** `"endpoint_list"`. */
  DATA_TYPE?: string;
  /** The endpoints. */
  DATA: Endpoint[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One access rule as an administrator sees it (`DATA_TYPE: "access"`). */
export interface AdminAccessRule {
  /** `"access"`. */
  DATA_TYPE?: string;
  /** The rule id. */
  id?: string | null;
  /** `"identity"`, `"group"`, `"all_authenticated_users"` or `"anonymous"`. */
  principal_type?: string | null;
  /** The identity or group id (empty for the others). */
  principal?: string | null;
  /** The path it grants. */
  path?: string | null;
  /** `"r"` or `"rw"`. */
  permissions?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `GET /endpoint_manager/endpoint/{id}/access_list` (`DATA_TYPE: "access_list"`). */
export interface AdminAccessList {
  /** `"access_list"`. */
  DATA_TYPE?: string;
  /** The rules. */
  DATA: AdminAccessRule[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}
