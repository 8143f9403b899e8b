/**
 * {@linkcode TransferClientV2}: Transfer's `/v2/` JSON:API routes
 * (bookmarks, tunnels, stream access points), as the Python SDK's
 * experimental `globus_sdk.experimental.TransferClientV2`.
 *
 * @module
 */
import type { Paginator } from "../../core/paging.ts";
import type { RetryCheck } from "../../core/retry.ts";
import { TRANSFER_CLIENT_OPTIONS, TransferClientBase } from "../client/base.ts";
import { registerClientOptions } from "../../core/_options.ts";
import { DisplayPaginator } from "../_display.ts";
import { PagePaginator } from "../client/paginated.ts";
import {
  callOptions,
  type CallOptionsCheck,
  checkCallOptions,
  checkDocument,
  checkId,
} from "../_args.ts";
import { mergeQuery } from "../_query.ts";
import {
  BookmarkV2DeleteResultSchema,
  BookmarkV2DocumentSchema,
  BookmarkV2ListSchema,
  StreamAccessPointListSchema,
} from "../_schemas_admin.ts";
import type { IterableTransferResponse } from "../results.ts";
import type {
  CreateTunnelData,
  StreamAccessPoint,
  StreamAccessPointDocument,
  Tunnel,
  TunnelDeleteResult,
  TunnelDocument,
  TunnelEvent,
  TunnelEventList,
  TunnelList,
} from "../tunnel.ts";
import type {
  TransferCallOptions,
  TransferClientOptions,
} from "../transfer_options.ts";
import type {
  BookmarkCreateDocument,
  BookmarkUpdateDocument,
  BookmarkV2,
  BookmarkV2DeleteResult,
  BookmarkV2Document,
  BookmarkV2List,
} from "./bookmark.ts";
import type { StreamAccessPointList } from "./resources.ts";
import type {
  TunnelCreateDocument,
  TunnelUpdateDocument,
} from "./tunnel_documents.ts";
import type * as TunnelCalls from "./_tunnel_calls.ts";
import {
  displayBookmarkV2List,
  displayStreamAccessPointList,
  STREAM_ACCESS_POINT_ITEM_COLUMNS,
} from "./_display.ts";
import { jsonApiPages } from "./_paging.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/**
 * The tunnel and stream access point calls, loaded on the first of them
 * (importing the SDK does not need their code).
 */
function tunnelCalls(): Promise<typeof TunnelCalls> {
  return import("./_tunnel_calls.ts");
}

/**
 * As Python's `TransferClientV2`: a transient status (429, 5xx) whose
 * JSON:API `errors` name an `ExternalError` or `EndpointError` (a remote
 * endpoint's failure, not the service's) is not retried.
 */
const jsonApiExternalErrors: RetryCheck = (ctx) => {
  const data = ctx.response?.data;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return "no-decision";
  }
  const errors = (data as { errors?: unknown }).errors;
  if (!Array.isArray(errors)) return "no-decision";
  const remote = errors.some((e) => {
    const code = e !== null && typeof e === "object"
      ? (e as { code?: unknown }).code
      : undefined;
    return typeof code === "string" &&
      (code.includes("ExternalError") || code.includes("EndpointError"));
  });
  return remote ? "no-retry" : "no-decision";
};

