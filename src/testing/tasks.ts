/**
 * The emulator's task engine: TRANSFER and DELETE tasks that really run in
 * the background against the collections' folders, with the counters,
 * events, statuses and listings of the real Transfer service; plus lazily
 * generated "seeded" tasks for paging benchmarks.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { lstat, mkdir, readdir, rm, stat, utimes } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { EmulatorClock } from "./clock.ts";
import type { Collection } from "./collections.ts";
import {
  abortableSleep,
  AbortedError,
  ContentMismatchError,
  copyFileTo,
  hashName,
  sameContent,
  yieldIfBusy,
} from "./file_ops.ts";
import { fnmatch } from "./fnmatch.ts";
import { isoSeconds } from "./http.ts";
import {
  assertConfined,
  type CollectionPath,
  homeOf,
  isReadOnly,
  PathError,
  resolvePath,
} from "./paths.ts";

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

const GLOB_CHARS = /[*?[]/;

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
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

/** Task-list filters (`status:ACTIVE,INACTIVE/type:TRANSFER/label:~x`). */
export interface TaskFilter {
  /** Allowed statuses. */
  status?: string[];
  /** Allowed types. */
  type?: string[];
  /** Allowed task ids. */
  task_id?: string[];
  /** Label: exact, or `~substring` (case-insensitive). */
  label?: string;
  /** `request_time` range in epoch ms (either end open). */
  request_time?: TimeRange;
  /** `completion_time` range in epoch ms; tasks still running never match. */
  completion_time?: TimeRange;
}

/** An inclusive time range in epoch milliseconds; `null` is open. */
export interface TimeRange {
  /** The earliest time, or `null`. */
  from: number | null;
  /** The latest time, or `null`. */
  to: number | null;
}

function inRange(value: unknown, range: TimeRange): boolean {
  if (typeof value !== "string") return false;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return false;
  return (range.from === null || t >= range.from) &&
    (range.to === null || t <= range.to);
}

/** Options for seeding tasks. */
export interface SeedTasksOptions {
  /**
   * How many successful transfers each seeded task lists.
   * @default 1
   */
  successfulTransfers?: number;
  /**
   * The label of each task (`{i}` is replaced by its index).
   * @default "Seeded task {i}"
   */
  label?: string;
}

/** Seeded tasks, generated lazily. */
export interface SeededTasks {
  /** How many tasks were seeded. */
  count: number;
  /** The id of the first seeded task (index 0). */
  firstTaskId: string;
  /**
   * The id of the seeded task at an index.
   *
   * @param index 0 ≤ index < count.
   * @returns The task id.
   */
  taskId(index: number): string;
}

/** Task engine settings. */
export interface TaskEngineOptions {
  /** The time source. */
  clock: EmulatorClock;
  /** A delay before a task starts and before each file (ms). */
  taskDelayMs: number;
  /** A copy rate limit in bytes per second, or `null`. */
  throttleBytesPerSecond: number | null;
}

class TaskFailure extends Error {
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
  /** Wakes the run when it waits at a pause. */
  wake: (() => void) | null = null;

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
      recursive_symlinks: "ignore",
      filter_rules: t?.filterRules
        ? t.filterRules.map((r) => ({ DATA_TYPE: "filter_rule", ...r }))
        : null,
      ...this.counters,
      effective_bytes_per_second: Math.floor(
        (this.counters.bytes_transferred ?? 0) / elapsed,
      ),
      fatal_error: this.fatalError,
      is_ok: active ? true : null,
      is_paused: paused,
      nice_status: paused ? "PAUSED_BY_ADMIN" : active ? this.niceStatus : null,
      nice_status_short_description: paused
        ? "paused by an administrator"
        : active
        ? this.niceStatus
        : null,
      nice_status_details: paused ? this.paused?.message ?? null : null,
      nice_status_expires_in: active ? -1 : null,
      canceled_by_admin: this.canceledByAdmin === null ? null : "SOURCE",
      canceled_by_admin_message: this.canceledByAdmin,
      history_deleted: false,
    };
  }
}

/** How many files of one folder a task copies at once. */
const FILE_CONCURRENCY = 4;

