/**
 * Tasks and their listings: `task/{id}`, `task_list`, `event_list`,
 * `successful_transfers` and `skipped_errors`.
 *
 * @module
 */
/** Why a task failed (`fatal_error`). */
export interface TaskFatalError {
  /** e.g. `"FILE_NOT_FOUND"`. */
  code: string;
  /** A readable description. */
  description?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One of a task's `filter_rules`, as the service returns it. */
export interface TaskFilterRule {
  /** `"filter_rule"`. */
  DATA_TYPE?: string;
  /**
   * `"include"` or `"exclude"` (typed so editors offer them; another
   * string still type-checks and passes validation).
   */
  method: "include" | "exclude" | (string & Record<never, never>);
  /** A glob on file names, e.g. `"*.tmp"`. */
  name: string;
  /** `"file"` or `"dir"`, or `null` for both. */
  type?: "file" | "dir" | (string & Record<never, never>) | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * A task document (`DATA_TYPE: "task"`), with the service's field names.
 * Unknown fields are kept. Many fields are `null` depending on the task's
 * type and state (a DELETE task has no destination; `nice_status` is
 * `null` once the task has finished).
 */
export interface Task {
  /** `"task"`. */
  DATA_TYPE?: string;
  /** The task id. */
  task_id: string;
  /**
   * `"ACTIVE"`, `"INACTIVE"` (paused or held), `"SUCCEEDED"` or
   * `"FAILED"`. Typed so editors offer these; a status the service adds
   * later still type-checks and passes validation.
   */
  status:
    | "ACTIVE"
    | "INACTIVE"
    | "SUCCEEDED"
    | "FAILED"
    | (string & Record<never, never>);
  /** `"TRANSFER"` or `"DELETE"` (another string still type-checks). */
  type?: "TRANSFER" | "DELETE" | (string & Record<never, never>) | null;
  /** The label given at submission. */
  label?: string | null;
  /** The owner's identity id. */
  owner_id?: string | null;
  /** The owner's username. */
  username?: string | null;
  /** e.g. `"OK"` or `"Queued"` while active; `null` when finished. */
  nice_status?: string | null;
  /** A short description of `nice_status`. */
  nice_status_short_description?: string | null;
  /** More details on `nice_status`. */
  nice_status_details?: string | null;
  /** Seconds until `nice_status` expires. */
  nice_status_expires_in?: number | null;
  /** The source endpoint id. */
  source_endpoint_id?: string | null;
  /** The source endpoint's display name. */
  source_endpoint_display_name?: string | null;
  /** The destination endpoint id (`null` for DELETE tasks). */
  destination_endpoint_id?: string | null;
  /** The destination endpoint's display name. */
  destination_endpoint_display_name?: string | null;
  /** The source's legacy `owner#name` name. */
  source_endpoint?: string | null;
  /** The destination's legacy `owner#name` name. */
  destination_endpoint?: string | null;
  /** When the task was submitted (ISO 8601). */
  request_time?: string | null;
  /** When it finished. */
  completion_time?: string | null;
  /** When it will be given up. */
  deadline?: string | null;
  /** Files found. */
  files?: number | null;
  /** Directories found. */
  directories?: number | null;
  /** Symlinks found. */
  symlinks?: number | null;
  /** Files skipped (sync level). */
  files_skipped?: number | null;
  /** Files transferred so far. */
  files_transferred?: number | null;
  /** Bytes transferred so far. */
  bytes_transferred?: number | null;
  /** Bytes checksummed so far. */
  bytes_checksummed?: number | null;
  /** The average rate, bytes per second. */
  effective_bytes_per_second?: number | null;
  /** Subtasks in all. */
  subtasks_total?: number | null;
  /** Subtasks still to run. */
  subtasks_pending?: number | null;
  /** Subtasks that succeeded. */
  subtasks_succeeded?: number | null;
  /** Subtasks that failed. */
  subtasks_failed?: number | null;
  /** Subtasks that were canceled. */
  subtasks_canceled?: number | null;
  /** Subtasks that expired. */
  subtasks_expired?: number | null;
  /** Subtasks being retried. */
  subtasks_retrying?: number | null;
  /** Subtasks skipped because of errors. */
  subtasks_skipped_errors?: number | null;
  /** Faults seen so far. */
  faults?: number | null;
  /** Why the task failed, or `null`. */
  fatal_error?: TaskFatalError | null;
  /** `true` while no problem is seen; `null` when finished. */
  is_ok?: boolean | null;
  /** Whether the task is paused. */
  is_paused?: boolean | null;
  /** The sync level (0–3), or `null`. */
  sync_level?: number | null;
  /** Whether checksums were verified. */
  verify_checksum?: boolean | null;
  /** Whether data was encrypted. */
  encrypt_data?: boolean | null;
  /** Whether timestamps were preserved. */
  preserve_timestamp?: boolean | null;
  /** Whether extra destination files were deleted. */
  delete_destination_extra?: boolean | null;
  /** Whether source errors were skipped. */
  skip_source_errors?: boolean | null;
  /** Whether quota errors fail the task. */
  fail_on_quota_errors?: boolean | null;
  /** How symbolic links met in folders were handled: `"ignore"`, `"keep"` or `"copy"`. */
  recursive_symlinks?: string | null;
  /** The filter rules given at submission, or `null`. */
  filter_rules?: TaskFilterRule[] | null;
  /**
   * Who canceled it when an administrator did: `"SOURCE"`, `"DESTINATION"`
   * or `"BOTH"` (the collections whose administrator canceled it).
   */
  canceled_by_admin?: string | null;
  /** The administrator's message with such a cancel. */
  canceled_by_admin_message?: string | null;
  /** Whether the task's history (events, file lists) was deleted. */
  history_deleted?: boolean | null;
  /** How it was submitted, e.g. `"API 0.10"`. */
  command?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One page of `task_list` (`DATA_TYPE: "task_list"`). */
export interface TaskListPage {
  /** `"task_list"`. */
  DATA_TYPE?: string;
  /** The number of tasks in this page. */
  length?: number;
  /** The page size asked for. */
  limit?: number;
  /** The offset of this page. */
  offset?: number;
  /** The number of matching tasks. */
  total?: number;
  /** The tasks. */
  DATA: Task[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One task event (`DATA_TYPE: "event"`). */
export interface TaskEvent {
  /** `"event"`. */
  DATA_TYPE?: string;
  /** e.g. `"STARTED"`, `"PROGRESS"`, `"SUCCEEDED"`, `"PERMISSION_DENIED"`. */
  code: string;
  /** A readable description. */
  description?: string | null;
  /** Details (often multi-line text or JSON text). */
  details?: string | null;
  /** Whether this event is an error. */
  is_error?: boolean | null;
  /** When it happened (ISO 8601). */
  time?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One page of `event_list` (`DATA_TYPE: "event_list"`). */
export interface TaskEventListPage {
  /** `"event_list"`. */
  DATA_TYPE?: string;
  /** The number of events in this page. */
  length?: number;
  /** The page size asked for. */
  limit?: number;
  /** The offset of this page. */
  offset?: number;
  /** The number of events. */
  total?: number;
  /** The events. */
  DATA: TaskEvent[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One transferred file (`DATA_TYPE: "successful_transfer"`). */
export interface SuccessfulTransfer {
  /** `"successful_transfer"`. */
  DATA_TYPE?: string;
  /** The source path. */
  source_path: string;
  /** The destination path. */
  destination_path: string;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One page of `successful_transfers` (marker paging). */
export interface SuccessfulTransfersPage {
  /** `"successful_transfers"`. */
  DATA_TYPE?: string;
  /** The marker of this page. */
  marker?: string | number | null;
  /** The marker of the next page; `null` at the end. */
  next_marker?: string | number | null;
  /** The transferred files. */
  DATA: SuccessfulTransfer[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One skipped error (`DATA_TYPE: "skipped_error"`). */
export interface SkippedError {
  /** `"skipped_error"`. */
  DATA_TYPE?: string;
  /** The source path. */
  source_path: string;
  /** The destination path. */
  destination_path?: string | null;
  /** e.g. `"FILE_NOT_FOUND"`, `"PERMISSION_DENIED"`. */
  error_code?: string | null;
  /** The error text. */
  error_details?: string | null;
  /** When it happened. */
  error_time?: string | null;
  /** Whether the path is a directory. */
  is_directory?: boolean | null;
  /** Whether the path is a symlink. */
  is_symlink?: boolean | null;
  /** Whether it happened while deleting extra destination files. */
  is_delete_destination_extra?: boolean | null;
  /** The checksum algorithm, when one was given. */
  checksum_algorithm?: string | null;
  /** The external checksum, when one was given. */
  external_checksum?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** One page of `skipped_errors` (marker paging). */
export interface SkippedErrorsPage {
  /** `"skipped_errors"`. */
  DATA_TYPE?: string;
  /** The marker of this page. */
  marker?: string | number | null;
  /** The marker of the next page; `null` (or absent) at the end. */
  next_marker?: string | number | null;
  /** The skipped errors. */
  DATA: SkippedError[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}