/** The `data` member of a JSON:API request document, or a TypeError. */
function jsonApiDocument(
  method: string,
  what: string,
  value: object,
  builder: string,
): object {
  const doc = checkDocument(method, what, value);
  const element = (doc as { data?: unknown }).data;
  if (
    element === null || typeof element !== "object" || Array.isArray(element)
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot call ${method}() as '${what}' has no 'data' member (a JSON:API body is { data: { type, attributes, … } }): build it with ${builder}`,
      ),
    );
  }
  const toJSON = (doc as { toJSON?: unknown }).toJSON;
  return typeof toJSON === "function" ? toJSON.call(doc) : doc;
}

/** A method's option check; its messages name `TransferClientV2`. */
function v2Options(method: string): CallOptionsCheck {
  return callOptions(method, [], undefined, "TransferClientV2");
}

const CREATE_BOOKMARK = v2Options("createBookmark");
const GET_BOOKMARK = v2Options("getBookmark");
const LIST_BOOKMARKS = v2Options("listBookmarks");
const UPDATE_BOOKMARK = v2Options("updateBookmark");
const DELETE_BOOKMARK = v2Options("deleteBookmark");
const CREATE_TUNNEL = v2Options("createTunnel");
const UPDATE_TUNNEL = v2Options("updateTunnel");
const GET_TUNNEL = v2Options("getTunnel");
const DELETE_TUNNEL = v2Options("deleteTunnel");
const LIST_TUNNELS = v2Options("listTunnels");
const GET_TUNNEL_EVENTS = v2Options("getTunnelEvents");
const GET_STREAM_ACCESS_POINT = v2Options("getStreamAccessPoint");
const LIST_STREAM_ACCESS_POINTS = v2Options("listStreamAccessPoints");

/**
 * The paged methods of {@linkcode TransferClientV2} that `tc.paginated`
 * offers, as Python's `TransferClientV2.paginated.*`: the same arguments as
 * the method of the same name, returning a `PagePaginator` whose iteration
 * yields pages.
 */
export interface TransferClientV2PaginatedMethods {
  /**
   * `tc.listStreamAccessPoints(…)`, iterating pages (Python's
   * `tc.paginated.list_stream_access_points()`).
   *
   * @param options Extra query parameters (for the first page) and an abort
   *   signal.
   * @returns A paginator of pages, each walked by `for…of`.
   */
  listStreamAccessPoints(
    options?: TransferCallOptions,
  ): PagePaginator<
    StreamAccessPoint,
    IterableTransferResponse<StreamAccessPointList, StreamAccessPoint>
  >;
}

/**
 * The client of Transfer's `/v2/` routes, as the Python SDK's experimental
 * `globus_sdk.experimental.TransferClientV2`: bookmarks, tunnels and stream
 * access points as JSON:API documents (`{ data: { type, id, attributes,
 * relationships }, included?, meta }`). Experimental, as in Python: the
 * service's `/v2/` API may still change. Built like
 * {@linkcode TransferClient} (`{ authorizer }` or `{ app }`, `baseUrl`,
 * `environment`, `fetch`, `retry`, …), with the same scope, errors
 * (`TransferAPIError`) and retries, except that, as in Python, a JSON:API
 * error naming an `ExternalError` or `EndpointError` is not retried. The
 * tunnel and stream access point methods send the same requests as
 * `TransferClient`'s. Needs `--allow-net`.
 *
 * @example Create and list bookmarks (with a stand-in fetch)
 * ```ts
 * import { experimental } from "@globus-deno/sdk";
 * const { BookmarkCreateDocument, TransferClientV2 } = experimental;
 * const COLLECTION = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
 * const bookmark = {
 *   type: "Bookmark",
 *   id: "b1a6ad63-0b0e-4e7a-9a0f-b2f7c6f1d3c2",
 *   attributes: { name: "tutorial data", path: "/share/godata/" },
 *   relationships: { collection: { data: { type: "Collection", id: COLLECTION } } },
 * };
 * const tc = new TransferClientV2({
 *   fetch: (input, init) =>
 *     Promise.resolve(
 *       init?.method === "POST"
 *         ? Response.json({ data: bookmark, meta: {} }, { status: 201 })
 *         : Response.json({ data: [bookmark], meta: {} }),
 *     ),
 * });
 * const made = await tc.createBookmark(
 *   new BookmarkCreateDocument(COLLECTION, "tutorial data", "/share/godata/"),
 * );
 * console.log(made.data.id);
 * for (const b of await tc.listBookmarks()) console.log(b.attributes.name);
 * ```
 */
export class TransferClientV2 extends TransferClientBase {
  /**
   * Creates a Transfer v2 client.
   *
   * @param options `{ authorizer }` or `{ app }`, plus seams and settings,
   *   as {@linkcode TransferClient}'s.
   * @throws {TypeError} When both `app` and `authorizer` are given.
   */
  constructor(options: TransferClientOptions = {}) {
    super(options);
    this.transport.registerRetryCheck(jsonApiExternalErrors);
  }

  #paginated: TransferClientV2PaginatedMethods | undefined;

  /**
   * The paged methods as Python's `TransferClientV2.paginated.*`: each
   * returns a `PagePaginator` whose iteration yields pages (JSON:API list
   * documents, which `for…of` walks), and whose `.items()` yields every
   * item. The methods themselves (`tc.listStreamAccessPoints()`) iterate
   * items.
   *
   * @example Walk pages, as Python's `for page in tc.paginated.list_stream_access_points()`
   * ```ts ignore
   * for await (const page of tc.paginated.listStreamAccessPoints()) {
   *   for (const ap of page) console.log(ap.id);
   * }
   * ```
   */
  get paginated(): TransferClientV2PaginatedMethods {
    // A ported `for page in tc.paginated.list_stream_access_points()` read
    // `tc.paginated` as undefined here (TransferClient had it).
    return this.#paginated ??= Object.freeze({
      listStreamAccessPoints: (options?: TransferCallOptions) =>
        new PagePaginator(
          this.listStreamAccessPoints(options),
          "listStreamAccessPoints",
        ),
    });
  }

  /**
   * Creates a bookmark: `POST /v2/bookmarks`, as Python's
   * `create_bookmark` (the service answers 201).
   *
   * @param data A {@linkcode BookmarkCreateDocument}, or
   *   `{ data: { type: "Bookmark", attributes: { name, path }, relationships: { collection } } }`.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: bookmark, meta }`.
   * @throws {TypeError} When the document has no `data` member.
   * @throws {TransferAPIError} When the service refuses, e.g. 404 for an
   *   unknown collection, 409 for a name already used.
   */
  async createBookmark(
    data: BookmarkCreateDocument | Record<string, unknown>,
    options: TransferCallOptions = {},
  ): Promise<BookmarkV2Document> {
    checkCallOptions(CREATE_BOOKMARK, options);
    return await this.call("POST", "v2/bookmarks", {
      json: jsonApiDocument(
        "createBookmark",
        "data",
        data,
        "new BookmarkCreateDocument(collectionId, name, path)",
      ),
      query: mergeQuery("createBookmark", {}, options.queryParams),
      schema: BookmarkV2DocumentSchema,
      what: "bookmark",
      signal: options.signal,
    });
  }

  /**
   * Gets a bookmark: `GET /v2/bookmarks/{id}`;
   * `{ queryParams: { include: "collection" } }` adds its collection to
   * `included`.
   *
   * @param bookmarkId The bookmark id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: bookmark, included?, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getBookmark(
    bookmarkId: string,
    options: TransferCallOptions = {},
  ): Promise<BookmarkV2Document> {
    checkCallOptions(GET_BOOKMARK, options);
    const id = checkId("bookmarkId", bookmarkId);
    return await this.call("GET", `v2/bookmarks/${id}`, {
      query: mergeQuery("getBookmark", {}, options.queryParams),
      schema: BookmarkV2DocumentSchema,
      what: "bookmark",
      signal: options.signal,
    });
  }

  /**
   * Lists your bookmarks: `GET /v2/bookmarks` (a table in notebooks;
   * `for…of` walks its `data`); `{ queryParams: { include: "collection" } }`
   * adds their collections to `included`.
   *
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: [bookmark, …], included?, meta }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  async listBookmarks(
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<BookmarkV2List, BookmarkV2>> {
    checkCallOptions(LIST_BOOKMARKS, options);
    return displayBookmarkV2List(
      await this.call("GET", "v2/bookmarks", {
        query: mergeQuery("listBookmarks", {}, options.queryParams),
        schema: BookmarkV2ListSchema,
        what: "bookmark list",
        signal: options.signal,
      }),
    );
  }

  /**
   * Changes a bookmark's name and path: `PATCH /v2/bookmarks/{id}`.
   *
   * @param bookmarkId The bookmark id.
   * @param data A {@linkcode BookmarkUpdateDocument}, or
   *   `{ data: { type: "Bookmark", attributes: { name, path } } }`.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: bookmark, meta }`.
   * @throws {TypeError} When the document has no `data` member.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async updateBookmark(
    bookmarkId: string,
    data: BookmarkUpdateDocument | Record<string, unknown>,
    options: TransferCallOptions = {},
  ): Promise<BookmarkV2Document> {
    checkCallOptions(UPDATE_BOOKMARK, options);
    const id = checkId("bookmarkId", bookmarkId);
    return await this.call("PATCH", `v2/bookmarks/${id}`, {
      json: jsonApiDocument(
        "updateBookmark",
        "data",
        data,
        "new BookmarkUpdateDocument(name, path)",
      ),
      query: mergeQuery("updateBookmark", {}, options.queryParams),
      schema: BookmarkV2DocumentSchema,
      what: "bookmark",
      signal: options.signal,
    });
  }

  /**
   * Deletes a bookmark: `DELETE /v2/bookmarks/{id}`.
   *
   * @param bookmarkId The bookmark id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async deleteBookmark(
    bookmarkId: string,
    options: TransferCallOptions = {},
  ): Promise<BookmarkV2DeleteResult> {
    checkCallOptions(DELETE_BOOKMARK, options);
    const id = checkId("bookmarkId", bookmarkId);
    return await this.call("DELETE", `v2/bookmarks/${id}`, {
      query: mergeQuery("deleteBookmark", {}, options.queryParams),
      schema: BookmarkV2DeleteResultSchema,
      what: "bookmark delete result",
      signal: options.signal,
    });
  }

  /**
   * Creates a tunnel between two stream access points: `POST /v2/tunnels`,
   * as Python's `create_tunnel`. A document without
   * `data.attributes.submission_id` gets a fresh UUID first (set on the
   * document, as Python does; a {@linkcode TunnelCreateDocument} always has
   * one), so a retried POST cannot create two tunnels.
   *
   * @param data A {@linkcode TunnelCreateDocument} (or `CreateTunnelData`),
   *   or `{ data: { type: "Tunnel", relationships, attributes } }`.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: tunnel, meta }`.
   * @throws {TypeError} When the document has no `data` member.
   * @throws {TransferAPIError} When the service refuses.
   */
  async createTunnel(
    data: TunnelCreateDocument | CreateTunnelData | Record<string, unknown>,
    options: TransferCallOptions = {},
  ): Promise<TunnelDocument> {
    checkCallOptions(CREATE_TUNNEL, options);
    return await (await tunnelCalls()).createTunnel(
      this.call.bind(this),
      data,
      options,
      {
        submissionId: () => Promise.resolve(crypto.randomUUID()),
        builder: "new TunnelCreateDocument(initiatorId, listenerId, { label })",
      },
    );
  }

  /**
   * Changes a tunnel: `PATCH /v2/tunnels/{id}`, e.g. its label, the
   * listener's contact details, or `new TunnelUpdateDocument({ state:
   * "STOPPING" })` to stop it.
   *
   * @param tunnelId The tunnel id.
   * @param updateDoc A {@linkcode TunnelUpdateDocument}, or the JSON:API patch document.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: tunnel, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async updateTunnel(
    tunnelId: string,
    updateDoc: TunnelUpdateDocument | Record<string, unknown>,
    options: TransferCallOptions = {},
  ): Promise<TunnelDocument> {
    checkCallOptions(UPDATE_TUNNEL, options);
    return await (await tunnelCalls()).updateTunnel(
      this.call.bind(this),
      tunnelId,
      updateDoc,
      options,
    );
  }

  /**
   * Gets a tunnel: `GET /v2/tunnels/{id}`.
   *
   * @param tunnelId The tunnel id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: tunnel, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getTunnel(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<TunnelDocument> {
    checkCallOptions(GET_TUNNEL, options);
    return await (await tunnelCalls()).getTunnel(
      this.call.bind(this),
      tunnelId,
      options,
    );
  }

  /**
   * Deletes a stopped tunnel and its data: `DELETE /v2/tunnels/{id}`.
   *
   * @param tunnelId The tunnel id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: null, meta }`.
   * @throws {TransferAPIError} e.g. 409 when the tunnel is still running.
   */
  async deleteTunnel(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<TunnelDeleteResult> {
    checkCallOptions(DELETE_TUNNEL, options);
    return await (await tunnelCalls()).deleteTunnel(
      this.call.bind(this),
      tunnelId,
      options,
    );
  }

  /**
   * Lists your tunnels: `GET /v2/tunnels` (a table in notebooks; `for…of`
   * walks its `data`).
   *
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: [tunnel, …], links, meta }`.
   * @throws {TransferAPIError} When the service refuses.
   */
  async listTunnels(
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<TunnelList, Tunnel>> {
    checkCallOptions(LIST_TUNNELS, options);
    return await (await tunnelCalls()).listTunnels(
      this.call.bind(this),
      options,
    );
  }

  /**
   * A tunnel's events, oldest first: `GET /v2/tunnels/{id}/events` (a
   * table in notebooks; `for…of` walks its `data`).
   *
   * @param tunnelId The tunnel id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: [TunnelEvent, …], links, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getTunnelEvents(
    tunnelId: string,
    options: TransferCallOptions = {},
  ): Promise<IterableTransferResponse<TunnelEventList, TunnelEvent>> {
    checkCallOptions(GET_TUNNEL_EVENTS, options);
    return await (await tunnelCalls()).getTunnelEvents(
      this.call.bind(this),
      tunnelId,
      options,
    );
  }

  /**
   * Gets a stream access point: `GET /v2/stream_access_points/{id}`.
   *
   * @param streamApId The stream access point id.
   * @param options Extra query parameters and an abort signal.
   * @returns `{ data: StreamAccessPoint, meta }`.
   * @throws {TransferAPIError} e.g. 404 `NotFound`.
   */
  async getStreamAccessPoint(
    streamApId: string,
    options: TransferCallOptions = {},
  ): Promise<StreamAccessPointDocument> {
    checkCallOptions(GET_STREAM_ACCESS_POINT, options);
    return await (await tunnelCalls()).getStreamAccessPoint(
      this.call.bind(this),
      streamApId,
      options,
    );
  }

  /**
   * Every stream access point you can use: `GET /v2/stream_access_points`,
   * following each page's `links.next` (Python's
   * `paginated.list_stream_access_points`, `JSONAPIPaginator`): the next
   * link's query is sent for the next page. `for await (const ap of
   * tc.listStreamAccessPoints())` walks every access point; `.pages()`
   * yields the pages (each a table in notebooks, walked by `for…of`).
   *
   * @param options Extra query parameters (for the first page) and an abort signal.
   * @returns A paginator of stream access points.
   * @throws {TransferAPIError} When the service refuses (as the walk runs).
   */
  listStreamAccessPoints(
    options: TransferCallOptions = {},
  ): Paginator<
    StreamAccessPoint,
    IterableTransferResponse<StreamAccessPointList, StreamAccessPoint>
  > {
    checkCallOptions(LIST_STREAM_ACCESS_POINTS, options);
    const first = mergeQuery("listStreamAccessPoints", {}, options.queryParams);
    return new DisplayPaginator(
      () =>
        jsonApiPages(async (next) =>
          displayStreamAccessPointList(
            await this.call("GET", "v2/stream_access_points", {
              query: next ?? first,
              schema: StreamAccessPointListSchema,
              what: "stream access point list",
              signal: options.signal,
            }),
          )
        ),
      (page) => page.data,
      STREAM_ACCESS_POINT_ITEM_COLUMNS,
    );
  }
}
registerClientOptions(TransferClientV2, TRANSFER_CLIENT_OPTIONS);
