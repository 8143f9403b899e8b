/**
 * Tables for notebooks and terminals: escaped HTML tables for the Deno
 * Jupyter kernel and aligned plain-text tables everywhere else. Every value
 * put into HTML goes through {@linkcode escapeHtml}.
 *
 * @module
 */
import {
  defaultDisplay,
  type DisplaySink,
  escapeHtml,
  JUPYTER_DISPLAY,
  type MimeBundle,
} from "./display.ts";
import { bytesColumn, cellText, countText, timeCell } from "./_cell_text.ts";
import {
  AFTER_PUNCTUATION,
  LONG_LABEL_WORD,
  wholeTokens,
} from "./_word_breaks.ts";

/** One column of a table. */
export interface TableColumn {
  /** The field of each row to show. */
  key: string;
  /** The header (default: the key). */
  header?: string | undefined;
  /** Turns a value into text (default: strings as they are, `null` blank, objects as JSON). */
  format?:
    | ((value: unknown, row: Record<string, unknown>) => string)
    | undefined;
  /** Alignment in plain text (default: right for numbers, else left). */
  align?: "left" | "right" | undefined;
  /**
   * A tooltip for the HTML cell, e.g. the exact count behind a rounded
   * size (default: none, except a time's text as Transfer sent it).
   */
  title?:
    | ((value: unknown, row: Record<string, unknown>) => string | undefined)
    | undefined;
}

/** A column: a field name, or a {@linkcode TableColumn}. */
export type ColumnSpec = string | TableColumn;

/** Options of {@linkcode renderTable} and {@linkcode toTable}. */
export interface TableOptions {
  /**
   * The columns. By default, a preset chosen from the rows' `DATA_TYPE`
   * (`endpoint`, `task`, `file`, `event`, `successful_transfer`,
   * `skipped_error`), else every field of the first row except `DATA_TYPE`.
   */
  columns?: readonly ColumnSpec[] | undefined;
  /**
   * The rows' `DATA_TYPE` (e.g. `task`), for the preset columns when no
   * row carries one, such as an empty list: its table still shows the
   * headers.
   */
  dataType?: string | undefined;
  /** A caption above the table. */
  caption?: string | undefined;
  /**
   * The most rows to render; a note says how many were left out.
   * @default {1000}
   */
  maxRows?: number | undefined;
  /**
   * The widest a plain-text cell gets before it is cut with `…`.
   * @default {60}
   */
  maxWidth?: number | undefined;
}

/** A rendered table. */
export interface RenderedTable {
  /** An HTML `<table>` with every value escaped. */
  html: string;
  /** An aligned plain-text table. */
  text: string;
}

/**
 * Formats a byte count with decimal units (`1.5 MB`).
 *
 * @param bytes The count.
 * @returns The text, e.g. `"812 B"` or `"3.4 GB"`.
 *
 * @example Human-readable sizes
 * ```ts
 * import { formatBytes } from "@globus-deno/sdk";
 * console.log(formatBytes(812)); // 812 B
 * console.log(formatBytes(1_500_000)); // 1.5 MB
 * console.log(formatBytes(3_400_000_000)); // 3.4 GB
 * ```
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let value = Math.abs(bytes);
  let i = 0;
  while (value >= 1000 && i < units.length - 1) {
    value /= 1000;
    i++;
  }
  const sign = bytes < 0 ? "-" : "";
  return i === 0
    ? `${sign}${value} ${units[0]}`
    : `${sign}${value.toFixed(value >= 100 ? 0 : 1)} ${units[i]}`;
}

/**
 * Columns whose text is `key: value` pairs joined by ", " (an event's
 * details): in HTML each short pair stays on one line. In a narrow
 * notebook the column wrapped at every space, "files_succeeded:" on one
 * line and "3, files_skipped:" on the next.
 */
const PAIRED = new WeakSet<TableColumn>();

function pairedColumn(col: TableColumn): TableColumn {
  PAIRED.add(col);
  return col;
}

/** A `key: value, key: value` text with each short pair unbroken. */
function pairsHtml(text: string): string {
  return text.split(", ").map((pair) =>
    pair.length <= 40 ? `<nobr>${escapeHtml(pair)}</nobr>` : escapeHtml(pair)
  ).join(", ");
}

