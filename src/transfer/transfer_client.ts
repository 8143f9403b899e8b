/**
 * The Globus Transfer client (`https://transfer.api.globus.org/v0.10/`),
 * as the Python SDK's `TransferClient`, in camelCase.
 *
 * @module
 */
import type { z } from "zod";
import {
  BaseClient,
  type BaseClientOptions,
  type CallOptions,
} from "../core/base_client.ts";
import { TransferAPIError } from "../core/errors.ts";
import { markerPages, offsetPages, type Paginator } from "../core/paging.ts";
import type { QueryValue, TransportResponse } from "../core/transport.ts";
import type { DisplaySink } from "../notebook/display.ts";
import { createProgress, type ProgressSetting } from "../notebook/progress.ts";
import { type TaskChart, taskChartFromEvents } from "../notebook/chart.ts";
import {
  displayEndpoint,
  displayFileList,
  displayPage,
  DisplayPaginator,
  displayTask,
} from "./_display.ts";
import { checkEndpointId, describeValue, formatDeadline } from "./_validate.ts";
import { DeleteData } from "./delete_data.ts";
import { withEndpointIdHint } from "./_endpoint_hint.ts";
import {
  EndpointListPageSchema,
  EndpointSchema,
  FileEntrySchema,
  FileListSchema,
  OperationResultSchema,
  SkippedErrorsPageSchema,
  SubmissionIdSchema,
  SubmitResultSchema,
  SuccessfulTransfersPageSchema,
  TaskEventListPageSchema,
  TaskListPageSchema,
  TaskSchema,
} from "./_schemas.ts";
import type { Endpoint, EndpointListPage } from "./endpoint.ts";
import type { FileEntry, FileList } from "./file_list.ts";
import type { OperationResult, SubmissionId, SubmitResult } from "./results.ts";
import type {
  SkippedError,
  SkippedErrorsPage,
  SuccessfulTransfer,
  SuccessfulTransfersPage,
  Task,
  TaskEvent,
  TaskEventListPage,
  TaskListPage,
} from "./task.ts";
import { TransferData } from "./transfer_data.ts";

/** The Transfer resource server. */
const RESOURCE_SERVER = "transfer.api.globus.org";
/** The Transfer scope. */
const TRANSFER_ALL_SCOPE = "urn:globus:auth:scope:transfer.api.globus.org:all";
/** endpoint_search never returns more than this many results in all. */
const ENDPOINT_SEARCH_CAP = 1000;

/** Options of {@linkcode TransferClient}. */
export interface TransferClientOptions extends BaseClientOptions {
  /**
   * Where `taskWait()` shows live progress in automatic mode.
   * @default {defaultDisplay()}
   */
  display?: DisplaySink;
}

/**
 * One value of a filter object: a string, number or boolean as written, a
 * `Date` (sent as `YYYY-MM-DD HH:MM:SS+00:00`, as Python prints a UTC
 * datetime), or a list joined with commas, where `null` leaves a range end
 * open (`{ request_time: [new Date("2026-01-01"), null] }`).
 */
export type TransferFilterValue =
  | string
  | number
  | boolean
  | Date
  | readonly (string | Date | null)[];

/**
 * A Transfer filter: the wire string (`"name:~*.txt/type:file"`), an object
 * (`{ name: "~*.txt", type: "file" }`; arrays are comma-joined, e.g.
 * `{ status: ["ACTIVE", "INACTIVE"] }`), or a list of those joined with `/`.
 */
export type TransferFilter =
  | string
  | Readonly<Record<string, TransferFilterValue>>
  | readonly (string | Readonly<Record<string, TransferFilterValue>>)[];

/** A call's abort signal. */
export interface SignalOptions {
  /** Aborts the request. */
  signal?: AbortSignal | undefined;
}

/** Options of {@linkcode TransferClient.endpointSearch}. */
export interface EndpointSearchOptions extends SignalOptions {
  /** `my-endpoints`, `recently-used`, `in-use`, `shared-by-me`, `shared-with-me`, `administered-by-me` or `all`. */
  filterScope?: string;
  /** Only endpoints owned by this identity id. */
  filterOwnerId?: string;
  /** Only this entity type, e.g. `GCSv5_mapped_collection`. */
  filterEntityType?: string;
  /** Only (non-)functional endpoints. */
  filterNonFunctional?: boolean;
  /**
   * The page size (1–100).
   * @default {100}
   */
  limit?: number;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number;
  /**
   * The most results to yield (the service stops at 1000 in all).
   * @default {1000}
   */
  maxResults?: number;
}

