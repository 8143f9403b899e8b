/**
 * The emulator's `/v2/bookmarks` routes (Transfer's JSON:API bookmarks, as
 * `TransferClientV2` uses them): create (201), list and get (with
 * `?include=collection`), change name and path, delete. They are kept apart
 * from the `/v0.10/bookmark` ones (src/testing/bookmarks.ts says why).
 *
 * @module
 */
import { type StoredBookmark, v2BookmarkStoreFor } from "./bookmarks.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import type { TaskOwner } from "./tasks.ts";
import { TransferError } from "./transfer_service.ts";
import { bad, isObject } from "./transfer_admin_core.ts";
import { TransferTunnelRoutes } from "./transfer_tunnels.ts";

/** `/v2/` bookmarks, then the tunnel routes. Part of {@linkcode TransferAdminRoutes}. */
export class TransferV2BookmarkRoutes extends TransferTunnelRoutes {
  #resource(b: StoredBookmark): Record<string, unknown> {
    return {
      type: "Bookmark",
      id: b.id,
      attributes: { name: b.name, path: b.path },
      relationships: {
        collection: { data: { type: "Collection", id: b.endpoint_id } },
      },
    };
  }

  /** The `included` collections of `?include=collection`, once each. */
  #included(
    list: readonly StoredBookmark[],
    req: EmulatorRequest,
  ): { included?: Record<string, unknown>[] } {
    const include = (req.url.searchParams.get("include") ?? "").split(",");
    if (!include.includes("collection")) return {};
    const ids = [...new Set(list.map((b) => b.endpoint_id))];
    return {
      included: ids.flatMap((id) => {
        const c = this.service.collections.get(id);
        return c
          ? [{
            type: "Collection",
            id,
            attributes: { display_name: c.displayName, high_assurance: false },
          }]
          : [];
      }),
    };
  }

  #name(v: unknown, who: TaskOwner, except?: string): string {
    return v2BookmarkStoreFor(this.service.auth).checkName(
      who.id,
      v,
      "data.attributes.name",
      except,
    );
  }

  #path(v: unknown): string {
    if (typeof v !== "string" || !/^[/~]/.test(v)) {
      throw bad(
        "data.attributes.path is required and must be absolute (/…) or start at ~",
      );
    }
    return v;
  }

  /** The `data` of a `{ data: { type: "Bookmark", attributes, … } }` body. */
  #data(req: EmulatorRequest): Record<string, unknown> {
    const body = jsonBody(req);
    const data = isObject(body) ? body.data : undefined;
    if (!isObject(data) || data.type !== "Bookmark") {
      throw bad(
        "The body must be { data: { type: 'Bookmark', attributes, … } }",
      );
    }
    return data;
  }

  #bookmark(id: string, who: TaskOwner): StoredBookmark {
    const b = v2BookmarkStoreFor(this.service.auth).byId.get(id);
    if (!b || b.owner !== who.id) {
      throw new TransferError(404, "NotFound", `Bookmark ${id} not found`);
    }
    return b;
  }

  /**
   * Handles a `/v2/…` route: bookmarks here, the rest in the tunnel routes.
   *
   * @param req The request.
   * @param r The path below `v2/`.
   * @param who The caller.
   * @returns The response, or `null` when the route is not emulated.
   */
  override handleV2(
    req: EmulatorRequest,
    r: string,
    who: TaskOwner,
  ): EmulatorResponse | null {
    const mm = r.match(/^bookmarks(?:\/([^/]+))?$/);
    if (!mm) return super.handleV2(req, r, who);
    const m = req.method;
    const meta = { request_id: requestId() };
    const store = v2BookmarkStoreFor(this.service.auth);
    const id = mm[1];
    if (id === undefined && m === "GET") {
      const mine = store.of(who.id);
      return jsonResponse(200, {
        data: mine.map((b) => this.#resource(b)),
        ...this.#included(mine, req),
        meta,
      });
    }
    if (id === undefined && m === "POST") {
      const data = this.#data(req);
      const attrs = isObject(data.attributes) ? data.attributes : {};
      const rel = isObject(data.relationships) ? data.relationships : {};
      const col = isObject(rel.collection) ? rel.collection.data : undefined;
      const collection = isObject(col) ? col.id : undefined;
      if (typeof collection !== "string") {
        throw bad("data.relationships.collection.data.id is required");
      }
      const name = this.#name(attrs.name, who);
      const path = this.#path(attrs.path);
      this.collection(collection);
      const b = store.add({
        owner: who.id,
        name,
        endpoint_id: collection,
        path,
        pinned: false,
      });
      return jsonResponse(201, { data: this.#resource(b), meta });
    }
    if (id === undefined) return null;
    const b = this.#bookmark(id, who);
    if (m === "GET") {
      return jsonResponse(200, {
        data: this.#resource(b),
        ...this.#included([b], req),
        meta,
      });
    }
    if (m === "PATCH") {
      const data = this.#data(req);
      const attrs = isObject(data.attributes) ? data.attributes : {};
      const name = attrs.name === undefined
        ? b.name
        : this.#name(attrs.name, who, b.id);
      const path = attrs.path === undefined ? b.path : this.#path(attrs.path);
      b.name = name;
      b.path = path;
      return jsonResponse(200, { data: this.#resource(b), meta });
    }
    if (m === "DELETE") {
      store.byId.delete(b.id);
      return jsonResponse(200, { meta });
    }
    return null;
  }
}
