/**
 * Internal: notebook tables (and `String()` text) for
 * {@linkcode TransferClientV2}'s bookmark lists and stream access point
 * pages, which `for…of` walks through their `data` (Python's
 * `IterableJSONAPIResponse`). Both are non-enumerable, so JSON, equality
 * and key listings are unaffected.
 *
 * @module
 */
import { type ColumnSpec, renderTable } from "../../notebook/tables.ts";
import { attachIterator } from "../../core/iterable_response.ts";
import { attachTable } from "../_display.ts";
import type { IterableTransferResponse } from "../results.ts";
import type { StreamAccessPoint } from "../tunnel.ts";
import type { BookmarkV2, BookmarkV2List } from "./bookmark.ts";
import type { StreamAccessPointList } from "./resources.ts";

const BOOKMARK_V2_COLUMNS: readonly ColumnSpec[] = [
  { key: "name", header: "Name" },
  { key: "collection", header: "Collection" },
  { key: "path", header: "Path" },
  { key: "id", header: "Bookmark ID" },
];

const STREAM_ACCESS_POINT_COLUMNS: readonly ColumnSpec[] = [
  { key: "display_name", header: "Name" },
  { key: "id", header: "ID" },
  { key: "advertised_owner", header: "Owner" },
  { key: "tlsftp_server", header: "Server" },
];

const attribute = (name: string) => (value: unknown): string => {
  const v = value !== null && typeof value === "object"
    ? (value as Record<string, unknown>)[name]
    : undefined;
  return v === undefined || v === null ? "" : String(v);
};

/** Columns of a collected list of stream access points (`toArray()`). */
export const STREAM_ACCESS_POINT_ITEM_COLUMNS: readonly ColumnSpec[] = [
  { key: "attributes", header: "Name", format: attribute("display_name") },
  { key: "id", header: "ID" },
  { key: "attributes", header: "Owner", format: attribute("advertised_owner") },
  { key: "attributes", header: "Server", format: attribute("tlsftp_server") },
];

/**
 * Makes a v2 bookmark list render as a table (a collection named in
 * `included` shows its display name) and iterate its `data`.
 */
export function displayBookmarkV2List(
  list: BookmarkV2List,
): IterableTransferResponse<BookmarkV2List, BookmarkV2> {
  return attachIterator(
    attachTable(list, () => {
      const names = new Map<string, unknown>();
      for (const r of list.included ?? []) {
        if (r.type === "Collection") {
          names.set(r.id, r.attributes?.display_name);
        }
      }
      const rows = list.data.map((b) => {
        const id = b.relationships?.collection?.data?.id;
        const name = id === undefined ? undefined : names.get(id);
        return {
          id: b.id,
          name: b.attributes.name,
          path: b.attributes.path,
          collection: typeof name === "string" ? `${name} (${id})` : id,
        };
      });
      return renderTable(rows, {
        columns: BOOKMARK_V2_COLUMNS,
        caption: `Bookmarks (${list.data.length})`,
      });
    }),
    (l) => l.data,
  );
}

/** Makes a stream access point page render as a table and iterate its `data`. */
export function displayStreamAccessPointList(
  page: StreamAccessPointList,
): IterableTransferResponse<StreamAccessPointList, StreamAccessPoint> {
  return attachIterator(
    attachTable(page, () =>
      renderTable(
        page.data.map((p) => ({ id: p.id, ...p.attributes })),
        {
          columns: STREAM_ACCESS_POINT_COLUMNS,
          caption: `Stream access points (${page.data.length})`,
        },
      )),
    (p) => p.data,
  );
}
