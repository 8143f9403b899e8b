/**
 * Bookmarks (`/bookmark_list`, `/bookmark`, `/bookmark/{id}`): a named path
 * on a collection.
 *
 * @module
 */

/** A bookmark (`DATA_TYPE: "bookmark"`). */
export interface Bookmark {
  /** `"bookmark"`. */
  DATA_TYPE?: string;
  /** The bookmark id. */
  id: string;
  /** Its name (unique among your bookmarks). */
  name: string;
  /** The collection it points into. */
  endpoint_id: string;
  /** The path on that collection (a folder, ending in `/`). */
  path: string;
  /** Whether it is pinned (a field the web app uses). */
  pinned?: boolean | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The answer of `GET /bookmark_list` (`DATA_TYPE: "bookmark_list"`). */
export interface BookmarkList {
  /** `"bookmark_list"`. */
  DATA_TYPE?: string;
  /** Every bookmark you own. */
  DATA: Bookmark[];
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The document of `createBookmark` (as Python's `bookmark_data`). */
export interface BookmarkCreateDocument {
  /** `"bookmark"` (optional). */
  DATA_TYPE?: "bookmark" | undefined;
  /** The name. */
  name: string;
  /** The collection id. */
  endpoint_id: string;
  /** The path (a folder). */
  path: string;
  /** Other fields, sent as they are. */
  [key: string]: unknown;
}

/** The document of `updateBookmark`: the fields to change (`name`, `pinned`). */
export interface BookmarkUpdateDocument {
  /** A new name. */
  name?: string | undefined;
  /** Pin or unpin. */
  pinned?: boolean | undefined;
  /** Other fields, sent as they are. */
  [key: string]: unknown;
}
