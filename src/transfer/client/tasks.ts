/**
 * Transfer tasks: submit transfers and deletes, list, get, update, cancel, events, wait, chart.
 *
 * @module
 */
import { offsetPages, type Paginator } from "../../core/paging.ts";
import { createProgress } from "../../notebook/progress.ts";
import { clearStderrBoard } from "../../notebook/_terminal_board.ts";
import {
  interruptible,
  kernelInterrupts,
  stoppedWaitingText,
} from "../../core/_interrupt.ts";
import { NetworkError, TimeoutError } from "../../core/errors.ts";
import { deadlineSignal } from "../../core/_deadlines.ts";
import { type TaskChart, taskChartFromEvents } from "../../notebook/chart.ts";
import { displayPage, DisplayPaginator, displayTask } from "../_display.ts";
import {
  checkEndpointId,
  describeValue,
  formatDeadline,
} from "../_validate.ts";
import { DeleteData } from "../delete_data.ts";
import { DELETE_ITEM, TRANSFER_ITEM } from "../_document_errors.ts";
import {
  OperationResultSchema,
  SkippedErrorsPageSchema,
  SubmissionIdSchema,
  SubmitResultSchema,
  SuccessfulTransfersPageSchema,
  TaskEventListPageSchema,
  TaskListPageSchema,
  TaskSchema,
} from "../_schemas.ts";
import type {
  IterableTransferResponse,
  OperationResult,
  SubmissionId,
  SubmitResult,
} from "../results.ts";
import type {
  SkippedError,
  SkippedErrorsPage,
  SuccessfulTransfer,
  SuccessfulTransfersPage,
  Task,
  TaskEvent,
  TaskEventListPage,
  TaskListPage,
} from "../task.ts";
import { TransferData } from "../transfer_data.ts";
import type {
  MarkerListOptions,
  SignalOptions,
  TaskEventListOptions,
  TaskListOptions,
  TaskWaitOptions,
  UpdateTaskOptions,
} from "../transfer_options.ts";
import {
  callOptions,
  cannotCall,
  checkCallOptions,
  checkId,
  checkOffset,
  checkPageSize,
  filterParam,
  OFFSET_PAGING_CAP,
  orderbyValue,
  resultCap,
} from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import { checkResubmit, recordSubmit } from "../_resubmit.ts";
import { TransferTunnelsApi } from "./tunnels.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";
import { checkString } from "../../core/_option_values.ts";

const GET_SUBMISSION_ID = callOptions("getSubmissionId");
const SUBMIT_TRANSFER = callOptions("submitTransfer");
const SUBMIT_DELETE = callOptions("submitDelete");
const TASK_LIST = callOptions("taskList", [
  "filter",
  "orderby",
  "limit",
  "offset",
  "maxResults",
]);
const GET_TASK = callOptions("getTask");
const UPDATE_TASK = callOptions("updateTask", ["label", "deadline"], {
  required: true,
  positional: "label",
  example: 'tc.updateTask(taskId, { label: "new label" })',
});
const CANCEL_TASK = callOptions("cancelTask");
const TASK_EVENT_LIST = callOptions("taskEventList", [
  "filter",
  "limit",
  "offset",
  "maxResults",
]);
const TASK_SUCCESSFUL_TRANSFERS = callOptions("taskSuccessfulTransfers", [
  "marker",
]);
const TASK_SKIPPED_ERRORS = callOptions("taskSkippedErrors", ["marker"]);
const TASK_WAIT = callOptions("taskWait", [
  "timeoutS",
  "pollingIntervalS",
  "onPoll",
  "progress",
], {
  positional: "timeoutS",
  example: "tc.taskWait(taskId, { timeoutS: 600, pollingIntervalS: 15 })",
});
const TASK_CHART = callOptions("taskChart");

/**
 * Checks the types of `taskWait`'s options before anything is sent: a
 * `progress: "yes"` failed on its first poll with "sink.show is not a
 * function", a `timeoutS: "60"` was compared as text, and an `onPoll` that
 * is no function failed on the first poll with "onPoll is not a function".
 */
