/**
 * The endpoint manager: what a collection's administrators (owner, or the
 * `administrator`, `activity_manager` and `activity_monitor` roles) can see
 * and do about other people's use of it — tasks, pauses, cancels, pause
 * rules, hosted collections and access rules.
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import {
  lastKeyPages,
  offsetPages,
  type Paginator,
} from "../../core/paging.ts";
import { attachIterator } from "../../core/iterable_response.ts";
import {
  displayEndpoint,
  displayPage,
  DisplayPaginator,
  displayTask,
} from "../_display.ts";
import {
  ADMIN_TASK_COLUMNS,
  displayPauseInfo,
  displayPauseRule,
  displayPauseRuleList,
  displayWithColumns,
} from "../_display_admin.ts";
import {
  EndpointSchema,
  OperationResultSchema,
  SkippedErrorsPageSchema,
  SuccessfulTransfersPageSchema,
  TaskEventListPageSchema,
} from "../_schemas.ts";
import {
  AdminAccessListSchema,
  AdminCancelSchema,
  AdminEndpointListSchema,
  AdminTaskListPageSchema,
  AdminTaskSchema,
  PauseRuleListSchema,
  PauseRuleSchema,
  TaskPauseInfoSchema,
} from "../_schemas_admin.ts";
import { commaJoin, dateLike, idList } from "../_admin_args.ts";
import { mergeQuery } from "../_query.ts";
import {
  callOptions,
  cannotCall,
  checkCallOptions,
  checkDocument,
  checkId,
  checkOffset,
  checkPageSize,
  PAGE_THROUGH,
  resultCap,
} from "../_args.ts";
import { checkBoolean, checkMax } from "../../core/_option_values.ts";
import type { Endpoint } from "../endpoint.ts";
import type {
  AdminAccessList,
  AdminAccessRule,
  AdminCancel,
  AdminEndpointList,
  AdminTask,
  AdminTaskListPage,
} from "../endpoint_manager.ts";
import type {
  PauseRule,
  PauseRuleCreateDocument,
  PauseRuleList,
  TaskPauseInfo,
} from "../pause_rule.ts";
import type { OperationResult } from "../results.ts";
import type {
  SkippedError,
  SkippedErrorsPage,
  SuccessfulTransfer,
  SuccessfulTransfersPage,
  TaskEvent,
  TaskEventListPage,
} from "../task.ts";
import type {
  AdminMarkerListOptions,
  EndpointManagerPauseRuleListOptions,
  EndpointManagerTaskEventListOptions,
  EndpointManagerTaskListOptions,
} from "../transfer_admin_options.ts";
import type { TransferCallOptions } from "../transfer_options.ts";
import { TransferPausesApi } from "./pauses.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const EM = "v0.10/endpoint_manager";

const ENDPOINT_MANAGER_MONITORED_ENDPOINTS = callOptions(
  "endpointManagerMonitoredEndpoints",
);
const ENDPOINT_MANAGER_HOSTED_ENDPOINT_LIST = callOptions(
  "endpointManagerHostedEndpointList",
);
const ENDPOINT_MANAGER_GET_ENDPOINT = callOptions("endpointManagerGetEndpoint");
const ENDPOINT_MANAGER_ACL_LIST = callOptions("endpointManagerAclList");
const ENDPOINT_MANAGER_TASK_LIST = callOptions("endpointManagerTaskList", [
  "filterStatus",
  "filterTaskId",
  "filterOwnerId",
  "filterEndpoint",
  "filterEndpointUse",
  "filterIsPaused",
  "filterCompletionTime",
  "filterMinFaults",
  "filterLocalUser",
  "lastKey",
  "maxResults",
]);
const ENDPOINT_MANAGER_GET_TASK = callOptions("endpointManagerGetTask");
const ENDPOINT_MANAGER_TASK_EVENT_LIST = callOptions(
  "endpointManagerTaskEventList",
  ["limit", "offset", "filterIsError", "maxResults"],
);
const ENDPOINT_MANAGER_TASK_PAUSE_INFO = callOptions(
  "endpointManagerTaskPauseInfo",
);
const ENDPOINT_MANAGER_TASK_SUCCESSFUL_TRANSFERS = callOptions(
  "endpointManagerTaskSuccessfulTransfers",
  ["marker"],
);
const ENDPOINT_MANAGER_TASK_SKIPPED_ERRORS = callOptions(
  "endpointManagerTaskSkippedErrors",
  ["marker"],
);
const ENDPOINT_MANAGER_CANCEL_TASKS = callOptions("endpointManagerCancelTasks");
const ENDPOINT_MANAGER_CANCEL_STATUS = callOptions(
  "endpointManagerCancelStatus",
);
const ENDPOINT_MANAGER_PAUSE_TASKS = callOptions("endpointManagerPauseTasks");
const ENDPOINT_MANAGER_RESUME_TASKS = callOptions("endpointManagerResumeTasks");
const ENDPOINT_MANAGER_PAUSE_RULE_LIST = callOptions(
  "endpointManagerPauseRuleList",
  ["filterEndpoint"],
  {
    positional: "filterEndpoint",
    example: "tc.endpointManagerPauseRuleList({ filterEndpoint: endpointId })",
  },
);
const ENDPOINT_MANAGER_CREATE_PAUSE_RULE = callOptions(
  "endpointManagerCreatePauseRule",
);
const ENDPOINT_MANAGER_GET_PAUSE_RULE = callOptions(
  "endpointManagerGetPauseRule",
);
const ENDPOINT_MANAGER_UPDATE_PAUSE_RULE = callOptions(
  "endpointManagerUpdatePauseRule",
);
const ENDPOINT_MANAGER_DELETE_PAUSE_RULE = callOptions(
  "endpointManagerDeletePauseRule",
);

/**
 * The endpoint manager (collection administrators). Part of
 * {@linkcode TransferClient}; use that class. Every call is refused with
 * 403 `PermissionDenied` on a collection you do not administer.
 */
