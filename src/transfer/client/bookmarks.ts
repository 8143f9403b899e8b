/**
 * Bookmarks: list, create, get, update, delete.
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import { OperationResultSchema } from "../_schemas.ts";
import { BookmarkListSchema, BookmarkSchema } from "../_schemas_admin.ts";
import { displayBookmark, displayBookmarkList } from "../_display_admin.ts";
import { mergeQuery } from "../_query.ts";
import {
  callOptions,
  checkCallOptions,
  checkDocument,
  checkId,
} from "../_args.ts";
import type {
  Bookmark,
  BookmarkCreateDocument,
  BookmarkList,
  BookmarkUpdateDocument,
} from "../bookmark.ts";
import type { OperationResult } from "../results.ts";
import type { TransferCallOptions } from "../transfer_options.ts";
import { TransferFilesApi } from "./files.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const BOOKMARK_LIST = callOptions("bookmarkList");
const CREATE_BOOKMARK = callOptions("createBookmark");
const GET_BOOKMARK = callOptions("getBookmark");
const UPDATE_BOOKMARK = callOptions("updateBookmark");
const DELETE_BOOKMARK = callOptions("deleteBookmark");

/** Bookmarks. Part of {@linkcode TransferClient}; use that class. */
export class TransferBookmarksApi extends TransferFilesApi {
  /**
   * Lists your bookmarks: `GET /v0.10/bookmark_list`, as Python's
   * `bookmark_list`. Renders as a table in notebooks.
   *
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "bookmark_list", DATA: [bookmark, …] }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  bookmarkList(
    options?: TransferCallOptions,
  ):
    & Promise<IterableTransferResponse<BookmarkList, Bookmark>>
    & AsyncIterable<Bookmark>;
  async bookmarkList(
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<BookmarkList, Bookmark>> {
    checkCallOptions(BOOKMARK_LIST, options);
    return displayBookmarkList(
      await this.call("GET", "v0.10/bookmark_list", {
        query: mergeQuery("bookmarkList", {}, options.queryParams),
        schema: BookmarkListSchema,
        what: "bookmark list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Creates a bookmark: `POST /v0.10/bookmark`, as Python's
   * `create_bookmark(bookmark_data)`.
   *
   * @param bookmarkData `{ name, endpoint_id, path }`.
   * @param options Extra query parameters and an abort signal.
   * @returns The new bookmark (with its `id`).
   * @throws {TypeError} When `bookmarkData` is not an object.
   * @throws {TransferAPIError} e.g. 409 `Conflict` for a name in use.
   */
  async createBookmark(
    bookmarkData: BookmarkCreateDocument,
    options: TransferCallOptions = {},
  ): Promise<Bookmark> {
    checkCallOptions(CREATE_BOOKMARK, options);
    const json = checkDocument("createBookmark", "bookmarkData", bookmarkData);
    return displayBookmark(
      await this.call("POST", "v0.10/bookmark", {
        json,
        query: mergeQuery("createBookmark", {}, options.queryParams),
        schema: BookmarkSchema,
        what: "bookmark",
        signal: options.signal,
      }),
    );
  }

  /**
   * Gets a bookmark: `GET /v0.10/bookmark/{id}`.
   *
   * @param bookmarkId The bookmark id.
   * @param options Extra query parameters and an abort signal.
   * @returns The bookmark.
   * @throws {TransferAPIError} e.g. 404 `BookmarkNotFound`.
   */
  async getBookmark(
    bookmarkId: string,
    options: TransferCallOptions = {},
  ): Promise<Bookmark> {
    checkCallOptions(GET_BOOKMARK, options);
    return displayBookmark(
      await this.call(
        "GET",
        `v0.10/bookmark/${checkId("bookmarkId", bookmarkId)}`,
        {
          query: mergeQuery("getBookmark", {}, options.queryParams),
          schema: BookmarkSchema,
          what: "bookmark",
          signal: options.signal,
        },
      ),
    );
  }

  /**
   * Changes a bookmark: `PUT /v0.10/bookmark/{id}` with the fields to change
   * (`name`, `pinned`), as Python's `update_bookmark(bookmark_id, bookmark_data)`.
   *
   * @param bookmarkId The bookmark id.
   * @param bookmarkData e.g. `{ name: "new name" }`.
   * @param options Extra query parameters and an abort signal.
   * @returns The updated bookmark.
   * @throws {TransferAPIError} e.g. 404 `BookmarkNotFound`.
   */
  async updateBookmark(
    bookmarkId: string,
    bookmarkData: BookmarkUpdateDocument,
    options: TransferCallOptions = {},
  ): Promise<Bookmark> {
    checkCallOptions(UPDATE_BOOKMARK, options);
    const id = checkId("bookmarkId", bookmarkId);
    const json = checkDocument("updateBookmark", "bookmarkData", bookmarkData);
    return displayBookmark(
      await this.call("PUT", `v0.10/bookmark/${id}`, {
        json,
        query: mergeQuery("updateBookmark", {}, options.queryParams),
        schema: BookmarkSchema,
        what: "bookmark",
        signal: options.signal,
      }),
    );
  }

  /**
   * Deletes a bookmark: `DELETE /v0.10/bookmark/{id}`.
   *
   * @param bookmarkId The bookmark id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ DATA_TYPE: "result", code: "Deleted", … }`.
   * @throws {TransferAPIError} e.g. 404 `BookmarkNotFound`.
   */
  async deleteBookmark(
    bookmarkId: string,
    options: TransferCallOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(DELETE_BOOKMARK, options);
    return await this.call(
      "DELETE",
      `v0.10/bookmark/${checkId("bookmarkId", bookmarkId)}`,
      {
        query: mergeQuery("deleteBookmark", {}, options.queryParams),
        schema: OperationResultSchema,
        what: "delete result",
        signal: options.signal,
      },
    );
  }
}

// `for await (const x of tc.bookmarkList(…))` walks the list, as
// `for (const x of await tc.bookmarkList(…))` does (Python's `for x in …`).
walkableLists(TransferBookmarksApi, ["bookmarkList"], "TransferClient", "tc");
