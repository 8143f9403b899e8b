/**
 * Bookmarks of Transfer's `/v2/` JSON:API routes, and the documents
 * {@linkcode TransferClientV2.createBookmark} and
 * {@linkcode TransferClientV2.updateBookmark} take
 * ({@linkcode BookmarkCreateDocument}, {@linkcode BookmarkUpdateDocument},
 * as Python's `globus_sdk.experimental`).
 *
 * @module
 */
import type { JsonApiRelationship } from "../tunnel.ts";
import { describeValue } from "../_validate.ts";
import { checkOptions } from "../../core/_options.ts";
import type { JsonApiResource } from "./resources.ts";
import { kernelStack } from "../../core/_kernel_stack.ts";

/** A v2 bookmark's attributes. */
export interface BookmarkV2Attributes {
  /** The bookmark's name. */
  name?: string | null;
  /** The path on the collection. */
  path?: string | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/**
 * A v2 bookmark (`type: "Bookmark"`); its collection is
 * `relationships.collection.data.id`.
 */
export interface BookmarkV2 {
  /** `"Bookmark"`. */
  type: string;
  /** The bookmark id. */
  id: string;
  /** `name` and `path`. */
  attributes: BookmarkV2Attributes;
  /** `collection`: `{ data: { type: "Collection", id } }`. */
  relationships?: Record<string, JsonApiRelationship>;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: BookmarkV2, included?, meta }`: one bookmark. */
export interface BookmarkV2Document {
  /** The bookmark. */
  data: BookmarkV2;
  /** With `?include=collection`: its collection. */
  included?: JsonApiResource[] | null | undefined;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null | undefined;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: BookmarkV2[], included?, meta }`: your bookmarks. */
export interface BookmarkV2List {
  /** The bookmarks. */
  data: BookmarkV2[];
  /** With `?include=collection`: their collections. */
  included?: JsonApiResource[] | null;
  /** Paging links, when there are any. */
  links?: Record<string, unknown> | null;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** The answer of `DELETE /v2/bookmarks/{id}`: `{ meta }`. */
export interface BookmarkV2DeleteResult {
  /** `null` or absent. */
  data?: null;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** Options of the bookmark documents. */
export interface BookmarkDocumentOptions {
  /** More attributes, sent as they are (Python's `additional_fields`). */
  additionalFields?: Record<string, unknown> | undefined;
}

function text(doc: string, name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw kernelStack(
      new TypeError(
        `Cannot build the ${doc} as '${name}' must be a non-empty string: current value is ${
          describeValue(value)
        }`,
      ),
    );
  }
  return value;
}

function attributesOf(
  doc: string,
  name: unknown,
  path: unknown,
  options: BookmarkDocumentOptions,
): BookmarkV2Attributes {
  checkOptions(
    doc === "bookmark document"
      ? "BookmarkCreateDocument"
      : "BookmarkUpdateDocument",
    options,
    ["additionalFields"],
    { example: "{ additionalFields: { … } }" },
  );
  const extra = options.additionalFields;
  if (
    extra !== undefined &&
    (extra === null || typeof extra !== "object" || Array.isArray(extra))
  ) {
    throw kernelStack(
      new TypeError(
        `Cannot build the ${doc} as 'additionalFields' must be an object: current value is ${
          describeValue(extra)
        }`,
      ),
    );
  }
  return {
    name: text(doc, "name", name),
    path: text(doc, "path", path),
    ...extra,
  };
}

/**
 * The document of `createBookmark`, as Python's `BookmarkCreateDocument`:
 * `{ data: { type: "Bookmark", attributes: { name, path },
 * relationships: { collection: { data: { type: "Collection", id } } } } }`.
 *
 * @example Build a bookmark
 * ```ts
 * import { experimental } from "@globus-deno/sdk";
 * const { BookmarkCreateDocument } = experimental;
 * const doc = new BookmarkCreateDocument(
 *   "6c54cade-bde5-45c1-bdea-f4bd71dba2cc", // the collection
 *   "tutorial data",
 *   "/share/godata/",
 * );
 * console.log(doc.data.relationships.collection.data.id);
 * console.log(JSON.stringify(doc)); // {"data":{"type":"Bookmark",…}}
 * ```
 */
export class BookmarkCreateDocument {
  /** The JSON:API resource. */
  data: {
    type: "Bookmark";
    attributes: BookmarkV2Attributes;
    relationships: {
      collection: { data: { type: "Collection"; id: string } };
    };
  };

  /**
   * Creates the document.
   *
   * @param collection The collection id.
   * @param name The bookmark's name.
   * @param path The path on the collection.
   * @param options More attributes (`additionalFields`).
   * @throws {TypeError} When an argument is not a non-empty string.
   */
  constructor(
    collection: string,
    name: string,
    path: string,
    options: BookmarkDocumentOptions = {},
  ) {
    const doc = "bookmark document";
    const id = text(doc, "collection", collection);
    this.data = {
      type: "Bookmark",
      attributes: attributesOf(doc, name, path, options),
      relationships: {
        collection: { data: { type: "Collection", id } },
      },
    };
  }

  /**
   * The JSON document.
   *
   * @returns `{ data: … }`.
   */
  toJSON(): { data: BookmarkCreateDocument["data"] } {
    return { data: this.data };
  }
}

/**
 * The document of `updateBookmark`, as Python's `BookmarkUpdateDocument`:
 * `{ data: { type: "Bookmark", attributes: { name, path } } }`.
 *
 * @example Rename a bookmark
 * ```ts
 * import { experimental } from "@globus-deno/sdk";
 * const { BookmarkUpdateDocument } = experimental;
 * const doc = new BookmarkUpdateDocument("results 2026", "/~/results/");
 * console.log(doc.data.attributes); // { name: "results 2026", path: "/~/results/" }
 * ```
 */
export class BookmarkUpdateDocument {
  /** The JSON:API resource. */
  data: { type: "Bookmark"; attributes: BookmarkV2Attributes };

  /**
   * Creates the document.
   *
   * @param name The new name.
   * @param path The new path.
   * @param options More attributes (`additionalFields`).
   * @throws {TypeError} When `name` or `path` is not a non-empty string.
   */
  constructor(
    name: string,
    path: string,
    options: BookmarkDocumentOptions = {},
  ) {
    this.data = {
      type: "Bookmark",
      attributes: attributesOf(
        "bookmark update document",
        name,
        path,
        options,
      ),
    };
  }

  /**
   * The JSON document.
   *
   * @returns `{ data: … }`.
   */
  toJSON(): { data: BookmarkUpdateDocument["data"] } {
    return { data: this.data };
  }
}
