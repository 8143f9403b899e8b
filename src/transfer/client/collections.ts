/**
 * Transfer endpoints and collections: search and get.
 *
 * @module
 */
import { offsetPages, type Paginator } from "../../core/paging.ts";
import { displayEndpoint, displayPage, DisplayPaginator } from "../_display.ts";
import { EndpointListPageSchema, EndpointSchema } from "../_schemas.ts";
import type { Endpoint, EndpointListPage } from "../endpoint.ts";
import type {
  EndpointSearchOptions,
  SignalOptions,
} from "../transfer_options.ts";
import { checkId, checkMax, checkOffset, checkPageSize } from "../_args.ts";
import { TransferClientBase } from "./base.ts";

const ENDPOINT_SEARCH_CAP = 1000;

/** Transfer endpoints and collections: search and get. Part of {@linkcode TransferClient}; use that class. */
export class TransferCollectionsApi extends TransferClientBase {
  /**
   * Searches endpoints and collections: `GET /v0.10/endpoint_search`.
   * Pages with `offset` and `has_next_page`, 100 at a time, up to the
   * service's 1000 results.
   *
   * @param filterFulltext Words to search for.
   * @param options Filters and paging.
   * @returns A paginator of endpoints (`.pages()` for raw pages).
   * @throws {RangeError} For a page size outside 1–100 or a bad offset.
   */
  endpointSearch(
    filterFulltext?: string,
    options: EndpointSearchOptions = {},
  ): Paginator<Endpoint, EndpointListPage> {
    const pageSize = checkPageSize("limit", options.limit ?? 100, 100);
    const start = checkOffset(options.offset ?? 0);
    const cap = Math.min(
      ENDPOINT_SEARCH_CAP,
      start + checkMax(options.maxResults ?? ENDPOINT_SEARCH_CAP),
    );
    const fetchPage = async (offset: number, limit: number) =>
      displayPage(
        await this.call("GET", "v0.10/endpoint_search", {
          query: {
            filter_fulltext: filterFulltext,
            filter_scope: options.filterScope,
            filter_owner_id: options.filterOwnerId,
            filter_entity_type: options.filterEntityType,
            filter_non_functional: options.filterNonFunctional === undefined
              ? undefined
              : options.filterNonFunctional
              ? 1
              : 0,
            limit,
            offset,
          },
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
    return displayEndpoint(
      await this.call(
        "GET",
        `v0.10/endpoint/${checkId("endpointId", endpointId)}`,
        {
          schema: EndpointSchema,
          what: "endpoint",
          signal: options.signal,
        },
      ),
    );
  }
}
