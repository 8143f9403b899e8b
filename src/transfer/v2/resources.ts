/**
 * The JSON:API shapes of Transfer's `/v2/` routes that
 * {@linkcode TransferClientV2} returns besides bookmarks and tunnels:
 * included resources and stream access point lists.
 *
 * @module
 */
import type { JsonApiRelationship, StreamAccessPoint } from "../tunnel.ts";

/**
 * Any JSON:API resource, e.g. an entry of a response's `included` list (the
 * collections a bookmark list names, with `?include=collection`).
 */
export interface JsonApiResource {
  /** The resource type, e.g. `"Collection"`. */
  type: string;
  /** Its id. */
  id: string;
  /** Its attributes (e.g. `display_name`, `high_assurance`). */
  attributes?: Record<string, unknown>;
  /** Its relationships. */
  relationships?: Record<string, JsonApiRelationship>;
  /** Fields this type does not list. */
  [key: string]: unknown;
}

/** `{ data: StreamAccessPoint[], links, meta }`: one page of stream access points. */
export interface StreamAccessPointList {
  /** The access points of this page. */
  data: StreamAccessPoint[];
  /** Paging links: `links.next` names the next page (absent or `null` at the end). */
  links?: Record<string, unknown> | null;
  /** `{ request_id }`. */
  meta?: Record<string, unknown> | null;
  /** Fields this type does not list. */
  [key: string]: unknown;
}
