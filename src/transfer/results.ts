/**
 * Results of submissions and operations: `submission_id`, `transfer`,
 * `delete`, `mkdir`, `rename`, `task/{id}/cancel` and `PUT task/{id}`.
 *
 * @module
 */
import type { IterableResponse } from "../core/iterable_response.ts";

/**
 * A Transfer list document that `for…of` walks, as Python's
 * `IterableTransferResponse`: `for (const entry of await tc.operationLs(id))`
 * yields the entries of its `DATA` (a tunnel list's `data`, a guest
 * collection page's `shared_endpoints`), as `for entry in
 * tc.operation_ls(id)` does in Python. It is still plain data: the iterator
 * is a non-enumerable property, so JSON, keys and equality are unchanged, and
 * `doc.DATA` reads the same items. Pages from a paginator's `pages()` are
 * iterable the same way. The Transfer name of {@linkcode IterableResponse}
 * (the same type).
 *
 * @typeParam D The document's type, e.g. `FileList`.
 * @typeParam T The type of its items, e.g. `FileEntry`.
 */
export type IterableTransferResponse<D, T> = IterableResponse<D, T>;

/** The answer of `GET /submission_id`. */
export interface SubmissionId {
  /** A fresh submission id (a UUID). */
  value: string;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** A link to a related resource (`DATA_TYPE: "link"`). */
export interface ResourceLink {
  /** `"link"`. */
  DATA_TYPE?: string;
  /** The relative URL. */
  href?: string | null;
  /** e.g. `"related"`. */
  rel?: string | null;
  /** e.g. `"task"`. */
  resource?: string | null;
  /** A title. */
  title?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * The answer of `POST /transfer` or `POST /delete`
 * (`DATA_TYPE: "transfer_result"` or `"delete_result"`).
 */
export interface SubmitResult {
  /** `"transfer_result"` or `"delete_result"`. */
  DATA_TYPE?: string;
  /** `"Accepted"` (or `"Duplicate"` for a reused submission id). */
  code: string;
  /** A readable message. */
  message?: string | null;
  /** The request id. */
  request_id?: string | null;
  /** The resource path. */
  resource?: string | null;
  /** The submission id used. */
  submission_id?: string | null;
  /** The id of the new (or existing) task. */
  task_id: string;
  /** A link to the task. */
  task_link?: ResourceLink | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * The answer of an operation: `mkdir` (`DATA_TYPE: "mkdir_result"`,
 * `code: "DirectoryCreated"`), `rename` (`code: "FileRenamed"`), `cancel`
 * (`code: "Canceled"`) or a task update (`code: "Updated"`).
 */
export interface OperationResult {
  /** `"mkdir_result"` or `"result"`. */
  DATA_TYPE?: string;
  /** e.g. `"DirectoryCreated"`, `"FileRenamed"`, `"Canceled"`, `"Updated"`. */
  code: string;
  /** A readable message. */
  message?: string | null;
  /** The request id. */
  request_id?: string | null;
  /** The resource path. */
  resource?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}
