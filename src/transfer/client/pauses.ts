/**
 * Pauses: why a task is paused, and the pause rules in effect for you on a
 * collection.
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import { PauseRuleListSchema, TaskPauseInfoSchema } from "../_schemas_admin.ts";
import { displayPauseInfo, displayPauseRuleList } from "../_display_admin.ts";
import { mergeQuery } from "../_query.ts";
import { callOptions, checkCallOptions, checkId } from "../_args.ts";
import type { PauseRule, PauseRuleList, TaskPauseInfo } from "../pause_rule.ts";
import type { TransferCallOptions } from "../transfer_options.ts";
import { TransferBookmarksApi } from "./bookmarks.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const TASK_PAUSE_INFO = callOptions("taskPauseInfo");
const MY_EFFECTIVE_PAUSE_RULE_LIST = callOptions("myEffectivePauseRuleList");

/** Pause information. Part of {@linkcode TransferClient}; use that class. */
export class TransferPausesApi extends TransferBookmarksApi {
  /**
   * Why a task of yours is paused: `GET /v0.10/task/{id}/pause_info`, as
   * Python's `task_pause_info`. A task paused by a pause rule has status
   * `INACTIVE` and `is_paused: true`; this lists the rules and their
   * messages (empty when nothing pauses it). Renders as a table.
   *
   * @param taskId The task id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "pause_info_limited", pause_rules, source_pause_message, destination_pause_message }`.
   * @throws {TransferAPIError} e.g. 404 `ClientError.NotFound`.
   */
  async taskPauseInfo(
    taskId: string,
    options: TransferCallOptions = {},
  ): Promise<TaskPauseInfo> {
    checkCallOptions(TASK_PAUSE_INFO, options);
    return displayPauseInfo(
      await this.call(
        "GET",
        `v0.10/task/${checkId("taskId", taskId)}/pause_info`,
        {
          query: mergeQuery("taskPauseInfo", {}, options.queryParams),
          schema: TaskPauseInfoSchema,
          what: "pause info",
          signal: options.signal,
        },
      ),
    );
  }

  /**
   * The pause rules that apply to you on a collection:
   * `GET /v0.10/endpoint/{id}/my_effective_pause_rule_list`, as Python's
   * `my_effective_pause_rule_list`. Renders as a table.
   *
   * @param endpointId The collection or endpoint id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "pause_rule_list", DATA: [pause_rule_limited, …] }`.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`.
   */
  myEffectivePauseRuleList(
    endpointId: string,
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<PauseRuleList, PauseRule>>
    & AsyncIterable<PauseRule>;
  async myEffectivePauseRuleList(
    endpointId: string,
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<PauseRuleList, PauseRule>> {
    checkCallOptions(MY_EFFECTIVE_PAUSE_RULE_LIST, options);
    return displayPauseRuleList(
      await this.call(
        "GET",
        `v0.10/endpoint/${
          checkId("endpointId", endpointId)
        }/my_effective_pause_rule_list`,
        {
          query: mergeQuery(
            "myEffectivePauseRuleList",
            {},
            options.queryParams,
          ),
          schema: PauseRuleListSchema,
          what: "pause rule list",
          signal: options.signal,
        },
      ),
    );
  }
}

// `for await (const x of tc.myEffectivePauseRuleList(…))` walks the list, as
// `for (const x of await tc.myEffectivePauseRuleList(…))` does (Python's `for x in …`).
walkableLists(
  TransferPausesApi,
  ["myEffectivePauseRuleList"],
  "TransferClient",
  "tc",
);
