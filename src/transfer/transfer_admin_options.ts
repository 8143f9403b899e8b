/**
 * The options of the bookmark, pause, endpoint-manager and tunnel methods
 * of {@linkcode TransferClient}.
 *
 * @module
 */
import type { TransferCallOptions } from "./transfer_options.ts";

/** A date-time: a `Date` (sent as `YYYY-MM-DDTHH:MM:SS+00:00`) or a string. */
export type DateLike = Date | string;

/** Options of {@linkcode TransferClient.endpointManagerTaskList}. */
export interface EndpointManagerTaskListOptions extends TransferCallOptions {
  /** Only these statuses (`"ACTIVE"`, `"INACTIVE"`, `"SUCCEEDED"`, `"FAILED"`). */
  filterStatus?: string | Iterable<string> | undefined;
  /** Only these tasks (up to 50; no other filter may be combined). */
  filterTaskId?: string | Iterable<string> | undefined;
  /** Only tasks submitted by this identity. */
  filterOwnerId?: string | undefined;
  /** Only tasks using this endpoint or collection (or hosted on it). */
  filterEndpoint?: string | undefined;
  /** With `filterEndpoint`: only where it was the `"source"` or `"destination"`. */
  filterEndpointUse?: "source" | "destination" | undefined;
  /** Only (un)paused tasks (with `filterStatus` ⊆ ACTIVE, INACTIVE). */
  filterIsPaused?: boolean | null | undefined;
  /**
   * Only tasks completed in this range: `"START,END"` or `[start, end]`
   * (`""` leaves an end open).
   */
  filterCompletionTime?: string | readonly [DateLike, DateLike] | undefined;
  /** Only tasks with at least this many faults. */
  filterMinFaults?: number | undefined;
  /** With `filterEndpoint`: only tasks run as this local user. */
  filterLocalUser?: string | undefined;
  /** Start after this key (from a page's `last_key`). */
  lastKey?: string | undefined;
  /**
   * The most tasks to yield.
   * @default {Infinity}
   */
  maxResults?: number | undefined;
}

/** Options of {@linkcode TransferClient.endpointManagerTaskEventList}. */
export interface EndpointManagerTaskEventListOptions
  extends TransferCallOptions {
  /**
   * The page size (1–1000), and the most events to yield when `maxResults` is
   * not given, as Python's `endpoint_manager_task_event_list(limit=…)` returns one page (in
   * `tc.paginated.endpointManagerTaskEventList`, only the page size).
   * @default {1000}
   */
  limit?: number | undefined;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number | undefined;
  /** Only error events (`filter_is_error=1`). */
  filterIsError?: boolean | null | undefined;
  /**
   * The most events to yield (the service stops at 1000 in all); by
   * default `limit` when given, else 1000.
   * @default {1000}
   */
  maxResults?: number | undefined;
}

/** Options of the marker-paged endpoint-manager listings. */
export interface AdminMarkerListOptions extends TransferCallOptions {
  /** Start after this marker. */
  marker?: string | number | undefined;
}

/** Options of {@linkcode TransferClient.endpointManagerPauseRuleList}. */
export interface EndpointManagerPauseRuleListOptions
  extends TransferCallOptions {
  /** Only rules on this endpoint (or on collections it hosts). */
  filterEndpoint?: string | undefined;
}