/** Options of {@linkcode TransferClient.operationLs}. */
export interface OperationLsOptions extends SignalOptions {
  /** The directory (default: the collection's default directory). */
  path?: string;
  /** Include hidden files (`show_hidden=1|0`). */
  showHidden?: boolean;
  /** Sort order, e.g. `"type,name DESC"` or `["type", "name DESC"]`. */
  orderby?: string | readonly string[];
  /** e.g. `{ name: "~*.txt", type: "file" }` or `"name:~*.txt/type:file"`. */
  filter?: TransferFilter;
  /** The most entries to return. */
  limit?: number;
  /** Where to start. */
  offset?: number;
  /** The local user to list as. */
  localUser?: string;
}

/** Options naming a local user. */
export interface LocalUserOptions extends SignalOptions {
  /** The local user to act as. */
  localUser?: string;
}

/** Options of {@linkcode TransferClient.taskList}. */
export interface TaskListOptions extends SignalOptions {
  /** e.g. `{ status: ["ACTIVE", "INACTIVE"], type: "TRANSFER" }` or `"status:ACTIVE/type:TRANSFER"`. */
  filter?: TransferFilter;
  /** Sort order, e.g. `"request_time DESC"`. */
  orderby?: string | readonly string[];
  /**
   * The page size (1–1000).
   * @default {1000}
   */
  limit?: number;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number;
  /**
   * The most tasks to yield. Unlimited by default; the production service
   * refuses `offset + limit` beyond 1000, so pass `maxResults: 1000` there
   * to stop where the Python SDK stops.
   * @default {Infinity}
   */
  maxResults?: number;
}

/** Options of {@linkcode TransferClient.updateTask}. */
export interface UpdateTaskOptions extends SignalOptions {
  /** A new label. */
  label?: string;
  /** A new deadline (`Date` or ISO 8601 string). */
  deadline?: Date | string;
}

/** Options of {@linkcode TransferClient.taskEventList}. */
export interface TaskEventListOptions extends SignalOptions {
  /**
   * The page size (1–1000).
   * @default {1000}
   */
  limit?: number;
  /**
   * Where to start.
   * @default {0}
   */
  offset?: number;
  /** e.g. `{ is_error: 1 }` or `"is_error:1"`. */
  filter?: TransferFilter;
  /**
   * The most events to yield.
   * @default {Infinity}
   */
  maxResults?: number;
}

/** Options of the marker-paged task listings. */
export interface MarkerListOptions extends SignalOptions {
  /** Start after this marker. */
  marker?: string | number;
}

/** Options of {@linkcode TransferClient.taskWait}. */
export interface TaskWaitOptions extends SignalOptions {
  /**
   * How long to wait, in seconds (at least 1).
   * @default {10}
   */
  timeoutS?: number;
  /**
   * Seconds between polls (at least 1; capped at `timeoutS`).
   * @default {10}
   */
  pollingIntervalS?: number;
  /** Called with each task document fetched. */
  onPoll?: (task: Task) => void | Promise<void>;
  /**
   * Live progress: `true` shows it in the Deno Jupyter kernel (one display
   * updated in place) or on an interactive terminal (one updating line on
   * standard error), `false` never, or a {@linkcode DisplaySink} to use.
   * @default {true}
   */
  progress?: ProgressSetting;
}

