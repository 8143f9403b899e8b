/**
 * The delete document builder, as the Python SDK's `DeleteData`.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { documentHints } from "../notebook/_slip_hints.ts";
import { documentMiss } from "./_document_slips.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/display.ts";
import { type DocumentView, renderDocument } from "./_display_documents.ts";
import { checkLeadingId, isClientFirst } from "./_client_first.ts";
import { DELETE_ITEM, documentItems, inDocument } from "./_document_errors.ts";
import type { TransferClientBase } from "./client/base.ts";
import {
  checkEndpointId,
  checkFields,
  checkHasItems,
  checkPath,
  formatDeadline,
  setOptions,
} from "./_validate.ts";
import { checkString } from "../core/_option_values.ts";

/** Options of {@linkcode DeleteData}; each maps to the wire name in snake case. */
export interface DeleteDataOptions {
  /** The collection to delete on (`endpoint`). */
  endpoint: string;
  /** Delete directories and their contents. */
  recursive?: boolean | undefined;
  /** Do not fail on paths that do not exist. */
  ignoreMissing?: boolean | undefined;
  /** Treat `*`, `?` and `[…]` in paths as globs. */
  interpretGlobs?: boolean | undefined;
  /** A label for the task. */
  label?: string | undefined;
  /** When to give up (a `Date` becomes an ISO 8601 string; a string is sent as given). */
  deadline?: Date | string | undefined;
  /** The submission id; fetched by `submitDelete()` when unset. */
  submissionId?: string | undefined;
  /** The local user on the collection (`local_user`). */
  localUser?: string | undefined;
  /** E-mail when the task succeeds. */
  notifyOnSucceeded?: boolean | undefined;
  /** E-mail when it fails. */
  notifyOnFailed?: boolean | undefined;
  /** E-mail when it becomes inactive. */
  notifyOnInactive?: boolean | undefined;
  /** Extra top-level fields, sent as given (forward compatibility). */
  additionalFields?: Record<string, unknown> | undefined;
}

/**
 * The task options of {@linkcode DeleteData} when the collection id is its
 * first argument, as in Python's `DeleteData(endpoint, recursive=True)`.
 */
export type DeleteDataTaskOptions = Omit<DeleteDataOptions, "endpoint">;

/** One `delete_item` of the wire document. */
export interface DeleteItem {
  /** `"delete_item"`. */
  DATA_TYPE: "delete_item";
  /** The path to delete. */
  path: string;
  /** Extra fields. */
  [key: string]: unknown;
}

/** The delete document as sent to `POST /v0.10/delete`. */
export interface DeleteDocument {
  /** `"delete"`. */
  DATA_TYPE: "delete";
  /** The submission id. */
  submission_id?: string | undefined;
  /** The collection id. */
  endpoint: string;
  /** The items. */
  DATA: DeleteItem[];
  /** Options (`recursive`, `label`, …) and additional fields. */
  [key: string]: unknown;
}

/** The option names of {@linkcode DeleteData}. */
const DELETE_DATA_OPTIONS: readonly string[] = [
  "endpoint",
  "recursive",
  "ignoreMissing",
  "interpretGlobs",
  "label",
  "deadline",
  "submissionId",
  "localUser",
  "notifyOnSucceeded",
  "notifyOnFailed",
  "notifyOnInactive",
  "additionalFields",
];
/** What a DeleteData read as Python's dict says in the Deno kernel. */
const DELETE_DATA_MISS = documentMiss(
  "DeleteData",
  DELETE_DATA_OPTIONS,
);
/** The options left when the endpoint comes first. */
const TASK_OPTIONS: readonly string[] = DELETE_DATA_OPTIONS.filter((name) =>
  name !== "endpoint"
);

/** `addItem()`'s options and how to write them (made once: it runs once per item). */
const ITEM_OPTIONS: readonly string[] = ["additionalFields"];
const ITEM_HINT = Object.freeze({ example: 'addItem("/~/old/")' });

/**
 * Builds a delete document: which paths to delete on one collection.
 * Pass it to `TransferClient.submitDelete()`.
 *
 * @example Delete a directory
 * ```ts
 * import { DeleteData } from "@globus-deno/sdk";
 * const ddata = new DeleteData({
 *   endpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d",
 *   recursive: true,
 * }).addItem("/~/old-results/");
 * console.log(JSON.stringify(ddata));
 * // or the collection first, as Python's DeleteData(endpoint, recursive=True)
 * const same = new DeleteData("31ce9ba0-176d-45a5-add3-f37d233ba47d", {
 *   recursive: true,
 * }).addItem("/~/old-results/");
 * console.log(JSON.stringify(same) === JSON.stringify(ddata));
 * ```
 */