function checkWaitOptionTypes(
  timeoutS: unknown,
  pollingIntervalS: unknown,
  onPoll: unknown,
  progress: unknown,
): void {
  const fail = (name: string, need: string, value: unknown): never => {
    throw kernelStack(
      new TypeError(
        `Cannot wait for the task as '${name}' must be ${need}: current value is ${
          describeValue(value)
        }`,
      ),
    );
  };
  for (
    const [name, value] of [["timeoutS", timeoutS], [
      "pollingIntervalS",
      pollingIntervalS,
    ]] as const
  ) {
    if (typeof value !== "number") {
      fail(name, "a number of seconds, at least 1 (or left out)", value);
    }
  }
  if (onPoll !== undefined && typeof onPoll !== "function") {
    fail("onPoll", "a function (task) => void (or left out)", onPoll);
  }
  if (
    typeof progress !== "boolean" &&
    (progress === null || typeof progress !== "object" ||
      typeof (progress as { show?: unknown }).show !== "function")
  ) {
    fail(
      "progress",
      "true (the default: live progress), false (none) or a display sink (an object with show())",
      progress,
    );
  }
}

/** Time left for taskWait's last poll to answer, past its timeout. */
const WAIT_SLACK_MS = 10_000;

/**
 * What a task stuck on an error is stuck on, by its `nice_status`: the
 * problem, and what to check. Globus keeps such a task ACTIVE with
 * `is_ok: false` and retries it until its deadline (a missing source; the
 * recorded event lists show PERMISSION_DENIED until the owner canceled).
 */
const STUCK: Readonly<Record<string, { problem: string; check: string }>> = {
  FILE_NOT_FOUND: {
    problem: "the source is missing",
    check: "Check the source path",
  },
  PERMISSION_DENIED: {
    problem: "permission is denied on a path",
    check: "Check the path and your access to it on the collection",
  },
};

/**
 * The note of a wait that timed out on a task stuck on an error (ACTIVE,
 * `is_ok: false`), or `undefined` for one that is running well.
 *
 * @param task The last status read.
 * @param id The task id, quoted.
 * @param again `true` when a timed-out wait already gave the whole note.
 */
function stuckNote(
  task: Task,
  id: string,
  again: boolean,
): string | undefined {
  const code = task.nice_status?.trim();
  if (task.status !== "ACTIVE" || task.is_ok !== false || !code) {
    return undefined;
  }
  const known = Object.hasOwn(STUCK, code) ? STUCK[code] : undefined;
  const description = task.nice_status_short_description?.trim();
  const problem = known?.problem ?? "the task meets an error";
  const named = !known && description && description !== code
    ? `${code}: ${description}`
    : code;
  // The path, from the details' "File: /path" line (Globus's) or "'/path'
  // not found" (the emulator's).
  const details = task.nice_status_details ?? "";
  const path = /^File: *(\S.*)$/m.exec(details)?.[1] ??
    /'([^']+)' not found/.exec(details)?.[1];
  const what = `${problem} (${named}${path ? `, ${path.trim()}` : ""})`;
  if (again) return `still retrying: ${what}`;
  const deadline = task.deadline ? ` (${task.deadline})` : "";
  const check = known?.check ??
    `Its events say more: tc.taskEventList(${id}).toArray()`;
  return `${what}; Globus retries the task until its deadline${deadline}. ` +
    `${check}, and end the task with tc.cancelTask(${id})`;
}

/** Transfer tasks: submit transfers and deletes, list, get, update, cancel, events, wait, chart. Part of {@linkcode TransferClient}; use that class. */
export class TransferTasksApi extends TransferTunnelsApi {
  /** Tasks whose wait timed out before: the advice is given once. */
  readonly #notedTimeouts = new Set<string>();