function checkPathArg(what: string, value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(
      `Cannot call Transfer as '${what}' must be a non-empty path (e.g. "/~/data/"): current value is ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

function checkId(what: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(
      `Cannot call Transfer as '${what}' must be a non-empty id: current value is ${
        describeValue(value)
      }`,
    );
  }
  // "." and ".." survive percent-encoding and are resolved as path steps:
  // getTask("..") would be GET /v0.10/, cancelTask("..") POST /v0.10/cancel.
  if (value === "." || value === "..") {
    throw new RangeError(
      `Cannot call Transfer as '${what}' must be an id, not a path step: current value is ${
        describeValue(value)
      }`,
    );
  }
  return encodeURIComponent(value);
}

function checkPageSize(what: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(
      `Cannot page through results as '${what}' must be an integer from 1 to ${max}: current value is ${value}`,
    );
  }
  return value;
}

function checkOffset(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(
      `Cannot page through results as 'offset' must be a non-negative integer: current value is ${value}`,
    );
  }
  return value;
}

function checkMax(value: number): number {
  if (!(value >= 0)) {
    throw new RangeError(
      `Cannot page through results as 'maxResults' must be a non-negative number: current value is ${value}`,
    );
  }
  return value;
}

/**
 * Formats a {@linkcode TransferFilter} as the wire string.
 *
 * @param filter The filter.
 * @returns e.g. `"name:~*.txt/type:file"`.
 * @throws {RangeError} For an invalid `Date`.
 *
 * @example Build an `operationLs` filter
 * ```ts
 * import { formatTransferFilter } from "@globus-deno/sdk";
 * console.log(formatTransferFilter({ name: "~*.txt", type: "file" })); // name:~*.txt/type:file
 * // tasks requested since 1 January 2026 (an open range end is null)
 * console.log(formatTransferFilter({ request_time: [new Date("2026-01-01"), null] }));
 * // request_time:2026-01-01 00:00:00+00:00,
 * console.log(formatTransferFilter([{ type: "dir" }, "name:!~.*"])); // type:dir/name:!~.*
 * ```
 */
export function formatTransferFilter(filter: TransferFilter): string {
  if (typeof filter === "string") return filter;
  if (Array.isArray(filter)) {
    return (filter as readonly TransferFilter[]).map(formatTransferFilter).join(
      "/",
    );
  }
  return Object.entries(filter)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => {
      if (k === "" || /[/:]/.test(k)) {
        throw new RangeError(
          `Cannot send the filter as the field name ${
            describeValue(k)
          } is empty or contains '/' or ':' (which would change the filter's meaning)`,
        );
      }
      return `${k}:${
        Array.isArray(v)
          ? (v as readonly (string | Date | null)[]).map((x) =>
            filterValue(k, x)
          ).join(",")
          : filterValue(k, v as TransferFilterValue)
      }`;
    })
    .join("/");
}

function filterValue(key: string, v: TransferFilterValue | null): string {
  if (typeof v === "string" && v.includes("/")) {
    // Transfer has no escape for '/', which separates filter clauses: a
    // value with one would add a clause of its own.
    throw new RangeError(
      `Cannot send the filter as the value of '${key}' contains '/', which Transfer reads as the start of another filter clause: current value is ${
        describeValue(v)
      }`,
    );
  }
  if (v === null) return "";
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) {
      throw new RangeError(
        "Cannot send the filter as one of its dates is invalid: current value is Invalid Date",
      );
    }
    return `${v.toISOString().slice(0, 19).replace("T", " ")}+00:00`;
  }
  return String(v);
}

function orderbyValue(
  orderby: string | readonly string[] | undefined,
): QueryValue {
  return orderby === undefined ? undefined : orderby;
}

/**
 * The Globus Transfer client: find collections, list and manage files,
 * submit transfers and deletes, and watch tasks. Every path is under
 * `v0.10/`; responses are plain data with the service's field names,
 * checked against schemas (a body that breaks one throws
 * `ResponseValidationError` naming the field). Needs `--allow-net`.
 *
 * @example Copy a file and wait for it
 * ```ts ignore
 * import { AccessTokenAuthorizer, TransferClient, TransferData } from "@globus-deno/sdk";
 * const tc = new TransferClient({ authorizer: new AccessTokenAuthorizer("TOKEN") });
 * const tdata = new TransferData({
 *   sourceEndpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
 *   destinationEndpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d",
 * }).addItem("/share/godata/file1.txt", "/~/file1.txt");
 * const { task_id } = await tc.submitTransfer(tdata);
 * await tc.taskWait(task_id, { timeoutS: 60 });
 * console.log((await tc.getTask(task_id)).status);
 * ```
 *
 * @example List a directory (with a stand-in fetch)
 * ```ts
 * import { TransferClient } from "@globus-deno/sdk";
 * const tc = new TransferClient({
 *   fetch: () =>
 *     Promise.resolve(Response.json({
 *       DATA_TYPE: "file_list",
 *       path: "/share/godata/",
 *       DATA: [{ DATA_TYPE: "file", name: "file1.txt", type: "file", size: 4 }],
 *     })),
 * });
 * const ls = await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc", {
 *   path: "/share/godata/",
 * });
 * console.log(ls.DATA.map((entry) => entry.name)); // ["file1.txt"]
 * ```
 */