export class DeleteData {
  /** The submission id; set by `submitDelete()` when unset. */
  submissionId: string | undefined;
  readonly #endpoint: string;
  readonly #options: Record<string, unknown> = {};
  readonly #items: DeleteItem[] = [];

  /**
   * Creates an empty delete document.
   *
   * @param options The collection and task options.
   * @throws {TypeError} When the endpoint id is empty, a value has the
   *   wrong type, or an option name is unknown (e.g. Python's
   *   `ignore_missing` for `ignoreMissing`).
   * @throws {RangeError} For an invalid `deadline` date.
   */
  constructor(options: DeleteDataOptions);
  /**
   * Creates an empty delete document for a collection, as Python SDK 4's
   * `DeleteData(endpoint, recursive=True)`.
   *
   * @param endpoint The collection id.
   * @param options The task options.
   * @throws {TypeError} When the endpoint id is empty, a value has the
   *   wrong type, or an option name is unknown.
   * @throws {RangeError} For an invalid `deadline` date.
   */
  constructor(endpoint: string, options?: DeleteDataTaskOptions);
  /**
   * Creates an empty delete document in Python SDK 3's form,
   * `DeleteData(transfer_client, endpoint, recursive=True)`. The client is
   * not called: `submitDelete()` fetches the submission id (Python 3
   * fetched it here).
   *
   * @param transferClient A `TransferClient`, or `null` (Python's `None`).
   * @param endpoint The collection id.
   * @param options The task options.
   * @throws {TypeError} When the endpoint id is empty, a value has the
   *   wrong type, or an option name is unknown.
   * @throws {RangeError} For an invalid `deadline` date.
   */
  constructor(
    transferClient: TransferClientBase | null | undefined,
    endpoint: string,
    options?: DeleteDataTaskOptions,
  );
  constructor(
    firstArg:
      | DeleteDataOptions
      | string
      | TransferClientBase
      | null
      | undefined,
    secondArg?: DeleteDataTaskOptions | string,
    thirdArg?: DeleteDataTaskOptions,
  ) {
    documentHints(this, DeleteData, DELETE_DATA_MISS);
    const clientFirst = isClientFirst(
      firstArg,
      secondArg,
      "DeleteData",
      "new DeleteData(tc, endpoint, { recursive: true })",
    );
    if (!clientFirst) {
      checkLeadingId(
        firstArg,
        arguments.length,
        "DeleteData",
        "collection id",
        "new DeleteData(endpoint, { recursive: true })",
      );
    }
    const first = (clientFirst ? secondArg : firstArg) as
      | DeleteDataOptions
      | string;
    const taskOptions = (clientFirst ? thirdArg : secondArg) as
      | DeleteDataTaskOptions
      | undefined;
    if (typeof first === "string") {
      checkOptions(
        "DeleteData",
        taskOptions,
        TASK_OPTIONS,
        { example: "new DeleteData(endpoint, { recursive: true })" },
      );
    }
    const options: DeleteDataOptions = typeof first === "string"
      ? { ...taskOptions, endpoint: first }
      : first;
    checkOptions("DeleteData", options, DELETE_DATA_OPTIONS, {
      required: true,
      example: 'new DeleteData({ endpoint: "…", recursive: true })',
    });
    this.#endpoint = checkEndpointId("endpoint", options.endpoint);
    const extra = checkFields("DeleteData", options.additionalFields);
    // null is Python's submission_id=None: one is fetched on submission.
    this.submissionId = checkString(
      "Cannot build the DeleteData",
      "submissionId",
      options.submissionId,
    );
    setOptions("DeleteData", this.#options, options, [
      ["recursive", "recursive", "boolean"],
      ["ignoreMissing", "ignore_missing", "boolean"],
      ["interpretGlobs", "interpret_globs", "boolean"],
      ["label", "label", "string"],
      ["deadline", "deadline", (v) => formatDeadline(v as Date | string)],
      ["localUser", "local_user", "string"],
      ["notifyOnSucceeded", "notify_on_succeeded", "boolean"],
      ["notifyOnFailed", "notify_on_failed", "boolean"],
      ["notifyOnInactive", "notify_on_inactive", "boolean"],
    ]);
    if (extra) Object.assign(this.#options, extra);
  }