/**
 * Columns of a time shown shorter in HTML: without its seconds, and free to
 * break between the date and the time (the text as Transfer sent it is the
 * tooltip; the text table keeps the seconds). The task table's
 * "2026-12-03 19:33:52 UTC", on one line, made it 831 px wide at a
 * 1100 px window, whose output area is 778 px: its last column was cut off
 * until the user scrolled.
 */
const SHORT_TIME = new WeakSet<TableColumn>();

function shortTimeColumn(col: TableColumn): TableColumn {
  SHORT_TIME.add(col);
  return col;
}

/**
 * Columns of free text (a label, a collection's name) cut in HTML at this
 * many characters, with the whole text as the tooltip; a long word in them
 * (of {@linkcode LONG_LABEL_WORD} characters or more) may break after a
 * `_`, `-`, `.` or `/` (`<wbr>`): one such word
 * (`nightly_backup_of_run_12`) was as wide as the table let it be, and
 * pushed the last columns out of the output area. A shorter one
 * (`my_transfer_2024`) gets no `<wbr>`: the text wraps at its spaces (and,
 * as a browser wraps any text, after a hyphen).
 */
const CUT = new WeakMap<TableColumn, number>();

function cutColumn(col: TableColumn, max: number): TableColumn {
  CUT.set(col, max);
  return col;
}

/** `text` cut at `max` characters (with `…`), escaped, long words breakable. */
function cutHtml(text: string, max: number): string {
  return wholeTokens(cutText(text, max), AFTER_PUNCTUATION, LONG_LABEL_WORD);
}

/**
 * A time of the tables' style as two unbroken parts without the seconds
 * (`<nobr>2026-12-03</nobr> <nobr>19:33 UTC</nobr>`), or `undefined` for
 * other text.
 */
function shortTimeHtml(text: string): string | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d)(?::\d\d)? UTC$/.exec(text);
  return m ? `<nobr>${m[1]}</nobr> <nobr>${m[2]} UTC</nobr>` : undefined;
}

/**
 * Columns whose text is several tokens, each kept on one line in HTML, with
 * a line break allowed only where the pattern matches: a task's status and
 * type (`SUCCEEDED / TRANSFER`), its files with those skipped
 * (`1,234,567 (98,765 skipped)`). A count of files and its skipped ones on
 * one line took 170 px of a task list that had 10 px to spare.
 */
const PARTS = new WeakMap<TableColumn, RegExp>();

function partsColumn(col: TableColumn, breakAt: RegExp): TableColumn {
  PARTS.set(col, breakAt);
  return col;
}

/** `text` escaped, in unbroken parts split at `breakAt`. */
function partsHtml(text: string, breakAt: RegExp): string {
  return text.split(breakAt).map((part) =>
    part === "" ? "" : `<nobr>${escapeHtml(part)}</nobr>`
  ).join(" ");
}

/** The longest a collection's name gets in a task list's route. */
const ROUTE_NAME = 40;

/** `text` cut at `max` characters with `…`. */
function cutText(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max
    ? chars.slice(0, max - 1).join("").trimEnd() + "…"
    : text;
}

/**
 * Columns with HTML of their own (the task list's route), from the row: a
 * body, and the tooltip when a name in it was cut.
 */
const OWN_HTML = new WeakMap<
  TableColumn,
  (row: Record<string, unknown>) => { body: string; title?: string }
>();

/**
 * Columns whose text is cut at this width rather than the table's
 * `maxWidth` (when that is the default): a route of two names, each
 * already cut at {@linkcode ROUTE_NAME}.
 */
const TEXT_WIDTH = new WeakMap<TableColumn, number>();

/**
 * A task list's source and destination in one column, `Source →
 * Destination` (the source alone for a delete): in HTML the two names on
 * two lines, each cut at 40 characters. As two columns, their headers
 * ("Destination", 80 px) and padding took room a 1100 px window's output
 * area did not have.
 */