export class TransferClient extends BaseClient {
  /** The Transfer resource server, `transfer.api.globus.org`. */
  static readonly resourceServer: string = RESOURCE_SERVER;
  /** The Transfer scope, `urn:globus:auth:scope:transfer.api.globus.org:all`. */
  static readonly scopes: { readonly all: string } = Object.freeze({
    all: TRANSFER_ALL_SCOPE,
  });
  readonly #display: DisplaySink | undefined;

  /**
   * Creates a Transfer client.
   *
   * @param options `{ authorizer }` or `{ app }`, plus seams and settings.
   * @throws {TypeError} When both `app` and `authorizer` are given.
   */
  constructor(options: TransferClientOptions = {}) {
    super(
      "transfer",
      RESOURCE_SERVER,
      [TRANSFER_ALL_SCOPE],
      options,
      TransferAPIError,
    );
    this.#display = options.display;
  }

  /**
   * Sends every Transfer request; a 404/400 for an endpoint value that is not
   * a UUID (a display name, say) gets a hint: the id is needed, and
   * `endpointSearch` finds it.
   *
   * @param method The HTTP method.
   * @param path The path relative to the base URL.
   * @param options The call's options.
   * @returns The response.
   */
  protected override async raw(
    method: string,
    path: string,
    options: CallOptions<unknown> = {},
  ): Promise<TransportResponse> {
    try {
      return await super.raw(method, path, options);
    } catch (err) {
      throw withEndpointIdHint(err, path, options.json);
    }
  }

