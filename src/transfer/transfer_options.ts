/**
 * The options of {@linkcode TransferClient}'s methods, and Transfer filters.
 *
 * @module
 */
import type { BaseClientOptions } from "../core/base_client.ts";
import type { QueryValue } from "../core/transport.ts";
import type { DisplaySink } from "../notebook/display.ts";
import type { ProgressSetting } from "../notebook/progress.ts";
import type { Task } from "./task.ts";
import type { Scope } from "../auth/scopes.ts";

/** Options of {@linkcode TransferClient}. */
export interface TransferClientOptions extends BaseClientOptions {
  /**
   * Where `taskWait()` shows live progress in automatic mode.
   * @default {defaultDisplay()}
   */
  display?: DisplaySink | undefined;
  /**
   * With `app`: the scopes this client adds to the app's requirements,
   * instead of Transfer's `all` (Python's `app_scopes`).
   */
  appScopes?: string | Scope | readonly (string | Scope)[] | undefined;
}

/**
 * One value of a filter object: a string, number or boolean as written, a
 * `Date` (sent as `YYYY-MM-DD HH:MM:SS+00:00`, as Python prints a UTC
 * datetime), or a list (an array, a `Set`, any iterable) joined with
 * commas, where `null` leaves a range end open
 * (`{ request_time: [new Date("2026-01-01"), null] }`).
 */
export type TransferFilterValue =
  | string
  | number
  | boolean
  | Date
  | Iterable<string | Date | null>;

/**
 * A Transfer filter: the wire string (`"name:~*.txt/type:file"`), an object
 * (`{ name: "~*.txt", type: "file" }`; lists are comma-joined, e.g.
 * `{ status: ["ACTIVE", "INACTIVE"] }`), or a list of those, sent as one
 * `filter` parameter each, as the Python SDK sends a list.
 */
export type TransferFilter =
  | string
  | Readonly<Record<string, TransferFilterValue>>
  | Iterable<string | Readonly<Record<string, TransferFilterValue>>>;

/**
 * What every {@linkcode TransferClient} method takes: an abort signal, and
 * extra query parameters (Python's `query_params`).
 */
export interface SignalOptions {
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
  /**
   * Extra query parameters, as the Python SDK's `query_params`: merged into
   * the method's own query, and, as in Python, they win over the method's
   * options of the same name (`undefined`/`null` values leave a parameter
   * out; arrays are comma-joined). A paged method refuses the parameters its
   * paging sets (`limit`, `offset`, `marker`, `next_token`, …): use its
   * options for those.
   */
  queryParams?: Readonly<Record<string, QueryValue>> | undefined;
}

/** The options of every {@linkcode TransferClient} method (another name of {@linkcode SignalOptions}). */
export type TransferCallOptions = SignalOptions;

/** Options of {@linkcode TransferClient.endpointAutoactivate}. */
export interface EndpointAutoactivateOptions extends SignalOptions {
  /**
   * Seconds (Python's `if_expires_in`): activate only when the current
   * activation ends within this time.
   */
  ifExpiresIn?: number | undefined;
}

/** Options of {@linkcode TransferClient.endpointSearch}. */
export interface EndpointSearchOptions extends SignalOptions {
  /**
   * Words to search for (Python's `filter_fulltext`), when not given as the
   * first argument.
   */
  filterFulltext?: string | null | undefined;
  /** `my-endpoints`, `my-gcp-endpoints`, `recently-used`, `in-use`, `shared-by-me`, `shared-with-me`, `administered-by-me`, `hide-no-permissions` (`all` without the collections you have no permissions on) or `all`. */
  filterScope?: string | undefined;
  /** Only endpoints owned by this identity id. */
  filterOwnerId?: string | undefined;
  /**
   * Only guest collections hosted by this collection or endpoint id (with
   * `filterScope: "hosted-by"`, or any scope).
   */
  filterHostEndpoint?: string | undefined;
  /** Only this entity type, e.g. `GCSv5_mapped_collection`. */
  filterEntityType?: string | undefined;
  /** Only (non-)functional endpoints. */
  filterNonFunctional?: boolean | undefined;
  /**
   * The page size (1–100), and the most results to yield when `maxResults`
   * is not given, as Python's `endpoint_search(limit=…)` returns one page
   * (in `tc.paginated.endpointSearch`, only the page size).
   * @default {100}
   */
  limit?: number | undefined;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number | undefined;
  /**
   * The most results to yield (the service stops at 1000 in all); by
   * default `limit` when given, else 1000.
   * @default {1000}
   */
  maxResults?: number | undefined;
}

