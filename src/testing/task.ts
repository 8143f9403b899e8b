/**
 * A task of the emulator's task engine: its submission specs, counters,
 * events and skipped errors, and its task document (`GET task/{id}`).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Collection } from "./collections.ts";
import { isoSeconds } from "./http.ts";

/** Why a task is paused: the pause rules and/or an administrator's pause. */
export interface TaskPause {
  /** The ids of the pause rules that pause it. */
  ruleIds: string[];
  /** The message shown (`nice_status_details`). */
  message: string | null;
}

/** Who submitted a task. */
export interface TaskOwner {
  /** Identity id. */
  id: string;
  /** Username. */
  username: string;
}

/** A filter rule of a transfer document. */
export interface FilterRule {
  /** `include` or `exclude`. */
  method: "include" | "exclude";
  /** Restricts the rule to files or directories; `null` for both. */
  type: "file" | "dir" | null;
  /** An fnmatch pattern matched against entry names. */
  name: string;
}

/** One item of a transfer. */
export interface TransferItem {
  /** Source path. */
  source_path: string;
  /** Destination path. */
  destination_path: string;
  /** Copy a directory recursively. */
  recursive: boolean;
  /** A checksum the source must have. */
  external_checksum: string | null;
  /** Its algorithm. */
  checksum_algorithm: string | null;
}

/** A validated transfer submission. */
export interface TransferSpec {
  /** Source collection. */
  source: Collection;
  /** Destination collection. */
  destination: Collection;
  /** Items. */
  items: TransferItem[];
  /** Label, or `null`. */
  label: string | null;
  /** 0–3 or `null`. */
  syncLevel: number | null;
  /** Verify checksums after copying. */
  verifyChecksum: boolean;
  /** Keep modification times. */
  preserveTimestamp: boolean;
  /** Recorded only. */
  encryptData: boolean;
  /** Skip source errors instead of failing. */
  skipSourceErrors: boolean;
  /** Recorded only. */
  failOnQuotaErrors: boolean;
  /** Delete destination files missing from the source (recursive items). */
  deleteDestinationExtra: boolean;
  /**
   * Symbolic links met in a recursive transfer: skipped (`ignore`), made
   * again at the destination with the same target (`keep`), or followed
   * (`copy`).
   */
  recursiveSymlinks: "ignore" | "keep" | "copy";
  /** Filter rules, or `null`. */
  filterRules: FilterRule[] | null;
  /** Deadline (ms since the epoch). */
  deadline: number;
  /** Source local user, or `null`. */
  sourceLocalUser: string | null;
  /** Destination local user, or `null`. */
  destinationLocalUser: string | null;
}

/** A validated delete submission. */
export interface DeleteSpec {
  /** The collection. */
  endpoint: Collection;
  /** Paths to delete. */
  paths: string[];
  /** Delete directories recursively. */
  recursive: boolean;
  /** Missing paths are not errors. */
  ignoreMissing: boolean;
  /** `*`, `?` and `[…]` in a path's last component match names. */
  interpretGlobs: boolean;
  /** Label, or `null`. */
  label: string | null;
  /** Deadline (ms since the epoch). */
  deadline: number;
  /** Local user, or `null`. */
  localUser: string | null;
}

/** A task event. */
export interface TaskEvent {
  /** Always `event`. */
  DATA_TYPE: "event";
  /** E.g. `STARTED`, `SUCCEEDED`, `CANCELED`, `FILE_NOT_FOUND`. */
  code: string;
  /** Lower-case description. */
  description: string;
  /** Details. */
  details: string;
  /** Whether it is an error. */
  is_error: boolean;
  /** Time (`2021-10-06T16:14:05+00:00`). */
  time: string;
}

/** A skipped error entry. */
export interface SkippedError {
  /** Always `skipped_error`. */
  DATA_TYPE: "skipped_error";
  /** Checksum algorithm of the item, or `null`. */
  checksum_algorithm: string | null;
  /** Destination path. */
  destination_path: string;
  /** E.g. `FILE_NOT_FOUND`. */
  error_code: string;
  /** Details. */
  error_details: string;
  /** Time. */
  error_time: string;
  /** External checksum, or `null`. */
  external_checksum: string | null;
  /** Always `false` here. */
  is_delete_destination_extra: boolean;
  /** Whether the source was a directory. */
  is_directory: boolean;
  /** Whether the source was a symlink. */
  is_symlink: boolean;
  /** Source path. */
  source_path: string;
}

export class TaskFailure extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly details: string,
  ) {
    super(description);
  }
}