  /**
   * Searches endpoints and collections: `GET /v0.10/endpoint_search`.
   * Pages with `offset` and `has_next_page`, 100 at a time, up to the
   * service's 1000 results.
   *
   * @param filterFulltext Words to search for.
   * @param options Filters and paging.
   * @returns A paginator of endpoints (`.pages()` for raw pages).
   * @throws {RangeError} For a page size outside 1–100 or a bad offset.
   */
  endpointSearch(
    filterFulltext?: string,
    options: EndpointSearchOptions = {},
  ): Paginator<Endpoint, EndpointListPage> {
    const pageSize = checkPageSize("limit", options.limit ?? 100, 100);
    const start = checkOffset(options.offset ?? 0);
    const cap = Math.min(
      ENDPOINT_SEARCH_CAP,
      start + checkMax(options.maxResults ?? ENDPOINT_SEARCH_CAP),
    );
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", "v0.10/endpoint_search", {
          query: {
            filter_fulltext: filterFulltext,
            filter_scope: options.filterScope,
            filter_owner_id: options.filterOwnerId,
            filter_entity_type: options.filterEntityType,
            filter_non_functional: options.filterNonFunctional === undefined
              ? undefined
              : options.filterNonFunctional
              ? 1
              : 0,
            limit,
            offset,
          },
          schema: EndpointListPageSchema,
          what: "endpoint list",
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
   * Gets an endpoint or collection: `GET /v0.10/endpoint/{id}`.
   *
   * @param endpointId The endpoint or collection id.
   * @param options An abort signal.
   * @returns The endpoint document.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`.
   */
  async getEndpoint(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<Endpoint> {
    return displayEndpoint(
      await this.call(
        "GET",
        `v0.10/endpoint/${checkId("endpointId", endpointId)}`,
        {
          schema: EndpointSchema,
          what: "endpoint",
          signal: options.signal,
        },
      ),
    );
  }

  /**
   * Lists a directory: `GET /v0.10/operation/endpoint/{id}/ls`. Returns
   * one page, as in the Python SDK (use `limit`/`offset` for more).
   *
   * @param endpointId The collection id.
   * @param options Path, hidden files, order, filter, paging, local user.
   * @returns The listing; it renders as a table in notebooks.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} e.g. 404 `ClientError.NotFound`.
   */
  async operationLs(
    endpointId: string,
    options: OperationLsOptions = {},
  ): Promise<FileList> {
    const id = checkId("endpointId", endpointId);
    if (options.path !== undefined) checkPathArg("path", options.path);
    return displayFileList(
      await this.call("GET", `v0.10/operation/endpoint/${id}/ls`, {
        query: {
          path: options.path,
          show_hidden: options.showHidden === undefined
            ? undefined
            : options.showHidden
            ? 1
            : 0,
          orderby: orderbyValue(options.orderby),
          filter: options.filter === undefined
            ? undefined
            : formatTransferFilter(options.filter),
          limit: options.limit,
          offset: options.offset,
          local_user: options.localUser,
        },
        schema: FileListSchema,
        what: "file list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Makes a directory: `POST /v0.10/operation/endpoint/{id}/mkdir`.
   *
   * @param endpointId The collection id.
   * @param path The new directory's path.
   * @param options The local user.
   * @returns `{ code: "DirectoryCreated", … }`.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} e.g. 502 `ExternalError.MkdirFailed.Exists`.
   */
  async operationMkdir(
    endpointId: string,
    path: string,
    options: LocalUserOptions = {},
  ): Promise<OperationResult> {
    const id = checkId("endpointId", endpointId);
    checkPathArg("path", path);
    return await this.call("POST", `v0.10/operation/endpoint/${id}/mkdir`, {
      json: {
        DATA_TYPE: "mkdir",
        path,
        ...(options.localUser !== undefined
          ? { local_user: options.localUser }
          : {}),
      },
      schema: OperationResultSchema,
      what: "mkdir result",
      signal: options.signal,
    });
  }

  /**
   * Renames a file or directory: `POST /v0.10/operation/endpoint/{id}/rename`.
   *
   * @param endpointId The collection id.
   * @param oldPath The current path.
   * @param newPath The new path.
   * @param options The local user.
   * @returns `{ code: "FileRenamed", … }`.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} When the service refuses.
   */
  async operationRename(
    endpointId: string,
    oldPath: string,
    newPath: string,
    options: LocalUserOptions = {},
  ): Promise<OperationResult> {
    const id = checkId("endpointId", endpointId);
    checkPathArg("oldPath", oldPath);
    checkPathArg("newPath", newPath);
    return await this.call("POST", `v0.10/operation/endpoint/${id}/rename`, {
      json: {
        DATA_TYPE: "rename",
        old_path: oldPath,
        new_path: newPath,
        ...(options.localUser !== undefined
          ? { local_user: options.localUser }
          : {}),
      },
      schema: OperationResultSchema,
      what: "rename result",
      signal: options.signal,
    });
  }

  /**
   * Gets one file's entry: `GET /v0.10/operation/endpoint/{id}/stat`.
   *
   * @param endpointId The collection id.
   * @param path The path.
   * @param options The local user.
   * @returns The file entry.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} 404 `NotFound` for a missing path.
   */
  async operationStat(
    endpointId: string,
    path: string,
    options: LocalUserOptions = {},
  ): Promise<FileEntry> {
    const id = checkId("endpointId", endpointId);
    checkPathArg("path", path);
    return await this.call("GET", `v0.10/operation/endpoint/${id}/stat`, {
      query: { path, local_user: options.localUser },
      schema: FileEntrySchema,
      what: "file entry",
      signal: options.signal,
    });
  }

  /**
   * Gets a fresh submission id: `GET /v0.10/submission_id`.
   *
   * @param options An abort signal.
   * @returns `{ value }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  async getSubmissionId(options: SignalOptions = {}): Promise<SubmissionId> {
    return await this.call("GET", "v0.10/submission_id", {
      schema: SubmissionIdSchema,
      what: "submission id",
      signal: options.signal,
    });
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
      throw new TypeError(
        `Cannot submit the document as ${method}() takes a ${
          kind === "transfer" ? "TransferData" : "DeleteData"
        } or a ${kind} document: pass this ${
          kind === "transfer" ? "DeleteData" : "TransferData"
        } to ${other}() instead`,
      );
    }
    if (data instanceof TransferData || data instanceof DeleteData) {
      data.validate();
      if (!data.submissionId) {
        data.submissionId = (await this.getSubmissionId({ signal })).value;
      }
      return data.toJSON();
    }
    if (data === null || typeof data !== "object" || Array.isArray(data)) {
      throw new TypeError(
        `Cannot submit the document as it must be a ${
          kind === "transfer" ? "TransferData" : "DeleteData"
        } or a plain ${kind} document: current value is ${describeValue(data)}`,
      );
    }
    if (data.DATA_TYPE !== undefined && data.DATA_TYPE !== kind) {
      throw new TypeError(
        `Cannot submit the document as ${method}() takes a ${kind} document: its DATA_TYPE is ${
          JSON.stringify(data.DATA_TYPE)
        }${
          data.DATA_TYPE === (kind === "transfer" ? "delete" : "transfer")
            ? `; use ${other}()`
            : ""
        }`,
      );
    }
    // The builders' checks, before anything is sent: ids, paths, items.
    if (kind === "transfer") {
      checkEndpointId("source_endpoint", data.source_endpoint);
      checkEndpointId("destination_endpoint", data.destination_endpoint);
      TransferData.fromDocument(data).validate();
    } else {
      checkEndpointId("endpoint", data.endpoint);
      DeleteData.fromDocument(data).validate();
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
    const json = await this.#ensureSubmissionId(
      "transfer",
      data,
      options.signal,
    );
    return await this.call("POST", "v0.10/transfer", {
      json,
      schema: SubmitResultSchema,
      what: "transfer result",
      signal: options.signal,
    });
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
    const json = await this.#ensureSubmissionId(
      "delete",
      data,
      options.signal,
    );
    return await this.call("POST", "v0.10/delete", {
      json,
      schema: SubmitResultSchema,
      what: "delete result",
      signal: options.signal,
    });
  }

  /**
   * Lists your tasks: `GET /v0.10/task_list`, paged with `offset` until
   * `total`, 1000 at a time. Unlimited by default (see
   * {@linkcode TaskListOptions.maxResults}).
   *
   * @param options Filter, order and paging.
   * @returns A paginator of tasks.
   * @throws {RangeError} For a page size outside 1–1000 or a bad offset.
   */
  taskList(options: TaskListOptions = {}): Paginator<Task, TaskListPage> {
    const pageSize = checkPageSize("limit", options.limit ?? 1000, 1000);
    const start = checkOffset(options.offset ?? 0);
    const cap = start + checkMax(options.maxResults ?? Infinity);
    const filter = options.filter === undefined
      ? undefined
      : formatTransferFilter(options.filter);
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", "v0.10/task_list", {
          query: {
            filter,
            orderby: orderbyValue(options.orderby),
            limit,
            offset,
          },
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
   * @throws {TransferAPIError} e.g. 404 `TaskNotFound`.
   */
  async getTask(taskId: string, options: SignalOptions = {}): Promise<Task> {
    return displayTask(
      await this.call("GET", `v0.10/task/${checkId("taskId", taskId)}`, {
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
    const json: Record<string, unknown> = { DATA_TYPE: "task" };
    if (options.label !== undefined) json.label = options.label;
    if (options.deadline !== undefined) {
      json.deadline = formatDeadline(options.deadline);
    }
    return await this.call("PUT", `v0.10/task/${id}`, {
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
    return await this.call(
      "POST",
      `v0.10/task/${checkId("taskId", taskId)}/cancel`,
      {
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
  ): Paginator<TaskEvent, TaskEventListPage> {
    const id = checkId("taskId", taskId);
    const pageSize = checkPageSize("limit", options.limit ?? 1000, 1000);
    const start = checkOffset(options.offset ?? 0);
    const cap = start + checkMax(options.maxResults ?? Infinity);
    const filter = options.filter === undefined
      ? undefined
      : formatTransferFilter(options.filter);
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", `v0.10/task/${id}/event_list`, {
          query: { filter, limit, offset },
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
  ): Paginator<SuccessfulTransfer, SuccessfulTransfersPage> {
    const id = checkId("taskId", taskId);
    return this.#markerList(
      `v0.10/task/${id}/successful_transfers`,
      SuccessfulTransfersPageSchema,
      "successful transfers page",
      options,
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
  ): Paginator<SkippedError, SkippedErrorsPage> {
    const id = checkId("taskId", taskId);
    return this.#markerList(
      `v0.10/task/${id}/skipped_errors`,
      SkippedErrorsPageSchema,
      "skipped errors page",
      options,
    );
  }

  #markerList<T, P extends { DATA: T[]; next_marker?: string | number | null }>(
    path: string,
    schema: z.ZodType<P>,
    what: string,
    options: MarkerListOptions,
  ): Paginator<T, P> {
    const fetchPage = async (marker: string | number | undefined) =>
      displayPage(
        await this.call("GET", path, {
          query: { marker },
          schema,
          what,
          signal: options.signal,
        }),
      );
    return new DisplayPaginator<T, P>(
      () => markerPages<P>((marker) => fetchPage(marker ?? options.marker)),
      (page) => page.DATA,
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
   * @throws {DOMException} The signal's reason when aborted.
   */
  async taskWait(
    taskId: string,
    options: TaskWaitOptions = {},
  ): Promise<boolean> {
    const {
      timeoutS = 10,
      pollingIntervalS = 10,
      signal,
      onPoll,
      progress = true,
    } = options;
    if (!(pollingIntervalS >= 1)) {
      throw new RangeError(
        `Cannot wait for the task as 'pollingIntervalS' must be at least 1 (second): current value is ${pollingIntervalS}`,
      );
    }
    if (!(timeoutS >= 1)) {
      throw new RangeError(
        `Cannot wait for the task as 'timeoutS' must be at least 1 (second): current value is ${timeoutS}`,
      );
    }
    checkId("taskId", taskId);
    const interval = Math.min(timeoutS, pollingIntervalS);
    const clock = this.transport.clock;
    const reporter = createProgress(progress, {
      now: () => clock.now(),
      ...(this.#display ? { display: this.#display } : {}),
    });
    let waited = 0;
    try {
      for (;;) {
        signal?.throwIfAborted();
        const task = await this.getTask(taskId, { signal });
        if (onPoll) await onPoll(task);
        await reporter.update(task);
        if (task.status !== "ACTIVE") return true;
        waited += interval;
        if (waited > timeoutS) return false;
        await clock.sleep(interval * 1000, signal);
      }
    } finally {
      await reporter.finish();
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
    const task = await this.getTask(taskId, options);
    const events = await this.taskEventList(taskId, options).toArray();
    return taskChartFromEvents(task, events, {
      now: this.transport.clock.now(),
    });
  }

  /**
   * Asks the app for a Transfer token that can also reach these
   * collections' data (GCS v5 mapped collections need a `data_access`
   * consent), as the Python SDK's `add_app_data_access_scope`: the app's
   * Transfer requirement gets
   * `urn:globus:auth:scope:transfer.api.globus.org:all[*https://auth.globus.org/scopes/{id}/data_access …]`.
   *
   * @param collectionIds One collection id or several.
   * @returns This client, for chaining.
   * @throws {TypeError} When the client was not built with `{ app }`, or an id is empty.
   */
  addAppDataAccessScope(collectionIds: string | readonly string[]): this {
    if (!this.app) {
      throw new TypeError(
        "Cannot add a data_access scope as this TransferClient has no app: build it with new TransferClient({ app }) (an authorizer's token cannot gain scopes)",
      );
    }
    const ids = typeof collectionIds === "string"
      ? [collectionIds]
      : [...collectionIds];
    if (ids.length === 0) return this;
    for (const id of ids) {
      if (typeof id !== "string" || id.trim() === "") {
        throw new TypeError(
          `Cannot add a data_access scope as each collection id must be a non-empty string: current value is ${
            describeValue(id)
          }`,
        );
      }
    }
    const deps = [...new Set(ids)].map((id) =>
      `*https://auth.globus.org/scopes/${id}/data_access`
    ).join(" ");
    this.app.addScopeRequirements({
      [RESOURCE_SERVER]: [`${TRANSFER_ALL_SCOPE}[${deps}]`],
    });
    return this;
  }
}
