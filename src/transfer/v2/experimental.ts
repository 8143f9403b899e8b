/**
 * The Transfer part of the Python SDK's `globus_sdk.experimental`, exported
 * from `@globus-deno/sdk` as the `experimental` namespace:
 * {@linkcode TransferClientV2} (Transfer's `/v2/` JSON:API routes) and its
 * documents, {@linkcode BookmarkCreateDocument},
 * {@linkcode BookmarkUpdateDocument}, {@linkcode TunnelCreateDocument} and
 * {@linkcode TunnelUpdateDocument}. As in Python, these may still change.
 * A namespace, as Python's module, so that `BookmarkCreateDocument` (the
 * v2 class) does not take the name of `TransferClient.createBookmark`'s
 * document type.
 *
 * @example Port `from globus_sdk.experimental import …`
 * ```ts
 * import { experimental } from "@globus-deno/sdk";
 * const { BookmarkCreateDocument, TransferClientV2 } = experimental;
 * const tc = new TransferClientV2({
 *   fetch: () => Promise.resolve(Response.json({ data: [], meta: {} })),
 * });
 * const doc = new BookmarkCreateDocument(
 *   "6c54cade-bde5-45c1-bdea-f4bd71dba2cc",
 *   "tutorial data",
 *   "/share/godata/",
 * );
 * console.log(doc.data.attributes.name, (await tc.listBookmarks()).data.length);
 * ```
 *
 * @module
 */
export * from "./transfer_client_v2.ts";
export * from "./bookmark.ts";
export * from "./tunnel_documents.ts";
export type * from "./resources.ts";