/** A running or finished task. */
export class Task {
  /** The id. */
  readonly id: string = randomUUID();
  /** The owner. */
  readonly owner: TaskOwner;
  /** `TRANSFER` or `DELETE`. */
  readonly type: "TRANSFER" | "DELETE";
  /** The submission id. */
  readonly submissionId: string;
  /** Request time (ms). */
  readonly requestTime: number;
  /** Label. */
  label: string | null;
  /** Deadline (ms). */
  deadline: number;
  /** Status. */
  status: "ACTIVE" | "INACTIVE" | "SUCCEEDED" | "FAILED" = "ACTIVE";
  /** `Queued`, `OK` or `null`. */
  niceStatus: string | null = "Queued";
  /**
   * The error the task is retrying after (a missing source), shown as its
   * `nice_status` with `is_ok: false` while it is ACTIVE; `null` when none.
   */
  trouble: { code: string; description: string; details: string } | null = null;
  /** Clears {@linkcode trouble} once an attempt gets past it. */
  recovered(): void {
    this.trouble = null;
  }
  /** Completion time (ms) or `null`. */
  completionTime: number | null = null;
  /** The fatal error, or `null`. */
  fatalError: { code: string; description: string } | null = null;
  /** Counters, wire names. */
  readonly counters: Record<string, number> = {
    files: 0,
    directories: 0,
    symlinks: 0,
    files_skipped: 0,
    files_transferred: 0,
    bytes_transferred: 0,
    bytes_checksummed: 0,
    faults: 0,
    subtasks_total: 0,
    subtasks_pending: 0,
    subtasks_succeeded: 0,
    subtasks_failed: 0,
    subtasks_canceled: 0,
    subtasks_expired: 0,
    subtasks_retrying: 0,
    subtasks_skipped_errors: 0,
  };
  /** Events, oldest first. */
  readonly events: TaskEvent[] = [];
  /** Successful transfers as `[source, destination]`. */
  readonly successful: [string, string][] = [];
  /** Skipped errors. */
  readonly skipped: SkippedError[] = [];
  /** Aborts the run. */
  readonly abort: AbortController = new AbortController();
  /** Settles when the run ends. */
  done: Promise<void> = Promise.resolve();
  /** Set when the owner canceled. */
  canceled = false;
  /** When the run started (ms), or `null` while queued. */
  startedAt: number | null = null;
  /** Why the task is paused (a pause rule or an admin pause), or `null`. */
  paused: TaskPause | null = null;
  /** An administrator's pause (`endpoint_manager/admin_pause`), or `null`. */
  adminPause: { message: string; side: "source" | "destination" } | null = null;
  /** The message of an administrator's cancel, or `null`. */
  canceledByAdmin: string | null = null;

  /**
   * Creates an instance.
   *
   * @param type The type.
   * @param owner The owner.
   * @param submissionId The submission id.
   * @param now Request time (ms).
   * @param transfer The transfer spec (TRANSFER).
   * @param del The delete spec (DELETE).
   */
  constructor(
    type: "TRANSFER" | "DELETE",
    owner: TaskOwner,
    submissionId: string,
    now: number,
    readonly transfer: TransferSpec | null,
    readonly del: DeleteSpec | null,
  ) {
    this.type = type;
    this.owner = owner;
    this.submissionId = submissionId;
    this.requestTime = now;
    this.label = transfer?.label ?? del?.label ?? null;
    this.deadline = transfer?.deadline ?? del?.deadline ?? now + 86400000;
  }

  /**
   * The task document (`GET task/{id}`).
   *
   * @param now The current time (ms), for the rate.
   * @returns The document.
   */
  document(now: number): Record<string, unknown> {
    const t = this.transfer;
    const d = this.del;
    const src = t?.source ?? d?.endpoint ?? null;
    const dst = t?.destination ?? null;
    const active = this.status === "ACTIVE" || this.status === "INACTIVE";
    const end = this.completionTime ?? now;
    const elapsed = Math.max(
      1,
      (end - (this.startedAt ?? this.requestTime)) / 1000,
    );
    const canonical = (c: Collection | null) =>
      c ? `${c.ownerString.split("@")[0]}#${c.id}` : null;
    const paused = active && this.paused !== null;
    return {
      DATA_TYPE: "task",
      task_id: this.id,
      type: this.type,
      status: paused ? "INACTIVE" : this.status,
      label: this.label,
      owner_id: this.owner.id,
      owner_string: this.owner.username,
      username: this.owner.username.split("@")[0],
      command: "API 0.10",
      request_time: isoSeconds(this.requestTime),
      completion_time: this.completionTime === null
        ? null
        : isoSeconds(this.completionTime),
      deadline: isoSeconds(this.deadline),
      source_endpoint: canonical(src),
      source_endpoint_id: src?.id ?? null,
      source_endpoint_display_name: src?.displayName ?? null,
      destination_endpoint: canonical(dst),
      destination_endpoint_id: dst?.id ?? null,
      destination_endpoint_display_name: dst?.displayName ?? null,
      source_local_user: t?.sourceLocalUser ?? d?.localUser ?? null,
      destination_local_user: t?.destinationLocalUser ?? null,
      source_base_path: null,
      destination_base_path: null,
      sync_level: t?.syncLevel ?? null,
      verify_checksum: t?.verifyChecksum ?? false,
      preserve_timestamp: t?.preserveTimestamp ?? false,
      encrypt_data: t?.encryptData ?? false,
      skip_source_errors: t?.skipSourceErrors ?? false,
      fail_on_quota_errors: t?.failOnQuotaErrors ?? false,
      delete_destination_extra: t?.deleteDestinationExtra ?? false,
      recursive_symlinks: t?.recursiveSymlinks ?? "ignore",
      filter_rules: t?.filterRules
        ? t.filterRules.map((r) => ({ DATA_TYPE: "filter_rule", ...r }))
        : null,
      ...this.counters,
      effective_bytes_per_second: Math.floor(
        (this.counters.bytes_transferred ?? 0) / elapsed,
      ),
      fatal_error: this.fatalError,
      is_ok: active ? this.trouble === null : null,
      is_paused: paused,
      nice_status: paused
        ? "PAUSED_BY_ADMIN"
        : active
        ? this.trouble?.code ?? this.niceStatus
        : null,
      nice_status_short_description: paused
        ? "paused by an administrator"
        : active
        ? this.trouble?.description ?? this.niceStatus
        : null,
      nice_status_details: paused
        ? this.paused?.message ?? null
        : active
        ? this.trouble?.details ?? null
        : null,
      nice_status_expires_in: active ? -1 : null,
      canceled_by_admin: this.canceledByAdmin === null ? null : "SOURCE",
      canceled_by_admin_message: this.canceledByAdmin,
      history_deleted: false,
    };
  }
}
