/**
 * Transfer file operations: ls, mkdir, rename, stat.
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import { displayFileEntry, displayFileList } from "../_display.ts";
import {
  FileEntrySchema,
  FileListSchema,
  OperationResultSchema,
} from "../_schemas.ts";
import type { FileEntry, FileList } from "../file_list.ts";
import type { OperationResult } from "../results.ts";
import type {
  LocalUserOptions,
  OperationLsOptions,
} from "../transfer_options.ts";
import {
  callOptions,
  cannotCall,
  checkCallOptions,
  checkId,
  checkPathArg,
  filterParam,
  orderbyValue,
} from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import { TransferCollectionsApi } from "./collections.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";
import {
  checkBoolean,
  checkCount,
  checkString,
} from "../../core/_option_values.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const LS = callOptions("operationLs", [
  "path",
  "showHidden",
  "orderby",
  "filter",
  "limit",
  "offset",
  "localUser",
], {
  positional: "path",
  example: 'tc.operationLs(id, { path: "/~/", showHidden: true })',
});
const LOCAL_USER_OPTIONS: readonly string[] = ["localUser"];
const MKDIR = callOptions("operationMkdir", LOCAL_USER_OPTIONS);
const RENAME = callOptions("operationRename", LOCAL_USER_OPTIONS);
const STAT = callOptions("operationStat", LOCAL_USER_OPTIONS);
const MKDIR_CALL = 'tc.operationMkdir(endpointId, "/~/newdir/")';
const RENAME_CALL =
  'tc.operationRename(endpointId, "/~/file1.txt", "/~/project1data.txt")';
const STAT_CALL = 'tc.operationStat(endpointId, "/~/file1.txt")';

/**
 * The options of `operationLs(id, path, options)` or
 * `operationLs(id, options)`, as one object.
 */
function lsOptions(
  pathOrOptions: string | OperationLsOptions | null,
  more: Omit<OperationLsOptions, "path"> | undefined,
): OperationLsOptions {
  // `operationLs(id, null, …)`: Python's `operation_ls(id, None)`, the
  // default directory.
  if (pathOrOptions === null) return more ?? {};
  if (typeof pathOrOptions !== "string") {
    if (more !== undefined) {
      throw kernelStack(
        new TypeError(
          'TransferClient.operationLs() takes its options once: tc.operationLs(id, { path: "/~/", showHidden: true }) or tc.operationLs(id, "/~/", { showHidden: true })',
        ),
      );
    }
    return pathOrOptions;
  }
  if (more === undefined) return { path: pathOrOptions };
  checkCallOptions(LS, more);
  if ((more as OperationLsOptions).path != null) {
    throw kernelStack(
      new TypeError(
        `TransferClient.operationLs(): the path is given twice, as the second argument (${
          JSON.stringify(pathOrOptions)
        }) and as 'path' in the options; give it once`,
      ),
    );
  }
  return { ...more, path: pathOrOptions };
}