function routeColumn(): TableColumn {
  const names = (row: Record<string, unknown>) =>
    [
      row.source_endpoint_display_name,
      row.destination_endpoint_display_name,
    ].map((v) => cellText(v).replace(CONTROL, " "));
  const col: TableColumn = {
    key: "source_endpoint_display_name",
    header: "Source → Destination",
    format: (_v, row) => {
      const [from, to] = names(row).map((n) => cutText(n, ROUTE_NAME));
      return to ? `${from} → ${to}` : from!;
    },
  };
  OWN_HTML.set(col, (row) => {
    const [from, to] = names(row) as [string, string];
    const cut = [...from].length > ROUTE_NAME || [...to].length > ROUTE_NAME;
    const body = cutHtml(from, ROUTE_NAME) +
      (to ? `<br><nobr>→</nobr> ${cutHtml(to, ROUTE_NAME)}` : "");
    return cut ? { body, title: to ? `${from} → ${to}` : from } : { body };
  });
  TEXT_WIDTH.set(col, 2 * ROUTE_NAME + 3);
  return col;
}

/** Column presets keyed by the rows' `DATA_TYPE`. */
const PRESETS: Record<string, readonly ColumnSpec[]> = {
  endpoint: [
    { key: "id", header: "ID" },
    { key: "display_name", header: "Display Name" },
    { key: "owner_string", header: "Owner" },
    { key: "entity_type", header: "Type" },
  ],
  task: [
    { key: "task_id", header: "Task ID" },
    // One column for both: a task list is made to fit a 1100 px window's
    // output area, and a column of TRANSFER in nearly every row took 90 px
    // of it (with its padding). Free to wrap after the slash.
    partsColumn({
      key: "status",
      header: "Status / Type",
      format: (v, row) =>
        [cellText(v), cellText(row.type)].filter((x) => x !== "").join(" / "),
    }, / (?<=\/ )/),
    cutColumn({ key: "label", header: "Label" }, 40),
    routeColumn(),
    partsColumn({
      key: "files_transferred",
      header: "Files",
      align: "right",
      // A re-run transfer whose files were all at the destination read
      // "SUCCEEDED … 0 … 0 B", as if it had done nothing.
      format: (v, row) => {
        const skipped = row.files_skipped;
        return countText(v) +
          (typeof skipped === "number" && skipped > 0
            ? ` (${countText(skipped)} skipped)`
            : "");
      },
    }, / (?=\()/),
    bytesColumn("bytes_transferred", "Bytes", formatBytes),
    shortTimeColumn({ key: "request_time", header: "Requested" }),
  ],
  // The name first: a table wider than a narrow notebook scrolls, and
  // `ls -l`'s order (name last) hid the file names at a 600 px window.
  file: [
    {
      key: "name",
      header: "Name",
      format: (v, row) => cellText(v) + (row.type === "dir" ? "/" : ""),
    },
    { key: "type", header: "Type" },
    bytesColumn("size", "Size", formatBytes),
    { key: "last_modified", header: "Last Modified" },
    { key: "permissions", header: "Permissions" },
    { key: "user", header: "User" },
    { key: "group", header: "Group" },
  ],
  event: [
    { key: "time", header: "Time" },
    { key: "code", header: "Code" },
    { key: "is_error", header: "Error" },
    { key: "description", header: "Description" },
    pairedColumn({
      key: "details",
      header: "Details",
      format: (v) => eventDetails(v),
    }),
  ],
  successful_transfer: [
    { key: "source_path", header: "Source Path" },
    { key: "destination_path", header: "Destination Path" },
  ],
  skipped_error: [
    { key: "source_path", header: "Source Path" },
    { key: "destination_path", header: "Destination Path" },
    { key: "error_code", header: "Error Code" },
    { key: "error_time", header: "Time" },
  ],
};

/**
 * An event's `details` when it is a JSON object (a `STARTED` event's
 * settings, a `PROGRESS` event's counts), else `undefined`.
 *
 * @param details The field as Transfer sent it.
 * @returns The object, or `undefined`.
 */
export function parseEventDetails(
  details: unknown,
): Record<string, unknown> | undefined {
  if (typeof details !== "string") return undefined;
  try {
    const v: unknown = JSON.parse(details);
    return v !== null && typeof v === "object" && !Array.isArray(v)
      ? v as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An event's `details` as a cell: a JSON object (a `STARTED` event's
 * settings, pretty-printed over six lines, a `PROGRESS` event's counts) as
 * `key: value` pairs on one line; any other text (an error's report, with
 * its line breaks) as it is.
 */
function eventDetails(value: unknown): string {
  const parsed = parseEventDetails(value);
  if (!parsed) return cellText(value);
  // Counts with their thousands marked, as the task list and the progress
  // display show them ("files_succeeded: 1234567" beside "1,234,567").
  return Object.entries(parsed).map(([k, v]) =>
    `${k}: ${typeof v === "string" ? v : countText(v)}`
  ).join(", ");
}

function normalize(spec: ColumnSpec): TableColumn {
  return typeof spec === "string" ? { key: spec } : spec;
}

function asRecord(row: unknown): Record<string, unknown> {
  return row !== null && typeof row === "object"
    ? row as Record<string, unknown>
    : { value: row };
}

function defaultColumns(
  rows: readonly Record<string, unknown>[],
  dataType: string | undefined,
): TableColumn[] {
  const first = rows[0];
  const type = typeof first?.DATA_TYPE === "string"
    ? first.DATA_TYPE
    : dataType;
  const preset =
    type !== undefined && Object.prototype.hasOwnProperty.call(PRESETS, type)
      ? PRESETS[type]
      : undefined;
  if (preset) return preset.map(normalize);
  if (!first) return [];
  return Object.keys(first).filter((k) => k !== "DATA_TYPE").map((key) => ({
    key,
  }));
}

// Control characters (newlines, tabs, escapes) would break the text layout.
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]+/g;

function clip(text: string, width: number): string {
  const flat = text.replace(CONTROL, " ");
  return flat.length > width
    ? flat.slice(0, Math.max(1, width - 1)) + "…"
    : flat;
}

/**
 * Cells kept on one line in HTML: an id (a UUID) or a time (ISO 8601, or
 * the tables' `2026-12-03 19:33:52 UTC`), which a narrow column broke
 * mid-value ("9c57679b-…-b7b6-" / "24b6…"), so a double-click copied a
 * fragment.
 */
const UNBROKEN =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4}-\d\d-\d\d[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d| UTC)?)$/i;

