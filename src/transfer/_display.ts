/**
 * Internal: notebook renderings and a readable `toString()` attached to
 * Transfer results (both non-enumerable, so JSON, equality and key listings
 * are unaffected).
 *
 * @module
 */
import { attachIterator } from "../core/iterable_response.ts";
import { Paginator } from "../core/paging.ts";
import { attachTable } from "../notebook/_attach_table.ts";
import {
  type ColumnSpec,
  formatBytes,
  renderRecord,
  renderTable,
} from "../notebook/tables.ts";
import { countText, exactBytes } from "../notebook/_cell_text.ts";
import type { Endpoint } from "./endpoint.ts";
import type { FileEntry, FileList } from "./file_list.ts";
import type { IterableTransferResponse } from "./results.ts";
import type { Task } from "./task.ts";

export { attachTable };

const TASK_FIELDS = [
  "task_id",
  "type",
  "status",
  "nice_status",
  "label",
  "source_endpoint_display_name",
  "source_endpoint_id",
  "destination_endpoint_display_name",
  "destination_endpoint_id",
  "request_time",
  "completion_time",
  "deadline",
  "files",
  "directories",
  "files_transferred",
  "files_skipped",
  "bytes_transferred",
  "effective_bytes_per_second",
  "subtasks_total",
  "subtasks_succeeded",
  "subtasks_failed",
  "faults",
  "fatal_error",
];

const ENDPOINT_FIELDS = [
  "id",
  "display_name",
  "owner_string",
  "entity_type",
  "gcs_version",
  "description",
  "organization",
  "default_directory",
  "host_endpoint_id",
  "high_assurance",
  "non_functional",
];

/** The fields of a task or a file that are byte counts, or a rate (`/s`). */
const BYTE_FIELDS: Record<string, string> = {
  size: "",
  bytes_transferred: "",
  bytes_checksummed: "",
  effective_bytes_per_second: "/s",
};

/**
 * The fields of a task that are counts: shown with their thousands marked
 * (`1,234,567`), as the task list shows them (its record read `1234567`).
 */
const COUNT_FIELDS = [
  "files",
  "directories",
  "symlinks",
  "files_transferred",
  "files_skipped",
  "subtasks_total",
  "subtasks_pending",
  "subtasks_retrying",
  "subtasks_succeeded",
  "subtasks_expired",
  "subtasks_canceled",
  "subtasks_failed",
  "subtasks_skipped_errors",
  "faults",
];

/**
 * A copy of a task or file entry for its field/value table, its byte counts
 * as sizes with units and the exact count (`12.0 MB (12,000,000 bytes)`),
 * as the listings show them (`12.0 MB`), and its counts with their
 * thousands marked; the object itself is unchanged.
 */
function withReadableBytes(
  doc: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...doc };
  for (const key of COUNT_FIELDS) {
    if (typeof doc[key] === "number") out[key] = countText(doc[key]);
  }
  for (const [key, per] of Object.entries(BYTE_FIELDS)) {
    const v = doc[key];
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    const rounded = formatBytes(v) + per;
    out[key] = Math.abs(v) < 1000
      ? rounded
      : `${rounded} (${exactBytes(v)}${per})`;
  }
  return out;
}

/** Makes a task render as a field/value table. */
export function displayTask(task: Task): Task {
  return attachTable(
    task,
    () =>
      renderRecord(
        withReadableBytes(task as unknown as Record<string, unknown>),
        TASK_FIELDS,
        `Task ${task.task_id}`,
      ),
  );
}

/** Makes an endpoint render as a field/value table. */
export function displayEndpoint(endpoint: Endpoint): Endpoint {
  return attachTable(
    endpoint,
    () =>
      renderRecord(
        endpoint,
        ENDPOINT_FIELDS,
        String(endpoint.display_name ?? endpoint.id ?? "Endpoint"),
      ),
  );
}

const FILE_FIELDS = [
  "name",
  "type",
  "size",
  "last_modified",
  "permissions",
  "user",
  "group",
];

const RESULT_FIELDS = [
  "code",
  "message",
  "task_id",
  "submission_id",
  "id",
  // addEndpointAclRule's: the rule's id, what update and delete take.
  "access_id",
  "resource",
  "request_id",
];

/**
 * Makes a Transfer result document (a `DATA_TYPE` of `result`,
 * `transfer_result`, `mkdir_result`, …, or a bare
 * `code`/`message`/`task_id`: what mkdir, rename, submits, updates, cancels
 * and deletes answer) render as a field/value table; anything else is left
 * as it is. Transfer results hold no credentials.
 *
 * @param value A response body.
 * @returns The same value.
 */
