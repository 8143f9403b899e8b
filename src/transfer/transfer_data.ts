/**
 * The transfer document builder, as the Python SDK's `TransferData`.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { documentHints, type MissHint } from "../notebook/_slip_hints.ts";
import { documentMiss } from "./_document_slips.ts";
import { DENO_INSPECT, NODE_INSPECT } from "../core/redact.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/display.ts";
import { type DocumentView, renderDocument } from "./_display_documents.ts";
import { checkLeadingId, isClientFirst } from "./_client_first.ts";
import {
  documentItems,
  FILTER_RULE,
  inDocument,
  TRANSFER_ITEM,
} from "./_document_errors.ts";
import type { TransferClientBase } from "./client/base.ts";
import {
  checkEndpointId,
  checkFields,
  checkHasItems,
  checkOneOf,
  checkPath,
  describeValue,
  formatDeadline,
  setOptions,
} from "./_validate.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { checkBoolean, checkString } from "../core/_option_values.ts";

/** A sync level by name or number: `exists` 0, `size` 1, `mtime` 2, `checksum` 3. */
export type SyncLevel =
  | "exists"
  | "size"
  | "mtime"
  | "checksum"
  | 0
  | 1
  | 2
  | 3;

const SYNC_LEVELS: Record<string, number> = {
  exists: 0,
  size: 1,
  mtime: 2,
  checksum: 3,
};

/**
 * Turns a sync level name or number into the wire number.
 *
 * @param value The sync level.
 * @returns 0, 1, 2 or 3.
 * @throws {RangeError} For anything else.
 */
function syncLevelNumber(value: unknown): number {
  if (typeof value === "string" && value in SYNC_LEVELS) {
    return SYNC_LEVELS[value] as number;
  }
  if (
    typeof value === "number" && Number.isInteger(value) && value >= 0 &&
    value <= 3
  ) {
    return value;
  }
  throw kernelStack(
    new RangeError(
      `Cannot build the TransferData as 'syncLevel' must be "exists", "size", "mtime", "checksum" or 0–3: current value is ${
        describeValue(value)
      }`,
    ),
  );
}

/** Options of {@linkcode TransferData}; each maps to the wire name in snake case. */
export interface TransferDataOptions {
  /** The source collection id (`source_endpoint`). */
  sourceEndpoint: string;
  /** The destination collection id (`destination_endpoint`). */
  destinationEndpoint: string;
  /** A label for the task. */
  label?: string | undefined;
  /** Skip files that are already there: `exists`, `size`, `mtime` or `checksum` (or 0–3). */
  syncLevel?: SyncLevel | undefined;
  /** Verify checksums after the transfer. */
  verifyChecksum?: boolean | undefined;
  /** Preserve modification times. */
  preserveTimestamp?: boolean | undefined;
  /** Encrypt the data channel. */
  encryptData?: boolean | undefined;
  /** When to give up (a `Date` becomes an ISO 8601 string; a string is sent as given). */
  deadline?: Date | string | undefined;
  /** Skip source paths that cannot be read. */
  skipSourceErrors?: boolean | undefined;
  /** Fail the task on quota errors. */
  failOnQuotaErrors?: boolean | undefined;
  /** Delete destination files absent from the source (needs `syncLevel`). */
  deleteDestinationExtra?: boolean | undefined;
  /** E-mail when the task succeeds. */
  notifyOnSucceeded?: boolean | undefined;
  /** E-mail when it fails. */
  notifyOnFailed?: boolean | undefined;
  /** E-mail when it becomes inactive. */
  notifyOnInactive?: boolean | undefined;
  /** How to treat symlinks in recursive transfers: `ignore`, `keep` or `copy`. */
  recursiveSymlinks?: "ignore" | "keep" | "copy" | undefined;
  /** The local user on the source (`source_local_user`). */
  sourceLocalUser?: string | undefined;
  /** The local user on the destination (`destination_local_user`). */
  destinationLocalUser?: string | undefined;
  /** The submission id; fetched by `submitTransfer()` when unset. */
  submissionId?: string | undefined;
  /** Extra top-level fields, sent as given (forward compatibility). */
  additionalFields?: Record<string, unknown> | undefined;
}