/** Options of {@linkcode TransferClient.getSharedEndpointList}. */
export interface SharedEndpointListOptions extends SignalOptions {
  /**
   * Python's `max_results`: how many guest collections the service returns
   * per page (sent as `max_results`), not a total.
   */
  maxResults?: number | undefined;
  /** Python's `next_token`: start at this page. */
  nextToken?: string | undefined;
}

/** Options of {@linkcode TransferClient.operationLs}. */
export interface OperationLsOptions extends SignalOptions {
  /** The directory (default: the collection's default directory). */
  path?: string | null | undefined;
  /** Include hidden files (`show_hidden=1|0`). */
  showHidden?: boolean | null | undefined;
  /** Sort order, e.g. `"type,name DESC"` or `["type", "name DESC"]`. */
  orderby?: string | Iterable<string> | undefined;
  /** e.g. `{ name: "~*.txt", type: "file" }` or `"name:~*.txt/type:file"`. */
  filter?: TransferFilter | undefined;
  /** The most entries to return. */
  limit?: number | null | undefined;
  /** Where to start. */
  offset?: number | null | undefined;
  /** The local user to list as. */
  localUser?: string | null | undefined;
}

/** Options naming a local user. */
export interface LocalUserOptions extends SignalOptions {
  /** The local user to act as. */
  localUser?: string | null | undefined;
}

/** Options of {@linkcode TransferClient.taskList}. */
export interface TaskListOptions extends SignalOptions {
  /** e.g. `{ status: ["ACTIVE", "INACTIVE"], type: "TRANSFER" }` or `"status:ACTIVE/type:TRANSFER"`. */
  filter?: TransferFilter | undefined;
  /** Sort order, e.g. `"request_time DESC"`. */
  orderby?: string | Iterable<string> | undefined;
  /**
   * The page size (1–1000), and the most tasks to yield when `maxResults` is
   * not given, as Python's `task_list(limit=…)` returns one page (in
   * `tc.paginated.taskList`, only the page size).
   * @default {1000}
   */
  limit?: number | undefined;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number | undefined;
  /**
   * The most tasks to yield: by default `limit` when given, else 1000,
   * where the Python SDK's paginator stops: the production service refuses
   * `offset + limit` beyond 1000. (The emulator serves more, so a larger
   * `maxResults` works there, for tests with many tasks.)
   * @default {1000}
   */
  maxResults?: number | undefined;
}

/** Options of {@linkcode TransferClient.updateTask}. */
export interface UpdateTaskOptions extends SignalOptions {
  /**
   * `"task"`, as in the document Python's `update_task(task_id, data)` is
   * given (it is always sent; it can be left out).
   */
  DATA_TYPE?: "task" | undefined;
  /** A new label; `null` clears it (sent as null, as Python sends its document). */
  label?: string | null | undefined;
  /** A new deadline (`Date` or ISO 8601 string). */
  deadline?: Date | string | undefined;
}

/** Options of {@linkcode TransferClient.taskEventList}. */
export interface TaskEventListOptions extends SignalOptions {
  /**
   * The page size (1–1000), and the most events to yield when `maxResults` is
   * not given, as Python's `task_event_list(limit=…)` returns one page (in
   * `tc.paginated.taskEventList`, only the page size).
   * @default {1000}
   */
  limit?: number | undefined;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number | undefined;
  /** e.g. `{ is_error: 1 }` or `"is_error:1"`. */
  filter?: TransferFilter | undefined;
  /**
   * The most events to yield: by default `limit` when given, else 1000,
   * where the Python SDK's paginator stops (the production service pages
   * task lists and event lists no further; the emulator does).
   * @default {1000}
   */
  maxResults?: number | undefined;
}

/** Options of the marker-paged task listings. */
export interface MarkerListOptions extends SignalOptions {
  /** Start after this marker. */
  marker?: string | number | undefined;
}

/** Options of {@linkcode TransferClient.taskWait}. */
export interface TaskWaitOptions extends SignalOptions {
  /**
   * How long to wait, in seconds (at least 1).
   * @default {10}
   */
  timeoutS?: number | undefined;
  /**
   * Seconds between polls (at least 1; capped at `timeoutS`).
   * @default {10}
   */
  pollingIntervalS?: number | undefined;
  /** Called with each task document fetched. */
  onPoll?: ((task: Task) => void | Promise<void>) | undefined;
  /**
   * Live progress: `true` shows it in the Deno Jupyter kernel (one display
   * updated in place) or on an interactive terminal (one updating line on
   * standard error), `false` never, or a {@linkcode DisplaySink} to use.
   * @default {true}
   */
  progress?: ProgressSetting | undefined;
}