/**
 * The HTML table's box: a table wider than a notebook's output area
 * scrolls sideways in it (Notebook 6 cut it at the cell's edge, and its
 * last columns could not be reached).
 */
const SCROLL_BOX = '<div style="overflow-x:auto;max-width:100%">';

/** The class of a table's caption, above its scroll box. */
const CAPTION_CLASS = "text-muted globus-caption";

/**
 * A cell's content aligned without a `style` attribute: Jupyter drops
 * every `style` from a notebook that is not trusted (a committed one opened
 * anew), and its stylesheet's `.rendered_html td { text-align: right }`
 * then right-aligned every cell and header. An `align` on the `<td>` loses
 * to that rule; a `<div align>` inside it, which the sanitizer keeps and
 * no rule overrides, does not.
 */
function aligned(side: "left" | "right", html: string): string {
  return `<div align="${side}">${html}</div>`;
}

/**
 * Text of several lines as HTML that keeps them, and its indentation,
 * without `white-space:pre-wrap` (a style Jupyter drops): `<br>` between
 * lines, no-break spaces for a run of spaces.
 */
function keepLines(text: string): string {
  return text.split("\n").map((line) =>
    wholeTokens(line).replace(/^ +| {2,}/g, (m) => "&nbsp;".repeat(m.length))
  ).join("<br>");
}

/** One cell: its text, the HTML cell's tooltip, and HTML of its own. */
interface Cell {
  text: string;
  title: string | undefined;
  html?: string;
}

/**
 * A cell of a column. A time Transfer sent (`2026-12-03T19:33:52+00:00`,
 * a listing's `2026-12-02 22:48:41+00:00`, or `toISOString()`'s `…Z`) is
 * shown in one style, `2026-12-03 19:33:52 UTC`, with the text as sent as
 * its tooltip.
 */