/**
 * The task options of {@linkcode TransferData} when the endpoints are given
 * as its first two arguments, as in Python's
 * `TransferData(source, destination, label=…)`.
 */
export type TransferDataTaskOptions = Omit<
  TransferDataOptions,
  "sourceEndpoint" | "destinationEndpoint"
>;

/** Options of {@linkcode TransferData.addItem}. */
export interface TransferItemOptions {
  /** Transfer a directory and its contents. */
  recursive?: boolean | undefined;
  /** A checksum of the source file, checked at the destination. */
  externalChecksum?: string | undefined;
  /** The algorithm of `externalChecksum`, e.g. `"MD5"`, `"SHA256"`. */
  checksumAlgorithm?: string | undefined;
  /** Extra fields for this item. */
  additionalFields?: Record<string, unknown> | undefined;
}

/** Options of {@linkcode TransferData.addFilterRule}. */
export interface FilterRuleOptions {
  /**
   * `"exclude"` or `"include"`.
   * @default {"exclude"}
   */
  method?: "include" | "exclude" | undefined;
  /** Apply only to `"file"`s or `"dir"`s (`null` or left out: both). */
  type?: "file" | "dir" | null | undefined;
}

/** One `transfer_item` of the wire document. */
export interface TransferItem {
  /** `"transfer_item"`. */
  DATA_TYPE: "transfer_item";
  /** The source path. */
  source_path: string;
  /** The destination path. */
  destination_path: string;
  /** Whether to transfer a directory recursively. */
  recursive?: boolean;
  /** A checksum of the source file. */
  external_checksum?: string;
  /** The checksum's algorithm. */
  checksum_algorithm?: string;
  /** Extra fields. */
  [key: string]: unknown;
}

/** One `filter_rule` of the wire document. */
export interface FilterRule {
  /** `"filter_rule"`. */
  DATA_TYPE: "filter_rule";
  /** `"include"` or `"exclude"`. */
  method: "include" | "exclude";
  /** A glob on file names, e.g. `"*.tmp"`. */
  name: string;
  /** `"file"` or `"dir"`. */
  type?: "file" | "dir" | undefined;
}

/** The transfer document as sent to `POST /v0.10/transfer`. */
export interface TransferDocument {
  /** `"transfer"`. */
  DATA_TYPE: "transfer";
  /** The submission id. */
  submission_id?: string | undefined;
  /** The source collection id. */
  source_endpoint: string;
  /** The destination collection id. */
  destination_endpoint: string;
  /** The filter rules. */
  filter_rules?: FilterRule[] | undefined;
  /** The items. */
  DATA: TransferItem[];
  /** Options (`label`, `sync_level`, …) and additional fields. */
  [key: string]: unknown;
}

const ITEM_EXAMPLE = 'addItem("/source/path", "/destination/path")';
/** The start of a message about an item's options. */
const ITEM = "Cannot add the item";
/** How to write `addItem()`'s options (made once: it runs once per item). */
const ITEM_HINT = Object.freeze({
  example: 'addItem("/source/dir/", "/destination/dir/", { recursive: true })',
});

/** The builder's names in its messages → a wire document's. */
const DOCUMENT_NAMES: Readonly<Record<string, string>> = {
  sourceEndpoint: "source_endpoint",
  destinationEndpoint: "destination_endpoint",
  submissionId: "submission_id",
  syncLevel: "sync_level",
  sourcePath: "source_path",
  destinationPath: "destination_path",
};

/** The option names of {@linkcode TransferData}. */
const TRANSFER_DATA_OPTIONS: readonly string[] = [
  "sourceEndpoint",
  "destinationEndpoint",
  "label",
  "syncLevel",
  "verifyChecksum",
  "preserveTimestamp",
  "encryptData",
  "deadline",
  "skipSourceErrors",
  "failOnQuotaErrors",
  "deleteDestinationExtra",
  "notifyOnSucceeded",
  "notifyOnFailed",
  "notifyOnInactive",
  "recursiveSymlinks",
  "sourceLocalUser",
  "destinationLocalUser",
  "submissionId",
  "additionalFields",
];
/** What a TransferData read as Python's dict says in the Deno kernel. */
const DICT_MISS = documentMiss("TransferData", TRANSFER_DATA_OPTIONS);
/**
 * What a TransferData says for a name it lacks: Python 3's
 * `add_symlink_item` (also camelCased), which said only "is not a
 * function", and Python's dict reads.
 */
