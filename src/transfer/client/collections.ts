/**
 * Transfer endpoints and collections: search, get, update, delete, guest
 * collections, servers and subscriptions.
 *
 * @module
 */
import type { IterableTransferResponse } from "../results.ts";
import {
  nextTokenPages,
  offsetPages,
  type Paginator,
} from "../../core/paging.ts";
import { attachIterator } from "../../core/iterable_response.ts";
import {
  attachTable,
  displayEndpoint,
  displayPage,
  DisplayPaginator,
} from "../_display.ts";
import {
  EndpointListPageSchema,
  EndpointSchema,
  OperationResultSchema,
} from "../_schemas.ts";
import {
  EndpointCreateResultSchema,
  EndpointServerListSchema,
  EndpointServerSchema,
  SharedEndpointListPageSchema,
} from "../_schemas_sharing.ts";
import { displayServer, displayServerList } from "../_display_sharing.ts";
import { describeValue } from "../_validate.ts";
import { renderTable } from "../../notebook/tables.ts";
import type { Endpoint, EndpointListPage } from "../endpoint.ts";
import type { OperationResult } from "../results.ts";
import type {
  EndpointCreateResult,
  EndpointServer,
  EndpointServerList,
  SharedEndpointDocument,
  SharedEndpointListPage,
} from "../sharing.ts";
import { writeStderr } from "../../core/runtime.ts";
import type {
  EndpointAutoactivateOptions,
  EndpointSearchOptions,
  SharedEndpointListOptions,
  SignalOptions,
} from "../transfer_options.ts";
import {
  callOptions,
  cannotCall,
  checkCallOptions,
  checkDocument,
  checkId,
  checkIdLike,
  checkOffset,
  checkPageSize,
  resultCap,
} from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import { TransferClientBase } from "./base.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";
import { checkBoolean, checkString } from "../../core/_option_values.ts";
import { walkableLists } from "../../core/_list_promise.ts";

const ENDPOINT_SEARCH_CAP = 1000;

const ENDPOINT_SEARCH = callOptions("endpointSearch", [
  "filterFulltext",
  "filterScope",
  "filterOwnerId",
  "filterHostEndpoint",
  "filterEntityType",
  "filterNonFunctional",
  "limit",
  "offset",
  "maxResults",
], {
  // Python's endpoint_search(filter_fulltext, filter_scope, …).
  positional: "filterScope",
  example: 'tc.endpointSearch("tutorial", { filterScope: "all" })',
});
const GET_ENDPOINT = callOptions("getEndpoint");
const ENDPOINT_AUTOACTIVATE = callOptions("endpointAutoactivate", [
  "ifExpiresIn",
]);
const UPDATE_ENDPOINT = callOptions("updateEndpoint");
const DELETE_ENDPOINT = callOptions("deleteEndpoint");
const CREATE_SHARED_ENDPOINT = callOptions("createSharedEndpoint");
const MY_SHARED_ENDPOINT_LIST = callOptions("mySharedEndpointList");
const GET_SHARED_ENDPOINT_LIST = callOptions("getSharedEndpointList", [
  "maxResults",
  "nextToken",
]);
const ENDPOINT_SERVER_LIST = callOptions("endpointServerList");
const GET_ENDPOINT_SERVER = callOptions("getEndpointServer");
const SET_SUBSCRIPTION_ID = callOptions("setSubscriptionId");
const SET_SUBSCRIPTION_ADMIN_VERIFIED = callOptions(
  "setSubscriptionAdminVerified",
);

/**
 * Transfer endpoints and collections: search, get, update, delete, guest
 * collections, servers and subscriptions. Part of {@linkcode TransferClient};
 * use that class.
 */