function cellOf(col: TableColumn, row: Record<string, unknown>): Cell {
  const value = row[col.key];
  const text = col.format ? col.format(value, row) : cellText(value);
  const own = OWN_HTML.get(col)?.(row);
  if (own) return { text, title: own.title, html: own.body };
  const title = col.title ? col.title(value, row) : undefined;
  const time = timeCell(text);
  return time === undefined
    ? { text, title }
    : { text: time, title: title ?? text };
}

/**
 * Renders rows as an escaped HTML table and an aligned text table.
 *
 * @param rows The rows (objects; other values become a `value` column).
 * @param options Columns, caption and limits.
 * @returns Both renderings.
 *
 * @example Render two rows
 * ```ts
 * import { renderTable } from "@globus-deno/sdk";
 * const { text } = renderTable([{ name: "a", size: 1 }, { name: "b", size: 22 }]);
 * console.log(text);
 * ```
 */
export function renderTable(
  rows: Iterable<unknown>,
  options: TableOptions = {},
): RenderedTable {
  const all = Array.from(rows, asRecord);
  const maxRows = options.maxRows ?? 1000;
  const maxWidth = options.maxWidth ?? 60;
  const shown = all.length > maxRows ? all.slice(0, maxRows) : all;
  const columns = options.columns
    ? options.columns.map(normalize)
    : defaultColumns(all, options.dataType);
  const cells = shown.map((row) => columns.map((col) => cellOf(col, row)));
  const headers = columns.map((c) => c.header ?? c.key);
  const rightAligned = columns.map((col) =>
    col.align ? col.align === "right" : shown.length > 0 &&
      shown.every((r) =>
        typeof r[col.key] === "number" || r[col.key] == null
      ) &&
      shown.some((r) => typeof r[col.key] === "number")
  );
  const omitted = all.length - shown.length;
  const note = omitted > 0
    ? `… ${omitted} more row${omitted === 1 ? "" : "s"} not shown`
    : all.length === 0
    ? "(no rows)"
    : "";

  // HTML
  const h: string[] = [];
  if (options.caption) {
    // Above the scroll box, not a <caption> inside the table: a caption is
    // as wide as its table, and a wide table's (a token file's path, "Access
    // rules on …") ran past a 600 px window's output area with the table,
    // its end reached only by scrolling. Here it wraps at the output area's
    // width. Grey as a caption is in Notebook 6 (Bootstrap's text-muted; a
    // class, which Jupyter keeps where it drops a style attribute). An id
    // in it stays on one line ("Files copied by task 3379b5c7-…-a4e0-"
    // ended a line, the id's last group on the next), a path may wrap
    // after a "/".
    h.push(
      `<div class="${CAPTION_CLASS}">${wholeTokens(options.caption)}</div>`,
    );
  }
  h.push(SCROLL_BOX, "<table>");
  if (headers.length > 0) {
    h.push(
      "<thead><tr>" +
        // Aligned as its column: a notebook's stylesheet right-aligns <th>
        // (Notebook 6) over left-aligned cells.
        headers.map((x, i) =>
          `<th>${
            aligned(rightAligned[i] ? "right" : "left", escapeHtml(x))
          }</th>`
        ).join("") +
        "</tr></thead>",
    );
  }
  h.push("<tbody>");
  for (const row of cells) {
    h.push(
      "<tr>" +
        row.map(({ text: x, title, html }, i) => {
          const col = columns[i]!;
          const short = SHORT_TIME.has(col) ? shortTimeHtml(x) : undefined;
          const max = CUT.get(col);
          // Cut text has the whole of it as its tooltip.
          if (max !== undefined && [...x].length > max && !x.includes("\n")) {
            title ??= x;
          }
          // A number with its unit ("60 B", "1.2 MB") on one line: a
          // long name in the row narrowed the column, and "60" and "B"
          // stood on two lines.
          const parts = PARTS.get(col);
          const body = html !== undefined
            ? html
            : short !== undefined
            ? short
            : parts !== undefined && !x.includes("\n")
            ? partsHtml(x, parts)
            : max !== undefined && !x.includes("\n")
            ? cutHtml(x, max)
            : rightAligned[i] || UNBROKEN.test(x)
            ? `<nobr>${escapeHtml(x)}</nobr>`
            // Text of several lines (an error's report) keeps them: HTML
            // ran them into one.
            : x.includes("\n")
            ? keepLines(x)
            : PAIRED.has(col)
            ? pairsHtml(x)
            : wholeTokens(x);
          const tip = title === undefined
            ? ""
            : ` title="${escapeHtml(title)}"`;
          return `<td${tip}>${
            aligned(rightAligned[i] ? "right" : "left", body)
          }</td>`;
        }).join("") + "</tr>",
    );
  }
  h.push("</tbody></table></div>");
  if (note) h.push(`<p>${escapeHtml(note)}</p>`);

  // Text
  const clipped = cells.map((row) =>
    row.map(({ text: x }, i) =>
      clip(
        x,
        options.maxWidth === undefined
          ? TEXT_WIDTH.get(columns[i]!) ?? maxWidth
          : maxWidth,
      )
    )
  );
  const head = headers.map((x) => clip(x, maxWidth));
  const widths = head.map((x, i) =>
    Math.max(x.length, ...clipped.map((row) => (row[i] ?? "").length))
  );
  const line = (row: string[]) =>
    row.map((x, i) =>
      rightAligned[i] ? x.padStart(widths[i] ?? 0) : x.padEnd(widths[i] ?? 0)
    ).join(" | ").trimEnd();
  const t: string[] = [];
  if (options.caption) t.push(clip(options.caption, 200));
  if (head.length > 0) {
    t.push(line(head));
    t.push(widths.map((w) => "-".repeat(w)).join("-+-"));
  }
  for (const row of clipped) t.push(line(row));
  if (note) t.push(note);
  return { html: h.join(""), text: t.join("\n") };
}

