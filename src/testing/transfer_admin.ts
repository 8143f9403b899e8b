/**
 * The emulator's Transfer routes beyond files and tasks: bookmarks, pause
 * rules and pause information, the endpoint manager (collection
 * administrators: tasks, admin cancel/pause/resume, pause rules, hosted and
 * monitored endpoints, access lists), and the `/v2/` tunnels and stream
 * access points. Pause rules and admin pauses really pause matching tasks
 * (through the task engine's `pauseReason` hook); deleting the rule or
 * resuming lets them go on.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { bookmarkStoreFor, type StoredBookmark } from "./bookmarks.ts";
import { type Collection, endpointDocument } from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  isoSeconds,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import { Task, type TaskOwner, type TaskPause } from "./tasks.ts";
import { TransferError, type TransferService } from "./transfer_service.ts";

/** The emulator's two stream access points (for tunnels). */
export const EMULATOR_STREAM_ACCESS_POINTS: Readonly<
  { initiator: string; listener: string }
> = Object.freeze({
  initiator: "80583f05-75f3-4825-b8a5-6c3edf0bbc5c",
  listener: "dd5fa993-749f-48fb-86cf-f07ad5797d7e",
});

/** The pause flags of a rule, each `true` unless the rule says otherwise. */
const PAUSE_FLAGS = [
  "pause_ls",
  "pause_mkdir",
  "pause_rename",
  "pause_symlink",
  "pause_task_delete",
  "pause_task_transfer_read",
  "pause_task_transfer_write",
] as const;

interface PauseRuleRecord {
  id: string;
  endpoint_id: string;
  identity_id: string | null;
  message: string;
  start_time: string | null;
  modified_by_id: string;
  flags: Record<(typeof PAUSE_FLAGS)[number], boolean>;
}

interface AdminCancelRecord {
  id: number;
  by: string;
  message: string;
  task_id_list: string[];
  done: boolean;
}

interface TunnelRecord {
  id: string;
  owner: string;
  initiator: string;
  listener: string;
  attributes: Record<string, unknown>;
  events: { id: number; attributes: Record<string, unknown> }[];
}

/** What an administrator level may do. */
type Level = "monitor" | "manager" | "administrator";

const LEVEL_ROLES: Record<Level, string[]> = {
  monitor: ["administrator", "activity_manager", "activity_monitor"],
  manager: ["administrator", "activity_manager"],
  administrator: ["administrator"],
};

const bad = (message: string): TransferError =>
  new TransferError(400, "ClientError.BadRequest", message);
const denied = (message: string): TransferError =>
  new TransferError(403, "PermissionDenied", message);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The bookmark, pause, endpoint-manager and tunnel routes. */
export class TransferAdminRoutes {
  readonly #rules = new Map<string, PauseRuleRecord>();
  readonly #cancels = new Map<number, AdminCancelRecord>();
  readonly #tunnels = new Map<string, TunnelRecord>();
  #nextCancel = 1;
  #nextEvent = 1;

  /**
   * Creates the routes and hooks pause rules into the task engine.
   *
   * @param service The Transfer service (Auth state, collections, tasks).
   */
  constructor(readonly service: TransferService) {
    service.tasks.pauseReason = (t) => this.#pauseOf(t);
  }