  /**
   * Gets a fresh submission id: `GET /v0.10/submission_id`.
   *
   * @param options An abort signal.
   * @returns `{ value }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  async getSubmissionId(options: SignalOptions = {}): Promise<SubmissionId> {
    checkCallOptions(GET_SUBMISSION_ID, options);
    return await this.call("GET", "v0.10/submission_id", {
      query: mergeQuery("getSubmissionId", {}, options.queryParams),
      schema: SubmissionIdSchema,
      what: "submission id",
      signal: options.signal,
    });
  }

  /**
   * Submits a transfer or delete document: its submission id first, then
   * the POST; a document changed since an earlier submit with the same id
   * is refused (see _resubmit.ts).
   */
  async #submit(
    kind: "transfer" | "delete",
    data: TransferData | DeleteData | Record<string, unknown>,
    options: SignalOptions,
  ): Promise<SubmitResult> {
    const json = await this.#ensureSubmissionId(kind, data, options.signal);
    const print = checkResubmit(
      data,
      json,
      kind,
      data instanceof TransferData || data instanceof DeleteData,
    );
    const result = await this.call("POST", `v0.10/${kind}`, {
      query: mergeQuery(
        kind === "transfer" ? "submitTransfer" : "submitDelete",
        {},
        options.queryParams,
      ),
      json,
      schema: SubmitResultSchema,
      what: `${kind} result`,
      signal: options.signal,
    });
    recordSubmit(data, json, print, result.task_id);
    return result;
  }

  async #ensureSubmissionId(
    kind: "transfer" | "delete",
    data: TransferData | DeleteData | Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<unknown> {
    const [method, other] = kind === "transfer"
      ? ["submitTransfer", "submitDelete"]
      : ["submitDelete", "submitTransfer"];
    const wrongBuilder = kind === "transfer"
      ? data instanceof DeleteData
      : data instanceof TransferData;
    if (wrongBuilder) {
      throw kernelStack(
        new TypeError(
          `Cannot submit the document as ${method}() takes a ${
            kind === "transfer" ? "TransferData" : "DeleteData"
          } or a ${kind} document: pass this ${
            kind === "transfer" ? "DeleteData" : "TransferData"
          } to ${other}() instead`,
        ),
      );
    }
    if (data instanceof TransferData || data instanceof DeleteData) {
      data.validate();
      if (!data.submissionId) {
        data.submissionId = (await this.getSubmissionId({ signal })).value;
      }
      return data.toJSON();
    }
    // A Promise (a document made by an async function, not awaited) was
    // read as a raw document without its fields: "'source_endpoint' must
    // be a non-empty endpoint or collection id: current value is undefined".
    const pending = data !== null && typeof data === "object" &&
      typeof (data as { then?: unknown }).then === "function";
    if (
      data === null || typeof data !== "object" || Array.isArray(data) ||
      pending
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot submit the document as it must be a ${
            kind === "transfer" ? "TransferData" : "DeleteData"
          } or a plain ${kind} document: current value is ${
            pending ? "a Promise (a call not awaited)" : describeValue(data)
          }${
            pending
              ? `; write await before the call that made it: ${method}(await …)`
              : ""
          }`,
        ),
      );
    }
    const builder = kind === "transfer" ? "TransferData" : "DeleteData";
    const camelKeys = kind === "transfer"
      ? ["sourceEndpoint", "destinationEndpoint"]
      : ["endpoint"];
    if (
      data.DATA_TYPE === undefined &&
      (kind === "transfer"
        ? camelKeys.some((k) => Object.hasOwn(data, k))
        : !Object.hasOwn(data, "DATA") && !Object.hasOwn(data, "endpoint"))
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot submit the document as ${method}() takes a ${builder} (or a raw document with the service's field names, such as ${
            kind === "transfer" ? "source_endpoint" : "endpoint"
          } and DATA): build one first, e.g. ${method}(new ${builder}({ ${
            kind === "transfer"
              ? 'sourceEndpoint: "…", destinationEndpoint: "…"'
              : 'endpoint: "…"'
          } }).addItem(${
            kind === "transfer"
              ? '"/source/path", "/destination/path"'
              : '"/path"'
          }))`,
        ),
      );
    }
    if (data.DATA_TYPE !== undefined && data.DATA_TYPE !== kind) {
      throw kernelStack(
        new TypeError(
          `Cannot submit the document as ${method}() takes a ${kind} document: its DATA_TYPE is ${
            JSON.stringify(data.DATA_TYPE)
          }${
            data.DATA_TYPE === (kind === "transfer" ? "delete" : "transfer")
              ? `; use ${other}()`
              : ""
          }`,
        ),
      );
    }
    // The builders' checks, before anything is sent: ids, paths, items.
    // Ids are sent trimmed (a pasted id's line end is not part of it), set
    // on the document as the submission id is.
    if (kind === "transfer") {
      data.source_endpoint = checkEndpointId(
        "source_endpoint",
        data.source_endpoint,
      );
      data.destination_endpoint = checkEndpointId(
        "destination_endpoint",
        data.destination_endpoint,
      );
      TransferData.fromDocument(data);
    } else {
      data.endpoint = checkEndpointId("endpoint", data.endpoint);
      DeleteData.fromDocument(data);
    }
    if (!Array.isArray(data.DATA) || data.DATA.length === 0) {
      throw kernelStack(
        new TypeError(
          `Cannot submit the ${kind} document as its 'DATA' has no items: add one, e.g. DATA: [${
            kind === "transfer" ? TRANSFER_ITEM : DELETE_ITEM
          }]`,
        ),
      );
    }
    if (typeof data.submission_id !== "string" || data.submission_id === "") {
      data.submission_id = (await this.getSubmissionId({ signal })).value;
    }
    return data;
  }

  /**
   * Submits a transfer: `POST /v0.10/transfer`. When the document has no
   * submission id, one is fetched first and set on it, so a retried POST
   * can never create a second task.
   *
   * @param data A {@linkcode TransferData}, or a raw transfer document.
   * @param options An abort signal.
   * @returns `{ code: "Accepted", task_id, submission_id, … }`.
   * @throws {TypeError} When the document has no items, an invalid endpoint
   *   id or path, or is a `DeleteData` / delete document.
   * @throws {RangeError} For an invalid `sync_level`.
   * @throws {TransferAPIError} e.g. 400 `ClientError.BadRequest.NoTransferItems`.
   */
  async submitTransfer(
    data: TransferData | Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<SubmitResult> {
    checkCallOptions(SUBMIT_TRANSFER, options);
    return await this.#submit("transfer", data, options);
  }

  /**
   * Submits a delete: `POST /v0.10/delete`. Like
   * {@linkcode TransferClient.submitTransfer}, it sets a submission id first.
   *
   * @param data A {@linkcode DeleteData}, or a raw delete document.
   * @param options An abort signal.
   * @returns `{ code: "Accepted", task_id, submission_id, … }`.
   * @throws {TypeError} When the document has no items, an invalid endpoint
   *   id or path, or is a `TransferData` / transfer document.
   * @throws {TransferAPIError} When the service refuses.
   */
  async submitDelete(
    data: DeleteData | Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<SubmitResult> {
    checkCallOptions(SUBMIT_DELETE, options);
    return await this.#submit("delete", data, options);
  }

  /**
   * Lists your tasks: `GET /v0.10/task_list`, paged with `offset` until
   * `total`, 1000 at a time. At most 1000 by default, as in the Python SDK
   * (see {@linkcode TaskListOptions.maxResults}).
   *
   * @param options Filter, order and paging.
   * @returns A paginator of tasks.
   * @throws {RangeError} For a page size outside 1–1000 or a bad offset.
   */
  taskList(
    options: TaskListOptions = {},
  ): Paginator<Task, IterableTransferResponse<TaskListPage, Task>> {
    checkCallOptions(TASK_LIST, options);
    const pageSize = checkPageSize("limit", options.limit ?? 1000, 1000);
    const start = checkOffset(options.offset ?? 0);
    const cap = start + resultCap(options, OFFSET_PAGING_CAP);
    const filter = filterParam(options.filter);
    // Checked here, where the call is made, not on the first page.
    const orderby = orderbyValue(options.orderby);
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", "v0.10/task_list", {
          query: mergeQuery(
            "taskList",
            {
              filter,
              orderby,
              limit,
              offset,
            },
            options.queryParams,
            ["limit", "offset"],
          ),
          schema: TaskListPageSchema,
          what: "task list",
          signal: options.signal,
        }),
      );
    return new DisplayPaginator(
      () =>
        offsetPages({ fetchPage, pageSize, offset: start, maxResults: cap }),
      (page) => page.DATA,
    );
  }

  /**
   * Gets a task: `GET /v0.10/task/{id}`.
   *
   * @param taskId The task id.
   * @param options An abort signal.
   * @returns The task; it renders as a table in notebooks.
   * @throws {TransferAPIError} e.g. 404 `ClientError.NotFound`.
   */
  async getTask(taskId: string, options: SignalOptions = {}): Promise<Task> {
    checkCallOptions(GET_TASK, options);
    return displayTask(
      await this.call("GET", `v0.10/task/${checkId("taskId", taskId)}`, {
        query: mergeQuery("getTask", {}, options.queryParams),
        schema: TaskSchema,
        what: "task",
        signal: options.signal,
      }),
    );
  }

  /**
   * Changes a task's label or deadline: `PUT /v0.10/task/{id}` with
   * `{DATA_TYPE: "task", label?, deadline?}`.
   *
   * @param taskId The task id.
   * @param options The new label and/or deadline.
   * @returns `{ code: "Updated", … }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  async updateTask(
    taskId: string,
    options: UpdateTaskOptions,
  ): Promise<OperationResult> {
    const id = checkId("taskId", taskId);
    // Python's `update_task(id, {"DATA_TYPE": "task", "label": …})`.
    if (options && typeof options === "object" && "DATA_TYPE" in options) {
      const { DATA_TYPE, ...rest } = options;
      if (DATA_TYPE !== "task" && DATA_TYPE !== undefined) {
        throw kernelStack(
          new TypeError(
            `TransferClient.updateTask(): DATA_TYPE must be "task" (or left out), not ${
              JSON.stringify(DATA_TYPE)
            }`,
          ),
        );
      }
      options = rest;
    }
    checkCallOptions(UPDATE_TASK, options);
    // A `label: 5` was sent as a number, for the service to refuse. A
    // `label: null` is sent, as Python's update_task(task_id, data) sends
    // its document as given: it clears the label.
    const label = checkString(cannotCall, "label", options.label);
    const json: Record<string, unknown> = { DATA_TYPE: "task" };
    if (label !== undefined) json.label = label;
    else if (options.label === null) json.label = null;
    if (options.deadline !== undefined) {
      json.deadline = formatDeadline(options.deadline);
    }
    return await this.call("PUT", `v0.10/task/${id}`, {
      query: mergeQuery("updateTask", {}, options.queryParams),
      json,
      schema: OperationResultSchema,
      what: "update result",
      signal: options.signal,
    });
  }

  /**
   * Cancels a task: `POST /v0.10/task/{id}/cancel`.
   *
   * @param taskId The task id.
   * @param options An abort signal.
   * @returns `{ code: "Canceled", … }` (or `"TaskComplete"` when it had finished).
   * @throws {TransferAPIError} When the service refuses.
   */
  async cancelTask(
    taskId: string,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(CANCEL_TASK, options);
    return await this.call(
      "POST",
      `v0.10/task/${checkId("taskId", taskId)}/cancel`,
      {
        query: mergeQuery("cancelTask", {}, options.queryParams),
        schema: OperationResultSchema,
        what: "cancel result",
        signal: options.signal,
      },
    );
  }

  /**
   * Lists a task's events: `GET /v0.10/task/{id}/event_list`, paged with
   * `offset` until `total`.
   *
   * @param taskId The task id.
   * @param options Filter and paging.
   * @returns A paginator of events.
   * @throws {RangeError} For a page size outside 1–1000 or a bad offset.
   */
  taskEventList(
    taskId: string,
    options: TaskEventListOptions = {},
  ): Paginator<
    TaskEvent,
    IterableTransferResponse<TaskEventListPage, TaskEvent>
  > {
    const id = checkId("taskId", taskId);
    checkCallOptions(TASK_EVENT_LIST, options);
    const pageSize = checkPageSize("limit", options.limit ?? 1000, 1000);
    const start = checkOffset(options.offset ?? 0);
    const cap = start + resultCap(options, OFFSET_PAGING_CAP);
    const filter = filterParam(options.filter);
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", `v0.10/task/${id}/event_list`, {
          query: mergeQuery(
            "taskEventList",
            { filter, limit, offset },
            options.queryParams,
            ["limit", "offset"],
          ),
          schema: TaskEventListPageSchema,
          what: "event list",
          signal: options.signal,
        }),
      );
    return new DisplayPaginator(
      () =>
        offsetPages({ fetchPage, pageSize, offset: start, maxResults: cap }),
      (page) => page.DATA,
    );
  }

  /**
   * Lists the files a task transferred:
   * `GET /v0.10/task/{id}/successful_transfers`, paged with `marker`.
   *
   * @param taskId The task id.
   * @param options A starting marker and an abort signal.
   * @returns A paginator of `{source_path, destination_path}`.
   * @throws {TypeError} For an empty task id.
   */
  taskSuccessfulTransfers(
    taskId: string,
    options: MarkerListOptions = {},
  ): Paginator<
    SuccessfulTransfer,
    IterableTransferResponse<SuccessfulTransfersPage, SuccessfulTransfer>
  > {
    const id = checkId("taskId", taskId);
    checkCallOptions(TASK_SUCCESSFUL_TRANSFERS, options);
    return this.markerList(
      `v0.10/task/${id}/successful_transfers`,
      SuccessfulTransfersPageSchema,
      "successful transfers page",
      options,
      "taskSuccessfulTransfers",
    );
  }

  /**
   * Lists the errors a task skipped: `GET /v0.10/task/{id}/skipped_errors`,
   * paged with `marker`.
   *
   * @param taskId The task id.
   * @param options A starting marker and an abort signal.
   * @returns A paginator of skipped errors.
   * @throws {TypeError} For an empty task id.
   */
  taskSkippedErrors(
    taskId: string,
    options: MarkerListOptions = {},
  ): Paginator<
    SkippedError,
    IterableTransferResponse<SkippedErrorsPage, SkippedError>
  > {
    const id = checkId("taskId", taskId);
    checkCallOptions(TASK_SKIPPED_ERRORS, options);
    return this.markerList(
      `v0.10/task/${id}/skipped_errors`,
      SkippedErrorsPageSchema,
      "skipped errors page",
      options,
      "taskSkippedErrors",
    );
  }
  /**
   * Waits for a task to finish, as the Python SDK's `task_wait`: polls
   * `getTask()` every `pollingIntervalS` seconds (capped at `timeoutS`)
   * and resolves `true` once the status is no longer `ACTIVE` — so an
   * `INACTIVE` task (paused, or held for credentials) counts as done, as in
   * Python — or `false` when `timeoutS` seconds of polling have passed.
   * Sleeps on the transport's clock. Shows live progress (see
   * {@linkcode TaskWaitOptions.progress}).
   *
   * @param taskId The task id.
   * @param options Timeout, interval, abort signal, poll callback, progress.
   * @returns `true` when the task is no longer active, `false` on timeout.
   * @throws {RangeError} When `timeoutS` or `pollingIntervalS` is below 1.
   * @throws {TransferAPIError} When polling fails.
   * @throws {NetworkError} When Globus cannot be reached (after retries);
   *   its message says the task keeps running and how to wait again.
   * @throws {DOMException} The signal's reason when aborted.
   */
  async taskWait(
    taskId: string,
    options: TaskWaitOptions = {},
  ): Promise<boolean> {
    // Python's task_wait(task_id, 60, 2): both numbers go into the options.
    const [, , interval2] = arguments as unknown as unknown[];
    if (typeof options === "number" && typeof interval2 === "number") {
      throw kernelStack(
        new TypeError(
          `TransferClient.taskWait(): the options must be an object of named options, not the numbers ${options} and ${interval2}; write tc.taskWait(taskId, { timeoutS: ${options}, pollingIntervalS: ${interval2} }) (Python's task_wait(task_id, timeout, polling_interval))`,
        ),
      );
    }
    checkCallOptions(TASK_WAIT, options);
    const {
      timeoutS = 10,
      pollingIntervalS = 10,
      signal,
      onPoll,
      progress = true,
    } = options;
    checkWaitOptionTypes(timeoutS, pollingIntervalS, onPoll, progress);
    if (!(pollingIntervalS >= 1)) {
      throw kernelStack(
        new RangeError(
          `Cannot wait for the task as 'pollingIntervalS' must be at least 1 (second): current value is ${pollingIntervalS}`,
        ),
      );
    }
    if (!(timeoutS >= 1)) {
      throw kernelStack(
        new RangeError(
          `Cannot wait for the task as 'timeoutS' must be at least 1 (second): current value is ${timeoutS}`,
        ),
      );
    }
    checkId("taskId", taskId);
    const interval = Math.min(timeoutS, pollingIntervalS);
    const clock = this.transport.clock;
    const reporter = createProgress(progress, {
      now: () => clock.now(),
      ...(this.display ? { display: this.display } : {}),
    });
    let waited = 0;
    const id = JSON.stringify(taskId.trim());
    /** Set when the wait times out: the display says so. */
    let timedOut: string | undefined;
    /** Set when the wait is stopped by an error that says the same. */
    let thrown = false;
    /** The last status read: a task stuck on an error says which. */
    let last: Task | undefined;
    const started = clock.now();
    const stop = (unanswered = false) => {
      if (unanswered) {
        // The last status request got no answer before the wait's end: it
        // returned false in silence, as if the task were still running.
        const s = Math.round((clock.now() - started) / 1000);
        timedOut =
          `Stopped waiting after ${s} s (timeoutS ${timeoutS}): Globus did not answer the last status request, so the task's state is not known; wait again with tc.taskWait(${id})`;
        return false;
      }
      // Said in full once per task: Python's `while not
      // tc.task_wait(task_id, timeout=60)` loop, ported, repeated the whole
      // advice to do what it was doing.
      const noted = this.#notedTimeouts;
      // A task stuck on an error (a missing source: ACTIVE with
      // nice_status FILE_NOT_FOUND) is retried by Globus until its
      // deadline: waiting again was no advice.
      const stuck = last && stuckNote(last, id, noted.has(id));
      timedOut = stuck
        ? `Stopped waiting after ${timeoutS} s (timeoutS): ${stuck}`
        : noted.has(id)
        ? `Stopped waiting after ${timeoutS} s (timeoutS): still running`
        : `Stopped waiting after ${timeoutS} s (timeoutS): the task keeps running on Globus; wait again with tc.taskWait(${id})`;
      if (noted.size >= 1000) noted.clear();
      noted.add(id);
      return false;
    };
    try {
      // In the Deno Jupyter kernel an interrupt would end the kernel (and
      // the notebook's variables); it ends only this wait instead.
      return await interruptible(
        kernelInterrupts(),
        signal,
        () => new DOMException(stoppedWaitingText(taskId.trim()), "AbortError"),
        async (signal) => {
          // The whole wait is bounded, a request in flight included: a
          // Globus that does not answer held a 5 s wait for the request's
          // own timeout and retries (minutes). Its last poll starts by
          // about timeoutS + the interval; 10 s more are left for it.
          const endsAt = clock.now() + (timeoutS + interval) * 1000 +
            WAIT_SLACK_MS;
          for (;;) {
            signal?.throwIfAborted();
            const bound = deadlineSignal(Math.max(1, endsAt - clock.now()));
            let task;
            try {
              task = await this.getTask(taskId, {
                signal: signal
                  ? AbortSignal.any([signal, bound.signal])
                  : bound.signal,
                queryParams: options.queryParams,
              });
            } catch (err) {
              if (bound.timedOut && !signal?.aborted) return stop(true);
              throw err;
            } finally {
              bound.cancel();
            }
            if (onPoll) {
              // A terminal's progress lines are open (no newline yet)
              // between polls: erased before `onPoll`, so what it prints
              // starts a line of its own (not after the progress text) and
              // the lines are drawn again below it.
              clearStderrBoard();
              await onPoll(task);
            }
            await reporter.update(task);
            last = task;
            if (task.status !== "ACTIVE") return true;
            waited += interval;
            if (waited > timeoutS) return stop();
            await clock.sleep(interval * 1000, signal);
          }
        },
      );
    } catch (err) {
      // The caller's signal, aborted without a reason of its own (a
      // SIGTERM handler's controller.abort()): which task, and that it
      // goes on, as an interrupt says.
      if (signal?.aborted && err === signal.reason) {
        const text = stoppedWaitingText(taskId.trim(), "Aborted");
        // The display says so, whatever the reason (AbortSignal.timeout(),
        // abort(new Error(…))): it stayed at "ACTIVE". A reason of the
        // caller's own is what the caller gets back.
        timedOut = text;
        if (err instanceof DOMException && err.name === "AbortError") {
          thrown = true;
          throw new DOMException(text, "AbortError");
        }
        // AbortSignal.timeout()'s "signal timed out" named no task.
        if (err instanceof DOMException && err.name === "TimeoutError") {
          timedOut = stoppedWaitingText(
            taskId.trim(),
            "Timed out (the signal's timeout)",
          );
          thrown = true;
          throw new DOMException(timedOut, "TimeoutError");
        }
      }
      // Interrupted (the kernel's ■): the display says so too. It stayed
      // at "ACTIVE 0%", so a saved notebook showed a wait still going.
      if (err instanceof DOMException && err.name === "AbortError") {
        timedOut = err.message;
        // The error says the same, right under the display.
        thrown = true;
      }
      // Only the waiting stopped: say that the task goes on.
      if (err instanceof NetworkError || err instanceof TimeoutError) {
        const { replaceMessage } = await import(
          "../../core/_replace_message.ts"
        );
        replaceMessage(
          err,
          err.message,
          `${
            err.message.replace(/\.$/, "")
          }. Only the waiting stopped: the task keeps running on Globus; wait again with tc.taskWait(${id}) once Globus can be reached`,
        );
      }
      throw err;
    } finally {
      await reporter.finish(timedOut, thrown);
    }
  }

  /**
   * A chart of a task's bytes and files over time, with its effective rate,
   * from `getTask()` and `taskEventList()` (see
   * {@linkcode taskChartFromEvents}). As a cell's last expression it shows
   * as SVG in Jupyter; `String(chart)` is a summary line and a sparkline.
   *
   * @param taskId The task id.
   * @param options An abort signal.
   * @returns The chart.
   * @throws {TransferAPIError} When the service refuses.
   */
  async taskChart(
    taskId: string,
    options: SignalOptions = {},
  ): Promise<TaskChart> {
    checkCallOptions(TASK_CHART, options);
    const task = await this.getTask(taskId, options);
    const events = await this.taskEventList(taskId, options).toArray();
    return taskChartFromEvents(task, events, {
      now: this.transport.clock.now(),
    });
  }
}
