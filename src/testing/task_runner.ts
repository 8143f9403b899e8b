/**
 * The core of the emulator's task engine: where tasks are stored, how one
 * runs in the background (start, pause gate, deadline, events, counters)
 * and how it ends (succeeded, failed, canceled).
 *
 * @module
 */
import { type EmulatorClock, realClock } from "./clock.ts";
import type { Collection } from "./collections.ts";
import { abortableSleep, AbortedError } from "./file_ops.ts";
import { isoSeconds } from "./http.ts";
import { UuidKeyMap } from "./_canonical_ids.ts";
import type { CollectionPath } from "./paths.ts";
import {
  type Task,
  TaskFailure,
  type TaskOwner,
  type TaskPause,
} from "./task.ts";

/**
 * How often (ms of real time) a task waiting (to try again, or at a pause)
 * looks at a clock of the caller's (a fake clock may jump past the deadline
 * at any moment; the real clock's deadline is waited for exactly).
 */
const FAKE_CLOCK_POLL_MS = 200;

/**
 * The longest single timer of a wait for the deadline on the real clock (a
 * far deadline is waited for in steps: a timer longer than 2^31 - 1 ms
 * would fire at once).
 */
const MAX_DEADLINE_TIMER_MS = 60_000;

/** The code of the event (and `fatal_error`) of a task ended by its deadline. */
export const EXPIRED = "EXPIRED";

/** Task engine settings. */
export interface TaskEngineOptions {
  /** The time source. */
  clock: EmulatorClock;
  /** A delay before a task starts and before each file (ms). */
  taskDelayMs: number;
  /** A copy rate limit in bytes per second, or `null`. */
  throttleBytesPerSecond: number | null;
}

/** Runs and stores tasks. */
export class TaskRunner {
  protected readonly tasks: Map<string, Task> = new UuidKeyMap<Task>();
  protected readonly order: Task[] = [];
  protected readonly submissions = new Map<string, string>();

  protected closed = false;

  /**
   * Tasks waiting to try again (a missing source) or at a pause, with what
   * wakes each (a pause ended, a deadline changed, a deadline passed).
   */
  readonly #waiting = new Map<Task, () => void>();

  /**
   * Tasks that have waited to try again and are not finished: between two
   * waits such a task is trying again (a short file operation that checks
   * the deadline before it waits again), so {@linkcode expireDue} waits for
   * it too, whether the request came during a wait or during a try.
   */
  readonly #retrying = new Set<Task>();

  /**
   * Says whether (and why) a task is paused now; set by the pause rules
   * and admin pauses of src/testing/transfer_admin.ts.
   */
  pauseReason: (t: Task) => TaskPause | null = () => null;

  /**
   * Why a task's owner may not (any longer) read (`"r"`) or write (`"rw"`)
   * a path of a collection, or `null` when they may; set to the access
   * rules of guest collections (src/testing/transfer_sharing_core.ts), so a
   * task queued before its rule was deleted fails when it reaches the path.
   */
  accessDenial: (
    c: Collection,
    owner: TaskOwner,
    virtual: string,
    need: "r" | "rw",
  ) => string | null = () => null;

  /**
   * Creates an instance.
   *
   * @param o Settings.
   */
  constructor(readonly o: TaskEngineOptions) {}

  /** Every real task, oldest first (for the endpoint manager). */
  get all(): readonly Task[] {
    return this.order;
  }

  /**
   * Re-evaluates every unfinished task's pause (after a pause rule or an
   * admin pause changed); a task no longer paused goes on.
   */
  refreshPauses(): void {
    for (const t of this.order) {
      if (t.completionTime !== null) continue;
      t.paused = this.pauseReason(t);
      if (t.paused === null) this.#waiting.get(t)?.();
    }
  }

