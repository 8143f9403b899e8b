/**
 * The Globus Transfer client (`https://transfer.api.globus.org/v0.10/`),
 * as the Python SDK's `TransferClient`, in camelCase. Its methods live in
 * one file per API area under `client/`; this class puts them together.
 *
 * @module
 */
import type { TransferClientOptions } from "./transfer_options.ts";
import { TransferSharingApi } from "./client/sharing.ts";
import { TRANSFER_CLIENT_OPTIONS } from "./client/base.ts";
import { registerClientOptions } from "../core/_options.ts";
import {
  paginatedMethods,
  type TransferPaginatedMethods,
} from "./client/paginated.ts";

export type * from "./transfer_options.ts";
export { formatTransferFilter } from "./_args.ts";
export { TransferClientBase } from "./client/base.ts";
export { TransferCollectionsApi } from "./client/collections.ts";
export { TransferFilesApi } from "./client/files.ts";
export { TransferTasksApi } from "./client/tasks.ts";
export { TransferSharingApi } from "./client/sharing.ts";
export {
  PagePaginator,
  type TransferPaginatedMethods,
} from "./client/paginated.ts";

/**
 * The Globus Transfer client: find collections, list and manage files,
 * submit transfers and deletes, and watch tasks. Every path is under
 * `v0.10/`; responses are plain data with the service's field names,
 * checked against schemas (a body that breaks one throws
 * `ResponseValidationError` naming the field). Needs `--allow-net`.
 *
 * Its methods, by API area (each is documented on the class that holds it,
 * which this one extends):
 *
 * - Collections and endpoints: `endpointSearch`, `getEndpoint`,
 *   `endpointAutoactivate`, `updateEndpoint`, `deleteEndpoint`,
 *   `createSharedEndpoint`, `mySharedEndpointList`, `getSharedEndpointList`,
 *   `endpointServerList`, `getEndpointServer`, `setSubscriptionId`,
 *   `setSubscriptionAdminVerified`.
 * - Files: `operationLs`, `operationMkdir`, `operationRename`,
 *   `operationStat`.
 * - Bookmarks: `bookmarkList`, `createBookmark`, `getBookmark`,
 *   `updateBookmark`, `deleteBookmark`.
 * - Pauses: `taskPauseInfo`, `myEffectivePauseRuleList`.
 * - Endpoint manager (activity monitoring):
 *   `endpointManagerMonitoredEndpoints`,
 *   `endpointManagerHostedEndpointList`, `endpointManagerGetEndpoint`,
 *   `endpointManagerAclList`, `endpointManagerTaskList`,
 *   `endpointManagerGetTask`, `endpointManagerTaskEventList`,
 *   `endpointManagerTaskPauseInfo`, `endpointManagerTaskSuccessfulTransfers`,
 *   `endpointManagerTaskSkippedErrors`, `endpointManagerCancelTasks`,
 *   `endpointManagerCancelStatus`, `endpointManagerPauseTasks`,
 *   `endpointManagerResumeTasks`, `endpointManagerPauseRuleList`,
 *   `endpointManagerCreatePauseRule`, `endpointManagerGetPauseRule`,
 *   `endpointManagerUpdatePauseRule`, `endpointManagerDeletePauseRule`.
 * - Tunnels (Transfer v2): `createTunnel`, `updateTunnel`, `getTunnel`,
 *   `deleteTunnel`, `listTunnels`, `getTunnelEvents`,
 *   `getStreamAccessPoint`.
 * - Tasks: `getSubmissionId`, `submitTransfer`, `submitDelete`, `taskList`,
 *   `getTask`, `updateTask`, `cancelTask`, `taskEventList`,
 *   `taskSuccessfulTransfers`, `taskSkippedErrors`, `taskWait`, `taskChart`.
 * - Sharing (access rules and roles): `endpointAclList`,
 *   `getEndpointAclRule`, `addEndpointAclRule`, `updateEndpointAclRule`,
 *   `deleteEndpointAclRule`, `endpointRoleList`, `addEndpointRole`,
 *   `getEndpointRole`, `deleteEndpointRole`.
 * - Pages: `paginated` (`tc.paginated.taskList(…)`, as Python's
 *   `tc.paginated.task_list(…)`).
 * - Consent for mapped collections' data, and other scopes, with `{ app }`:
 *   `addAppDataAccessScope`, `addAppScope`.
 * - Any route, as Python's `tc.get(…)`: `get`, `post`, `put`, `patch`,
 *   `delete`, `request`.
 * - `toString` (the class and base URL); `close`, also called at the end
 *   of a `using tc = …` block, as Python's `with TransferClient(…) as tc:`.
 * - For subclasses (protected): `call`, `raw`, `genericPath`, `markerList`.
 *
 * @example Copy a file and wait for it
 * ```ts ignore
 * import { AccessTokenAuthorizer, TransferClient, TransferData } from "@globus-deno/sdk";
 * const tc = new TransferClient({ authorizer: new AccessTokenAuthorizer("TOKEN") });
 * const tdata = new TransferData({
 *   sourceEndpoint: "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
 *   destinationEndpoint: "31ce9ba0-176d-45a5-add3-f37d233ba47d",
 * }).addItem("/share/godata/file1.txt", "/~/file1.txt");
 * const { task_id } = await tc.submitTransfer(tdata);
 * await tc.taskWait(task_id, { timeoutS: 60 });
 * console.log((await tc.getTask(task_id)).status);
 * ```
 *
 * @example List a directory (with a stand-in fetch)
 * ```ts
 * import { TransferClient } from "@globus-deno/sdk";
 * const tc = new TransferClient({
 *   fetch: () =>
 *     Promise.resolve(Response.json({
 *       DATA_TYPE: "file_list",
 *       path: "/share/godata/",
 *       DATA: [{ DATA_TYPE: "file", name: "file1.txt", type: "file", size: 4 }],
 *     })),
 * });
 * const ls = await tc.operationLs("6c54cade-bde5-45c1-bdea-f4bd71dba2cc", {
 *   path: "/share/godata/",
 * });
 * console.log(ls.DATA.map((entry) => entry.name)); // ["file1.txt"]
 * ```
 */
export class TransferClient extends TransferSharingApi {
  /**
   * Creates a Transfer client.
   *
   * @param options `{ authorizer }` or `{ app }`, plus seams and settings.
   * @throws {TypeError} When both `app` and `authorizer` are given, or an
   *   option name is unknown (e.g. Python's `base_url` for `baseUrl`).
   */
  constructor(options: TransferClientOptions = {}) {
    super(options);
  }

  #paginated: TransferPaginatedMethods | undefined;

  /**
   * The paged methods as the Python SDK's `tc.paginated.*`: each returns a
   * `PagePaginator` whose iteration yields pages (list documents, which
   * `for…of` walks), and whose `.items()` yields every item. The methods
   * themselves (`tc.taskList()`) iterate items.
   *
   * @example Walk task pages, as Python's `for page in tc.paginated.task_list()`
   * ```ts ignore
   * for await (const page of tc.paginated.taskList({ filter: "status:ACTIVE" })) {
   *   for (const task of page) console.log(task.task_id);
   * }
   * ```
   */
  get paginated(): TransferPaginatedMethods {
    return this.#paginated ??= paginatedMethods(this);
  }
}
registerClientOptions(TransferClient, TRANSFER_CLIENT_OPTIONS);
