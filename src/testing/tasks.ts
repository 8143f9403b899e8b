/**
 * The emulator's task engine: TRANSFER and DELETE tasks that really run in
 * the background against the collections' folders, with the counters,
 * events, statuses and listings of the real Transfer service; plus lazily
 * generated "seeded" tasks for paging benchmarks. It is put together from
 * one file per area: task.ts (a task and its document), task_runner.ts
 * (storage, running, pauses), task_transfer.ts, task_delete.ts; this file
 * adds the queries and the seeded tasks.
 *
 * @module
 */
import type { Collection } from "./collections.ts";
import {
  type SkippedError,
  Task,
  type TaskEvent,
  type TaskOwner,
} from "./task.ts";
import { TaskDeletes } from "./task_delete.ts";
import { canonicalId } from "./_canonical_ids.ts";

export {
  type DeleteSpec,
  type FilterRule,
  type SkippedError,
  Task,
  type TaskEvent,
  type TaskOwner,
  type TaskPause,
  type TransferItem,
  type TransferSpec,
} from "./task.ts";
export type { TaskEngineOptions } from "./task_runner.ts";

/** One key of a task list's `orderby`: a field, and descending or not. */
export interface TaskOrder {
  /** The task document's field. */
  field: string;
  /** `DESC`. */
  desc: boolean;
}

/** Compares task documents by `orderby`'s keys; nulls sort last. */
function orderTasks(
  orderby: readonly TaskOrder[],
): (a: Record<string, unknown>, b: Record<string, unknown>) => number {
  return (a, b) => {
    for (const { field, desc } of orderby) {
      const x = a[field];
      const y = b[field];
      if (x === y) continue;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      const c = typeof x === "number" && typeof y === "number"
        ? x - y
        : String(x) < String(y)
        ? -1
        : String(x) > String(y)
        ? 1
        : 0;
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  };
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
  successfulTransfers?: number | undefined;
  /**
   * The label of each task (`{i}` is replaced by its index).
   * @default "Seeded task {i}"
   */
  label?: string | undefined;
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
export class TaskEngine extends TaskDeletes {
  readonly #seeds: SeedRange[] = [];
  #seedTotal = 0;

  /**
   * A task by id (real or seeded).
   *
   * @param id The task id.
   * @returns The task, a seeded task's document, or `undefined`.
   */
  get(rawId: string): Task | SeededTaskRef | undefined {
    const id = canonicalId(rawId);
    const t = this.tasks.get(id);
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
    for (const t of this.order) {
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
    const t = this.tasks.get(id);
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
    orderby: readonly TaskOrder[] = [],
  ): { data: Record<string, unknown>[]; total: number } {
    if (orderby.length > 0) {
      // Sorted: every match is read, then the page cut (seeded ranges are
      // otherwise walked without building the documents they skip).
      const all = this.list(ownerId, filter, 0, Infinity).data;
      all.sort(orderTasks(orderby));
      return { data: all.slice(offset, offset + limit), total: all.length };
    }
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
    for (let i = this.order.length - 1; i >= 0; i--) {
      const t = this.order[i] as Task;
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
      throw new (typeof count === "number" ? RangeError : TypeError)(
        `Cannot seed tasks as 'count' must be a non-negative integer: current value is ${
          typeof count === "string" ? JSON.stringify(count) : String(count)
        }`,
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
      recursiveSymlinks: "ignore",
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
    this.closed = true;
    for (const t of this.tasks.values()) t.abort.abort();
    await Promise.all([...this.tasks.values()].map((t) => t.done));
  }
}