  /**
   * Waits while the task is paused (a cancel ends the wait); nothing to
   * await (no extra turn per file) when it is not paused. The deadline
   * still runs while the task is paused (it is absolute): a task paused
   * past it fails then (`EXPIRED`), as one waiting to try again does.
   *
   * @throws {TaskFailure} `EXPIRED` once the deadline has passed.
   */
  protected gate(t: Task): Promise<void> | undefined {
    t.paused = this.pauseReason(t);
    return t.paused === null ? undefined : this.#waitWhilePaused(t);
  }

  async #waitWhilePaused(t: Task): Promise<void> {
    for (;;) {
      t.paused = this.pauseReason(t);
      if (t.paused === null) return;
      this.checkDeadline(t);
      await this.#wait(t, this.#untilDeadlineCheck(t, Infinity));
    }
  }

  /**
   * The task already created for a submission id, if any.
   *
   * @param submissionId The submission id.
   * @returns The task id, or `undefined`.
   */
  bySubmission(submissionId: string): string | undefined {
    return this.submissions.get(submissionId);
  }

  protected start(t: Task, run: () => Promise<void>): void {
    this.tasks.set(t.id, t);
    this.order.push(t);
    this.submissions.set(t.submissionId, t.id);
    t.paused = this.pauseReason(t);
    if (this.closed) t.abort.abort();
    t.done = this.#execute(t, run);
  }

  async #execute(t: Task, run: () => Promise<void>): Promise<void> {
    const event = (
      code: string,
      description: string,
      details: string,
      isError: boolean,
    ) => this.event(t, code, description, details, isError);
    try {
      await abortableSleep(this.o.taskDelayMs, t.abort.signal);
      const paused = this.gate(t);
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
      this.checkDeadline(t);
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
          // A delete task's files are the ones it deleted.
          files_succeeded: t.type === "DELETE"
            ? t.counters.files
            : t.counters.files_transferred,
          files_skipped: t.counters.files_skipped,
        }),
        false,
      );
    } catch (e) {
      t.status = "FAILED";
      const c = t.counters as Record<string, number>;
      // The subtasks still pending end as `key`; a failure before any
      // subtask began (a missing source) is one subtask of its own, so the
      // counters add up to subtasks_total.
      const endPending = (key: string) => {
        const pending = c.subtasks_pending ?? 0;
        if (pending === 0) c.subtasks_total = (c.subtasks_total ?? 0) + 1;
        c[key] = (c[key] ?? 0) + Math.max(1, pending);
      };
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
        if (e.code === EXPIRED) {
          endPending("subtasks_expired");
        } else {
          endPending("subtasks_failed");
        }
        c.faults = (c.faults ?? 0) + 1;
        t.fatalError = { code: e.code, description: e.description };
        event(e.code, e.description, e.details, true);
      } else {
        endPending("subtasks_failed");
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

  protected event(
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

  /**
   * Fails the task with `PERMISSION_DENIED` (as the endpoint refusing the
   * path would) when {@linkcode accessDenial} refuses it now.
   */
  protected checkAccess(
    t: Task,
    operation: "transfer" | "delete",
    c: Collection,
    path: CollectionPath,
    need: "r" | "rw",
  ): void {
    const why = this.accessDenial(c, t.owner, path.virtual, need);
    if (why === null) return;
    throw new TaskFailure(
      "PERMISSION_DENIED",
      "permission denied",
      `Error (${operation})\nEndpoint: ${c.displayName} (${c.id})\nFile: ${path.virtual}\nMessage: ${why}`,
    );
  }

  /**
   * An error Globus retries rather than fails the task for (a missing
   * source): an error event and a fault, `nice_status` naming the error
   * and `is_ok: false` while the task stays ACTIVE, then a wait (1 s,
   * doubling to 30 s, of real time) before the next attempt. The wait ends
   * early when the deadline passes on the emulator's clock (the real one,
   * a fake one moved past it, or a deadline moved earlier by `updateTask`)
   * or the task is canceled: it waited out the whole 30 s first.
   *
   * @throws {TaskFailure} `EXPIRED` once the deadline has passed.
   */
  protected async retryLater(
    t: Task,
    code: string,
    description: string,
    details: string,
    attempt: number,
  ): Promise<void> {
    this.add(t, "faults");
    if (!this.#retrying.has(t)) {
      this.#retrying.add(t);
      const forget = () => this.#retrying.delete(t);
      t.done.then(forget, forget);
    }
    this.event(t, code, description, details, true);
    t.trouble = { code, description, details };
    const retryAt = Date.now() +
      Math.min(1000 * 2 ** Math.min(attempt, 5), 30_000);
    for (;;) {
      this.checkDeadline(t);
      const left = retryAt - Date.now();
      if (left <= 0) return;
      await this.#wait(t, this.#untilDeadlineCheck(t, left));
    }
  }

  /**
   * How long (ms of real time, at most `limit`) a waiting task may sleep
   * before it must look at its deadline again: until the deadline on the
   * real clock (in steps of at most a minute), a short poll on a fake one.
   */
  #untilDeadlineCheck(t: Task, limit: number): number {
    const untilDeadline = t.deadline - this.o.clock.now() + 1;
    return Math.min(
      limit,
      untilDeadline,
      this.o.clock === realClock ? MAX_DEADLINE_TIMER_MS : FAKE_CLOCK_POLL_MS,
    );
  }

  /**
   * Waits `ms`, or until woken (a pause ended, {@linkcode deadlineChanged},
   * {@linkcode expireDue}) or canceled.
   */
  #wait(t: Task, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        t.abort.signal.removeEventListener("abort", done);
        if (this.#waiting.get(t) === done) this.#waiting.delete(t);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      t.abort.signal.addEventListener("abort", done, { once: true });
      this.#waiting.set(t, done);
    });
  }

  /**
   * Tells a task waiting (to try again, or at a pause) that its deadline
   * changed (`updateTask`), so it waits for the new one.
   *
   * @param t The task.
   */
  deadlineChanged(t: Task): void {
    this.#waiting.get(t)?.();
  }

  /**
   * Ends every task waiting (to try again, or at a pause) whose deadline
   * has passed on the emulator's clock, and waits until they have ended:
   * called before each Transfer request, so its answer shows such a task
   * FAILED (`EXPIRED`) at once, also when a fake clock was moved past the
   * deadline between two requests.
   */
  async expireDue(): Promise<void> {
    if (this.#waiting.size === 0 && this.#retrying.size === 0) return;
    const now = this.o.clock.now();
    const due = new Set<Task>();
    for (const [t, wake] of [...this.#waiting]) {
      if (now > t.deadline) {
        due.add(t);
        wake();
      }
    }
    // One trying again right now (not waiting) reaches its deadline check
    // within that try: a request that came then showed it ACTIVE.
    for (const t of this.#retrying) if (now > t.deadline) due.add(t);
    await Promise.all([...due].map((t) => t.done));
  }

  protected checkDeadline(t: Task): void {
    if (t.abort.signal.aborted) throw new AbortedError();
    if (this.o.clock.now() > t.deadline) {
      throw new TaskFailure(
        EXPIRED,
        "expired",
        `The task deadline ${isoSeconds(t.deadline)} has passed`,
      );
    }
  }

  protected subtask(t: Task): void {
    const c = t.counters as Record<string, number>;
    c.subtasks_total = (c.subtasks_total ?? 0) + 1;
    c.subtasks_pending = (c.subtasks_pending ?? 0) + 1;
  }

  protected subtaskDone(t: Task): void {
    const c = t.counters as Record<string, number>;
    c.subtasks_pending = Math.max(0, (c.subtasks_pending ?? 0) - 1);
    c.subtasks_succeeded = (c.subtasks_succeeded ?? 0) + 1;
  }

  protected add(t: Task, name: string, n = 1): void {
    const c = t.counters as Record<string, number>;
    c[name] = (c[name] ?? 0) + n;
  }
}