async function pool<T, R>(
  items: T[],
  n: number,
  fn: (item: T) => Promise<R>,
): Promise<{ results: (R | undefined)[]; error: unknown }> {
  const results: (R | undefined)[] = new Array(items.length);
  let next = 0;
  let error: unknown = undefined;
  const worker = async (): Promise<void> => {
    while (error === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (e) {
        error ??= e;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, worker),
  );
  return { results, error };
}

function hex12(n: number): string {
  return n.toString(16).padStart(12, "0");
}

const SEED_PREFIX = "5eed0000-0000-4000-8000-";

/** A range of lazily generated seeded tasks. */
export interface SeedRange {
  /** Global index of the first task. */
  start: number;
  /** How many tasks. */
  count: number;
  /** Successful transfers per task. */
  successfulTransfers: number;
  /** Label template. */
  label: string;
  /** Owner. */
  owner: TaskOwner;
  /** Completion time of the newest (ms). */
  baseTime: number;
  /** Source collection. */
  source: Collection;
  /** Destination collection. */
  destination: Collection;
}

/** A seeded task found by id. */
export interface SeededTaskRef {
  /** Its document. */
  seeded: Record<string, unknown>;
  /** Its global index. */
  index: number;
  /** Its range. */
  range: SeedRange;
}

/** Runs and stores tasks. */
export class TaskEngine {
  readonly #tasks = new Map<string, Task>();
  readonly #order: Task[] = [];
  readonly #submissions = new Map<string, string>();
  readonly #seeds: SeedRange[] = [];
  #seedTotal = 0;
  #closed = false;

  /**
   * Says whether (and why) a task is paused now; set by the pause rules
   * and admin pauses of src/testing/transfer_admin.ts.
   */
  pauseReason: (t: Task) => TaskPause | null = () => null;

  /**
   * Creates an instance.
   *
   * @param o Settings.
   */
  constructor(readonly o: TaskEngineOptions) {}

  /** Every real task, oldest first (for the endpoint manager). */
  get all(): readonly Task[] {
    return this.#order;
  }

  /**
   * Re-evaluates every unfinished task's pause (after a pause rule or an
   * admin pause changed); a task no longer paused goes on.
   */
  refreshPauses(): void {
    for (const t of this.#order) {
      if (t.completionTime !== null) continue;
      t.paused = this.pauseReason(t);
      if (t.paused === null && t.wake) {
        const wake = t.wake;
        t.wake = null;
        wake();
      }
    }
  }

  /**
   * Waits while the task is paused (a cancel ends the wait); nothing to
   * await (no extra turn per file) when it is not paused.
   */
  #gate(t: Task): Promise<void> | undefined {
    t.paused = this.pauseReason(t);
    return t.paused === null ? undefined : this.#waitWhilePaused(t);
  }

  async #waitWhilePaused(t: Task): Promise<void> {
    for (;;) {
      t.paused = this.pauseReason(t);
      if (t.paused === null) return;
      if (t.abort.signal.aborted) throw new AbortedError();
      await new Promise<void>((resolve) => {
        const done = () => {
          t.abort.signal.removeEventListener("abort", done);
          t.wake = null;
          resolve();
        };
        t.wake = done;
        t.abort.signal.addEventListener("abort", done, { once: true });
      });
    }
  }

  /**
   * The task already created for a submission id, if any.
   *
   * @param submissionId The submission id.
   * @returns The task id, or `undefined`.
   */
  bySubmission(submissionId: string): string | undefined {
    return this.#submissions.get(submissionId);
  }

  /**
   * Creates and starts a transfer task.
   *
   * @param spec The transfer.
   * @param owner The owner.
   * @param submissionId The submission id.
   * @returns The task.
   */
  submitTransfer(
    spec: TransferSpec,
    owner: TaskOwner,
    submissionId: string,
  ): Task {
    const t = new Task(
      "TRANSFER",
      owner,
      submissionId,
      this.o.clock.now(),
      spec,
      null,
    );
    this.#start(t, () => this.#runTransfer(t, spec));
    return t;
  }

  /**
   * Creates and starts a delete task.
   *
   * @param spec The delete.
   * @param owner The owner.
   * @param submissionId The submission id.
   * @returns The task.
   */
  submitDelete(spec: DeleteSpec, owner: TaskOwner, submissionId: string): Task {
    const t = new Task(
      "DELETE",
      owner,
      submissionId,
      this.o.clock.now(),
      null,
      spec,
    );
    this.#start(t, () => this.#runDelete(t, spec));
    return t;
  }

  #start(t: Task, run: () => Promise<void>): void {
    this.#tasks.set(t.id, t);
    this.#order.push(t);
    this.#submissions.set(t.submissionId, t.id);
    t.paused = this.pauseReason(t);
    if (this.#closed) t.abort.abort();
    t.done = this.#execute(t, run);
  }

  async #execute(t: Task, run: () => Promise<void>): Promise<void> {
    const event = (
      code: string,
      description: string,
      details: string,
      isError: boolean,
    ) => this.#event(t, code, description, details, isError);
    try {
      await abortableSleep(this.o.taskDelayMs, t.abort.signal);
      const paused = this.#gate(t);
      if (paused) await paused;
      t.startedAt = this.o.clock.now();
      t.niceStatus = "OK";
      event(
        "STARTED",
        "started",
        JSON.stringify(
          {
            type: t.type === "TRANSFER" ? "GridFTP Transfer" : "Delete",
            concurrency: 2,
            parallelism: 4,
            pipelining: 20,
          },
          null,
          2,
        ),
        false,
      );
      this.#checkDeadline(t);
      await run();
      if (t.counters.bytes_transferred) {
        event(
          "PROGRESS",
          "progress",
          JSON.stringify({
            bytes_transferred: t.counters.bytes_transferred,
            files_transferred: t.counters.files_transferred,
          }),
          false,
        );
      }
      t.status = "SUCCEEDED";
      event(
        "SUCCEEDED",
        "succeeded",
        JSON.stringify({
          files_succeeded: t.counters.files_transferred,
          files_skipped: t.counters.files_skipped,
        }),
        false,
      );
    } catch (e) {
      t.status = "FAILED";
      const c = t.counters as Record<string, number>;
      if (e instanceof AbortedError || t.abort.signal.aborted) {
        c.subtasks_canceled = (c.subtasks_canceled ?? 0) +
          (c.subtasks_pending ?? 0);
        t.fatalError = { code: "CANCELED", description: "canceled" };
        event(
          "CANCELED",
          "canceled",
          t.canceledByAdmin !== null
            ? `Canceled by an administrator: ${t.canceledByAdmin}`
            : t.canceled
            ? "Canceled by the task owner"
            : "Canceled by the service",
          true,
        );
      } else if (e instanceof TaskFailure) {
        if (e.code === "DEADLINE_EXPIRED") {
          c.subtasks_expired = (c.subtasks_expired ?? 0) +
            Math.max(1, c.subtasks_pending ?? 0);
        } else {
          c.subtasks_failed = (c.subtasks_failed ?? 0) + 1;
        }
        c.faults = (c.faults ?? 0) + 1;
        t.fatalError = { code: e.code, description: e.description };
        event(e.code, e.description, e.details, true);
      } else {
        c.subtasks_failed = (c.subtasks_failed ?? 0) + 1;
        c.faults = (c.faults ?? 0) + 1;
        const msg = e instanceof Error ? e.message : String(e);
        t.fatalError = { code: "UNKNOWN", description: "unknown error" };
        event("UNKNOWN", "unknown error", msg, true);
      }
      c.subtasks_pending = 0;
    } finally {
      t.completionTime = this.o.clock.now();
      t.niceStatus = null;
    }
  }

  #event(
    t: Task,
    code: string,
    description: string,
    details: string,
    isError: boolean,
  ): void {
    t.events.push({
      DATA_TYPE: "event",
      code,
      description,
      details,
      is_error: isError,
      time: isoSeconds(this.o.clock.now()),
    });
  }

  #checkDeadline(t: Task): void {
    if (t.abort.signal.aborted) throw new AbortedError();
    if (this.o.clock.now() > t.deadline) {
      throw new TaskFailure(
        "DEADLINE_EXPIRED",
        "deadline expired",
        `The task deadline ${isoSeconds(t.deadline)} has passed`,
      );
    }
  }

  #subtask(t: Task): void {
    const c = t.counters as Record<string, number>;
    c.subtasks_total = (c.subtasks_total ?? 0) + 1;
    c.subtasks_pending = (c.subtasks_pending ?? 0) + 1;
  }

  #subtaskDone(t: Task): void {
    const c = t.counters as Record<string, number>;
    c.subtasks_pending = Math.max(0, (c.subtasks_pending ?? 0) - 1);
    c.subtasks_succeeded = (c.subtasks_succeeded ?? 0) + 1;
  }

  #add(t: Task, name: string, n = 1): void {
    const c = t.counters as Record<string, number>;
    c[name] = (c[name] ?? 0) + n;
  }

  // ---------------------------------------------------------------- transfer

  async #runTransfer(t: Task, spec: TransferSpec): Promise<void> {
    const srcHome = homeOf(t.owner.username);
    for (const item of spec.items) {
      this.#checkDeadline(t);
      let src: CollectionPath;
      let dst: CollectionPath;
      try {
        src = resolvePath(spec.source, srcHome, item.source_path);
        dst = resolvePath(spec.destination, srcHome, item.destination_path);
        await assertConfined(spec.source, src.real);
        await assertConfined(spec.destination, dst.real);
      } catch (e) {
        if (e instanceof PathError) {
          throw new TaskFailure(
            "PERMISSION_DENIED",
            "permission denied",
            e.message,
          );
        }
        throw e;
      }
      let st;
      try {
        st = await lstat(src.real);
      } catch {
        this.#sourceError(
          t,
          spec,
          item,
          "FILE_NOT_FOUND",
          "file not found",
          `Error: '${item.source_path}' not found\n550-GlobusError: v=1 c=PATH_NOT_FOUND`,
          false,
        );
        continue;
      }
      if (st.isSymbolicLink()) {
        this.#add(t, "symlinks");
        continue;
      }
      if (st.isDirectory()) {
        if (!item.recursive) {
          this.#sourceError(
            t,
            spec,
            item,
            "NOT_A_FILE",
            "not a file",
            `'${item.source_path}' is a directory; set recursive to transfer it`,
            true,
          );
          continue;
        }
        await this.#copyDir(t, spec, src, dst);
      } else {
        const done = await this.#copyOne(
          t,
          spec,
          src,
          dst,
          st.size,
          st.mtimeMs,
          item,
        );
        if (done) t.successful.push(done);
      }
    }
  }

  #sourceError(
    t: Task,
    spec: TransferSpec,
    item: {
      source_path: string;
      destination_path: string;
      checksum_algorithm: string | null;
      external_checksum: string | null;
    },
    code: string,
    description: string,
    details: string,
    isDir: boolean,
  ): void {
    if (!spec.skipSourceErrors) {
      throw new TaskFailure(code, description, details);
    }
    this.#add(t, "subtasks_skipped_errors");
    this.#add(t, "subtasks_total");
    this.#event(t, code, description, details, true);
    t.skipped.push({
      DATA_TYPE: "skipped_error",
      checksum_algorithm: item.checksum_algorithm,
      destination_path: item.destination_path,
      error_code: code,
      error_details: details,
      error_time: isoSeconds(this.o.clock.now()),
      external_checksum: item.external_checksum,
      is_delete_destination_extra: false,
      is_directory: isDir,
      is_symlink: false,
      source_path: item.source_path,
    });
  }

  #denyWrite(spec: TransferSpec, dst: CollectionPath): void {
    if (isReadOnly(spec.destination, dst.virtual)) {
      throw new TaskFailure(
        "PERMISSION_DENIED",
        "permission denied",
        `Error (transfer)\nEndpoint: ${spec.destination.displayName} (${spec.destination.id})\nFile: ${dst.virtual}\nMessage: Path not allowed (read-only)`,
      );
    }
  }

  #included(
    rules: FilterRule[] | null,
    name: string,
    type: "file" | "dir",
  ): boolean {
    if (!rules) return true;
    for (const r of rules) {
      if (r.type !== null && r.type !== type) continue;
      if (fnmatch(name, r.name)) return r.method === "include";
    }
    return true;
  }

  async #copyDir(
    t: Task,
    spec: TransferSpec,
    src: CollectionPath,
    dst: CollectionPath,
  ): Promise<void> {
    this.#checkDeadline(t);
    this.#add(t, "directories");
    this.#subtask(t);
    this.#denyWrite(spec, dst);
    await mkdir(dst.real, { recursive: true });
    this.#subtaskDone(t);
    const entries = await readdir(src.real, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const kept = new Set<string>();
    const child = (p: CollectionPath, name: string): CollectionPath => ({
      virtual: p.virtual === "/" ? `/${name}` : `${p.virtual}/${name}`,
      real: join(p.real, name),
    });
    const files: string[] = [];
    const dirs: string[] = [];
    for (const e of entries) {
      if (e.isSymbolicLink()) {
        this.#add(t, "symlinks");
        continue;
      }
      const type = e.isDirectory() ? "dir" : "file";
      if (!this.#included(spec.filterRules, e.name, type)) continue;
      kept.add(e.name);
      (type === "dir" ? dirs : files).push(e.name);
    }
    // Files of a folder are copied FILE_CONCURRENCY at a time (disk I/O of
    // one overlaps the hashing of another); results are recorded in name order.
    const { results, error } = await pool(
      files,
      FILE_CONCURRENCY,
      async (name) => {
        const s = child(src, name);
        // A blocking stat: a thread round trip costs more than the call.
        const st = statSync(s.real);
        const done = await this.#copyOne(
          t,
          spec,
          s,
          child(dst, name),
          st.size,
          st.mtimeMs,
          null,
        );
        // Small files copy with blocking calls: let requests in.
        await yieldIfBusy();
        return done;
      },
    );
    for (const r of results) if (r) t.successful.push(r);
    if (error !== undefined) throw error;
    for (const name of dirs) {
      await this.#copyDir(t, spec, child(src, name), child(dst, name));
    }
    if (spec.deleteDestinationExtra) {
      for (const e of await readdir(dst.real, { withFileTypes: true })) {
        if (kept.has(e.name)) continue;
        await rm(join(dst.real, e.name), { recursive: true, force: true });
      }
    }
  }

  async #copyOne(
    t: Task,
    spec: TransferSpec,
    src: CollectionPath,
    dst: CollectionPath,
    size: number,
    mtimeMs: number,
    item: TransferItem | null,
  ): Promise<[string, string] | null> {
    const signal = t.abort.signal;
    this.#add(t, "files");
    this.#subtask(t);
    await abortableSleep(this.o.taskDelayMs, signal);
    const paused = this.#gate(t);
    if (paused) await paused;
    this.#checkDeadline(t);
    // sync level
    if (spec.syncLevel !== null) {
      let dstSt = null;
      try {
        dstSt = await stat(dst.real);
      } catch {
        dstSt = null;
      }
      if (dstSt?.isFile()) {
        let same = true;
        if (spec.syncLevel >= 1 && dstSt.size !== size) same = false;
        if (
          same && spec.syncLevel >= 2 &&
          Math.floor(dstSt.mtimeMs / 1000) < Math.floor(mtimeMs / 1000)
        ) same = false;
        if (same && spec.syncLevel >= 3) {
          same = await sameContent(src.real, dst.real, signal);
          this.#add(t, "bytes_checksummed", size + dstSt.size);
        }
        if (same) {
          this.#add(t, "files_skipped");
          this.#subtaskDone(t);
          return null;
        }
      }
    }
    this.#denyWrite(spec, dst);
    // #copyDir made the folder of its files already; a single item may not.
    if (item !== null) await mkdir(dirname(dst.real), { recursive: true });
    const ext = item?.external_checksum ?? null;
    const extAlg = ext ? hashName(item?.checksum_algorithm ?? "md5") : null;
    // One pass: each chunk is read, hashed for external_checksum, written,
    // and read back for verify_checksum.
    let before = 0;
    let digest: string | null;
    try {
      digest = await copyFileTo(src.real, dst.real, {
        signal,
        bytesPerSecond: this.o.throttleBytesPerSecond,
        hashAlgorithm: extAlg,
        verify: spec.verifyChecksum,
        sizeHint: size,
        onBytes: (n) => {
          before += n;
          this.#add(t, "bytes_transferred", n);
        },
      });
    } catch (e) {
      if (e instanceof ContentMismatchError) {
        throw new TaskFailure(
          "VERIFY_CHECKSUM",
          "checksum verification failed",
          `Checksums of ${src.virtual} and ${dst.virtual} differ`,
        );
      }
      throw e;
    }
    this.#add(t, "bytes_transferred", size - before);
    if (ext && digest !== null && digest.toLowerCase() !== ext.toLowerCase()) {
      throw new TaskFailure(
        "CHECKSUM_MISMATCH",
        "checksum mismatch",
        `The source checksum of ${src.virtual} does not match external_checksum`,
      );
    }
    if (spec.verifyChecksum) this.#add(t, "bytes_checksummed", size);
    if (spec.preserveTimestamp) {
      await utimes(dst.real, mtimeMs / 1000, mtimeMs / 1000);
    }
    this.#add(t, "files_transferred");
    this.#subtaskDone(t);
    return [src.virtual, dst.virtual];
  }

  // ------------------------------------------------------------------ delete

  /**
   * With `interpret_globs`, a path whose last component holds `*`, `?` or
   * `[…]` becomes the matching names of its folder, in name order (as in a
   * shell, a leading `.` must be matched explicitly); a pattern matching
   * nothing stays as it is, so it fails as missing unless `ignore_missing`.
   */
  async #expandGlobs(spec: DeleteSpec, home: string): Promise<string[]> {
    if (!spec.interpretGlobs) return spec.paths;
    const out: string[] = [];
    for (const p of spec.paths) {
      const trimmed = p.replace(/\/+$/, "");
      const slash = trimmed.lastIndexOf("/");
      const pattern = trimmed.slice(slash + 1);
      if (!GLOB_CHARS.test(pattern)) {
        out.push(p);
        continue;
      }
      const parent = trimmed.slice(0, slash + 1) || "/";
      let names: string[] = [];
      try {
        const dir = resolvePath(spec.endpoint, home, parent);
        await assertConfined(spec.endpoint, dir.real);
        names = (await readdir(dir.real)).filter((n) =>
          (!n.startsWith(".") || pattern.startsWith(".")) && fnmatch(n, pattern)
        ).sort();
      } catch (e) {
        if (!(e instanceof PathError) && !isMissing(e)) throw e;
      }
      if (names.length === 0) out.push(p);
      for (const n of names) out.push(`${parent.replace(/\/?$/, "/")}${n}`);
    }
    return out;
  }

  async #runDelete(t: Task, spec: DeleteSpec): Promise<void> {
    const home = homeOf(t.owner.username);
    for (const p of await this.#expandGlobs(spec, home)) {
      const paused = this.#gate(t);
      if (paused) await paused;
      this.#checkDeadline(t);
      let target: CollectionPath;
      try {
        target = resolvePath(spec.endpoint, home, p);
        await assertConfined(spec.endpoint, target.real);
      } catch (e) {
        if (e instanceof PathError) {
          throw new TaskFailure(
            "PERMISSION_DENIED",
            "permission denied",
            e.message,
          );
        }
        throw e;
      }
      this.#subtask(t);
      let st;
      try {
        st = await lstat(target.real);
      } catch {
        if (spec.ignoreMissing) {
          this.#subtaskDone(t);
          continue;
        }
        this.#add(t, "files");
        throw new TaskFailure(
          "FILE_NOT_FOUND",
          "file not found",
          `Error: '${p}' not found\n550-GlobusError: v=1 c=PATH_NOT_FOUND`,
        );
      }
      if (target.virtual === "/" || isReadOnly(spec.endpoint, target.virtual)) {
        throw new TaskFailure(
          "PERMISSION_DENIED",
          "permission denied",
          `Error (delete)\nEndpoint: ${spec.endpoint.displayName} (${spec.endpoint.id})\nFile: ${target.virtual}\nMessage: Path not allowed`,
        );
      }
      if (st.isDirectory()) {
        if (!spec.recursive) {
          throw new TaskFailure(
            "NOT_A_FILE",
            "is a directory",
            `'${p}' is a directory; set recursive to delete it`,
          );
        }
        await this.#countTree(t, target.real);
      } else {
        this.#add(t, "files");
      }
      await rm(target.real, { recursive: true, force: true });
      this.#subtaskDone(t);
    }
  }

  async #countTree(t: Task, dir: string): Promise<void> {
    if (t.abort.signal.aborted) throw new AbortedError();
    this.#add(t, "directories");
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await this.#countTree(t, join(dir, e.name));
      else this.#add(t, "files");
    }
  }

  // ----------------------------------------------------------------- queries

  /**
   * A task by id (real or seeded).
   *
   * @param id The task id.
   * @returns The task, a seeded task's document, or `undefined`.
   */
  get(id: string): Task | SeededTaskRef | undefined {
    const t = this.#tasks.get(id);
    if (t) return t;
    if (id.startsWith(SEED_PREFIX)) {
      const idx = parseInt(id.slice(SEED_PREFIX.length), 16);
      const range = this.#seeds.find((r) =>
        idx >= r.start && idx < r.start + r.count
      );
      if (range) {
        return { seeded: this.#seedDoc(range, idx), index: idx, range };
      }
    }
    return undefined;
  }

  /**
   * Collections used by an owner's tasks.
   *
   * @param ownerId The owner.
   * @param activeOnly Only tasks still running.
   * @returns Collection ids.
   */
  collectionsUsedBy(ownerId: string, activeOnly: boolean): Set<string> {
    const out = new Set<string>();
    for (const t of this.#order) {
      if (t.owner.id !== ownerId) continue;
      if (activeOnly && t.completionTime !== null) continue;
      const ids = [
        t.transfer?.source.id,
        t.transfer?.destination.id,
        t.del?.endpoint.id,
      ];
      for (const id of ids) if (id) out.add(id);
    }
    return out;
  }

  /**
   * Cancels a task and waits for it to stop.
   *
   * @param id The task id.
   * @param adminMessage An administrator's message (an endpoint-manager
   *   cancel), shown as `canceled_by_admin_message`.
   * @returns `"Canceled"`, or `"TaskComplete"` when it had already finished.
   */
  async cancel(
    id: string,
    adminMessage?: string,
  ): Promise<"Canceled" | "TaskComplete"> {
    const t = this.#tasks.get(id);
    if (!t || t.completionTime !== null) return "TaskComplete";
    if (adminMessage !== undefined) t.canceledByAdmin = adminMessage;
    else t.canceled = true;
    t.abort.abort();
    await t.done;
    return "Canceled";
  }

  /**
   * Lists an owner's tasks, newest first, then seeded tasks.
   *
   * @param ownerId The owner.
   * @param filter Filters.
   * @param offset Offset.
   * @param limit Page size.
   * @returns The page and the total.
   */
  list(
    ownerId: string,
    filter: TaskFilter,
    offset: number,
    limit: number,
  ): { data: Record<string, unknown>[]; total: number } {
    const now = this.o.clock.now();
    const match = (doc: Record<string, unknown>): boolean => {
      if (filter.status && !filter.status.includes(String(doc.status))) {
        return false;
      }
      if (filter.type && !filter.type.includes(String(doc.type))) return false;
      if (filter.task_id && !filter.task_id.includes(String(doc.task_id))) {
        return false;
      }
      if (filter.label !== undefined) {
        const label = doc.label === null ? "" : String(doc.label);
        if (filter.label.startsWith("~")) {
          if (
            !label.toLowerCase().includes(filter.label.slice(1).toLowerCase())
          ) {
            return false;
          }
        } else if (label !== filter.label) return false;
      }
      if (
        filter.request_time && !inRange(doc.request_time, filter.request_time)
      ) {
        return false;
      }
      if (
        filter.completion_time &&
        !inRange(doc.completion_time, filter.completion_time)
      ) return false;
      return true;
    };
    const data: Record<string, unknown>[] = [];
    let total = 0;
    for (let i = this.#order.length - 1; i >= 0; i--) {
      const t = this.#order[i] as Task;
      if (t.owner.id !== ownerId) continue;
      const doc = t.document(now);
      if (!match(doc)) continue;
      if (total >= offset && data.length < limit) data.push(doc);
      total++;
    }
    // Seeded tasks differ only in id, label and times.
    const constantOnly = filter.label === undefined &&
      filter.task_id === undefined && filter.request_time === undefined &&
      filter.completion_time === undefined;
    for (let r = this.#seeds.length - 1; r >= 0; r--) {
      const range = this.#seeds[r] as SeedRange;
      if (range.owner.id !== ownerId) continue;
      if (constantOnly) {
        if (!match(this.#seedDoc(range, range.start))) continue;
        const from = Math.max(0, offset - total);
        for (let k = from; k < range.count && data.length < limit; k++) {
          data.push(this.#seedDoc(range, range.start + k));
        }
        total += range.count;
      } else {
        for (let k = 0; k < range.count; k++) {
          const doc = this.#seedDoc(range, range.start + k);
          if (!match(doc)) continue;
          if (total >= offset && data.length < limit) data.push(doc);
          total++;
        }
      }
    }
    return { data, total };
  }

  /**
   * Events of a task, newest first.
   *
   * @param id The task id.
   * @returns The events, or `undefined` for an unknown task.
   */
  events(id: string): TaskEvent[] | undefined {
    const t = this.get(id);
    if (!t) return undefined;
    if (t instanceof Task) return [...t.events].reverse();
    const time = String(t.seeded.completion_time);
    return [
      {
        DATA_TYPE: "event",
        code: "SUCCEEDED",
        description: "succeeded",
        details: "{}",
        is_error: false,
        time,
      },
      {
        DATA_TYPE: "event",
        code: "STARTED",
        description: "started",
        details: "{}",
        is_error: false,
        time,
      },
    ];
  }

  /**
   * A page of successful transfers.
   *
   * @param id The task id.
   * @param marker The first index.
   * @param limit Page size.
   * @returns The items and the total, or `undefined` for an unknown task.
   */
  successfulTransfers(
    id: string,
    marker: number,
    limit: number,
  ): {
    items: { source_path: string; destination_path: string }[];
    total: number;
  } | undefined {
    const t = this.get(id);
    if (!t) return undefined;
    if (t instanceof Task) {
      return {
        items: t.successful.slice(marker, marker + limit).map(([s, d]) => ({
          source_path: s,
          destination_path: d,
        })),
        total: t.successful.length,
      };
    }
    const n = t.range.successfulTransfers;
    const items = [];
    for (let i = marker; i < Math.min(n, marker + limit); i++) {
      items.push({
        source_path: `/share/seed/${t.index}/file${i}.txt`,
        destination_path: `/~/seed/${t.index}/file${i}.txt`,
      });
    }
    return { items, total: n };
  }

  /**
   * Skipped errors of a task.
   *
   * @param id The task id.
   * @returns The list, or `undefined` for an unknown task.
   */
  skippedErrors(id: string): SkippedError[] | undefined {
    const t = this.get(id);
    if (!t) return undefined;
    return t instanceof Task ? t.skipped : [];
  }

  /**
   * Seeds finished tasks, generated lazily (constant memory).
   *
   * @param count How many.
   * @param owner Their owner.
   * @param source Source collection.
   * @param destination Destination collection.
   * @param opts Options.
   * @returns Access to their ids.
   */
  seed(
    count: number,
    owner: TaskOwner,
    source: Collection,
    destination: Collection,
    opts: SeedTasksOptions = {},
  ): SeededTasks {
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(
        `Cannot seed tasks as 'count' must be a non-negative integer: current value is ${count}`,
      );
    }
    const range: SeedRange = {
      start: this.#seedTotal,
      count,
      successfulTransfers: opts.successfulTransfers ?? 1,
      label: opts.label ?? "Seeded task {i}",
      owner,
      baseTime: this.o.clock.now(),
      source,
      destination,
    };
    this.#seeds.push(range);
    this.#seedTotal += count;
    const start = range.start;
    return {
      count,
      firstTaskId: SEED_PREFIX + hex12(start),
      taskId: (index: number) => SEED_PREFIX + hex12(start + index),
    };
  }

  #seedDoc(r: SeedRange, idx: number): Record<string, unknown> {
    const k = idx - r.start;
    const end = r.baseTime - k * 1000;
    const t = new Task("TRANSFER", r.owner, `seed-${idx}`, end - 1000, {
      source: r.source,
      destination: r.destination,
      items: [],
      label: r.label.replaceAll("{i}", String(k)),
      syncLevel: null,
      verifyChecksum: true,
      preserveTimestamp: false,
      encryptData: false,
      skipSourceErrors: false,
      failOnQuotaErrors: false,
      deleteDestinationExtra: false,
      filterRules: null,
      deadline: end + 86400000,
      sourceLocalUser: null,
      destinationLocalUser: null,
    }, null);
    t.status = "SUCCEEDED";
    t.completionTime = end;
    t.startedAt = end - 1000;
    const c = t.counters as Record<string, number>;
    c.files = r.successfulTransfers;
    c.files_transferred = r.successfulTransfers;
    c.bytes_transferred = r.successfulTransfers * 4;
    c.subtasks_total = r.successfulTransfers;
    c.subtasks_succeeded = r.successfulTransfers;
    const doc = t.document(end);
    doc.task_id = SEED_PREFIX + hex12(idx);
    return doc;
  }

  /**
   * Cancels every running task and waits for them to stop.
   *
   * @returns Resolves when all tasks have stopped.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#tasks.values()) t.abort.abort();
    await Promise.all([...this.#tasks.values()].map((t) => t.done));
  }
}