export class TransferCollectionsApi extends TransferClientBase {
  /**
   * Searches endpoints and collections: `GET /v0.10/endpoint_search`.
   * Pages with `offset` and `has_next_page`, 100 at a time, up to the
   * service's 1000 results. As in Python, the search text is the first
   * argument or the `filterFulltext` option, so Python's
   * `endpoint_search(filter_scope="my-endpoints")` is
   * `endpointSearch({ filterScope: "my-endpoints" })`.
   *
   * @param filterFulltext Words to search for (or the options).
   * @param options Filters and paging.
   * @returns A paginator of endpoints (`.pages()` for raw pages).
   * @throws {RangeError} For a page size outside 1–100 or a bad offset.
   * @throws {TypeError} When the search text is given twice.
   */
  endpointSearch(
    options?: EndpointSearchOptions,
  ): Paginator<Endpoint, IterableTransferResponse<EndpointListPage, Endpoint>>;
  /**
   * Searches endpoints and collections for words:
   * `GET /v0.10/endpoint_search` (see the form above).
   *
   * @param filterFulltext Words to search for.
   * @param options Filters and paging.
   * @returns A paginator of endpoints (`.pages()` for raw pages).
   * @throws {RangeError} For a page size outside 1–100 or a bad offset.
   * @throws {TypeError} When the search text is given twice.
   */
  endpointSearch(
    filterFulltext?: string,
    options?: EndpointSearchOptions,
  ): Paginator<Endpoint, IterableTransferResponse<EndpointListPage, Endpoint>>;
  endpointSearch(
    first?: string | EndpointSearchOptions,
    second?: EndpointSearchOptions,
  ): Paginator<Endpoint, IterableTransferResponse<EndpointListPage, Endpoint>> {
    let filterFulltext: string | undefined;
    let options: EndpointSearchOptions;
    if (first !== null && typeof first === "object" && !Array.isArray(first)) {
      if (second !== undefined) {
        throw kernelStack(
          new TypeError(
            `TransferClient.endpointSearch(): two options objects: give the search text first (a string, or undefined) and then the options, endpointSearch("tutorial", { filterScope: "all" }), or one options object, endpointSearch({ filterFulltext: "tutorial", filterScope: "all" })`,
          ),
        );
      }
      options = first;
    } else {
      if (first !== undefined && first !== null && typeof first !== "string") {
        throw kernelStack(
          new TypeError(
            `TransferClient.endpointSearch(): the search text comes first, as a string (or undefined), then the options: endpointSearch("tutorial", { filterScope: "all" }), not ${typeof first}`,
          ),
        );
      }
      filterFulltext = first ?? undefined;
      options = second ?? {};
    }
    checkCallOptions(ENDPOINT_SEARCH, options);
    // null is Python's filter_fulltext=None: left out.
    const fulltext = checkString(
      cannotCall,
      "filterFulltext",
      options.filterFulltext,
    );
    if (fulltext !== undefined) {
      if (filterFulltext !== undefined) {
        throw kernelStack(
          new TypeError(
            `TransferClient.endpointSearch(): the search text was given twice, as the first argument and as 'filterFulltext': give it once`,
          ),
        );
      }
      filterFulltext = fulltext;
    }
    // `filterNonFunctional: "false"` was sent as 1 (true). null is Python's
    // None, these filters' default: left out, as before this check.
    checkBoolean(
      cannotCall,
      "filterNonFunctional",
      options.filterNonFunctional,
    );
    checkString(cannotCall, "filterScope", options.filterScope);
    checkString(cannotCall, "filterOwnerId", options.filterOwnerId);
    checkString(cannotCall, "filterHostEndpoint", options.filterHostEndpoint);
    checkString(cannotCall, "filterEntityType", options.filterEntityType);
    const pageSize = checkPageSize("limit", options.limit ?? 100, 100);
    const start = checkOffset(options.offset ?? 0);
    const cap = Math.min(
      ENDPOINT_SEARCH_CAP,
      start + resultCap(options, ENDPOINT_SEARCH_CAP),
    );
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", "v0.10/endpoint_search", {
          query: mergeQuery(
            "endpointSearch",
            {
              filter_fulltext: filterFulltext,
              filter_scope: options.filterScope,
              filter_owner_id: options.filterOwnerId,
              filter_host_endpoint: options.filterHostEndpoint,
              filter_entity_type: options.filterEntityType,
              filter_non_functional: options.filterNonFunctional == null
                ? undefined
                : options.filterNonFunctional
                ? 1
                : 0,
              limit,
              offset,
            },
            options.queryParams,
            ["limit", "offset"],
          ),
          schema: EndpointListPageSchema,
          what: "endpoint list",
          signal: options.signal,
        }),
      );
    return new DisplayPaginator(
      () =>
        offsetPages({ fetchPage, pageSize, offset: start, maxResults: cap }),
      (page) => page.DATA,
    );
  }

  /**
   * Gets an endpoint or collection: `GET /v0.10/endpoint/{id}`.
   *
   * @param endpointId The endpoint or collection id.
   * @param options An abort signal.
   * @returns The endpoint document.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`.
   */
  async getEndpoint(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<Endpoint> {
    checkCallOptions(GET_ENDPOINT, options);
    return displayEndpoint(
      await this.call(
        "GET",
        `v0.10/endpoint/${checkId("endpointId", endpointId)}`,
        {
          query: mergeQuery("getEndpoint", {}, options.queryParams),
          schema: EndpointSchema,
          what: "endpoint",
          signal: options.signal,
        },
      ),
    );
  }
  /**
   * Python SDK 3's `endpoint_autoactivate`:
   * `POST /v0.10/endpoint/{id}/autoactivate`. Deprecated, as in Python
   * (version 4 removed it): Globus Connect Server v5 collections need no
   * activation, so the call can be dropped; the first call on a client says
   * so once on standard error. Scripts that check `r.code` against
   * `"AutoActivationFailed"` keep working: an active collection answers
   * `"AlreadyActivated"`.
   *
   * @param endpointId The endpoint or collection id.
   * @param options `ifExpiresIn` (seconds), an abort signal, extra query
   *   parameters.
   * @returns The `activation_result`: `code` (`"AlreadyActivated"`,
   *   `"AutoActivated.…"`, `"AutoActivationFailed"`), `message`, and the
   *   service's other fields.
   * @throws {RangeError} When `ifExpiresIn` is not a whole number ≥ 0.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`.
   */
  async endpointAutoactivate(
    endpointId: string,
    options: EndpointAutoactivateOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(ENDPOINT_AUTOACTIVATE, options);
    const id = checkId("endpointId", endpointId);
    const ifExpiresIn = options.ifExpiresIn;
    if (
      ifExpiresIn !== undefined &&
      !(Number.isSafeInteger(ifExpiresIn) && ifExpiresIn >= 0)
    ) {
      throw kernelStack(
        new RangeError(
          `TransferClient.endpointAutoactivate(): 'ifExpiresIn' must be a whole number of seconds ≥ 0: current value is ${
            describeValue(ifExpiresIn)
          }`,
        ),
      );
    }
    if (!this.#autoactivateWarned) {
      this.#autoactivateWarned = true;
      writeStderr(
        "globus-deno: endpointAutoactivate() is deprecated: Globus Connect Server v5 collections need no activation, so the call can be removed (the Python SDK deprecated endpoint_autoactivate in version 3 and removed it in 4)\n",
      );
    }
    return await this.call("POST", `v0.10/endpoint/${id}/autoactivate`, {
      query: mergeQuery(
        "endpointAutoactivate",
        { if_expires_in: ifExpiresIn },
        options.queryParams,
      ),
      schema: OperationResultSchema,
      what: "activation result",
      signal: options.signal,
    });
  }
  #autoactivateWarned = false;

  /**
   * Changes a collection's fields: `PUT /v0.10/endpoint/{id}` with a partial
   * endpoint document. As in Python, setting `myproxy_server` clears
   * `oauth_server` and the other way round (the document you pass is not
   * changed).
   *
   * @param endpointId The collection id.
   * @param data The fields to change, e.g. `{ display_name, description }`.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Updated", … }`.
   * @throws {TypeError} When `data` is not an object, or sets both
   *   `myproxy_server` and `oauth_server`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  async updateEndpoint(
    endpointId: string,
    data: Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(UPDATE_ENDPOINT, options);
    const id = checkId("endpointId", endpointId);
    checkDocument("updateEndpoint", "data", data);
    const json: Record<string, unknown> = { ...data };
    if (json.myproxy_server) {
      if (json.oauth_server) {
        throw kernelStack(
          new TypeError(
            "Cannot call updateEndpoint() as an endpoint cannot be reconfigured to use multiple identity providers for activation: specify either 'myproxy_server' or 'oauth_server', not both",
          ),
        );
      }
      json.oauth_server = null;
    } else if (json.oauth_server) {
      json.myproxy_server = null;
    }
    return await this.call("PUT", `v0.10/endpoint/${id}`, {
      query: mergeQuery("updateEndpoint", {}, options.queryParams),
      json,
      schema: OperationResultSchema,
      what: "update result",
      signal: options.signal,
    });
  }

  /**
   * Deletes a collection (a guest collection, or a Globus Connect Personal
   * one): `DELETE /v0.10/endpoint/{id}`.
   *
   * @param endpointId The collection id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Deleted", … }`.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`, 404 `EndpointNotFound`.
   */
  async deleteEndpoint(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(DELETE_ENDPOINT, options);
    const id = checkId("endpointId", endpointId);
    return await this.call("DELETE", `v0.10/endpoint/${id}`, {
      query: mergeQuery("deleteEndpoint", {}, options.queryParams),
      schema: OperationResultSchema,
      what: "delete result",
      signal: options.signal,
    });
  }

  /**
   * Makes a guest (shared) collection of a folder of a host collection:
   * `POST /v0.10/shared_endpoint`. You get the `administrator` role on it;
   * share its folders with {@linkcode TransferClient.addEndpointAclRule}.
   *
   * @param data `{ DATA_TYPE: "shared_endpoint", host_endpoint, host_path, display_name, … }`.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Created", id, … }` (`id` is the new collection's).
   * @throws {TypeError} When `data` is not an object.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound` for the host.
   *
   * @example Share a folder of a mapped collection
   * ```ts ignore
   * const { id: guestId } = await tc.createSharedEndpoint({
   *   DATA_TYPE: "shared_endpoint",
   *   host_endpoint: mappedCollectionId,
   *   host_path: "/~/shared/",
   *   display_name: "My shared folder",
   * });
   * ```
   */
  async createSharedEndpoint(
    data: SharedEndpointDocument | Record<string, unknown>,
    options: SignalOptions = {},
  ): Promise<EndpointCreateResult> {
    checkCallOptions(CREATE_SHARED_ENDPOINT, options);
    checkDocument("createSharedEndpoint", "data", data);
    return await this.call("POST", "v0.10/shared_endpoint", {
      query: mergeQuery("createSharedEndpoint", {}, options.queryParams),
      json: data,
      schema: EndpointCreateResultSchema,
      what: "endpoint create result",
      signal: options.signal,
    });
  }

  /**
   * Lists the guest collections of a host on which you have the
   * `administrator` or `access_manager` role:
   * `GET /v0.10/endpoint/{id}/my_shared_endpoint_list` (not paged).
   *
   * @param endpointId The host collection id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ DATA: [endpoints…] }`; a table in notebooks.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`.
   */
  mySharedEndpointList(
    endpointId: string,
    options?: SignalOptions,
  ):
    & Promise<IterableTransferResponse<EndpointListPage, Endpoint>>
    & AsyncIterable<Endpoint>;
  async mySharedEndpointList(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<IterableTransferResponse<EndpointListPage, Endpoint>> {
    checkCallOptions(MY_SHARED_ENDPOINT_LIST, options);
    const id = checkId("endpointId", endpointId);
    return displayPage(
      await this.call("GET", `v0.10/endpoint/${id}/my_shared_endpoint_list`, {
        query: mergeQuery("mySharedEndpointList", {}, options.queryParams),
        schema: EndpointListPageSchema,
        what: "endpoint list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Lists every guest collection of a host (for its administrators):
   * `GET /v0.10/endpoint/{id}/shared_endpoint_list`, paged with
   * `next_token` as Python's `paginated.get_shared_endpoint_list`.
   * `maxResults` is Python's `max_results`: the page size sent to the
   * service, not a total.
   *
   * @param endpointId The host collection id.
   * @param options `maxResults` (page size), `nextToken` (where to start),
   *   an abort signal, extra query parameters.
   * @returns A paginator of endpoints (`.pages()` for raw pages).
   * @throws {RangeError} For a `maxResults` that is not a positive integer.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`.
   */
  getSharedEndpointList(
    endpointId: string,
    options: SharedEndpointListOptions = {},
  ): Paginator<
    Endpoint,
    IterableTransferResponse<SharedEndpointListPage, Endpoint>
  > {
    checkCallOptions(GET_SHARED_ENDPOINT_LIST, options);
    const id = checkId("endpointId", endpointId);
    const { maxResults } = options;
    if (
      maxResults !== undefined &&
      (!Number.isInteger(maxResults) || maxResults < 1)
    ) {
      throw kernelStack(
        new RangeError(
          `Cannot call getSharedEndpointList() as 'maxResults' (the page size) must be a positive integer: current value is ${
            describeValue(maxResults)
          }`,
        ),
      );
    }
    const fetchPage = async (nextToken: string | undefined) => {
      const page = await this.call(
        "GET",
        `v0.10/endpoint/${id}/shared_endpoint_list`,
        {
          query: mergeQuery(
            "getSharedEndpointList",
            {
              max_results: maxResults === undefined
                ? undefined
                : String(maxResults),
              next_token: nextToken,
            },
            options.queryParams,
            ["next_token"],
          ),
          schema: SharedEndpointListPageSchema,
          what: "shared endpoint list",
          signal: options.signal,
        },
      );
      return attachIterator(
        attachTable(page, () =>
          renderTable(page.shared_endpoints, {
            caption: `Guest collections of ${endpointId}`,
          })),
        (p) => p.shared_endpoints,
      );
    };
    return new DisplayPaginator<
      Endpoint,
      IterableTransferResponse<SharedEndpointListPage, Endpoint>
    >(
      () => nextTokenPages(fetchPage, options.nextToken),
      (page) => page.shared_endpoints,
    );
  }

  /**
   * Lists an endpoint's servers: `GET /v0.10/endpoint/{id}/server_list`.
   *
   * @param endpointId The endpoint or collection id.
   * @param options An abort signal, extra query parameters.
   * @returns `{ DATA: [servers…] }`; a table in notebooks.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`.
   */
  endpointServerList(
    endpointId: string,
    options?: SignalOptions,
  ):
    & Promise<IterableTransferResponse<EndpointServerList, EndpointServer>>
    & AsyncIterable<EndpointServer>;
  async endpointServerList(
    endpointId: string,
    options: SignalOptions = {},
  ): Promise<IterableTransferResponse<EndpointServerList, EndpointServer>> {
    checkCallOptions(ENDPOINT_SERVER_LIST, options);
    const id = checkId("endpointId", endpointId);
    return displayServerList(
      await this.call("GET", `v0.10/endpoint/${id}/server_list`, {
        query: mergeQuery("endpointServerList", {}, options.queryParams),
        schema: EndpointServerListSchema,
        what: "server list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Gets one server of an endpoint:
   * `GET /v0.10/endpoint/{id}/server/{server_id}`.
   *
   * @param endpointId The endpoint or collection id.
   * @param serverId The server id (from `endpointServerList`).
   * @param options An abort signal, extra query parameters.
   * @returns The server.
   * @throws {TransferAPIError} e.g. 404 `ServerNotFound`.
   */
  async getEndpointServer(
    endpointId: string,
    serverId: string | number,
    options: SignalOptions = {},
  ): Promise<EndpointServer> {
    checkCallOptions(GET_ENDPOINT_SERVER, options);
    const id = checkId("endpointId", endpointId);
    const sid = checkIdLike("serverId", serverId);
    return displayServer(
      await this.call("GET", `v0.10/endpoint/${id}/server/${sid}`, {
        query: mergeQuery("getEndpointServer", {}, options.queryParams),
        schema: EndpointServerSchema,
        what: "server",
        signal: options.signal,
      }),
    );
  }

  /**
   * Sets (or clears) a mapped collection's subscription:
   * `PUT /v0.10/endpoint/{id}/subscription` with `{ subscription_id }`.
   * Guest collections inherit their host's subscription.
   *
   * @param collectionId The collection id.
   * @param subscriptionId A subscription id, `"DEFAULT"` (your only
   *   subscription), or `null` to clear it.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Updated", … }`.
   * @throws {TypeError} When `subscriptionId` is not a string or `null`.
   * @throws {TransferAPIError} e.g. 404 `EndpointNotFound`, 400 for `"DEFAULT"` with several subscriptions.
   */
  async setSubscriptionId(
    collectionId: string,
    subscriptionId: string | null,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(SET_SUBSCRIPTION_ID, options);
    const id = checkId("collectionId", collectionId);
    if (
      subscriptionId !== null &&
      (typeof subscriptionId !== "string" || subscriptionId.trim() === "")
    ) {
      throw kernelStack(
        new TypeError(
          `Cannot call setSubscriptionId() as 'subscriptionId' must be a subscription id, "DEFAULT" or null: current value is ${
            describeValue(subscriptionId)
          }`,
        ),
      );
    }
    return await this.call("PUT", `v0.10/endpoint/${id}/subscription`, {
      query: mergeQuery("setSubscriptionId", {}, options.queryParams),
      json: { subscription_id: subscriptionId },
      schema: OperationResultSchema,
      what: "update result",
      signal: options.signal,
    });
  }

  /**
   * Grants (`true`) or revokes (`false`) a collection's verified status:
   * `PUT /v0.10/endpoint/{id}/subscription_admin_verified`.
   *
   * @param collectionId The collection id.
   * @param subscriptionAdminVerified The new status.
   * @param options An abort signal, extra query parameters.
   * @returns `{ code: "Updated", … }`.
   * @throws {TypeError} When the status is not a boolean.
   * @throws {TransferAPIError} e.g. 403 `PermissionDenied`, 400 for a collection without a subscription.
   */
  async setSubscriptionAdminVerified(
    collectionId: string,
    subscriptionAdminVerified: boolean,
    options: SignalOptions = {},
  ): Promise<OperationResult> {
    checkCallOptions(SET_SUBSCRIPTION_ADMIN_VERIFIED, options);
    const id = checkId("collectionId", collectionId);
    if (typeof subscriptionAdminVerified !== "boolean") {
      throw kernelStack(
        new TypeError(
          `Cannot call setSubscriptionAdminVerified() as 'subscriptionAdminVerified' must be true or false: current value is ${
            describeValue(subscriptionAdminVerified)
          }`,
        ),
      );
    }
    return await this.call(
      "PUT",
      `v0.10/endpoint/${id}/subscription_admin_verified`,
      {
        query: mergeQuery(
          "setSubscriptionAdminVerified",
          {},
          options.queryParams,
        ),
        json: { subscription_admin_verified: subscriptionAdminVerified },
        schema: OperationResultSchema,
        what: "update result",
        signal: options.signal,
      },
    );
  }
}

// `for await (const x of tc.mySharedEndpointList(…))` walks the list, as
// `for (const x of await tc.mySharedEndpointList(…))` does (Python's `for x in …`).
walkableLists(
  TransferCollectionsApi,
  ["mySharedEndpointList", "endpointServerList"],
  "TransferClient",
  "tc",
);