export function displayResult<T>(value: T): T {
  if (
    value === null || typeof value !== "object" || Array.isArray(value) ||
    Object.prototype.hasOwnProperty.call(value, "toString")
  ) return value;
  const doc = value as Record<string, unknown>;
  const isResult = (typeof doc.DATA_TYPE === "string" &&
    /(^|_)result$/.test(doc.DATA_TYPE)) ||
    (doc.DATA_TYPE === undefined && typeof doc.code === "string" &&
      typeof doc.message === "string" && !("DATA" in doc));
  if (!isResult) return value;
  return attachTable(
    doc,
    () => renderRecord(doc, RESULT_FIELDS, String(doc.code ?? "Result")),
  ) as T;
}

/**
 * The `DATA_TYPE` of the items of a list document with this `DATA_TYPE`
 * (`task_list` holds `task`s), so an empty list still gets its columns.
 */
const ITEM_TYPES: Record<string, string> = {
  file_list: "file",
  task_list: "task",
  event_list: "event",
  endpoint_list: "endpoint",
  successful_transfers: "successful_transfer",
  skipped_errors: "skipped_error",
};

/** The items' `DATA_TYPE` for a page, from the page's own. */
function itemType(page: unknown): string | undefined {
  const type = page !== null && typeof page === "object"
    ? (page as { DATA_TYPE?: unknown }).DATA_TYPE
    : undefined;
  return typeof type === "string" &&
      Object.prototype.hasOwnProperty.call(ITEM_TYPES, type)
    ? ITEM_TYPES[type]
    : undefined;
}

/** A page's items (one function for every page, not one made per page). */
const pageItems = <T>(page: { DATA: readonly T[] }): readonly T[] => page.DATA;

function dataTypeOption(type: string | undefined): { dataType?: string } {
  return type === undefined ? {} : { dataType: type };
}

/**
 * Makes one file's entry (`operationStat`) render as a field/value table,
 * captioned with its name (a directory's with a `/`).
 */
export function displayFileEntry(entry: FileEntry): FileEntry {
  return attachTable(entry, () => {
    const e = entry as Record<string, unknown>;
    const name = String(e["name"] ?? "File");
    // The listing's order first, then any other field; a symlink's fields
    // only for a symlink.
    const keys = [...new Set([...FILE_FIELDS, ...Object.keys(e)])].filter(
      (k) =>
        k !== "DATA_TYPE" &&
        !(k.startsWith("link_") && (e[k] === null || e[k] === undefined)),
    );
    return renderRecord(
      withReadableBytes(e),
      keys,
      e["type"] === "dir" ? `${name}/` : name,
    );
  });
}

/** Makes a directory listing render as a file table, and iterate its entries. */
export function displayFileList(
  list: FileList,
): IterableTransferResponse<FileList, FileEntry> {
  return attachIterator(
    attachTable(list, () => {
      const n = list.DATA.length;
      return renderTable(list.DATA, {
        caption: `${list.path ?? ""} on ${list.endpoint ?? "?"} (${n} ${
          n === 1 ? "entry" : "entries"
        })`,
        dataType: "file",
      });
    }),
    pageItems,
  );
}

/**
 * Makes any `{DATA: [...]}` page render as a table of its items, and iterate
 * them.
 */
export function displayPage<P extends { DATA: readonly unknown[] }>(
  page: P,
): IterableTransferResponse<P, P["DATA"][number]> {
  return attachIterator(
    attachTable(
      page,
      () => renderTable(page.DATA, dataTypeOption(itemType(page))),
    ),
    pageItems,
  );
}

/**
 * A paginator whose `toArray()` result renders as a table in notebooks (and
 * with `String()`), with the given columns or the items' own fields.
 */
export class DisplayPaginator<T, P> extends Paginator<T, P> {
  readonly #columns: readonly ColumnSpec[] | undefined;
  /** The items' `DATA_TYPE` as the last page fetched tells it. */
  readonly #seen: { type?: string | undefined };

  /**
   * Creates a paginator.
   *
   * @param pages Starts a walk over the pages.
   * @param items The items of a page.
   * @param columns The table columns (default: the items' fields).
   */
  constructor(
    pages: () => AsyncGenerator<P>,
    items: (page: P) => readonly T[],
    columns?: readonly ColumnSpec[],
  ) {
    const seen: { type?: string | undefined } = {};
    // Noted as each page's items are taken, not by wrapping the page walk:
    // a wrapping generator's loop variable kept the finished page reachable
    // while the next was fetched (two pages alive; +30 MiB peak over
    // 100,000 tasks).
    super(pages, (page) => {
      seen.type = itemType(page) ?? seen.type;
      return items(page);
    });
    this.#columns = columns;
    this.#seen = seen;
  }

  /**
   * Collects every item into an array that renders as a table (in a
   * notebook, and as text with `String(items)`).
   *
   * @param max The most items to collect.
   * @returns The items.
   */
  override async toArray(max: number | null = Infinity): Promise<T[]> {
    const items = await super.toArray(max);
    const columns = this.#columns;
    const type = this.#seen.type;
    return attachTable(
      items,
      () => renderTable(items, columns ? { columns } : dataTypeOption(type)),
    );
  }
}