  /**
   * Builds a `DeleteData` from a wire document.
   *
   * @param doc A document with `endpoint` and optionally `DATA`,
   *   `submission_id` and options.
   * @returns The builder, holding the same document.
   * @throws {TypeError} When the endpoint id or an item path is invalid.
   */
  static fromDocument(doc: Record<string, unknown>): DeleteData {
    const { DATA_TYPE: _type, endpoint, submission_id, DATA: _data, ...rest } =
      doc;
    const where = "the delete document";
    const names = { submissionId: "submission_id" };
    const dd = inDocument(where, names, () =>
      new DeleteData({
        endpoint: endpoint as string,
        additionalFields: rest,
        ...(typeof submission_id === "string"
          ? { submissionId: submission_id }
          : {}),
      }));
    documentItems(doc, "DATA", where, DELETE_ITEM).forEach((raw, i) => {
      const { DATA_TYPE: _t, path, ...more } = raw;
      inDocument(
        `DATA[${i}] of ${where}`,
        names,
        () => dd.addItem(path as string, { additionalFields: more }),
      );
    });
    return dd;
  }

  /** The collection id. */
  get endpoint(): string {
    return this.#endpoint;
  }

  /** The number of items added so far. */
  get itemCount(): number {
    return this.#items.length;
  }

  /**
   * Adds a path to delete (a directory needs `recursive: true` on the
   * document).
   *
   * @param path An absolute (`/…`) or home-relative (`~/…`) path.
   * @param options Extra fields for this item.
   * @returns This builder, for chaining.
   * @throws {TypeError} When the path is not absolute or `additionalFields` is not an object.
   */
  addItem(
    path: string,
    options?: { additionalFields?: Record<string, unknown> | undefined },
  ): this {
    const item: DeleteItem = {
      DATA_TYPE: "delete_item",
      path: checkPath("path", path),
    };
    checkOptions("DeleteData.addItem()", options, ITEM_OPTIONS, ITEM_HINT);
    const extra = checkFields("item", options?.additionalFields);
    if (extra) Object.assign(item, extra);
    this.#items.push(item);
    return this;
  }

  /**
   * The items added so far, in order, as Python's `iter_items()`: each is
   * its wire document (`DATA_TYPE: "delete_item"`, …). The
   * items are copies: changing one does not change this builder.
   *
   * @returns An iterator of the items.
   *
   * @example List what a DeleteData will do
   * ```ts
   * import { DeleteData } from "@globus-deno/sdk";
   * const ddata = new DeleteData({ endpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d" })
   *   .addItem("/~/old.txt")
   *   .addItem("/~/tmp/");
   * console.log([...ddata.iterItems()].map((item) => item.path)); // ["/~/old.txt", "/~/tmp/"]
   * ```
   */
  *iterItems(): IterableIterator<DeleteItem> {
    for (const item of this.#items.slice()) yield { ...item };
  }

  /**
   * Checks that the document can be submitted.
   *
   * @throws {TypeError} When it has no items.
   */
  validate(): void {
    checkHasItems("DeleteData", this.#items.length, 'addItem("/path")');
  }

  /**
   * The wire document (`DATA_TYPE: "delete"`); options left unset are
   * omitted. `JSON.stringify(ddata)` calls this.
   *
   * @returns The document.
   * @throws {TypeError} When it has no items.
   */
  toJSON(): DeleteDocument {
    this.validate();
    return {
      DATA_TYPE: "delete",
      ...(this.submissionId !== undefined
        ? { submission_id: this.submissionId }
        : {}),
      endpoint: this.#endpoint,
      ...this.#options,
      DATA: this.#items.slice(),
    };
  }

  /** The parts the display, `String()` and inspect show. */
  #view(): DocumentView {
    return {
      kind: "DeleteData",
      fields: {
        submission_id: this.submissionId,
        endpoint: this.#endpoint,
        ...this.#options,
      },
      items: this.#items,
    };
  }

  /**
   * The document as text: a summary line, its endpoints and options, the
   * first items and how many more (an unfinished document too; `toJSON()`
   * is for the wire).
   *
   * @returns The text.
   */
  toString(): string {
    return renderDocument(this.#view()).text;
  }

  /**
   * What the Deno Jupyter kernel shows when the document ends a cell: the
   * same tables as {@linkcode DeleteData.toString}, in HTML.
   *
   * @returns `text/html` and `text/plain`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const { html, text } = renderDocument(this.#view());
    return { "text/html": html, "text/plain": text };
  }

  /**
   * Deno's inspect hook (`console.log`).
   *
   * @returns The text of {@linkcode DeleteData.toString}.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook (`console.log`).
   *
   * @returns The text of {@linkcode DeleteData.toString}.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }
}
