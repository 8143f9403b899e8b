/**
 * Internal: notebook tables (and `String()` text) for bookmarks, pause
 * rules, pause information, admin task lists and tunnels. Both are
 * non-enumerable, so JSON, equality and key listings are unaffected.
 *
 * @module
 */
import {
  type ColumnSpec,
  formatBytes,
  renderRecord,
  renderTable,
} from "../notebook/tables.ts";
import { bytesColumn } from "../notebook/_cell_text.ts";
import { attachIterator } from "../core/iterable_response.ts";
import { attachTable } from "./_display.ts";
import type { IterableTransferResponse } from "./results.ts";
import type { Bookmark, BookmarkList } from "./bookmark.ts";
import type { PauseRule, PauseRuleList, TaskPauseInfo } from "./pause_rule.ts";
import type { Tunnel, TunnelList } from "./tunnel.ts";

/** The columns of a bookmark table. */
export const BOOKMARK_COLUMNS: readonly ColumnSpec[] = [
  { key: "name", header: "Name" },
  { key: "endpoint_id", header: "Collection" },
  { key: "path", header: "Path" },
  { key: "id", header: "Bookmark ID" },
];

const PAUSED_OPS: [string, string][] = [
  ["pause_task_transfer_read", "read"],
  ["pause_task_transfer_write", "write"],
  ["pause_task_delete", "delete"],
  ["pause_ls", "ls"],
  ["pause_mkdir", "mkdir"],
  ["pause_rename", "rename"],
  ["pause_symlink", "symlink"],
];

/** The columns of a pause rule table. */
export const PAUSE_RULE_COLUMNS: readonly ColumnSpec[] = [
  { key: "id", header: "Rule ID" },
  {
    key: "endpoint_display_name",
    header: "Collection",
    format: (v, row) => String(v ?? row.endpoint_id ?? ""),
  },
  { key: "message", header: "Message" },
  {
    key: "identity_id",
    header: "Pauses",
    format: (v) => v ? String(v) : "everyone",
  },
  {
    key: "start_time",
    header: "Starts",
    format: (v) => v ? String(v) : "now",
  },
  {
    key: "pause_ls",
    header: "Operations",
    format: (_v, row) =>
      PAUSED_OPS.filter(([k]) => row[k] === true).map(([, n]) => n).join(
        ",",
      ),
  },
];

/** The columns of an admin task table. */
export const ADMIN_TASK_COLUMNS: readonly ColumnSpec[] = [
  { key: "task_id", header: "Task ID" },
  { key: "owner_string", header: "Owner" },
  { key: "type", header: "Type" },
  { key: "status", header: "Status" },
  {
    key: "is_paused",
    header: "Paused",
    format: (v) => v === true ? "yes" : "",
  },
  { key: "nice_status", header: "Detail" },
  {
    key: "source_endpoint_display_name",
    header: "Source",
    format: (v, row) => String(v ?? row.source_endpoint_id ?? ""),
  },
  {
    key: "destination_endpoint_display_name",
    header: "Destination",
    format: (v, row) => String(v ?? row.destination_endpoint_id ?? ""),
  },
  { key: "request_time", header: "Requested" },
  bytesColumn("bytes_transferred", "Bytes", formatBytes),
];

/** The columns of a tunnel table. */
export const TUNNEL_COLUMNS: readonly ColumnSpec[] = [
  { key: "id", header: "Tunnel ID" },
  { key: "label", header: "Label" },
  { key: "state", header: "State" },
  { key: "status", header: "Status" },
  { key: "lifetime_mins", header: "Lifetime (min)" },
  { key: "created_time", header: "Created" },
];

/** Makes a bookmark list render as a table of its bookmarks, and iterate them. */
export function displayBookmarkList(
  list: BookmarkList,
): IterableTransferResponse<BookmarkList, Bookmark> {
  return attachIterator(
    attachTable(list, () =>
      renderTable(list.DATA, {
        columns: BOOKMARK_COLUMNS,
        caption: `Bookmarks (${list.DATA.length})`,
      })),
    (l) => l.DATA,
  );
}

/** Makes a bookmark render as a field/value table. */
export function displayBookmark(b: Bookmark): Bookmark {
  return attachTable(
    b,
    () =>
      renderRecord(
        b,
        ["name", "endpoint_id", "path", "id", "pinned"],
        `Bookmark ${b.name}`,
      ),
  );
}

/** Makes a pause rule list render as a table of its rules, and iterate them. */
export function displayPauseRuleList(
  list: PauseRuleList,
): IterableTransferResponse<PauseRuleList, PauseRule> {
  return attachIterator(
    attachTable(list, () =>
      renderTable(list.DATA, {
        columns: PAUSE_RULE_COLUMNS,
        caption: `Pause rules (${list.DATA.length})`,
      })),
    (l) => l.DATA,
  );
}

/** Makes a pause rule render as a field/value table. */
export function displayPauseRule(rule: PauseRule): PauseRule {
  return attachTable(
    rule,
    () => renderRecord(rule, undefined, `Pause rule ${rule.id}`),
  );
}

/** Makes a task's pause information render as a table of its rules. */
export function displayPauseInfo(info: TaskPauseInfo): TaskPauseInfo {
  return attachTable(info, () => {
    const notes = [
      info.source_pause_message
        ? `source paused: ${info.source_pause_message}`
        : "",
      info.destination_pause_message
        ? `destination paused: ${info.destination_pause_message}`
        : "",
    ].filter(Boolean);
    return renderTable(info.pause_rules, {
      columns: PAUSE_RULE_COLUMNS,
      caption: `Pause rules in effect (${info.pause_rules.length})${
        notes.length ? "; " + notes.join("; ") : ""
      }`,
    });
  });
}

/**
 * Makes a tunnel list render as a table, and iterate its `data` (Python's
 * `IterableJSONAPIResponse`).
 */
export function displayTunnelList(
  list: TunnelList,
): IterableTransferResponse<TunnelList, Tunnel> {
  return attachIterator(
    attachTable(list, () =>
      renderTable(
        list.data.map((t) => ({ id: t.id, ...t.attributes })),
        { columns: TUNNEL_COLUMNS, caption: `Tunnels (${list.data.length})` },
      )),
    (l) => l.data,
  );
}

/** Makes any object render as a table with these columns. */
export function displayWithColumns<T extends object>(
  target: T,
  rows: () => readonly unknown[],
  columns: readonly ColumnSpec[],
): T {
  return attachTable(target, () => renderTable(rows(), { columns }));
}