export class TransferEndpointManagerApi extends TransferPausesApi {
  // ------------------------------------------------------------- endpoints

  /**
   * The endpoints and collections you monitor or manage:
   * `GET /v0.10/endpoint_manager/monitored_endpoints`.
   *
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "endpoint_list", DATA: [endpoint, …] }` (a table in notebooks).
   * @throws {TransferAPIError} When the service refuses.
   */
  endpointManagerMonitoredEndpoints(
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<AdminEndpointList, Endpoint>>
    & AsyncIterable<Endpoint>;
  async endpointManagerMonitoredEndpoints(
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<AdminEndpointList, Endpoint>> {
    checkCallOptions(ENDPOINT_MANAGER_MONITORED_ENDPOINTS, options);
    return displayPage(
      await this.call("GET", `${EM}/monitored_endpoints`, {
        query: mergeQuery(
          "endpointManagerMonitoredEndpoints",
          {},
          options.queryParams,
        ),
        schema: AdminEndpointListSchema,
        what: "endpoint list",
        signal: options.signal,
      }),
    );
  }

  /**
   * The collections hosted on an endpoint (e.g. the guest collections of a
   * mapped collection):
   * `GET /v0.10/endpoint_manager/endpoint/{id}/hosted_endpoint_list`.
   *
   * @param endpointId The host endpoint or collection id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "endpoint_list", DATA: [endpoint, …] }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  endpointManagerHostedEndpointList(
    endpointId: string,
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<AdminEndpointList, Endpoint>>
    & AsyncIterable<Endpoint>;
  async endpointManagerHostedEndpointList(
    endpointId: string,
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<AdminEndpointList, Endpoint>> {
    checkCallOptions(ENDPOINT_MANAGER_HOSTED_ENDPOINT_LIST, options);
    const id = checkId("endpointId", endpointId);
    return displayPage(
      await this.call("GET", `${EM}/endpoint/${id}/hosted_endpoint_list`, {
        query: mergeQuery(
          "endpointManagerHostedEndpointList",
          {},
          options.queryParams,
        ),
        schema: AdminEndpointListSchema,
        what: "endpoint list",
        signal: options.signal,
      }),
    );
  }

  /**
   * An endpoint or collection as its administrator sees it:
   * `GET /v0.10/endpoint_manager/endpoint/{id}`.
   *
   * @param endpointId The endpoint or collection id.
   * @param options Extra query parameters and an abort signal.
   * @returns The endpoint document.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async endpointManagerGetEndpoint(
    endpointId: string,
    options: TransferCallOptions = {},
  ): Promise<Endpoint> {
    checkCallOptions(ENDPOINT_MANAGER_GET_ENDPOINT, options);
    const id = checkId("endpointId", endpointId);
    return displayEndpoint(
      await this.call("GET", `${EM}/endpoint/${id}`, {
        query: mergeQuery(
          "endpointManagerGetEndpoint",
          {},
          options.queryParams,
        ),
        schema: EndpointSchema,
        what: "endpoint",
        signal: options.signal,
      }),
    );
  }

  /**
   * A collection's access rules as its administrator sees them:
   * `GET /v0.10/endpoint_manager/endpoint/{id}/access_list`.
   *
   * @param endpointId The collection id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "access_list", DATA: [access, …] }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  endpointManagerAclList(
    endpointId: string,
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<AdminAccessList, AdminAccessRule>>
    & AsyncIterable<AdminAccessRule>;
  async endpointManagerAclList(
    endpointId: string,
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<AdminAccessList, AdminAccessRule>> {
    checkCallOptions(ENDPOINT_MANAGER_ACL_LIST, options);
    const id = checkId("endpointId", endpointId);
    return displayPage(
      await this.call("GET", `${EM}/endpoint/${id}/access_list`, {
        query: mergeQuery("endpointManagerAclList", {}, options.queryParams),
        schema: AdminAccessListSchema,
        what: "access list",
        signal: options.signal,
      }),
    );
  }

  // ----------------------------------------------------------------- tasks

  /**
   * Tasks on the collections you administer (anyone's):
   * `GET /v0.10/endpoint_manager/task_list`, paged with `last_key` while
   * `has_next_page`. Filters as Python's keyword arguments; a query whose
   * `filterStatus` is not within ACTIVE/INACTIVE needs `filterTaskId` or
   * `filterEndpoint`. `toArray()` renders as a table (owner, status,
   * paused, source, destination…).
   *
   * @param options Filters, `lastKey`, `maxResults`, extra query parameters.
   * @returns A paginator of tasks.
   * @throws {TypeError} For `filterEndpointUse` without `filterEndpoint`.
   */
  endpointManagerTaskList(
    options: EndpointManagerTaskListOptions = {},
  ): Paginator<
    AdminTask,
    IterableTransferResponse<AdminTaskListPage, AdminTask>
  > {
    checkCallOptions(ENDPOINT_MANAGER_TASK_LIST, options);
    if (options.filterEndpoint === undefined && options.filterEndpointUse) {
      throw kernelStack(
        new TypeError(
          "Cannot list tasks as 'filterEndpointUse' is only valid when 'filterEndpoint' is also given: pass filterEndpoint too",
        ),
      );
    }
    const max = checkMax(PAGE_THROUGH, "maxResults", options.maxResults);
    let completion: string | undefined;
    const ct = options.filterCompletionTime;
    if (typeof ct === "string") completion = ct;
    else if (ct !== undefined) {
      completion = `${dateLike(ct[0])},${dateLike(ct[1])}`;
    }
    // `filterIsPaused: "false"` was sent as "True"; null (Python's None) as
    // "False".
    const paused = checkBoolean(
      cannotCall,
      "filterIsPaused",
      options.filterIsPaused,
    );
    const base = {
      filter_status: commaJoin(options.filterStatus),
      filter_task_id: commaJoin(options.filterTaskId),
      filter_owner_id: options.filterOwnerId,
      filter_endpoint: options.filterEndpoint,
      filter_endpoint_use: options.filterEndpointUse,
      // Python sends str(bool): "True" / "False".
      filter_is_paused: paused === undefined
        ? undefined
        : paused
        ? "True"
        : "False",
      filter_completion_time: completion,
      filter_min_faults: options.filterMinFaults,
      filter_local_user: options.filterLocalUser,
    };
    const fetchPage = async (lastKey: string | undefined) =>
      await this.call("GET", `${EM}/task_list`, {
        query: mergeQuery(
          "endpointManagerTaskList",
          {
            ...base,
            last_key: lastKey ?? options.lastKey,
          },
          options.queryParams,
          ["last_key"],
        ),
        schema: AdminTaskListPageSchema,
        what: "task list",
        signal: options.signal,
      });
    const show = (page: AdminTaskListPage) =>
      attachIterator(
        displayWithColumns(page, () => page.DATA, ADMIN_TASK_COLUMNS),
        (p) => p.DATA,
      );
    return new DisplayPaginator<
      AdminTask,
      IterableTransferResponse<AdminTaskListPage, AdminTask>
    >(
      async function* () {
        if (max <= 0) return;
        let n = 0;
        for await (const page of lastKeyPages(fetchPage)) {
          const left = max - n;
          n += page.DATA.length;
          // The last page wanted keeps only the tasks within maxResults.
          yield show(
            page.DATA.length > left
              ? { ...page, DATA: page.DATA.slice(0, left) }
              : page,
          );
          if (n >= max) return;
        }
      },
      (page) => page.DATA,
      ADMIN_TASK_COLUMNS,
    );
  }

  /**
   * A task on a collection you administer:
   * `GET /v0.10/endpoint_manager/task/{id}`.
   *
   * @param taskId The task id.
   * @param options Extra query parameters and an abort signal.
   * @returns The task document.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`, 404 `ClientError.NotFound`.
   */
  async endpointManagerGetTask(
    taskId: string,
    options: TransferCallOptions = {},
  ): Promise<AdminTask> {
    checkCallOptions(ENDPOINT_MANAGER_GET_TASK, options);
    return displayTask(
      await this.call("GET", `${EM}/task/${checkId("taskId", taskId)}`, {
        query: mergeQuery("endpointManagerGetTask", {}, options.queryParams),
        schema: AdminTaskSchema,
        what: "task",
        signal: options.signal,
      }),
    );
  }

  /**
   * A task's events as an administrator:
   * `GET /v0.10/endpoint_manager/task/{id}/event_list`, paged with `offset`
   * until `total` (at most 1000 in all, as Python).
   *
   * @param taskId The task id.
   * @param options `limit`, `offset`, `filterIsError`, `maxResults`, extra query parameters.
   * @returns A paginator of events.
   * @throws {RangeError} For a page size outside 1–1000 or a bad offset.
   */
  endpointManagerTaskEventList(
    taskId: string,
    options: EndpointManagerTaskEventListOptions = {},
  ): Paginator<
    TaskEvent,
    IterableTransferResponse<TaskEventListPage, TaskEvent>
  > {
    checkCallOptions(ENDPOINT_MANAGER_TASK_EVENT_LIST, options);
    const id = checkId("taskId", taskId);
    const pageSize = checkPageSize("limit", options.limit ?? 1000, 1000);
    const start = checkOffset(options.offset ?? 0);
    const cap = Math.min(1000, start + resultCap(options, 1000));
    // `filterIsError: "false"` was sent as 1; null (Python's None) as 0.
    const isError = checkBoolean(
      cannotCall,
      "filterIsError",
      options.filterIsError,
    );
    const filterIsError = isError === undefined ? undefined : isError ? 1 : 0;
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", `${EM}/task/${id}/event_list`, {
          query: mergeQuery(
            "endpointManagerTaskEventList",
            {
              limit,
              offset,
              filter_is_error: filterIsError,
            },
            options.queryParams,
            ["limit", "offset"],
          ),
          schema: TaskEventListPageSchema,
          what: "event list",
          signal: options.signal,
        }),
      );
    return new DisplayPaginator<
      TaskEvent,
      IterableTransferResponse<TaskEventListPage, TaskEvent>
    >(
      () =>
        offsetPages({ fetchPage, pageSize, offset: start, maxResults: cap }),
      (page) => page.DATA,
      ["time", "code", "is_error", "description", "details"],
    );
  }

  /**
   * Why a task is paused, as an administrator:
   * `GET /v0.10/endpoint_manager/task/{id}/pause_info`.
   *
   * @param taskId The task id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ pause_rules, source_pause_message, destination_pause_message }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async endpointManagerTaskPauseInfo(
    taskId: string,
    options: TransferCallOptions = {},
  ): Promise<TaskPauseInfo> {
    checkCallOptions(ENDPOINT_MANAGER_TASK_PAUSE_INFO, options);
    return displayPauseInfo(
      await this.call(
        "GET",
        `${EM}/task/${checkId("taskId", taskId)}/pause_info`,
        {
          query: mergeQuery(
            "endpointManagerTaskPauseInfo",
            {},
            options.queryParams,
          ),
          schema: TaskPauseInfoSchema,
          what: "pause info",
          signal: options.signal,
        },
      ),
    );
  }

  /**
   * The files a task transferred, as an administrator:
   * `GET /v0.10/endpoint_manager/task/{id}/successful_transfers`, paged
   * with `marker`.
   *
   * @param taskId The task id.
   * @param options A starting marker, extra query parameters, an abort signal.
   * @returns A paginator of `{source_path, destination_path}`.
   * @throws {TypeError} For an empty task id.
   */
  endpointManagerTaskSuccessfulTransfers(
    taskId: string,
    options: AdminMarkerListOptions = {},
  ): Paginator<
    SuccessfulTransfer,
    IterableTransferResponse<SuccessfulTransfersPage, SuccessfulTransfer>
  > {
    checkCallOptions(ENDPOINT_MANAGER_TASK_SUCCESSFUL_TRANSFERS, options);
    return this.markerList(
      `${EM}/task/${checkId("taskId", taskId)}/successful_transfers`,
      SuccessfulTransfersPageSchema,
      "successful transfers page",
      options,
      "endpointManagerTaskSuccessfulTransfers",
    );
  }

  /**
   * The errors a task skipped, as an administrator:
   * `GET /v0.10/endpoint_manager/task/{id}/skipped_errors`, paged with
   * `marker`.
   *
   * @param taskId The task id.
   * @param options A starting marker, extra query parameters, an abort signal.
   * @returns A paginator of skipped errors.
   * @throws {TypeError} For an empty task id.
   */
  endpointManagerTaskSkippedErrors(
    taskId: string,
    options: AdminMarkerListOptions = {},
  ): Paginator<
    SkippedError,
    IterableTransferResponse<SkippedErrorsPage, SkippedError>
  > {
    checkCallOptions(ENDPOINT_MANAGER_TASK_SKIPPED_ERRORS, options);
    return this.markerList(
      `${EM}/task/${checkId("taskId", taskId)}/skipped_errors`,
      SkippedErrorsPageSchema,
      "skipped errors page",
      options,
      "endpointManagerTaskSkippedErrors",
    );
  }

  /**
   * Cancels tasks on collections you manage:
   * `POST /v0.10/endpoint_manager/admin_cancel` with
   * `{ message, task_id_list }` (the owners see `message`; their tasks get
   * `canceled_by_admin`). Follow it with
   * {@linkcode TransferClient.endpointManagerCancelStatus}.
   *
   * @param taskIds The task ids.
   * @param message The message the tasks' owners see.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "admin_cancel", id, done, task_id_list, message }`.
   * @throws {TypeError} For an empty id or a message that is not a string.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async endpointManagerCancelTasks(
    taskIds: string | Iterable<string>,
    message: string,
    options: TransferCallOptions = {},
  ): Promise<AdminCancel> {
    checkCallOptions(ENDPOINT_MANAGER_CANCEL_TASKS, options);
    return await this.call("POST", `${EM}/admin_cancel`, {
      json: {
        message: checkMessage(message),
        task_id_list: idList("endpointManagerCancelTasks", "taskIds", taskIds),
      },
      query: mergeQuery("endpointManagerCancelTasks", {}, options.queryParams),
      schema: AdminCancelSchema,
      what: "admin cancel",
      signal: options.signal,
    });
  }

  /**
   * How an admin cancel is going:
   * `GET /v0.10/endpoint_manager/admin_cancel/{id}` (`done: true` once
   * every task has stopped).
   *
   * @param adminCancelId The `id` from `endpointManagerCancelTasks`.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "admin_cancel", id, done, … }`.
   * @throws {TransferAPIError} e.g. 404 `AdminCancelNotFound`.
   */
  async endpointManagerCancelStatus(
    adminCancelId: string | number,
    options: TransferCallOptions = {},
  ): Promise<AdminCancel> {
    checkCallOptions(ENDPOINT_MANAGER_CANCEL_STATUS, options);
    const id = checkId(
      "adminCancelId",
      typeof adminCancelId === "number" ? String(adminCancelId) : adminCancelId,
    );
    return await this.call("GET", `${EM}/admin_cancel/${id}`, {
      query: mergeQuery("endpointManagerCancelStatus", {}, options.queryParams),
      schema: AdminCancelSchema,
      what: "admin cancel",
      signal: options.signal,
    });
  }

  /**
   * Pauses tasks on collections you manage:
   * `POST /v0.10/endpoint_manager/admin_pause` with
   * `{ message, task_id_list }`. They become `INACTIVE` with
   * `is_paused: true` until resumed.
   *
   * @param taskIds The task ids.
   * @param message The message the tasks' owners see.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "result", code, message }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async endpointManagerPauseTasks(
    taskIds: string | Iterable<string>,
    message: string,
    options: TransferCallOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(ENDPOINT_MANAGER_PAUSE_TASKS, options);
    return await this.call("POST", `${EM}/admin_pause`, {
      json: {
        message: checkMessage(message),
        task_id_list: idList("endpointManagerPauseTasks", "taskIds", taskIds),
      },
      query: mergeQuery("endpointManagerPauseTasks", {}, options.queryParams),
      schema: OperationResultSchema,
      what: "admin pause result",
      signal: options.signal,
    });
  }

  /**
   * Resumes tasks paused with
   * {@linkcode TransferClient.endpointManagerPauseTasks}:
   * `POST /v0.10/endpoint_manager/admin_resume` with `{ task_id_list }`
   * (a pause rule still pausing them keeps them paused).
   *
   * @param taskIds The task ids.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "result", code, message }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async endpointManagerResumeTasks(
    taskIds: string | Iterable<string>,
    options: TransferCallOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(ENDPOINT_MANAGER_RESUME_TASKS, options);
    return await this.call("POST", `${EM}/admin_resume`, {
      json: {
        task_id_list: idList("endpointManagerResumeTasks", "taskIds", taskIds),
      },
      query: mergeQuery("endpointManagerResumeTasks", {}, options.queryParams),
      schema: OperationResultSchema,
      what: "admin resume result",
      signal: options.signal,
    });
  }

  // ----------------------------------------------------------- pause rules

  /**
   * The pause rules on collections you monitor:
   * `GET /v0.10/endpoint_manager/pause_rule_list` (a table in notebooks).
   *
   * @param options `filterEndpoint`, extra query parameters, an abort signal.
   * @returns `{ DATA_TYPE: "pause_rule_list", DATA: [pause_rule, …] }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  endpointManagerPauseRuleList(
    options?: EndpointManagerPauseRuleListOptions,
  ):
    & Promise<IterableTransferResponse<PauseRuleList, PauseRule>>
    & AsyncIterable<PauseRule>;
  async endpointManagerPauseRuleList(
    options: EndpointManagerPauseRuleListOptions = {},
  ): Promise<IterableTransferResponse<PauseRuleList, PauseRule>> {
    checkCallOptions(ENDPOINT_MANAGER_PAUSE_RULE_LIST, options);
    return displayPauseRuleList(
      await this.call("GET", `${EM}/pause_rule_list`, {
        query: mergeQuery("endpointManagerPauseRuleList", {
          filter_endpoint: options.filterEndpoint,
        }, options.queryParams),
        schema: PauseRuleListSchema,
        what: "pause rule list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Creates a pause rule: `POST /v0.10/endpoint_manager/pause_rule`. The
   * matching tasks (on `endpoint_id`, of `identity_id` or everyone, for the
   * operations whose `pause_*` flag is true) pause until the rule is
   * deleted.
   *
   * @param data `{ endpoint_id, message, identity_id?, start_time?, pause_*? }`.
   * @param options Extra query parameters and an abort signal.
   * @returns The rule, with its `id`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async endpointManagerCreatePauseRule(
    data: PauseRuleCreateDocument,
    options: TransferCallOptions = {},
  ): Promise<PauseRule> {
    checkCallOptions(ENDPOINT_MANAGER_CREATE_PAUSE_RULE, options);
    return displayPauseRule(
      await this.call("POST", `${EM}/pause_rule`, {
        json: checkDocument("endpointManagerCreatePauseRule", "data", data),
        query: mergeQuery(
          "endpointManagerCreatePauseRule",
          {},
          options.queryParams,
        ),
        schema: PauseRuleSchema,
        what: "pause rule",
        signal: options.signal,
      }),
    );
  }

  /**
   * Gets a pause rule: `GET /v0.10/endpoint_manager/pause_rule/{id}`.
   *
   * @param pauseRuleId The rule id.
   * @param options Extra query parameters and an abort signal.
   * @returns The rule.
   * @throws {TransferAPIError} e.g. 404 `PauseRuleNotFound`.
   */
  async endpointManagerGetPauseRule(
    pauseRuleId: string,
    options: TransferCallOptions = {},
  ): Promise<PauseRule> {
    checkCallOptions(ENDPOINT_MANAGER_GET_PAUSE_RULE, options);
    const id = checkId("pauseRuleId", pauseRuleId);
    return displayPauseRule(
      await this.call("GET", `${EM}/pause_rule/${id}`, {
        query: mergeQuery(
          "endpointManagerGetPauseRule",
          {},
          options.queryParams,
        ),
        schema: PauseRuleSchema,
        what: "pause rule",
        signal: options.signal,
      }),
    );
  }

  /**
   * Changes a pause rule: `PUT /v0.10/endpoint_manager/pause_rule/{id}`
   * (fields that cannot change are ignored by the service).
   *
   * @param pauseRuleId The rule id.
   * @param data e.g. `{ message, pause_task_transfer_read: false }`.
   * @param options Extra query parameters and an abort signal.
   * @returns The updated rule.
   * @throws {TransferAPIError} e.g. 404 `PauseRuleNotFound`.
   */
  async endpointManagerUpdatePauseRule(
    pauseRuleId: string,
    data: Partial<PauseRuleCreateDocument>,
    options: TransferCallOptions = {},
  ): Promise<PauseRule> {
    checkCallOptions(ENDPOINT_MANAGER_UPDATE_PAUSE_RULE, options);
    const id = checkId("pauseRuleId", pauseRuleId);
    return displayPauseRule(
      await this.call("PUT", `${EM}/pause_rule/${id}`, {
        json: checkDocument("endpointManagerUpdatePauseRule", "data", data),
        query: mergeQuery(
          "endpointManagerUpdatePauseRule",
          {},
          options.queryParams,
        ),
        schema: PauseRuleSchema,
        what: "pause rule",
        signal: options.signal,
      }),
    );
  }

  /**
   * Deletes a pause rule (the tasks it paused resume):
   * `DELETE /v0.10/endpoint_manager/pause_rule/{id}`.
   *
   * @param pauseRuleId The rule id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "result", code: "Deleted", … }`.
   * @throws {TransferAPIError} e.g. 404 `PauseRuleNotFound`.
   */
  async endpointManagerDeletePauseRule(
    pauseRuleId: string,
    options: TransferCallOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(ENDPOINT_MANAGER_DELETE_PAUSE_RULE, options);
    const id = checkId("pauseRuleId", pauseRuleId);
    return await this.call("DELETE", `${EM}/pause_rule/${id}`, {
      query: mergeQuery(
        "endpointManagerDeletePauseRule",
        {},
        options.queryParams,
      ),
      schema: OperationResultSchema,
      what: "delete result",
      signal: options.signal,
    });
  }
}

// `for await (const x of tc.endpointManagerMonitoredEndpoints(…))` walks the list, as
// `for (const x of await tc.endpointManagerMonitoredEndpoints(…))` does (Python's `for x in …`).
walkableLists(
  TransferEndpointManagerApi,
  [
    "endpointManagerMonitoredEndpoints",
    "endpointManagerHostedEndpointList",
    "endpointManagerAclList",
    "endpointManagerPauseRuleList",
  ],
  "TransferClient",
  "tc",
);

function checkMessage(message: unknown): string {
  if (typeof message !== "string") {
    throw kernelStack(
      new TypeError(
        `Cannot call Transfer as 'message' must be a string (the text the tasks' owners see): current value is ${
          JSON.stringify(message) ?? String(message)
        }`,
      ),
    );
  }
  return message;
}
