/**
 * `tc.paginated`, as the Python SDK's `TransferClient.paginated`: the same
 * paged methods, each returning a {@linkcode PagePaginator} whose iteration
 * yields pages, as Python's `Paginator` does (`.items()` yields the items).
 *
 * @module
 */
import type { Paginator, PaginatorItems } from "../../core/paging.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../../core/redact.ts";
import {
  documentHints,
  pagePaginatorMiss,
  pagePaginatorNotIterable,
} from "../../notebook/_slip_hints.ts";
import { LIMIT_IS_PAGE_SIZE } from "../_args.ts";
import type { IterableTransferResponse } from "../results.ts";
import type { Endpoint, EndpointListPage } from "../endpoint.ts";
import type { SharedEndpointListPage } from "../sharing.ts";
import type { AdminTask, AdminTaskListPage } from "../endpoint_manager.ts";
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
import type {
  EndpointSearchOptions,
  MarkerListOptions,
  SharedEndpointListOptions,
  TaskEventListOptions,
  TaskListOptions,
} from "../transfer_options.ts";
import type {
  AdminMarkerListOptions,
  EndpointManagerTaskEventListOptions,
  EndpointManagerTaskListOptions,
} from "../transfer_admin_options.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/**
 * A paginator that iterates pages, as the Python SDK's `Paginator` (what
 * `tc.paginated.task_list()` returns): `for await (const page of
 * tc.paginated.taskList())` yields each page, a list document that
 * `for (const task of page)` walks; `.items()` yields every item of every
 * page (Python's `.items()`). Nothing is fetched until it is walked, and each
 * walk starts from the first page.
 *
 * @typeParam T The items' type.
 * @typeParam P The pages' type.
 */
export class PagePaginator<T, P> implements AsyncIterable<P> {
  readonly #paginator: Paginator<T, P>;
  /** The call that made it, for the hints: `tc.paginated.taskList()`. */
  readonly #call: string;

  /**
   * Wraps a paginator (`tc.taskList()` and the like) so that it iterates
   * pages.
   *
   * @param paginator The item paginator.
   * @param method The method of `tc.paginated` that makes it, named in the
   *   hints (`"taskList"`).
   */
  constructor(paginator: Paginator<T, P>, method?: string) {
    this.#paginator = paginator;
    this.#call = `tc.paginated.${method ?? "…"}(${
      method === undefined || NO_ARGUMENTS.includes(method) ? "" : "…"
    })`;
    // Everywhere, as a Paginator's: `.length`, `[0]`, `.map`, `DATA` on it
    // read `undefined` in a script and failed further on.
    documentHints(this, PagePaginator, PagePaginator.#miss);
  }

  /** What a name the paginator lacks says ({@linkcode pagePaginatorMiss}). */
  static #miss(key: string, receiver: object): string | undefined {
    return #call in receiver
      ? pagePaginatorMiss(
        key,
        (receiver as PagePaginator<unknown, unknown>).#call,
      )
      : undefined;
  }

  static {
    // `for (const page of tc.paginated.taskList())` said "… is not a
    // function or its return value is not iterable", and `Array.from`
    // gave []. Not in the class's type: a TypeScript `for…of` over it
    // stays a compile error.
    Object.defineProperty(this.prototype, Symbol.iterator, {
      value: function notIterable(this: unknown): never {
        throw kernelStack(
          new TypeError(
            pagePaginatorNotIterable(
              typeof this === "object" && this !== null && #call in this
                ? this.#call
                : "tc.paginated.…()",
            ),
          ),
        );
      },
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /**
   * Iterates the pages, fetched one at a time.
   *
   * @returns An async iterator of pages.
   */
  [Symbol.asyncIterator](): AsyncGenerator<P> {
    return this.#paginator.pages();
  }

  /**
   * The pages, as iterating does.
   *
   * @returns An async iterator of pages.
   */
  pages(): AsyncGenerator<P> {
    return this.#paginator.pages();
  }

  /**
   * Every item of every page (Python's `paginator.items()`).
   *
   * @returns An async iterator of items, with `toArray()` (Python's
   *   `list(paginator.items())`).
   */
  items(): PaginatorItems<T> {
    return this.#paginator.items();
  }

  /**
   * A paginator holds no pages, so it has no JSON: `JSON.stringify` of one
   * throws, saying how to get them, where it wrote `{}`.
   *
   * @throws {TypeError} Always.
   */
  toJSON(): never {
    throw kernelStack(
      new TypeError(
        "Cannot write a paginator as JSON: it fetches the pages each time it is walked; e.g. JSON.stringify(await tc.paginated.taskList().items().toArray())",
      ),
    );
  }

  /**
   * What it is, since it fetches nothing until walked.
   *
   * @returns The text.
   */
  toString(): string {
    return "PagePaginator (Python's tc.paginated.…): for await (const page of it) yields pages; .items() yields every item";
  }

  /**
   * Deno's inspect hook: {@linkcode PagePaginator.toString}.
   *
   * @returns The text.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook: {@linkcode PagePaginator.toString}.
   *
   * @returns The text.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }
}

/** The paged methods the hints show called with no argument. */
const NO_ARGUMENTS: readonly string[] = ["taskList", "endpointManagerTaskList"];

/**
 * The paged methods of `TransferClient` that `tc.paginated` offers, as the
 * Python SDK's `tc.paginated.*`: the same arguments as the methods of the
 * same name, returning a {@linkcode PagePaginator}.
 */
export interface TransferPaginatedMethods {
  /**
   * `tc.endpointSearch(…)`, iterating pages.
   *
   * @param filterFulltext Words to search for (or the options).
   * @param options Filters and paging.
   * @returns A paginator of pages.
   */
  endpointSearch(
    filterFulltext?: string | EndpointSearchOptions,
    options?: EndpointSearchOptions,
  ): PagePaginator<
    Endpoint,
    IterableTransferResponse<EndpointListPage, Endpoint>
  >;
  /**
   * `tc.getSharedEndpointList(…)`, iterating pages.
   *
   * @param endpointId The host collection id.
   * @param options Paging.
   * @returns A paginator of pages.
   */
  getSharedEndpointList(
    endpointId: string,
    options?: SharedEndpointListOptions,
  ): PagePaginator<
    Endpoint,
    IterableTransferResponse<SharedEndpointListPage, Endpoint>
  >;
  /**
   * `tc.taskList(…)`, iterating pages.
   *
   * @param options Filters and paging.
   * @returns A paginator of pages.
   */
  taskList(
    options?: TaskListOptions,
  ): PagePaginator<Task, IterableTransferResponse<TaskListPage, Task>>;
  /**
   * `tc.taskEventList(…)`, iterating pages.
   *
   * @param taskId The task id.
   * @param options Filters and paging.
   * @returns A paginator of pages.
   */
  taskEventList(
    taskId: string,
    options?: TaskEventListOptions,
  ): PagePaginator<
    TaskEvent,
    IterableTransferResponse<TaskEventListPage, TaskEvent>
  >;
  /**
   * `tc.taskSuccessfulTransfers(…)`, iterating pages.
   *
   * @param taskId The task id.
   * @param options Paging.
   * @returns A paginator of pages.
   */
  taskSuccessfulTransfers(
    taskId: string,
    options?: MarkerListOptions,
  ): PagePaginator<
    SuccessfulTransfer,
    IterableTransferResponse<SuccessfulTransfersPage, SuccessfulTransfer>
  >;
  /**
   * `tc.taskSkippedErrors(…)`, iterating pages.
   *
   * @param taskId The task id.
   * @param options Paging.
   * @returns A paginator of pages.
   */
  taskSkippedErrors(
    taskId: string,
    options?: MarkerListOptions,
  ): PagePaginator<
    SkippedError,
    IterableTransferResponse<SkippedErrorsPage, SkippedError>
  >;
  /**
   * `tc.endpointManagerTaskList(…)`, iterating pages.
   *
   * @param options Filters and paging.
   * @returns A paginator of pages.
   */
  endpointManagerTaskList(
    options?: EndpointManagerTaskListOptions,
  ): PagePaginator<
    AdminTask,
    IterableTransferResponse<AdminTaskListPage, AdminTask>
  >;
  /**
   * `tc.endpointManagerTaskEventList(…)`, iterating pages.
   *
   * @param taskId The task id.
   * @param options Filters and paging.
   * @returns A paginator of pages.
   */
  endpointManagerTaskEventList(
    taskId: string,
    options?: EndpointManagerTaskEventListOptions,
  ): PagePaginator<
    TaskEvent,
    IterableTransferResponse<TaskEventListPage, TaskEvent>
  >;
  /**
   * `tc.endpointManagerTaskSuccessfulTransfers(…)`, iterating pages.
   *
   * @param taskId The task id.
   * @param options Paging.
   * @returns A paginator of pages.
   */
  endpointManagerTaskSuccessfulTransfers(
    taskId: string,
    options?: AdminMarkerListOptions,
  ): PagePaginator<
    SuccessfulTransfer,
    IterableTransferResponse<SuccessfulTransfersPage, SuccessfulTransfer>
  >;
  /**
   * `tc.endpointManagerTaskSkippedErrors(…)`, iterating pages.
   *
   * @param taskId The task id.
   * @param options Paging.
   * @returns A paginator of pages.
   */
  endpointManagerTaskSkippedErrors(
    taskId: string,
    options?: AdminMarkerListOptions,
  ): PagePaginator<
    SkippedError,
    IterableTransferResponse<SkippedErrorsPage, SkippedError>
  >;
}

/** A client with the paged methods (a `TransferClient`). */
type TransferPaginatedSource = {
  [K in keyof TransferPaginatedMethods]: (
    ...args: never[]
  ) => { pages(): AsyncGenerator<unknown> };
};

/** The names of {@linkcode TransferPaginatedMethods}. */
const PAGED_METHODS: readonly (keyof TransferPaginatedMethods)[] = [
  "endpointSearch",
  "getSharedEndpointList",
  "taskList",
  "taskEventList",
  "taskSuccessfulTransfers",
  "taskSkippedErrors",
  "endpointManagerTaskList",
  "endpointManagerTaskEventList",
  "endpointManagerTaskSuccessfulTransfers",
  "endpointManagerTaskSkippedErrors",
];

/**
 * The paged methods with a `limit` option: the page size here, while the
 * plain method also yields no more than `limit` items (Python's un-paginated
 * call returns one page).
 */
const LIMIT_METHODS: readonly string[] = [
  "endpointSearch",
  "taskList",
  "taskEventList",
  "endpointManagerTaskEventList",
];

/**
 * Makes an options object's `limit` only the page size, as in Python's
 * `tc.paginated.task_list(limit=…)`: pages are walked up to the
 * `maxResults` given, else up to the method's own cap (none, or 1000 where
 * Python's paginator stops).
 *
 * @param arg An argument of the call.
 * @returns The argument, or a copy of the options marked with
 *   `LIMIT_IS_PAGE_SIZE`.
 */
function limitAsPageSize(arg: unknown): unknown {
  if (arg === null || typeof arg !== "object" || Array.isArray(arg)) return arg;
  const o = arg as { limit?: unknown; maxResults?: unknown };
  return o.limit !== undefined && o.maxResults === undefined
    ? { ...o, [LIMIT_IS_PAGE_SIZE]: true }
    : arg;
}

/**
 * Builds `tc.paginated` for a client that has the paged methods.
 *
 * @param client The Transfer client.
 * @returns The methods, each wrapping the client's own.
 */
export function paginatedMethods(
  client: TransferPaginatedSource,
): TransferPaginatedMethods {
  const out: Record<string, unknown> = {};
  for (const name of PAGED_METHODS) {
    const method = client[name] as unknown as (
      ...args: unknown[]
    ) => Paginator<unknown, unknown>;
    const pageSized = LIMIT_METHODS.includes(name);
    out[name] = (...args: unknown[]) =>
      new PagePaginator(
        method.apply(client, pageSized ? args.map(limitAsPageSize) : args),
        name,
      );
  }
  return Object.freeze(out) as unknown as TransferPaginatedMethods;
}
