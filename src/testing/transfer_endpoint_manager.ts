/**
 * The emulator's endpoint manager routes (`endpoint_manager/…`): tasks of
 * the collections one administers, admin cancel/pause/resume, pause rules,
 * hosted and monitored endpoints.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import {
  type Collection,
  endpointDocument,
  hostLegacyName,
} from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import type { Task, TaskOwner } from "./tasks.ts";
import { TransferError } from "./transfer_service.ts";
import {
  bad,
  denied,
  isObject,
  type Level,
  PAUSE_FLAGS,
  type PauseRuleRecord,
} from "./transfer_admin_core.ts";
import { TransferBookmarkRoutes } from "./transfer_bookmarks.ts";
import { intParam } from "./transfer_service_core.ts";

/**
 * A guest collection's root on its host (`/home/demo/share/`) joined with a
 * path inside the guest (a task's base path), or the root alone when the
 * path is not known.
 */
function joinHostPath(root: string, path: unknown): string {
  if (typeof path !== "string" || path.replace(/^\/+/, "") === "") {
    return root;
  }
  return `${root.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

interface AdminCancelRecord {
  id: number;
  by: string;
  message: string;
  task_id_list: string[];
  done: boolean;
}

/** The endpoint manager. Part of {@linkcode TransferAdminRoutes}. */
export class TransferEndpointManagerRoutes extends TransferBookmarkRoutes {
  readonly #cancels = new Map<number, AdminCancelRecord>();

  #nextCancel = 1;

  protected async endpointManager(
    req: EmulatorRequest,
    r: string,
    q: URLSearchParams,
    who: TaskOwner,
    resource: string,
  ): Promise<EmulatorResponse | null> {
    const m = req.method;
    let mm: RegExpMatchArray | null;
    const monitored = () =>
      [...this.service.collections.values()].filter((c) =>
        this.can(c, who.id, "monitor")
      );
    if (r === "monitored_endpoints" && m === "GET") {
      return jsonResponse(200, {
        DATA_TYPE: "endpoint_list",
        DATA: monitored().map((c) => endpointDocument(c, who.id)),
      });
    }
    if ((mm = r.match(/^endpoint\/([^/]+)(?:\/([a-z_]+))?$/)) && m === "GET") {
      const c = this.requireCollection(mm[1] ?? "", who, "monitor");
      const sub = mm[2];
      if (sub === undefined) {
        return jsonResponse(200, endpointDocument(c, who.id));
      }
      if (sub === "hosted_endpoint_list") {
        const hosted = [...this.service.collections.values()].filter((h) =>
          (h as { host?: { id: string } | null }).host?.id === c.id
        );
        return jsonResponse(200, {
          DATA_TYPE: "endpoint_list",
          DATA: hosted.map((h) => endpointDocument(h, who.id)),
        });
      }
      if (sub === "access_list") {
        // The collection's own access list route, asked as its owner would:
        // an administrator sees the same rules.
        const res = await this.service.handle({
          ...req,
          path: `v0.10/endpoint/${c.id}/access_list`,
        });
        return res;
      }
      return null;
    }
    if (r === "task_list" && m === "GET") return this.#adminTaskList(q, who);
    if (
      (mm = r.match(
        /^task\/([^/]+)(?:\/(event_list|pause_info|successful_transfers|skipped_errors))?$/,
      )) && m === "GET"
    ) {
      const id = mm[1] ?? "";
      const t = this.adminTask(id, who, "monitor");
      const sub = mm[2];
      if (sub === undefined) {
        return jsonResponse(200, this.#adminDocument(t, who, this.now));
      }
      if (sub === "pause_info") {
        return jsonResponse(200, this.pauseInfo(t, true, who.id));
      }
      if (sub === "event_list") {
        const limit = intParam(q, "limit", 10, 1, 1000);
        const offset = intParam(q, "offset", 0, 0, 1_000_000);
        const isError = q.get("filter_is_error");
        const list = isError === "1" || isError === "true"
          ? t.events.filter((e) => e.is_error)
          : t.events;
        const page = list.slice(offset, offset + limit);
        return jsonResponse(200, {
          DATA_TYPE: "event_list",
          length: page.length,
          limit,
          offset,
          total: list.length,
          DATA: page,
        });
      }
      const marker = intParam(q, "marker", 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intParam(q, "limit", 100, 1, 1000);
      if (sub === "successful_transfers") {
        const all = t.successful;
        const page = all.slice(marker, marker + limit);
        const next = marker + page.length;
        return jsonResponse(200, {
          DATA_TYPE: "successful_transfers",
          marker,
          next_marker: next < all.length ? next : null,
          DATA: page.map(([source_path, destination_path]) => ({
            DATA_TYPE: "successful_transfer",
            source_path,
            destination_path,
          })),
        });
      }
      const page = t.skipped.slice(marker, marker + limit);
      const next = marker + page.length;
      return jsonResponse(200, {
        DATA_TYPE: "skipped_errors",
        marker,
        next_marker: next < t.skipped.length ? next : null,
        DATA: page,
      });
    }
    if (r === "admin_cancel" && m === "POST") {
      const { message, tasks } = this.#taskIdBody(req, who, true);
      const rec: AdminCancelRecord = {
        id: this.#nextCancel++,
        by: who.id,
        message,
        task_id_list: tasks.map((t) => t.id),
        done: false,
      };
      this.#cancels.set(rec.id, rec);
      await Promise.all(
        tasks.map((t) => this.service.tasks.cancel(t.id, message)),
      );
      rec.done = true;
      return jsonResponse(200, this.#cancelDoc(rec));
    }
    if ((mm = r.match(/^admin_cancel\/([^/]+)$/)) && m === "GET") {
      const rec = this.#cancels.get(Number(mm[1]));
      if (!rec) {
        throw new TransferError(
          404,
          "AdminCancelNotFound",
          `Admin cancel ${mm[1]} not found`,
        );
      }
      if (rec.by !== who.id) {
        throw denied(`Admin cancel ${rec.id} was not made by you`);
      }
      return jsonResponse(200, this.#cancelDoc(rec));
    }
    if ((r === "admin_pause" || r === "admin_resume") && m === "POST") {
      const pause = r === "admin_pause";
      const { message, tasks } = this.#taskIdBody(req, who, pause);
      for (const t of tasks) {
        if (t.completionTime !== null) continue;
        if (pause) {
          const [src] = this.taskCollections(t);
          t.adminPause = {
            message,
            side: src && this.can(src, who.id, "manager")
              ? "source"
              : "destination",
          };
        } else t.adminPause = null;
      }
      this.service.tasks.refreshPauses();
      return jsonResponse(200, {
        DATA_TYPE: "result",
        code: pause ? "PauseAccepted" : "ResumeAccepted",
        message: `${pause ? "Pause" : "Resume"} request accepted for ${
          tasks.length === 1 ? "1 task" : `${tasks.length} tasks`
        }`,
        request_id: requestId(),
        resource,
      });
    }
    if (r === "pause_rule_list" && m === "GET") {
      const filter = q.get("filter_endpoint");
      const mine = monitored();
      if (filter) {
        this.requireCollection(filter, who, "monitor");
      } else if (mine.length === 0) {
        throw denied(
          "You do not have the activity_monitor role on any endpoint",
        );
      }
      const rules = [...this.rules.values()].filter((rule) => {
        const c = this.service.collections.get(rule.endpoint_id);
        if (!c || !this.can(c, who.id, "monitor")) return false;
        if (!filter) return true;
        return rule.endpoint_id === filter ||
          (c as { host?: { id: string } | null }).host?.id === filter;
      });
      return jsonResponse(200, {
        DATA_TYPE: "pause_rule_list",
        DATA: rules.map((rule) => this.ruleDoc(rule, false, who.id)),
      });
    }
    if (r === "pause_rule" && m === "POST") {
      const body = jsonBody(req);
      if (!isObject(body)) throw bad("The body must be a pause rule document");
      if (typeof body.endpoint_id !== "string") {
        throw bad("'endpoint_id' is required");
      }
      const c = this.requireCollection(body.endpoint_id, who, "manager");
      const rule: PauseRuleRecord = {
        id: randomUUID(),
        endpoint_id: c.id,
        identity_id: null,
        message: "",
        start_time: null,
        modified_by_id: who.id,
        flags: Object.fromEntries(
          PAUSE_FLAGS.map((f) => [f, true]),
        ) as PauseRuleRecord["flags"],
      };
      this.ruleFields(body, rule, true);
      this.rules.set(rule.id, rule);
      this.service.tasks.refreshPauses();
      return jsonResponse(200, this.ruleDoc(rule, false, who.id));
    }
    if ((mm = r.match(/^pause_rule\/([^/]+)$/))) {
      const rule = this.rule(mm[1] ?? "");
      const level: Level = m === "GET" ? "monitor" : "manager";
      this.requireCollection(rule.endpoint_id, who, level);
      if (m === "GET") {
        return jsonResponse(200, this.ruleDoc(rule, false, who.id));
      }
      if (m === "PUT") {
        const body = jsonBody(req);
        if (!isObject(body)) {
          throw bad("The body must be a pause rule document");
        }
        // endpoint_id cannot change (the service ignores it).
        this.ruleFields(body, rule, false);
        rule.modified_by_id = who.id;
        this.service.tasks.refreshPauses();
        return jsonResponse(200, this.ruleDoc(rule, false, who.id));
      }
      if (m === "DELETE") {
        this.rules.delete(rule.id);
        this.service.tasks.refreshPauses();
        return jsonResponse(200, {
          DATA_TYPE: "result",
          code: "Deleted",
          message: "Pause rule deleted successfully",
          request_id: requestId(),
          resource,
        });
      }
    }
    return null;
  }

  /**
   * The task document an administrator sees (`endpoint_manager/task/{id}`,
   * `endpoint_manager/task_list`): the owner's document plus, for each side,
   * the host endpoint and mapped collection it is on and the local user
   * with its status (see `#side`).
   */
  #adminDocument(
    t: Task,
    who: TaskOwner,
    now: number,
  ): Record<string, unknown> {
    const doc = t.document(now);
    const src = t.transfer?.source ?? t.del?.endpoint ?? null;
    const dst = t.transfer?.destination ?? null;
    return {
      ...doc,
      ...this.#side("source", src, doc, who),
      ...this.#side("destination", dst, doc, who),
    };
  }

  /**
   * One side's administrator fields, as the real service sends them:
   *
   * - a guest collection: `*_host_endpoint*` and `*_mapped_collection_*`
   *   are its host (mapped) collection, and `*_host_path` is the guest's
   *   root on the host, joined with `*_base_path` when the task has one;
   * - otherwise, a mapped collection itself included (the recorded task's
   *   destination has a local user and no mapped collection id), or no
   *   such side (a DELETE's destination): all `null`.
   *
   * `*_local_user_status` is `"OK"` (and `*_local_user` shown) when the
   * viewer administers that side (or its host), `"NO_PERMISSION"` (and
   * `*_local_user` hidden as `null`) when not, `null` for no such side.
   */
  #side(
    side: "source" | "destination",
    c: Collection | null,
    doc: Record<string, unknown>,
    who: TaskOwner,
  ): Record<string, unknown> {
    const host = c?.host;
    // The host collection's current name (it may have been renamed).
    const hostName = host
      ? this.service.collections.get(host.id)?.displayName ?? host.displayName
      : null;
    const visible = c !== null && this.can(c, who.id, "monitor");
    return {
      [`${side}_host_endpoint`]: c ? hostLegacyName(c) : null,
      [`${side}_host_endpoint_id`]: host?.id ?? null,
      [`${side}_host_endpoint_display_name`]: hostName,
      [`${side}_host_path`]: host
        ? joinHostPath(host.path, doc[`${side}_base_path`])
        : null,
      [`${side}_mapped_collection_id`]: host?.id ?? null,
      [`${side}_mapped_collection_display_name`]: hostName,
      [`${side}_local_user`]: visible
        ? doc[`${side}_local_user`] ?? null
        : null,
      [`${side}_local_user_status`]: c === null
        ? null
        : visible
        ? "OK"
        : "NO_PERMISSION",
    };
  }

  #cancelDoc(rec: AdminCancelRecord): Record<string, unknown> {
    return {
      DATA_TYPE: "admin_cancel",
      id: rec.id,
      message: rec.message,
      task_id_list: rec.task_id_list,
      done: rec.done,
    };
  }

  /** `{ message, task_id_list }` of admin_cancel/pause/resume, checked. */
  #taskIdBody(
    req: EmulatorRequest,
    who: TaskOwner,
    needsMessage: boolean,
  ): { message: string; tasks: Task[] } {
    const body = jsonBody(req);
    if (!isObject(body)) throw bad("The body must be a JSON object");
    const ids = body.task_id_list;
    if (
      !Array.isArray(ids) || ids.length === 0 ||
      ids.some((x) => typeof x !== "string")
    ) {
      throw bad("'task_id_list' must be a non-empty list of task ids");
    }
    if (ids.length > 1000) {
      throw bad("'task_id_list' may hold at most 1000 task ids");
    }
    let message = "";
    if (needsMessage) {
      if (typeof body.message !== "string" || body.message.trim() === "") {
        throw bad("'message' is required and must be a non-empty string");
      }
      message = body.message;
    }
    const tasks = (ids as string[]).map((id) =>
      this.adminTask(id, who, "manager")
    );
    return { message, tasks };
  }

  #adminTaskList(q: URLSearchParams, who: TaskOwner): EmulatorResponse {
    const list = (name: string) =>
      q.get(name)?.split(",").map((s) => s.trim()).filter(Boolean);
    const statuses = list("filter_status");
    const taskIds = list("filter_task_id");
    const ownerId = q.get("filter_owner_id");
    const endpoint = q.get("filter_endpoint");
    const use = q.get("filter_endpoint_use");
    const pausedRaw = q.get("filter_is_paused");
    const completion = q.get("filter_completion_time");
    const minFaults = q.get("filter_min_faults");
    const localUser = q.get("filter_local_user");
    const running = statuses !== undefined && statuses.length > 0 &&
      statuses.every((s) => s === "ACTIVE" || s === "INACTIVE");
    if (!running && !taskIds && !endpoint) {
      throw bad(
        "filter_task_id or filter_endpoint is required unless filter_status is a subset of ACTIVE,INACTIVE",
      );
    }
    if (taskIds && (statuses || ownerId || endpoint || pausedRaw)) {
      throw bad("filter_task_id cannot be combined with other filters");
    }
    if (taskIds && taskIds.length > 50) {
      throw bad("filter_task_id accepts at most 50 task ids");
    }
    if (use && !endpoint) {
      throw bad("filter_endpoint_use requires filter_endpoint");
    }
    if (use && use !== "source" && use !== "destination") {
      throw bad("filter_endpoint_use must be 'source' or 'destination'");
    }
    if (localUser && !endpoint) {
      throw bad("filter_local_user requires filter_endpoint");
    }
    let paused: boolean | null = null;
    if (pausedRaw !== null) {
      const v = pausedRaw.toLowerCase();
      if (!["true", "false", "1", "0"].includes(v)) {
        throw bad("filter_is_paused must be true or false");
      }
      if (!running) {
        throw bad(
          "filter_is_paused requires filter_status within ACTIVE,INACTIVE",
        );
      }
      paused = v === "true" || v === "1";
    }
    if (endpoint) this.requireCollection(endpoint, who, "monitor");
    let range: [number, number] | null = null;
    if (completion) {
      const parts = completion.split(",");
      const at = (s: string | undefined, open: number) => {
        const text = (s ?? "").trim();
        if (text === "") return open;
        const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(text)
          ? text
          : `${text.replace(" ", "T")}Z`;
        const ms = Date.parse(zoned);
        if (Number.isNaN(ms)) {
          throw bad(`filter_completion_time: '${text}' is not a date-time`);
        }
        return ms;
      };
      if (parts.length !== 2) {
        throw bad("filter_completion_time must be START,END");
      }
      range = [at(parts[0], -Infinity), at(parts[1], Infinity)];
    }
    let tasks: Task[];
    if (taskIds) {
      tasks = taskIds.map((id) => this.adminTask(id, who, "monitor"));
    } else {
      tasks = [...this.service.tasks.all].reverse().filter((t) =>
        this.taskVisible(t, who, "monitor")
      );
    }
    const now = this.now;
    tasks = tasks.filter((t) => {
      const doc = t.document(now);
      if (statuses && !statuses.includes(String(doc.status))) return false;
      if (ownerId && t.owner.id !== ownerId) return false;
      if (endpoint) {
        const [a, b] = this.taskCollections(t);
        const src = a?.id === endpoint ||
          (a as { host?: { id: string } | null } | undefined)?.host?.id ===
            endpoint;
        const dst = t.transfer !== null && (b?.id === endpoint ||
          (b as { host?: { id: string } | null } | undefined)?.host?.id ===
            endpoint);
        if (
          use === "source" ? !src : use === "destination" ? !dst : !src && !dst
        ) {
          return false;
        }
        if (localUser) {
          const users = [doc.source_local_user, doc.destination_local_user];
          if (!users.includes(localUser)) return false;
        }
      }
      if (paused !== null && doc.is_paused !== paused) return false;
      if (range) {
        if (t.completionTime === null) {
          if (range[1] !== Infinity) return false;
        } else if (t.completionTime < range[0] || t.completionTime > range[1]) {
          return false;
        }
      }
      if (minFaults !== null && Number(doc.faults ?? 0) < Number(minFaults)) {
        return false;
      }
      return true;
    });
    const limit = intParam(q, "limit", 100, 1, 1000);
    const lastKey = q.get("last_key");
    let start = 0;
    if (lastKey) {
      const i = tasks.findIndex((t) => t.id === lastKey);
      if (i < 0) throw bad(`Invalid last_key '${lastKey}'`);
      start = i + 1;
    }
    const page = tasks.slice(start, start + limit);
    const more = start + page.length < tasks.length;
    return jsonResponse(200, {
      DATA_TYPE: "task_list",
      has_next_page: more,
      last_key: page.length ? page[page.length - 1]?.id ?? null : lastKey,
      limit,
      DATA: page.map((t) => this.#adminDocument(t, who, now)),
    });
  }
}
