/**
 * Every API method of the Python SDK 4.9 `TransferClient` has its camelCase
 * counterpart on ours, so a Python script ports line by line.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { TransferClient } from "../../src/transfer/transfer_client.ts";

/** Python 4.9 `TransferClient`'s API methods, by area. */
const PYTHON_METHODS = [
  // collections and endpoints
  "endpoint_search",
  "get_endpoint",
  "update_endpoint",
  "delete_endpoint",
  "create_shared_endpoint",
  "my_shared_endpoint_list",
  "get_shared_endpoint_list",
  "endpoint_server_list",
  "get_endpoint_server",
  "set_subscription_id",
  "set_subscription_admin_verified",
  "add_app_data_access_scope",
  // access rules and roles
  "endpoint_acl_list",
  "get_endpoint_acl_rule",
  "add_endpoint_acl_rule",
  "update_endpoint_acl_rule",
  "delete_endpoint_acl_rule",
  "endpoint_role_list",
  "add_endpoint_role",
  "get_endpoint_role",
  "delete_endpoint_role",
  // bookmarks
  "bookmark_list",
  "create_bookmark",
  "get_bookmark",
  "update_bookmark",
  "delete_bookmark",
  // file operations
  "operation_ls",
  "operation_mkdir",
  "operation_rename",
  "operation_stat",
  // tasks
  "get_submission_id",
  "submit_transfer",
  "submit_delete",
  "task_list",
  "task_event_list",
  "get_task",
  "update_task",
  "cancel_task",
  "task_wait",
  "task_pause_info",
  "task_successful_transfers",
  "task_skipped_errors",
  "my_effective_pause_rule_list",
  // endpoint manager (collection administrators)
  "endpoint_manager_monitored_endpoints",
  "endpoint_manager_hosted_endpoint_list",
  "endpoint_manager_get_endpoint",
  "endpoint_manager_acl_list",
  "endpoint_manager_task_list",
  "endpoint_manager_get_task",
  "endpoint_manager_task_event_list",
  "endpoint_manager_task_pause_info",
  "endpoint_manager_task_successful_transfers",
  "endpoint_manager_task_skipped_errors",
  "endpoint_manager_cancel_tasks",
  "endpoint_manager_cancel_status",
  "endpoint_manager_pause_tasks",
  "endpoint_manager_resume_tasks",
  "endpoint_manager_pause_rule_list",
  "endpoint_manager_create_pause_rule",
  "endpoint_manager_get_pause_rule",
  "endpoint_manager_update_pause_rule",
  "endpoint_manager_delete_pause_rule",
  // tunnels and stream access points
  "create_tunnel",
  "update_tunnel",
  "get_tunnel",
  "delete_tunnel",
  "list_tunnels",
  "get_tunnel_events",
  "get_stream_access_point",
  // generic calls (BaseClient)
  "request",
  "get",
  "post",
  "put",
  "patch",
  "delete",
];

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

test("every Python 4.9 TransferClient API method has a camelCase counterpart", () => {
  assert.equal(PYTHON_METHODS.length, new Set(PYTHON_METHODS).size);
  const tc = new TransferClient();
  const missing = PYTHON_METHODS.filter((m) =>
    typeof (tc as unknown as Record<string, unknown>)[camel(m)] !== "function"
  ).map((m) => `${m} → ${camel(m)}`);
  assert.deepEqual(missing, []);
});

test("the 19 endpoint-manager methods are all there", () => {
  assert.equal(
    PYTHON_METHODS.filter((m) => m.startsWith("endpoint_manager_")).length,
    19,
  );
});
