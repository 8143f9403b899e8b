/**
 * The emulator's Transfer routes beyond files and tasks: bookmarks, pause
 * rules and pause information, the endpoint manager (collection
 * administrators: tasks, admin cancel/pause/resume, pause rules, hosted and
 * monitored endpoints, access lists), and the `/v2/` tunnels and stream
 * access points. Pause rules and admin pauses really pause matching tasks
 * (through the task engine's `pauseReason` hook); deleting the rule or
 * resuming lets them go on. It is put together from one file per area:
 * transfer_admin_core.ts (permissions, pause rules),
 * transfer_bookmarks.ts, transfer_endpoint_manager.ts, transfer_tunnels.ts,
 * transfer_bookmarks_v2.ts (`/v2/bookmarks`);
 * this file routes the `/v0.10/` requests.
 *
 * @module
 */
import { bookmarkStoreFor } from "./bookmarks.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
} from "./http.ts";
import { Task, type TaskOwner } from "./tasks.ts";
import { denied } from "./transfer_admin_core.ts";
import { taskNotFound } from "./transfer_service_core.ts";
import { TransferV2BookmarkRoutes } from "./transfer_bookmarks_v2.ts";

export { EMULATOR_STREAM_ACCESS_POINTS } from "./transfer_tunnels.ts";

/** The bookmark, pause, endpoint-manager, tunnel and v2 bookmark routes. */
export class TransferAdminRoutes extends TransferV2BookmarkRoutes {
  /**
   * Handles a `/v0.10/…` route of this module.
   *
   * @param req The request.
   * @param r The path below `v0.10/`.
   * @param who The caller.
   * @param resource The resource path, for bodies.
   * @returns The response, or `null` when the route is not one of these.
   */
  async handle(
    req: EmulatorRequest,
    r: string,
    who: TaskOwner,
    resource: string,
  ): Promise<EmulatorResponse | null> {
    const m = req.method;
    const q = req.url.searchParams;
    let mm: RegExpMatchArray | null;
    if (r === "bookmark_list" && m === "GET") {
      return jsonResponse(200, {
        DATA_TYPE: "bookmark_list",
        DATA: bookmarkStoreFor(this.service.auth).of(who.id).map((b) =>
          this.bookmarkDoc(b)
        ),
      });
    }
    if ((mm = r.match(/^bookmark(?:\/([^/]+))?$/))) {
      return this.bookmarks(m, mm[1], req, who, resource);
    }
    if ((mm = r.match(/^task\/([^/]+)\/pause_info$/)) && m === "GET") {
      const id = mm[1] ?? "";
      const t = this.service.tasks.get(id);
      if (!t) {
        throw taskNotFound(id);
      }
      const ownerId = t instanceof Task ? t.owner.id : t.range.owner.id;
      if (ownerId !== who.id) throw denied(`You do not own task ${id}`);
      return jsonResponse(
        200,
        t instanceof Task ? this.pauseInfo(t, false, who.id) : {
          DATA_TYPE: "pause_info_limited",
          pause_rules: [],
          source_pause_message: null,
          destination_pause_message: null,
        },
      );
    }
    if (
      (mm = r.match(/^endpoint\/([^/]+)\/my_effective_pause_rule_list$/)) &&
      m === "GET"
    ) {
      const c = this.collection(mm[1] ?? "");
      const rules = [...this.rules.values()].filter((rule) =>
        this.ruleCovers(rule, c) &&
        (rule.identity_id === null || rule.identity_id === who.id)
      );
      return jsonResponse(200, {
        DATA_TYPE: "pause_rule_list",
        DATA: rules.map((rule) => this.ruleDoc(rule, true, who.id)),
      });
    }
    if (r.startsWith("endpoint_manager/")) {
      return await this.endpointManager(
        req,
        r.slice("endpoint_manager/".length),
        q,
        who,
        resource,
      );
    }
    return null;
  }
}
