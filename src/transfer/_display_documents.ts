/**
 * Internal: what a `TransferData` or `DeleteData` shows as a notebook cell's
 * value, with `String()` and when printed: the endpoints and options as a
 * field/value table, then the items (the first {@linkcode ITEMS_SHOWN}, and
 * how many more), then the filter rules. Built from the document's parts, so
 * an unfinished document (no items yet) shows too.
 *
 * @module
 */
import { escapeHtml } from "../notebook/display.ts";
import {
  type RenderedTable,
  renderRecord,
  renderTable,
} from "../notebook/tables.ts";

/** The most items a document's display lists. */
export const ITEMS_SHOWN = 20;

/** The parts of a transfer or delete document that are shown. */
export interface DocumentView {
  /** `TransferData` or `DeleteData`. */
  kind: "TransferData" | "DeleteData";
  /** The wire fields other than `DATA` and `filter_rules`, in order. */
  fields: Record<string, unknown>;
  /** The items, as sent. */
  items: readonly object[];
  /** The filter rules (transfers only). */
  filterRules?: readonly object[];
}

const ITEM_COLUMNS = {
  TransferData: ["source_path", "destination_path", "recursive"],
  DeleteData: ["path"],
} as const;

/** `sync_level` numbers by the names `syncLevel` takes. */
const SYNC_NAMES: readonly string[] = ["exists", "size", "mtime", "checksum"];

/** Columns some items carry: shown only when one of them does. */
const OPTIONAL_ITEM_COLUMNS = [
  "external_checksum",
  "checksum_algorithm",
  "additional_fields",
];

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/**
 * The one-line summary: `TransferData: 2 items from <source> to
 * <destination>` or `DeleteData: 1 item on <endpoint>`.
 */
export function documentSummary(view: DocumentView): string {
  const f = view.fields;
  const items = plural(view.items.length, "item");
  return view.kind === "TransferData"
    ? `${view.kind}: ${items} from ${String(f.source_endpoint)} to ${
      String(f.destination_endpoint)
    }`
    : `${view.kind}: ${items} on ${String(f.endpoint)}`;
}

/**
 * Renders a document: its fields, its items and its filter rules.
 *
 * @param view The document's parts.
 * @returns HTML (every value escaped) and text.
 */
export function renderDocument(view: DocumentView): RenderedTable {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(view.fields)) {
    if (k === "DATA_TYPE" || v === undefined) continue;
    // The wire's number, with the name it was given by (`syncLevel`).
    fields[k] = k === "sync_level" && typeof v === "number" && SYNC_NAMES[v]
      ? `${v} (${SYNC_NAMES[v]})`
      : v;
  }
  const summary = documentSummary(view);
  const parts: RenderedTable[] = [renderRecord(fields, undefined, summary)];
  const rows = view.items as readonly Record<string, unknown>[];
  const columns: string[] = [...ITEM_COLUMNS[view.kind]];
  for (const extra of OPTIONAL_ITEM_COLUMNS) {
    if (rows.some((r) => r[extra] !== undefined)) columns.push(extra);
  }
  if (rows.length === 0) {
    const add = view.kind === "TransferData"
      ? 'addItem("/source/path", "/destination/path")'
      : 'addItem("/path")';
    const note = `No items yet: add some with ${add} before submitting.`;
    parts.push({ html: `<p>${escapeHtml(note)}</p>`, text: note });
  } else {
    parts.push(
      renderTable(rows, {
        columns,
        caption: plural(rows.length, "item"),
        maxRows: ITEMS_SHOWN,
      }),
    );
  }
  if (view.filterRules && view.filterRules.length > 0) {
    parts.push(
      renderTable(view.filterRules, {
        columns: ["method", "type", "name"],
        caption: plural(view.filterRules.length, "filter rule"),
      }),
    );
  }
  return {
    html: parts.map((p) => p.html).join(""),
    text: parts.map((p) => p.text).join("\n\n"),
  };
}