/**
 * Renders an object's fields as a two-column (field, value) table.
 *
 * @param object The object.
 * @param keys The fields to show, in order (default: every field except `DATA_TYPE` and `DATA`).
 * @param caption A caption.
 * @returns Both renderings.
 *
 * @example Show a task's main fields
 * ```ts
 * import { renderRecord } from "@globus-deno/sdk";
 * const task = {
 *   DATA_TYPE: "task",
 *   task_id: "42f3b6a2-0000-4000-8000-000000000000",
 *   status: "SUCCEEDED",
 *   files_transferred: 3,
 *   label: "nightly backup",
 * };
 * console.log(renderRecord(task, ["task_id", "status", "label"], "Task").text);
 * ```
 */
export function renderRecord(
  object: Record<string, unknown>,
  keys?: readonly string[],
  caption?: string,
): RenderedTable {
  const fields = keys ??
    Object.keys(object).filter((k) => k !== "DATA_TYPE" && k !== "DATA");
  return renderTable(
    fields.filter((k) => k in object).map((k) => ({
      field: k,
      value: object[k],
    })),
    {
      // A long field name (destination_endpoint_display_name) may wrap
      // after its underscores: on one line it left a 600 px window's
      // output area too little room for the id beside it, which scrolled.
      columns: [cutColumn({ key: "field", header: "Field" }, Infinity), {
        key: "value",
        header: "Value",
        align: "left",
      }],
      ...(caption === undefined ? {} : { caption }),
    },
  );
}

/**
 * The display method of a rendered table. An anonymous function, made by
 * a call: a function written as a property's value (`value: () => …`) is
 * named after it, and the bundles keep such names with a `__name()` call on
 * every result (~3 µs per response, issue 16).
 */
function displayOf(render: () => RenderedTable): () => MimeBundle {
  return function (): MimeBundle {
    const { html, text } = render();
    return { "text/html": html, "text/plain": text };
  };
}

