/**
 * Pause rules and pause information: why a task is paused
 * (`/task/{id}/pause_info`), the rules in effect for you on a collection
 * (`/endpoint/{id}/my_effective_pause_rule_list`), and the endpoint-manager
 * rule documents (`/endpoint_manager/pause_rule…`).
 *
 * @module
 */

/**
 * A pause rule as seen by a collection administrator
 * (`DATA_TYPE: "pause_rule"`), or as seen by the users it pauses
 * (`DATA_TYPE: "pause_rule_limited"`, without `modified_by_id`).
 */
export interface PauseRule {
  /** `"pause_rule"` or `"pause_rule_limited"`. */
  DATA_TYPE?: string;
  /** The rule id. */
  id: string;
  /** The message shown to users whose tasks it pauses. */
  message?: string | null;
  /** When it starts (ISO 8601), or `null` for now. */
  start_time?: string | null;
  /** The collection (or endpoint) it applies to. */
  endpoint_id?: string | null;
  /** That collection's display name. */
  endpoint_display_name?: string | null;
  /** The one identity it pauses, or `null` for everyone. */
  identity_id?: string | null;
  /** Who last changed it (administrators only). */
  modified_by_id?: string | null;
  /** Whether a host endpoint's manager made it. */
  created_by_host_manager?: boolean | null;
  /** Whether you may change or delete it. */
  editable?: boolean | null;
  /** Pauses `ls`. */
  pause_ls?: boolean | null;
  /** Pauses `mkdir`. */
  pause_mkdir?: boolean | null;
  /** Pauses `rename`. */
  pause_rename?: boolean | null;
  /** Pauses `symlink`. */
  pause_symlink?: boolean | null;
  /** Pauses delete tasks. */
  pause_task_delete?: boolean | null;
  /** Pauses transfers reading from the collection. */
  pause_task_transfer_read?: boolean | null;
  /** Pauses transfers writing to the collection. */
  pause_task_transfer_write?: boolean | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A list of pause rules (`DATA_TYPE: "pause_rule_list"`). */
export interface PauseRuleList {
  /** `"pause_rule_list"`. */
  DATA_TYPE?: string;
  /** The rules. */
  DATA: PauseRule[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * Why a task is paused (`DATA_TYPE: "pause_info_limited"` for its owner,
 * `"pause_info"` for an administrator).
 */
export interface TaskPauseInfo {
  /** `"pause_info_limited"` or `"pause_info"`. */
  DATA_TYPE?: string;
  /** The pause rules that pause the task. */
  pause_rules: PauseRule[];
  /** An administrator's message from pausing the task on its source. */
  source_pause_message?: string | null;
  /** An administrator's message from pausing the task on its destination. */
  destination_pause_message?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The document of `endpointManagerCreatePauseRule`. */
export interface PauseRuleCreateDocument {
  /** `"pause_rule"` (optional). */
  DATA_TYPE?: "pause_rule" | undefined;
  /** The collection to pause. */
  endpoint_id: string;
  /** The message users see. */
  message: string;
  /** Only this identity's tasks, or `null` for everyone. */
  identity_id?: string | null | undefined;
  /** When to start (ISO 8601), or `null` for now. */
  start_time?: string | null | undefined;
  /** Which operations to pause (each defaults to `true`). */
  pause_ls?: boolean | undefined;
  /** See `pause_ls`. */
  pause_mkdir?: boolean | undefined;
  /** See `pause_ls`. */
  pause_rename?: boolean | undefined;
  /** See `pause_ls`. */
  pause_symlink?: boolean | undefined;
  /** See `pause_ls`. */
  pause_task_delete?: boolean | undefined;
  /** See `pause_ls`. */
  pause_task_transfer_read?: boolean | undefined;
  /** See `pause_ls`. */
  pause_task_transfer_write?: boolean | undefined;
  /** Other fields, sent as they are. */
  [key: string]: unknown;
}