  get #now(): number {
    return this.service.auth.clock.now();
  }

  // ------------------------------------------------------------ permissions

  /** The roles `identityId` holds on `c` (its owner holds every role). */
  #roles(c: Collection, identityId: string): string[] {
    const rolesOf = (c as { rolesOf?: (id: string) => string[] }).rolesOf;
    const roles = rolesOf ? [...rolesOf(identityId)] : [];
    if (c.ownerId === identityId) {
      roles.push("administrator", "activity_manager", "activity_monitor");
    }
    return roles;
  }

  #can(c: Collection, identityId: string, level: Level): boolean {
    const roles = this.#roles(c, identityId);
    if (LEVEL_ROLES[level].some((r) => roles.includes(r))) return true;
    // A host's administrators manage the collections it hosts.
    const host = (c as { host?: { id: string } | null }).host;
    const hc = host ? this.service.collections.get(host.id) : undefined;
    return hc !== undefined && hc !== c && this.#can(hc, identityId, level);
  }

  #collection(id: string): Collection {
    const c = this.service.collections.get(id);
    if (!c) {
      throw new TransferError(
        404,
        "EndpointNotFound",
        `No such endpoint '${id}'`,
      );
    }
    return c;
  }

  #requireCollection(id: string, who: TaskOwner, level: Level): Collection {
    const c = this.#collection(id);
    if (!this.#can(c, who.id, level)) {
      throw denied(
        `You do not have the ${
          level === "monitor"
            ? "activity_monitor"
            : level === "manager"
            ? "activity_manager"
            : "administrator"
        } role on endpoint ${id} (${c.displayName})`,
      );
    }
    return c;
  }

  /** The collections a task uses: `[source, destination]` or `[endpoint]`. */
  #taskCollections(t: Task): Collection[] {
    if (t.transfer) return [t.transfer.source, t.transfer.destination];
    return t.del ? [t.del.endpoint] : [];
  }

  #taskVisible(t: Task, who: TaskOwner, level: Level): boolean {
    return this.#taskCollections(t).some((c) => this.#can(c, who.id, level));
  }

  #adminTask(id: string, who: TaskOwner, level: Level): Task {
    const t = this.service.tasks.get(id);
    if (!(t instanceof Task)) {
      throw new TransferError(404, "TaskNotFound", `Task ${id} not found`);
    }
    if (!this.#taskVisible(t, who, level)) {
      throw denied(
        `You do not have the ${
          level === "monitor" ? "activity_monitor" : "activity_manager"
        } role on the source or destination of task ${id}`,
      );
    }
    return t;
  }

  // ----------------------------------------------------------------- pauses

  /** Whether `rule` is on `c` or on the endpoint hosting it. */
  #ruleCovers(rule: PauseRuleRecord, c: Collection): boolean {
    if (rule.endpoint_id === c.id) return true;
    const host = (c as { host?: { id: string } | null }).host;
    return host?.id === rule.endpoint_id;
  }

  #ruleActive(rule: PauseRuleRecord): boolean {
    if (rule.start_time === null) return true;
    const at = Date.parse(rule.start_time);
    return Number.isNaN(at) || at <= this.#now;
  }

  /** The rules that pause task `t` now. */
  #rulesFor(t: Task): PauseRuleRecord[] {
    const out: PauseRuleRecord[] = [];
    for (const rule of this.#rules.values()) {
      if (!this.#ruleActive(rule)) continue;
      if (rule.identity_id !== null && rule.identity_id !== t.owner.id) {
        continue;
      }
      const hit = t.transfer
        ? (rule.flags.pause_task_transfer_read &&
          this.#ruleCovers(rule, t.transfer.source)) ||
          (rule.flags.pause_task_transfer_write &&
            this.#ruleCovers(rule, t.transfer.destination))
        : t.del !== null && rule.flags.pause_task_delete &&
          this.#ruleCovers(rule, t.del.endpoint);
      if (hit) out.push(rule);
    }
    return out;
  }

  #pauseOf(t: Task): TaskPause | null {
    const rules = this.#rulesFor(t);
    if (rules.length === 0 && t.adminPause === null) return null;
    return {
      ruleIds: rules.map((r) => r.id),
      message: t.adminPause?.message ?? rules[0]?.message ?? null,
    };
  }

  #ruleDoc(
    rule: PauseRuleRecord,
    limited: boolean,
    viewer: string,
  ): Record<string, unknown> {
    const c = this.service.collections.get(rule.endpoint_id);
    return {
      DATA_TYPE: limited ? "pause_rule_limited" : "pause_rule",
      id: rule.id,
      message: rule.message,
      start_time: rule.start_time,
      endpoint_id: rule.endpoint_id,
      endpoint_display_name: c?.displayName ?? null,
      identity_id: rule.identity_id,
      ...(limited ? {} : { modified_by_id: rule.modified_by_id }),
      created_by_host_manager: false,
      editable: c ? this.#can(c, viewer, "manager") : false,
      ...rule.flags,
    };
  }

  #pauseInfo(t: Task, admin: boolean, viewer: string): Record<string, unknown> {
    const side = t.adminPause?.side;
    return {
      DATA_TYPE: admin ? "pause_info" : "pause_info_limited",
      pause_rules: this.#rulesFor(t).map((r) =>
        this.#ruleDoc(r, !admin, viewer)
      ),
      source_pause_message: side === "source"
        ? t.adminPause?.message ?? null
        : null,
      destination_pause_message: side === "destination"
        ? t.adminPause?.message ?? null
        : null,
    };
  }

  #ruleFields(
    body: Record<string, unknown>,
    rule: PauseRuleRecord,
    creating: boolean,
  ): void {
    if (creating || body.message !== undefined) {
      if (typeof body.message !== "string" || body.message.trim() === "") {
        throw bad("'message' is required and must be a non-empty string");
      }
      rule.message = body.message;
    }
    if (body.identity_id !== undefined) {
      if (body.identity_id !== null && typeof body.identity_id !== "string") {
        throw bad("'identity_id' must be an identity id or null");
      }
      rule.identity_id = (body.identity_id as string | null) || null;
    }
    if (body.start_time !== undefined) {
      if (
        body.start_time !== null &&
        (typeof body.start_time !== "string" ||
          Number.isNaN(Date.parse(body.start_time)))
      ) {
        throw bad("'start_time' must be an ISO 8601 date-time or null");
      }
      rule.start_time = body.start_time as string | null;
    }
    for (const f of PAUSE_FLAGS) {
      if (body[f] === undefined) continue;
      if (typeof body[f] !== "boolean") throw bad(`'${f}' must be a boolean`);
      rule.flags[f] = body[f] as boolean;
    }
  }

  #rule(id: string): PauseRuleRecord {
    const rule = this.#rules.get(id);
    if (!rule) {
      throw new TransferError(
        404,
        "PauseRuleNotFound",
        `Pause rule ${id} not found`,
      );
    }
    return rule;
  }

  // -------------------------------------------------------------- bookmarks

  #bookmarkDoc(b: StoredBookmark): Record<string, unknown> {
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
    if (typeof v !== "string" || v.trim() === "") {
      throw bad("'name' is required and must be a non-empty string");
    }
    if (v.length > 128) throw bad("'name' must be at most 128 characters");
    const taken = bookmarkStoreFor(this.service.auth).of(who.id).some((b) =>
      b.name === v && b.id !== except
    );
    if (taken) {
      throw new TransferError(
        409,
        "Conflict",
        `A bookmark named '${v}' already exists`,
      );
    }
    return v;
  }

  #bookmarks(
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
      this.#collection(body.endpoint_id);
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
      return jsonResponse(200, this.#bookmarkDoc(b));
    }
    if (id === undefined) return null;
    const b = this.#bookmark(id, who);
    if (m === "GET") return jsonResponse(200, this.#bookmarkDoc(b));
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
      return jsonResponse(200, this.#bookmarkDoc(b));
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

  // ------------------------------------------------------------------ route

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
          this.#bookmarkDoc(b)
        ),
      });
    }
    if ((mm = r.match(/^bookmark(?:\/([^/]+))?$/))) {
      return this.#bookmarks(m, mm[1], req, who, resource);
    }
    if ((mm = r.match(/^task\/([^/]+)\/pause_info$/)) && m === "GET") {
      const id = mm[1] ?? "";
      const t = this.service.tasks.get(id);
      if (!t) {
        throw new TransferError(404, "TaskNotFound", `Task ${id} not found`);
      }
      const ownerId = t instanceof Task ? t.owner.id : t.range.owner.id;
      if (ownerId !== who.id) throw denied(`You do not own task ${id}`);
      return jsonResponse(
        200,
        t instanceof Task ? this.#pauseInfo(t, false, who.id) : {
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
      const c = this.#collection(mm[1] ?? "");
      const rules = [...this.#rules.values()].filter((rule) =>
        this.#ruleCovers(rule, c) &&
        (rule.identity_id === null || rule.identity_id === who.id)
      );
      return jsonResponse(200, {
        DATA_TYPE: "pause_rule_list",
        DATA: rules.map((rule) => this.#ruleDoc(rule, true, who.id)),
      });
    }
    if (r.startsWith("endpoint_manager/")) {
      return await this.#endpointManager(
        req,
        r.slice("endpoint_manager/".length),
        q,
        who,
        resource,
      );
    }
    return null;
  }

  async #endpointManager(
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
        this.#can(c, who.id, "monitor")
      );
    if (r === "monitored_endpoints" && m === "GET") {
      return jsonResponse(200, {
        DATA_TYPE: "endpoint_list",
        DATA: monitored().map((c) => endpointDocument(c, who.id)),
      });
    }
    if ((mm = r.match(/^endpoint\/([^/]+)(?:\/([a-z_]+))?$/)) && m === "GET") {
      const c = this.#requireCollection(mm[1] ?? "", who, "monitor");
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
      const t = this.#adminTask(id, who, "monitor");
      const sub = mm[2];
      if (sub === undefined) return jsonResponse(200, t.document(this.#now));
      if (sub === "pause_info") {
        return jsonResponse(200, this.#pauseInfo(t, true, who.id));
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
          const [src] = this.#taskCollections(t);
          t.adminPause = {
            message,
            side: src && this.#can(src, who.id, "manager")
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
        this.#requireCollection(filter, who, "monitor");
      } else if (mine.length === 0) {
        throw denied(
          "You do not have the activity_monitor role on any endpoint",
        );
      }
      const rules = [...this.#rules.values()].filter((rule) => {
        const c = this.service.collections.get(rule.endpoint_id);
        if (!c || !this.#can(c, who.id, "monitor")) return false;
        if (!filter) return true;
        return rule.endpoint_id === filter ||
          (c as { host?: { id: string } | null }).host?.id === filter;
      });
      return jsonResponse(200, {
        DATA_TYPE: "pause_rule_list",
        DATA: rules.map((rule) => this.#ruleDoc(rule, false, who.id)),
      });
    }
    if (r === "pause_rule" && m === "POST") {
      const body = jsonBody(req);
      if (!isObject(body)) throw bad("The body must be a pause rule document");
      if (typeof body.endpoint_id !== "string") {
        throw bad("'endpoint_id' is required");
      }
      const c = this.#requireCollection(body.endpoint_id, who, "manager");
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
      this.#ruleFields(body, rule, true);
      this.#rules.set(rule.id, rule);
      this.service.tasks.refreshPauses();
      return jsonResponse(200, this.#ruleDoc(rule, false, who.id));
    }
    if ((mm = r.match(/^pause_rule\/([^/]+)$/))) {
      const rule = this.#rule(mm[1] ?? "");
      const level: Level = m === "GET" ? "monitor" : "manager";
      this.#requireCollection(rule.endpoint_id, who, level);
      if (m === "GET") {
        return jsonResponse(200, this.#ruleDoc(rule, false, who.id));
      }
      if (m === "PUT") {
        const body = jsonBody(req);
        if (!isObject(body)) {
          throw bad("The body must be a pause rule document");
        }
        // endpoint_id cannot change (the service ignores it).
        this.#ruleFields(body, rule, false);
        rule.modified_by_id = who.id;
        this.service.tasks.refreshPauses();
        return jsonResponse(200, this.#ruleDoc(rule, false, who.id));
      }
      if (m === "DELETE") {
        this.#rules.delete(rule.id);
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
      this.#adminTask(id, who, "manager")
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
    if (endpoint) this.#requireCollection(endpoint, who, "monitor");
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
      tasks = taskIds.map((id) => this.#adminTask(id, who, "monitor"));
    } else {
      tasks = [...this.service.tasks.all].reverse().filter((t) =>
        this.#taskVisible(t, who, "monitor")
      );
    }
    const now = this.#now;
    tasks = tasks.filter((t) => {
      const doc = t.document(now);
      if (statuses && !statuses.includes(String(doc.status))) return false;
      if (ownerId && t.owner.id !== ownerId) return false;
      if (endpoint) {
        const [a, b] = this.#taskCollections(t);
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
      DATA: page.map((t) => t.document(now)),
    });
  }

  // --------------------------------------------------------------- tunnels

  #sap(id: string): Record<string, unknown> {
    const which = id === EMULATOR_STREAM_ACCESS_POINTS.listener
      ? "Listener"
      : id === EMULATOR_STREAM_ACCESS_POINTS.initiator
      ? "Initiator"
      : null;
    if (which === null) {
      throw new TransferError(
        404,
        "NotFound",
        `Stream access point ${id} not found`,
      );
    }
    const host = [...this.service.collections.values()][0];
    return {
      type: "StreamAccessPoint",
      id,
      attributes: {
        advertised_owner: this.service.auth.identities.get(
          host?.ownerId ?? "",
        )?.username ?? null,
        contact_email: null,
        contact_info: null,
        department: null,
        description: null,
        display_name: `Emulator ${which}`,
        info_link: null,
        keywords: null,
        organization: null,
        tlsftp_server: `tlsftp://127.0.0.1:443`,
      },
      relationships: {
        host_endpoint: { data: { id: host?.id ?? null, type: "Endpoint" } },
      },
    };
  }

  #tunnelDoc(t: TunnelRecord): Record<string, unknown> {
    return {
      type: "Tunnel",
      id: t.id,
      attributes: { ...t.attributes },
      relationships: {
        initiator: { data: { id: t.initiator, type: "StreamAccessPoint" } },
        listener: { data: { id: t.listener, type: "StreamAccessPoint" } },
        owner: { data: { id: t.owner, type: "Identity" } },
      },
    };
  }

  #tunnelEvent(
    t: TunnelRecord,
    code: string,
    description: string,
    details: string,
  ): void {
    t.events.push({
      id: this.#nextEvent++,
      attributes: {
        code,
        is_error: false,
        description,
        details,
        time: isoSeconds(this.#now).replace("+00:00", ""),
      },
    });
  }

  #tunnel(id: string, who: TaskOwner): TunnelRecord {
    const t = this.#tunnels.get(id);
    if (!t || t.owner !== who.id) {
      throw new TransferError(404, "NotFound", `Tunnel ${id} not found`);
    }
    return t;
  }

  /**
   * Handles a `/v2/…` route (tunnels, stream access points).
   *
   * @param req The request.
   * @param r The path below `v2/`.
   * @param who The caller.
   * @returns The response, or `null` when the route is not one of these.
   */
  handleV2(
    req: EmulatorRequest,
    r: string,
    who: TaskOwner,
  ): EmulatorResponse | null {
    const m = req.method;
    const meta = () => ({ request_id: requestId() });
    let mm: RegExpMatchArray | null;
    if ((mm = r.match(/^stream_access_points\/([^/]+)$/)) && m === "GET") {
      return jsonResponse(200, { data: this.#sap(mm[1] ?? ""), meta: meta() });
    }
    if (r === "tunnels" && m === "GET") {
      const mine = [...this.#tunnels.values()].filter((t) =>
        t.owner === who.id
      );
      return jsonResponse(200, {
        data: mine.map((t) => this.#tunnelDoc(t)),
        links: null,
        meta: meta(),
      });
    }
    if (r === "tunnels" && m === "POST") {
      const body = jsonBody(req);
      const data = isObject(body) ? body.data : undefined;
      if (!isObject(data) || data.type !== "Tunnel") {
        throw bad("The body must be { data: { type: 'Tunnel', … } }");
      }
      const rel = isObject(data.relationships) ? data.relationships : {};
      const ref = (name: string) => {
        const d = isObject(rel[name])
          ? (rel[name] as { data?: unknown }).data
          : undefined;
        const id = isObject(d) ? d.id : undefined;
        if (typeof id !== "string") {
          throw bad(`relationships.${name}.data.id is required`);
        }
        this.#sap(id);
        return id;
      };
      const initiator = ref("initiator");
      const listener = ref("listener");
      const attrs = isObject(data.attributes) ? data.attributes : {};
      const sub = attrs.submission_id;
      if (typeof sub !== "string" || sub === "") {
        throw bad("attributes.submission_id is required");
      }
      const dup = [...this.#tunnels.values()].find((t) =>
        t.attributes.submission_id === sub && t.owner === who.id
      );
      if (dup) {
        return jsonResponse(200, { data: this.#tunnelDoc(dup), meta: meta() });
      }
      const lifetime = attrs.lifetime_mins ?? 360;
      if (
        typeof lifetime !== "number" || !Number.isInteger(lifetime) ||
        lifetime < 1
      ) {
        throw bad("attributes.lifetime_mins must be a positive integer");
      }
      const t: TunnelRecord = {
        id: randomUUID(),
        owner: who.id,
        initiator,
        listener,
        attributes: {
          created_time: new Date(this.#now).toISOString().replace("Z", ""),
          initiator_ip_address: null,
          initiator_port: null,
          label: typeof attrs.label === "string" ? attrs.label : null,
          lifetime_mins: lifetime,
          listener_ip_address: null,
          listener_port: null,
          restartable: attrs.restartable === true,
          state: "AWAITING_LISTENER",
          status: "The tunnel is waiting for listening contact detail setup.",
          submission_id: sub,
        },
        events: [],
      };
      this.#tunnelEvent(
        t,
        "STARTED",
        "started",
        "Attempting tunnel establishment",
      );
      this.#tunnels.set(t.id, t);
      return jsonResponse(200, { data: this.#tunnelDoc(t), meta: meta() });
    }
    if ((mm = r.match(/^tunnels\/([^/]+)(\/events)?$/))) {
      const t = this.#tunnel(mm[1] ?? "", who);
      if (mm[2] && m === "GET") {
        return jsonResponse(200, {
          data: t.events.map((e) => ({ type: "TunnelEvent", ...e })),
          links: null,
          meta: meta(),
        });
      }
      if (mm[2]) return null;
      if (m === "GET") {
        return jsonResponse(200, { data: this.#tunnelDoc(t), meta: meta() });
      }
      if (m === "PATCH") return this.#patchTunnel(t, req, meta());
      if (m === "DELETE") {
        if (t.attributes.state !== "STOPPED") {
          throw new TransferError(
            409,
            "Conflict",
            `Tunnel ${t.id} is ${t.attributes.state}: stop it first (PATCH its state to STOPPING)`,
          );
        }
        this.#tunnels.delete(t.id);
        return jsonResponse(200, { data: null, meta: meta() });
      }
    }
    return null;
  }

  #patchTunnel(
    t: TunnelRecord,
    req: EmulatorRequest,
    meta: Record<string, unknown>,
  ): EmulatorResponse {
    const body = jsonBody(req);
    const data = isObject(body) ? body.data : undefined;
    if (!isObject(data) || !isObject(data.attributes)) {
      throw bad("The body must be { data: { type: 'Tunnel', attributes } }");
    }
    const a = data.attributes;
    if (a.label !== undefined) {
      if (typeof a.label !== "string") throw bad("label must be a string");
      t.attributes.label = a.label;
    }
    if (a.listener_ip_address !== undefined || a.listener_port !== undefined) {
      // The listener's contact details: the tunnel can be established.
      t.attributes.listener_ip_address = a.listener_ip_address ?? null;
      t.attributes.listener_port = a.listener_port ?? null;
      if (t.attributes.state === "AWAITING_LISTENER") {
        t.attributes.state = "ACTIVE";
        t.attributes.status = "The tunnel is active.";
        this.#tunnelEvent(
          t,
          "TUNNEL_ACTIVE",
          "tunnel is active",
          "Tunnel has been established",
        );
      }
    }
    if (a.state !== undefined) {
      if (a.state !== "STOPPING") {
        throw bad("state can only be set to STOPPING (to stop the tunnel)");
      }
      if (t.attributes.state !== "STOPPED") {
        // The emulator stops at once: STOPPING, then STOPPED.
        t.attributes.state = "STOPPED";
        t.attributes.status = "Tunnel stopped as requested.";
        this.#tunnelEvent(
          t,
          "TUNNEL_STOPPED",
          "tunnel has been stopped",
          "Tunnel stopped as requested.",
        );
      }
    }
    return jsonResponse(200, { data: this.#tunnelDoc(t), meta });
  }
}

function intParam(
  q: URLSearchParams,
  name: string,
  def: number,
  min: number,
  max: number,
): number {
  const raw = q.get(name);
  if (raw === null || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw bad(
      `Invalid '${name}' value '${raw}': must be an integer from ${min} to ${max}`,
    );
  }
  return n;
}