/**
 * Gives `target` a non-enumerable `[Symbol.for("Jupyter.display")]`
 * method, so the Deno kernel renders it richly. JSON output, equality and
 * key listings are unaffected.
 *
 * @param target The object (returned as is).
 * @param render Builds the table when the notebook asks.
 * @returns `target`.
 *
 * @example Make a plain result render as a table in Jupyter
 * ```ts
 * import { attachDisplay, JUPYTER_DISPLAY, renderRecord } from "@globus-deno/sdk";
 * const submission = { code: "Accepted", task_id: "42f3b6a2-0000-4000-8000-000000000000" };
 * attachDisplay(submission, () => renderRecord(submission));
 * console.log(JSON.stringify(submission)); // unchanged: the method is not enumerable
 * // What the Deno kernel calls when `submission` ends a cell:
 * const display = Reflect.get(submission, JUPYTER_DISPLAY) as () => Record<string, string>;
 * console.log(display()["text/plain"]);
 * ```
 */
export function attachDisplay<T extends object>(
  target: T,
  render: () => RenderedTable,
): T {
  Object.defineProperty(target, JUPYTER_DISPLAY, {
    value: displayOf(render),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target;
}

/**
 * A table that renders as HTML in the Deno Jupyter kernel (as the last
 * expression of a cell) and as aligned text with `String(table)`.
 *
 * @example Print a table of files
 * ```ts
 * import { formatBytes, Table } from "@globus-deno/sdk";
 * const table = new Table(
 *   [
 *     { name: "file1.txt", size: 4 },
 *     { name: "results.csv", size: 1_200_000 },
 *   ],
 *   {
 *     caption: "/share/godata/",
 *     columns: [
 *       { key: "name", header: "Name" },
 *       { key: "size", header: "Size", align: "right", format: (v) => formatBytes(Number(v)) },
 *     ],
 *   },
 * );
 * console.log(String(table));
 * ```
 */
export class Table {
  /** The rows. */
  readonly rows: readonly unknown[];
  /** The options used. */
  readonly options: TableOptions;

  /**
   * Creates a table of rows.
   *
   * @param rows The rows.
   * @param options Columns, caption and limits.
   */
  constructor(rows: Iterable<unknown>, options: TableOptions = {}) {
    this.rows = Array.from(rows);
    this.options = options;
  }

  /**
   * Both renderings.
   *
   * @returns The HTML and text.
   */
  render(): RenderedTable {
    return renderTable(this.rows, this.options);
  }

  /**
   * The aligned plain-text table.
   *
   * @returns The text.
   */
  toString(): string {
    return this.render().text;
  }

  /**
   * The rich rendering the Deno kernel asks for.
   *
   * @returns `{"text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const { html, text } = this.render();
    return { "text/html": html, "text/plain": text };
  }
}

/**
 * Makes a displayable table of items, e.g. endpoints from
 * `endpointSearch()` or tasks from `taskList()`. Columns are chosen from
 * the items' `DATA_TYPE` unless given.
 *
 * @param rows The items.
 * @param options Columns, caption and limits.
 * @returns A {@linkcode Table}; leave it as a cell's last expression, or print `String(table)`.
 *
 * @example Show search results in a notebook
 * ```ts
 * import { toTable } from "@globus-deno/sdk";
 * const table = toTable([
 *   { DATA_TYPE: "endpoint", id: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc", display_name: "Globus Tutorial Collection 1" },
 * ]);
 * console.log(String(table));
 * ```
 */
export function toTable(
  rows: Iterable<unknown>,
  options?: TableOptions,
): Table {
  return new Table(rows, options);
}

/**
 * Shows items as a table now: HTML inside the Deno Jupyter kernel, text
 * on standard output elsewhere.
 *
 * @param rows The items.
 * @param options Columns, caption and limits.
 * @param sink Where to show it.
 * @returns When shown.
 *
 * @example Show tasks (as text outside Jupyter)
 * ```ts
 * import { displayTable } from "@globus-deno/sdk";
 * await displayTable(
 *   [
 *     { task_id: "t1", status: "SUCCEEDED", files: 3 },
 *     { task_id: "t2", status: "ACTIVE", files: 120 },
 *   ],
 *   { caption: "My tasks" },
 * );
 * ```
 */
export async function displayTable(
  rows: Iterable<unknown>,
  options: TableOptions = {},
  sink: DisplaySink = defaultDisplay(),
): Promise<void> {
  const { html, text } = renderTable(rows, options);
  await sink.show({ "text/html": html, "text/plain": text });
}