const TRANSFER_DATA_MISS: MissHint = (key, receiver) =>
  key === "add_symlink_item" || key === "addSymlinkItem"
    ? `TransferData has no ${key} (${
      key === "addSymlinkItem"
        ? "Python 3's add_symlink_item"
        : "a Python 3 method"
    }, removed in 4): not provided: GCS v5 takes no symlink items; new ` +
      'TransferData(…, { recursiveSymlinks: "keep" }) keeps links met by a ' +
      "recursive item (tdata.addItem(src, dst, { recursive: true }))"
    : DICT_MISS(key, receiver);
const ITEM_OPTIONS: readonly string[] = [
  "recursive",
  "externalChecksum",
  "checksumAlgorithm",
  "additionalFields",
];
const FILTER_RULE_OPTIONS: readonly string[] = ["method", "type"];

/** The options left when the endpoints come first. */
const TASK_OPTIONS: readonly string[] = TRANSFER_DATA_OPTIONS.filter((name) =>
  name !== "sourceEndpoint" && name !== "destinationEndpoint"
);

/** The options of `new TransferData(source, destination, options)`. */
function positionalOptions(
  sourceEndpoint: string,
  destinationEndpoint: unknown,
  taskOptions: unknown,
): TransferDataOptions {
  if (typeof destinationEndpoint !== "string") {
    throw kernelStack(
      new TypeError(
        `Cannot build the TransferData as the destination collection id must follow the source, as in new TransferData(source, destination, { label: "…" }): current value is ${
          describeValue(destinationEndpoint)
        }`,
      ),
    );
  }
  checkOptions(
    "TransferData",
    taskOptions,
    TASK_OPTIONS,
    { example: 'new TransferData(source, destination, { label: "…" })' },
  );
  return {
    ...(taskOptions as TransferDataTaskOptions | undefined),
    sourceEndpoint,
    destinationEndpoint,
  };
}

/**
 * Builds a transfer document: what to copy from one collection to another,
 * and how. Validation happens as you build, with clear errors. Pass it to
 * `TransferClient.submitTransfer()`, which fetches a submission id first so
 * a retried submit never makes two tasks.
 *
 * @example Copy a file and a directory
 * ```ts
 * import { TransferData } from "@globus-deno/sdk";
 * const tdata = new TransferData({
 *   sourceEndpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
 *   destinationEndpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d",
 *   label: "example",
 *   syncLevel: "checksum",
 *   verifyChecksum: true,
 * });
 * tdata.addItem("/share/godata/file1.txt", "/~/file1.txt");
 * tdata.addItem("/share/godata/", "/~/godata/", { recursive: true });
 * tdata.addFilterRule("*.tmp");
 * console.log(JSON.stringify(tdata));
 * ```
 *
 * @example The endpoints first, as in Python's `TransferData(src, dst, label=…)`
 * ```ts
 * import { TransferData } from "@globus-deno/sdk";
 * const tdata = new TransferData(
 *   "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
 *   "31ce9ba0-176d-45a5-add3-f37d233ba47d",
 *   { label: "example" },
 * ).addItem("/share/godata/file1.txt", "/~/file1.txt");
 * console.log(tdata.sourceEndpoint, tdata.itemCount);
 * ```
 */
export class TransferData {
  /** The submission id; set by `submitTransfer()` when unset. */
  submissionId: string | undefined;
  readonly #source: string;
  readonly #destination: string;
  readonly #options: Record<string, unknown> = {};
  readonly #items: TransferItem[] = [];
  readonly #filterRules: FilterRule[] = [];

