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
  DATA: Task[];
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