/** Transfer file operations: ls, mkdir, rename, stat. Part of {@linkcode TransferClient}; use that class. */
export class TransferFilesApi extends TransferCollectionsApi {
  /**
   * Lists a directory: `GET /v0.10/operation/endpoint/{id}/ls`. Returns
   * one page, as in the Python SDK (use `limit`/`offset` for more).
   *
   * @param endpointId The collection id.
   * @param options Path, hidden files, order, filter, paging, local user.
   * @returns The listing; it renders as a table in notebooks.
   * @throws {TypeError} For an empty collection id or path, or options that
   *   are not an object or have a name this method does not know.
   * @throws {TransferAPIError} e.g. 404 `ClientError.NotFound`.
   */
  operationLs(
    endpointId: string,
    options?: OperationLsOptions,
  ):
    & Promise<IterableTransferResponse<FileList, FileEntry>>
    & AsyncIterable<FileEntry>;
  /**
   * Lists a directory given by position, as Python's
   * `tc.operation_ls(ep, "/~/")`: the same as `{ path }` in the options.
   *
   * @param endpointId The collection id.
   * @param path The directory (`null`, Python's `None`: the default one).
   * @param options Hidden files, order, filter, paging, local user.
   * @returns The listing; it renders as a table in notebooks.
   * @throws {TypeError} For an empty collection id or path, a `path` in
   *   the options as well, or an option this method does not know.
   * @throws {TransferAPIError} e.g. 404 `ClientError.NotFound`.
   */
  operationLs(
    endpointId: string,
    path: string | null,
    options?: Omit<OperationLsOptions, "path">,
  ):
    & Promise<IterableTransferResponse<FileList, FileEntry>>
    & AsyncIterable<FileEntry>;
  async operationLs(
    endpointId: string,
    pathOrOptions: string | OperationLsOptions | null = {},
    more?: Omit<OperationLsOptions, "path">,
  ): Promise<IterableTransferResponse<FileList, FileEntry>> {
    const options = lsOptions(pathOrOptions, more);
    const id = checkId("endpointId", endpointId);
    checkCallOptions(LS, options);
    // null is Python's None: left out.
    const showHidden = checkBoolean(
      cannotCall,
      "showHidden",
      options.showHidden,
    );
    const limit = checkCount(cannotCall, "limit", options.limit);
    const offset = checkCount(cannotCall, "offset", options.offset);
    const localUser = checkString(cannotCall, "localUser", options.localUser);
    if (options.path != null) checkPathArg("path", options.path);
    return displayFileList(
      await this.call("GET", `v0.10/operation/endpoint/${id}/ls`, {
        query: mergeQuery("operationLs", {
          path: options.path,
          show_hidden: showHidden === undefined
            ? undefined
            : showHidden
            ? 1
            : 0,
          orderby: orderbyValue(options.orderby),
          filter: filterParam(options.filter),
          limit,
          offset,
          local_user: localUser,
        }, options.queryParams),
        schema: FileListSchema,
        what: "file list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Makes a directory: `POST /v0.10/operation/endpoint/{id}/mkdir`.
   *
   * @param endpointId The collection id.
   * @param path The new directory's path.
   * @param options The local user.
   * @returns `{ code: "DirectoryCreated", … }`.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} e.g. 502 `ExternalError.MkdirFailed.Exists`.
   */
  async operationMkdir(
    endpointId: string,
    path: string,
    options: LocalUserOptions = {},
  ): Promise<OperationResult> {
    const id = checkId("endpointId", endpointId);
    checkPathArg("path", path, MKDIR_CALL);
    checkCallOptions(MKDIR, options);
    const localUser = checkString(cannotCall, "localUser", options.localUser);
    return await this.call("POST", `v0.10/operation/endpoint/${id}/mkdir`, {
      query: mergeQuery("operationMkdir", {}, options.queryParams),
      json: {
        DATA_TYPE: "mkdir",
        path,
        ...(localUser !== undefined ? { local_user: localUser } : {}),
      },
      schema: OperationResultSchema,
      what: "mkdir result",
      signal: options.signal,
    });
  }

  /**
   * Renames a file or directory: `POST /v0.10/operation/endpoint/{id}/rename`.
   *
   * @param endpointId The collection id.
   * @param oldPath The current path.
   * @param newPath The new path.
   * @param options The local user.
   * @returns `{ code: "FileRenamed", … }`.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} When the service refuses.
   */
  async operationRename(
    endpointId: string,
    oldPath: string,
    newPath: string,
    options: LocalUserOptions = {},
  ): Promise<OperationResult> {
    const id = checkId("endpointId", endpointId);
    checkPathArg("oldPath", oldPath, RENAME_CALL);
    checkPathArg("newPath", newPath, RENAME_CALL);
    checkCallOptions(RENAME, options);
    const localUser = checkString(cannotCall, "localUser", options.localUser);
    return await this.call("POST", `v0.10/operation/endpoint/${id}/rename`, {
      query: mergeQuery("operationRename", {}, options.queryParams),
      json: {
        DATA_TYPE: "rename",
        old_path: oldPath,
        new_path: newPath,
        ...(localUser !== undefined ? { local_user: localUser } : {}),
      },
      schema: OperationResultSchema,
      what: "rename result",
      signal: options.signal,
    });
  }

  /**
   * Gets one file's entry: `GET /v0.10/operation/endpoint/{id}/stat`.
   *
   * @param endpointId The collection id.
   * @param path The path.
   * @param options The local user.
   * @returns The file entry; it renders as a table in notebooks.
   * @throws {TypeError} For an empty collection id or path.
   * @throws {TransferAPIError} 404 `NotFound` for a missing path.
   */
  async operationStat(
    endpointId: string,
    path: string,
    options: LocalUserOptions = {},
  ): Promise<FileEntry> {
    const id = checkId("endpointId", endpointId);
    checkPathArg("path", path, STAT_CALL);
    checkCallOptions(STAT, options);
    const localUser = checkString(cannotCall, "localUser", options.localUser);
    return displayFileEntry(
      await this.call("GET", `v0.10/operation/endpoint/${id}/stat`, {
        query: mergeQuery(
          "operationStat",
          { path, local_user: localUser },
          options.queryParams,
        ),
        schema: FileEntrySchema,
        what: "file entry",
        signal: options.signal,
      }),
    );
  }
}

// `for await (const x of tc.operationLs(…))` walks the list, as
// `for (const x of await tc.operationLs(…))` does (Python's `for x in …`).
walkableLists(TransferFilesApi, ["operationLs"], "TransferClient", "tc");
