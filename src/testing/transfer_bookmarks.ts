/**
 * The emulator's bookmark routes (`bookmark_list`, `bookmark[/{id}]`).
 *
 * @module
 */
import { bookmarkStoreFor, type StoredBookmark } from "./bookmarks.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import type { TaskOwner } from "./tasks.ts";
import { TransferError } from "./transfer_service.ts";
import { bad, isObject, TransferAdminCore } from "./transfer_admin_core.ts";

/** Bookmarks. Part of {@linkcode TransferAdminRoutes}. */
export class TransferBookmarkRoutes extends TransferAdminCore {
  protected bookmarkDoc(b: StoredBookmark): Record<string, unknown> {
    return {
      DATA_TYPE: "bookmark",
      id: b.id,
      name: b.name,
      endpoint_id: b.endpoint_id,
      path: b.path,
      pinned: b.pinned,
    };
  }

  #bookmark(id: string, who: TaskOwner): StoredBookmark {
    const b = bookmarkStoreFor(this.service.auth).byId.get(id);
    if (!b || b.owner !== who.id) {
      throw new TransferError(
        404,
        "BookmarkNotFound",
        `Bookmark ${id} not found`,
      );
    }
    return b;
  }

  #bookmarkName(v: unknown, who: TaskOwner, except?: string): string {
    return bookmarkStoreFor(this.service.auth).checkName(
      who.id,
      v,
      "'name'",
      except,
    );
  }

  protected bookmarks(
    m: string,
    id: string | undefined,
    req: EmulatorRequest,
    who: TaskOwner,
    resource: string,
  ): EmulatorResponse | null {
    const store = bookmarkStoreFor(this.service.auth);
    if (id === undefined && m === "POST") {
      const body = jsonBody(req);
      if (!isObject(body)) throw bad("The body must be a bookmark document");
      const name = this.#bookmarkName(body.name, who);
      if (typeof body.endpoint_id !== "string") {
        throw bad("'endpoint_id' is required");
      }
      this.collection(body.endpoint_id);
      if (
        typeof body.path !== "string" || !/^[/~]/.test(body.path)
      ) {
        throw bad("'path' is required and must be absolute (/…) or start at ~");
      }
      const b = store.add({
        owner: who.id,
        name,
        endpoint_id: body.endpoint_id,
        path: body.path,
        pinned: body.pinned === true,
      });
      return jsonResponse(200, this.bookmarkDoc(b));
    }
    if (id === undefined) return null;
    const b = this.#bookmark(id, who);
    if (m === "GET") return jsonResponse(200, this.bookmarkDoc(b));
    if (m === "PUT") {
      const body = jsonBody(req);
      if (!isObject(body)) throw bad("The body must be a bookmark document");
      for (const k of ["endpoint_id", "path"]) {
        if (body[k] !== undefined && body[k] !== b[k as "path"]) {
          throw bad(
            `'${k}' of a bookmark cannot be changed; only 'name' and 'pinned' can (delete it and create another)`,
          );
        }
      }
      if (body.name !== undefined) {
        b.name = this.#bookmarkName(body.name, who, b.id);
      }
      if (body.pinned !== undefined) {
        if (typeof body.pinned !== "boolean") {
          throw bad("'pinned' must be a boolean");
        }
        b.pinned = body.pinned;
      }
      return jsonResponse(200, this.bookmarkDoc(b));
    }
    if (m === "DELETE") {
      store.byId.delete(b.id);
      return jsonResponse(200, {
        DATA_TYPE: "result",
        code: "Deleted",
        message: "Bookmark deleted successfully",
        request_id: requestId(),
        resource,
      });
    }
    return null;
  }
}