  /**
   * Creates an empty transfer document.
   *
   * @param options The endpoints and task options.
   * @throws {TypeError} When an endpoint id is empty, a value has the
   *   wrong type, or an option name is unknown (e.g. Python's
   *   `source_endpoint` for `sourceEndpoint`).
   * @throws {RangeError} For an unknown `syncLevel`.
   */
  constructor(options: TransferDataOptions);
  /**
   * Creates an empty transfer document from the two collection ids, as
   * Python SDK 4's `TransferData(source, destination, label=…)`.
   *
   * @param sourceEndpoint The source collection id.
   * @param destinationEndpoint The destination collection id.
   * @param options The task options.
   * @throws {TypeError} When an endpoint id is missing or empty, a value
   *   has the wrong type, or an option name is unknown.
   * @throws {RangeError} For an unknown `syncLevel`.
   */
  constructor(
    sourceEndpoint: string,
    destinationEndpoint: string,
    options?: TransferDataTaskOptions,
  );
  /**
   * Creates an empty transfer document in Python SDK 3's form,
   * `TransferData(transfer_client, source, destination, label=…)`. The
   * client is not called: `submitTransfer()` fetches the submission id
   * (Python 3 fetched it here).
   *
   * @param transferClient A `TransferClient`, or `null` (Python's `None`).
   * @param sourceEndpoint The source collection id.
   * @param destinationEndpoint The destination collection id.
   * @param options The task options.
   * @throws {TypeError} When an endpoint id is missing or empty, a value
   *   has the wrong type, or an option name is unknown.
   * @throws {RangeError} For an unknown `syncLevel`.
   */
  constructor(
    transferClient: TransferClientBase | null | undefined,
    sourceEndpoint: string,
    destinationEndpoint: string,
    options?: TransferDataTaskOptions,
  );
  constructor(
    first: TransferDataOptions | string | TransferClientBase | null | undefined,
    second?: string,
    third?: string | TransferDataTaskOptions,
    fourth?: TransferDataTaskOptions,
  ) {
    documentHints(this, TransferData, TRANSFER_DATA_MISS);
    // `undefined` first (not Python 3's explicit `None`, which is `null`)
    // without two ids after it is a source id that was not set:
    // new TransferData(SRC, DST, { label }) with SRC undefined.
    const clientFirst = isClientFirst(
      first,
      second,
      "TransferData",
      'new TransferData(tc, source, destination, { label: "…" })',
    ) && (first !== undefined || typeof third === "string");
    if (!clientFirst) {
      checkLeadingId(
        first,
        arguments.length,
        "TransferData",
        "source collection id",
        'new TransferData(source, destination, { label: "…" })',
      );
    }
    const options = clientFirst
      ? positionalOptions(second as string, third, fourth)
      : typeof first === "string"
      ? positionalOptions(first, second, third)
      : first as TransferDataOptions;
    checkOptions("TransferData", options, TRANSFER_DATA_OPTIONS, {
      required: true,
      example:
        'new TransferData({ sourceEndpoint: "…", destinationEndpoint: "…" })',
    });
    this.#source = checkEndpointId("sourceEndpoint", options.sourceEndpoint);
    this.#destination = checkEndpointId(
      "destinationEndpoint",
      options.destinationEndpoint,
    );
    const extra = checkFields("TransferData", options.additionalFields);
    // null is Python's submission_id=None: one is fetched on submission.
    this.submissionId = checkString(
      "Cannot build the TransferData",
      "submissionId",
      options.submissionId,
    );
    setOptions("TransferData", this.#options, options, [
      ["label", "label", "string"],
      ["syncLevel", "sync_level", syncLevelNumber],
      ["verifyChecksum", "verify_checksum", "boolean"],
      ["preserveTimestamp", "preserve_timestamp", "boolean"],
      ["encryptData", "encrypt_data", "boolean"],
      ["deadline", "deadline", (v) => formatDeadline(v as Date | string)],
      ["skipSourceErrors", "skip_source_errors", "boolean"],
      ["failOnQuotaErrors", "fail_on_quota_errors", "boolean"],
      ["deleteDestinationExtra", "delete_destination_extra", "boolean"],
      ["notifyOnSucceeded", "notify_on_succeeded", "boolean"],
      ["notifyOnFailed", "notify_on_failed", "boolean"],
      ["notifyOnInactive", "notify_on_inactive", "boolean"],
      [
        "recursiveSymlinks",
        "recursive_symlinks",
        (v) =>
          checkOneOf("TransferData", "recursiveSymlinks", v, [
            "ignore",
            "keep",
            "copy",
          ]),
      ],
      ["sourceLocalUser", "source_local_user", "string"],
      ["destinationLocalUser", "destination_local_user", "string"],
    ]);
    if (extra) Object.assign(this.#options, extra);
  }

  /**
   * Builds a `TransferData` from a wire document (e.g. one saved as JSON).
   *
   * @param doc A document with `source_endpoint`, `destination_endpoint`
   *   and optionally `DATA`, `filter_rules`, `submission_id` and options.
   * @returns The builder, holding the same document.
   * @throws {TypeError} When an endpoint id or an item path is invalid.
   * @throws {RangeError} For an invalid `sync_level`.
   */
  static fromDocument(doc: Record<string, unknown>): TransferData {
    const {
      DATA_TYPE: _type,
      source_endpoint,
      destination_endpoint,
      submission_id,
      DATA: _data,
      filter_rules: _rules,
      sync_level,
      ...rest
    } = doc;
    const where = "the transfer document";
    const td = inDocument(where, DOCUMENT_NAMES, () =>
      new TransferData({
        sourceEndpoint: source_endpoint as string,
        destinationEndpoint: destination_endpoint as string,
        additionalFields: rest,
        ...(typeof submission_id === "string"
          ? { submissionId: submission_id }
          : {}),
        ...(sync_level === undefined || sync_level === null
          ? {}
          : { syncLevel: sync_level as SyncLevel }),
      }));
    documentItems(doc, "DATA", where, TRANSFER_ITEM).forEach((raw, i) => {
      const { DATA_TYPE: _t, source_path, destination_path, ...more } = raw;
      inDocument(
        `DATA[${i}] of ${where}`,
        DOCUMENT_NAMES,
        () =>
          td.addItem(source_path as string, destination_path as string, {
            additionalFields: more,
          }),
      );
    });
    documentItems(doc, "filter_rules", where, FILTER_RULE).forEach(
      (rule, i) => {
        inDocument(
          `filter_rules[${i}] of ${where}`,
          DOCUMENT_NAMES,
          () =>
            td.addFilterRule(rule.name as string, {
              method: (rule.method ?? "exclude") as FilterRule["method"],
              ...(rule.type ? { type: rule.type as "file" | "dir" } : {}),
            }),
        );
      },
    );
    return td;
  }

  /** The source collection id. */
  get sourceEndpoint(): string {
    return this.#source;
  }

  /** The destination collection id. */
  get destinationEndpoint(): string {
    return this.#destination;
  }

  /** The number of items added so far. */
  get itemCount(): number {
    return this.#items.length;
  }

  /**
   * Adds a file or directory to copy.
   *
   * @param sourcePath An absolute (`/…`) or home-relative (`~/…`) path on the source.
   * @param destinationPath The same on the destination.
   * @param options `recursive` for directories, checksums, extra fields.
   * @returns This builder, for chaining.
   * @throws {TypeError} When a path is not absolute, an option has the
   *   wrong type, or an option name is unknown.
   */
  addItem(
    sourcePath: string,
    destinationPath: string,
    options?: TransferItemOptions,
  ): this {
    const item: TransferItem = {
      DATA_TYPE: "transfer_item",
      source_path: checkPath("sourcePath", sourcePath),
      destination_path: checkPath("destinationPath", destinationPath),
    };
    checkOptions("TransferData.addItem()", options, ITEM_OPTIONS, ITEM_HINT);
    if (options !== undefined) {
      // null is Python's None (add_item(…, recursive=None)): left out.
      const recursive = checkBoolean(ITEM, "recursive", options.recursive);
      const checksum = checkString(
        ITEM,
        "externalChecksum",
        options.externalChecksum,
      );
      const algorithm = checkString(
        ITEM,
        "checksumAlgorithm",
        options.checksumAlgorithm,
      );
      const extra = checkFields("item", options.additionalFields);
      if (recursive !== undefined) item.recursive = recursive;
      if (checksum !== undefined) item.external_checksum = checksum;
      if (algorithm !== undefined) item.checksum_algorithm = algorithm;
      if (extra) Object.assign(item, extra);
    }
    this.#items.push(item);
    return this;
  }

  /**
   * Adds a filter rule for recursive items, e.g. exclude `*.tmp`.
   * Rules apply in the order they are added.
   *
   * @param name A glob on file or directory names.
   * @param options `method` (default `"exclude"`) and `type`.
   * @returns This builder, for chaining.
   * @throws {TypeError} For an empty name, or an unknown method or type.
   */
  addFilterRule(name: string, options: FilterRuleOptions = {}): this {
    checkOptions("TransferData.addFilterRule()", options, FILTER_RULE_OPTIONS, {
      example: 'addFilterRule("*.tmp", { method: "exclude", type: "file" })',
    });
    if (typeof name !== "string" || name === "") {
      throw kernelStack(
        new TypeError(
          `Cannot add the filter rule as 'name' must be a non-empty glob: current value is ${
            describeValue(name)
          }`,
        ),
      );
    }
    const method = options.method ?? "exclude";
    if (method !== "include" && method !== "exclude") {
      throw kernelStack(
        new TypeError(
          `Cannot add the filter rule as 'method' must be "include" or "exclude": current value is ${
            describeValue(method)
          }`,
        ),
      );
    }
    const rule: FilterRule = { DATA_TYPE: "filter_rule", method, name };
    // null is Python's type=None: both.
    if (options.type !== undefined && options.type !== null) {
      if (options.type !== "file" && options.type !== "dir") {
        throw kernelStack(
          new TypeError(
            `Cannot add the filter rule as 'type' must be "file" or "dir": current value is ${
              describeValue(options.type)
            }`,
          ),
        );
      }
      rule.type = options.type;
    }
    this.#filterRules.push(rule);
    return this;
  }

  /**
   * The items added so far, in order, as Python's `iter_items()`: each is
   * its wire document (`DATA_TYPE: "transfer_item"`, …). The
   * items are copies: changing one does not change this builder.
   *
   * @returns An iterator of the items.
   *
   * @example List what a TransferData will do
   * ```ts
   * import { TransferData } from "@globus-deno/sdk";
   * const tdata = new TransferData({
   *   sourceEndpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
   *   destinationEndpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d",
   * })
   *   .addItem("/share/godata/file1.txt", "/~/file1.txt")
   *   .addItem("/share/godata/", "/~/godata/", { recursive: true });
   * for (const item of tdata.iterItems()) {
   *   console.log(item.source_path, "->", item.destination_path);
   * }
   * ```
   */
  *iterItems(): IterableIterator<TransferItem> {
    for (const item of this.#items.slice()) yield { ...item };
  }

  /**
   * Checks that the document can be submitted.
   *
   * @throws {TypeError} When it has no items.
   */
  validate(): void {
    checkHasItems("TransferData", this.#items.length, ITEM_EXAMPLE);
  }

  /**
   * The wire document (`DATA_TYPE: "transfer"`); options left unset are
   * omitted. `JSON.stringify(tdata)` calls this.
   *
   * @returns The document.
   * @throws {TypeError} When it has no items.
   */
  toJSON(): TransferDocument {
    this.validate();
    const doc: TransferDocument = {
      DATA_TYPE: "transfer",
      ...(this.submissionId !== undefined
        ? { submission_id: this.submissionId }
        : {}),
      source_endpoint: this.#source,
      destination_endpoint: this.#destination,
      ...this.#options,
      DATA: this.#items.slice(),
    };
    if (this.#filterRules.length > 0) {
      doc.filter_rules = this.#filterRules.slice();
    }
    return doc;
  }

  /** The parts the display, `String()` and inspect show. */
  #view(): DocumentView {
    return {
      kind: "TransferData",
      fields: {
        submission_id: this.submissionId,
        source_endpoint: this.#source,
        destination_endpoint: this.#destination,
        ...this.#options,
      },
      items: this.#items,
      filterRules: this.#filterRules,
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
   * same tables as {@linkcode TransferData.toString}, in HTML.
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
   * @returns The text of {@linkcode TransferData.toString}.
   */
  [DENO_INSPECT](): string {
    return this.toString();
  }

  /**
   * Node's inspect hook (`console.log`).
   *
   * @returns The text of {@linkcode TransferData.toString}.
   */
  [NODE_INSPECT](): string {
    return this.toString();
  }
}
