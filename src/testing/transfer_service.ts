/**
 * The Globus Transfer emulator (`/v0.10/…`): endpoint search and documents,
 * filesystem operations, task submission, listing and control. It is put
 * together from one file per area: transfer_service_core.ts (state,
 * authentication, checks), transfer_operations.ts, transfer_submission.ts;
 * this file routes requests and answers the task routes.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { endpointDocument } from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonBody,
  jsonResponse,
  requestId,
} from "./http.ts";
import { PathError } from "./paths.ts";
import {
  Task,
  type TaskEngine,
  type TaskFilter,
  type TaskOrder,
  type TaskOwner,
  type TimeRange,
} from "./tasks.ts";
import {
  bad,
  intParam,
  strValue,
  TransferError,
} from "./transfer_service_core.ts";
import { TransferAdminRoutes } from "./transfer_admin.ts";
import { TransferSubmission } from "./transfer_submission.ts";
import { canonicalId, canonicalRequest } from "./_canonical_ids.ts";

export { TransferError } from "./transfer_service_core.ts";

/** The task fields a task list can be ordered by. */
const TASK_ORDER_FIELDS = new Set([
  "task_id",
  "type",
  "status",
  "label",
  "request_time",
  "completion_time",
  "deadline",
  "source_endpoint_id",
  "destination_endpoint_id",
  "source_endpoint_display_name",
  "destination_endpoint_display_name",
  "files",
  "directories",
  "files_transferred",
  "files_skipped",
  "bytes_transferred",
  "subtasks_total",
  "subtasks_succeeded",
  "subtasks_failed",
  "faults",
]);

/**
 * Parses a task list's `orderby`: `field [ASC|DESC]`, comma-separated
 * (none: the service's order, newest first).
 *
 * @throws A 400 for an unknown field or direction.
 */
function taskOrder(orderby: string | null): TaskOrder[] {
  if (!orderby) return [];
  return orderby.split(",").map((part) => part.trim()).filter(Boolean).map(
    (part) => {
      const [field = "", dir = "ASC", ...extra] = part.split(/\s+/);
      if (!TASK_ORDER_FIELDS.has(field)) {
        throw bad(
          `Invalid orderby field '${field}': a task list is ordered by one of ${
            [...TASK_ORDER_FIELDS].join(", ")
          }`,
        );
      }
      if (extra.length > 0 || !/^(ASC|DESC)$/i.test(dir)) {
        throw bad(
          `Invalid orderby '${part}': write 'field ASC' or 'field DESC'`,
        );
      }
      return { field, desc: dir.toUpperCase() === "DESC" };
    },
  );
}

/**
 * Parses a task_list time filter, `START,END` with either end empty: a date
 * (`2026-01-31`) or a date and time (`2026-01-31 12:00:00`, `T` also
 * accepted, fractions allowed), in UTC unless it names a zone (`Z`,
 * `+02:00`).
 */
function timeRange(key: string, value: string): TimeRange {
  const parts = value.split(",");
  if (parts.length !== 2) {
    throw bad(
      `Invalid filter '${key}:${value}': expected START,END (either may be empty)`,
      "ClientError.BadRequest.InvalidFilter",
    );
  }
  const [from, to] = parts.map((p) => {
    const text = p.trim();
    if (text === "") return null;
    const m = text.match(
      /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/,
    );
    const zone = m?.[3]?.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2") ?? "Z";
    const ms = m ? Date.parse(`${m[1]}T${m[2] ?? "00:00:00"}${zone}`) : NaN;
    if (Number.isNaN(ms)) {
      throw bad(
        `Invalid filter '${key}:${value}': '${text}' is not a date or time (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)`,
        "ClientError.BadRequest.InvalidFilter",
      );
    }
    return ms;
  }) as [number | null, number | null];
  return { from, to };
}

/**
 * The answer to a route the emulator does not know: a 404 as the real
 * service gives for an unknown route, but with its own code and a message
 * that says "not emulated", so no test takes it for a real "not found".
 */
function notEmulated(method: string, resource: string): TransferError {
  return new TransferError(
    404,
    "ClientError.NotFound.NotEmulated",
    `Not emulated: the Globus emulator does not implement ${method} ${resource} (the real Transfer service may; the README's "The emulator" section lists what it serves)`,
  );
}

/** The Transfer emulator service. */
export class TransferService extends TransferSubmission {
  #adminRoutes: TransferAdminRoutes | undefined;
  /** Bookmarks, pauses, the endpoint manager and tunnels (transfer_admin.ts). */
  get admin(): TransferAdminRoutes {
    return this.#adminRoutes ??= new TransferAdminRoutes(this);
  }
  /**
   * Handles one request below the Transfer base.
   *
   * @param req The request.
   * @returns The response.
   */
  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const resource = "/" + req.path;
    // A task waiting to retry past its deadline (a fake clock moved on, or
    // updateTask moved the deadline) is FAILED in this request's answer.
    await this.tasks.expireDue();
    try {
      // Ids in any case, as Transfer reads them (answers use lowercase).
      return await this.#route(canonicalRequest(req), resource);
    } catch (e) {
      if (e instanceof TransferError) {
        return jsonResponse(
          e.status,
          {
            code: e.code,
            message: e.message,
            request_id: requestId(),
            resource,
            ...e.extra,
          },
          e.status === 401
            ? { "www-authenticate": 'Bearer realm="transfer"' }
            : {},
        );
      }
      if (e instanceof PathError) {
        return jsonResponse(e.status, {
          code: e.code,
          message: e.message,
          request_id: requestId(),
          resource,
        });
      }
      throw e;
    }
  }

  async #route(
    req: EmulatorRequest,
    resource: string,
  ): Promise<EmulatorResponse> {
    const m = req.method;
    const p = req.path.replace(/\/+$/, "");
    if (p.startsWith("v2/")) {
      const { owner } = this.authenticate(req);
      const res = this.admin.handleV2(req, p.slice("v2/".length), owner);
      if (res) return res;
      throw notEmulated(m, resource);
    }
    if (!p.startsWith("v0.10/")) {
      throw new TransferError(
        404,
        "ClientError.NotFound",
        `No such resource ${resource}`,
      );
    }
    const { token, owner } = this.authenticate(req);
    const r = p.slice("v0.10/".length);
    const q = req.url.searchParams;
    let mm: RegExpMatchArray | null;
    const shared = await this.sharing.handle(req, r, token, owner, resource);
    if (shared) return shared;
    if (r === "endpoint_search" && m === "GET") {
      return this.endpointSearch(q, owner);
    }
    if ((mm = r.match(/^endpoint\/([^/]+)$/)) && m === "GET") {
      const c = this.collection(mm[1] ?? "");
      return jsonResponse(200, endpointDocument(c, owner.id));
    }
    if ((mm = r.match(/^endpoint\/([^/]+)\/autoactivate$/)) && m === "POST") {
      return this.#autoactivate(this.collection(mm[1] ?? ""), q, resource);
    }
    if (
      (mm = r.match(/^operation\/endpoint\/([^/]+)\/(ls|mkdir|rename|stat)$/))
    ) {
      const c = this.collection(mm[1] ?? "");
      this.requireConsent(c, token);
      const op = mm[2];
      if (op === "ls" && m === "GET") {
        return await this.ls(c, q, owner, resource);
      }
      if (op === "stat" && m === "GET") return await this.stat(c, q, owner);
      if (op === "mkdir" && m === "POST") {
        return await this.mkdir(c, req, owner, resource);
      }
      if (op === "rename" && m === "POST") {
        return await this.rename(c, req, owner, resource);
      }
    }
    if (r === "submission_id" && m === "GET") {
      return jsonResponse(200, { value: randomUUID() });
    }
    if (r === "transfer" && m === "POST") {
      return this.submitTransfer(req, token, owner, resource);
    }
    if (r === "delete" && m === "POST") {
      return this.submitDelete(req, token, owner, resource);
    }
    if (r === "task_list" && m === "GET") return this.#taskList(q, owner);
    if (
      (mm = r.match(
        /^task\/([^/]+)(?:\/(cancel|event_list|successful_transfers|skipped_errors))?$/,
      ))
    ) {
      const id = mm[1] ?? "";
      const sub = mm[2];
      const found = this.task(id, owner);
      if (sub === undefined && m === "GET") {
        const doc = found instanceof Task
          ? found.document(this.auth.clock.now())
          : found.seeded;
        return jsonResponse(200, doc);
      }
      if (sub === undefined && m === "PUT") {
        return this.#updateTask(found, req, resource);
      }
      if (sub === "cancel" && m === "POST") {
        const code = await this.tasks.cancel(id);
        return jsonResponse(200, {
          DATA_TYPE: "result",
          code,
          message: code === "Canceled"
            ? "The task has been cancelled successfully."
            : "The task completed before the cancel request was processed.",
          resource,
          request_id: requestId(),
        });
      }
      if (sub === "event_list" && m === "GET") {
        const events = this.tasks.events(id) ?? [];
        const limit = intParam(q, "limit", 10, 1, 1000);
        const offset = intParam(q, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
        let list = events;
        // Repeated filter parameters (a list, as the SDKs send it) must
        // all match, as the clauses of one do.
        const f = q.getAll("filter").join("/");
        if (f) {
          const mErr = f.match(/is_error:(\d|true|false)/);
          if (mErr) {
            const want = mErr[1] === "1" || mErr[1] === "true";
            list = list.filter((e) => e.is_error === want);
          }
        }
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
      if (sub === "successful_transfers" && m === "GET") {
        const marker = intParam(q, "marker", 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(q, "limit", 100, 1, 1000);
        const res = this.tasks.successfulTransfers(id, marker, limit);
        const items = res?.items ?? [];
        const next = marker + items.length;
        return jsonResponse(200, {
          DATA_TYPE: "successful_transfers",
          marker,
          next_marker: next < (res?.total ?? 0) ? next : null,
          DATA: items.map((i) => ({ DATA_TYPE: "successful_transfer", ...i })),
        });
      }
      if (sub === "skipped_errors" && m === "GET") {
        const marker = intParam(q, "marker", 0, 0, Number.MAX_SAFE_INTEGER);
        const limit = intParam(q, "limit", 100, 1, 1000);
        const all = this.tasks.skippedErrors(id) ?? [];
        const page = all.slice(marker, marker + limit);
        const next = marker + page.length;
        return jsonResponse(200, {
          DATA_TYPE: "skipped_errors",
          marker,
          next_marker: next < all.length ? next : null,
          DATA: page,
        });
      }
    }
    const admin = await this.admin.handle(req, r, owner, resource);
    if (admin) return admin;
    throw notEmulated(m, resource);
  }

  /**
   * `POST endpoint/{id}/autoactivate` (Python SDK 3's
   * `endpoint_autoactivate`): every emulated collection is Globus Connect
   * Server v5, which needs no activation, so the answer is
   * `AlreadyActivated` with no expiry (`expires_in: -1`).
   */
  #autoactivate(
    c: ReturnType<TransferService["collection"]>,
    q: URLSearchParams,
    resource: string,
  ): EmulatorResponse {
    const ifExpiresIn = q.get("if_expires_in");
    if (ifExpiresIn !== null && !/^\d+$/.test(ifExpiresIn)) {
      throw bad(`Invalid if_expires_in '${ifExpiresIn}'`);
    }
    return jsonResponse(200, {
      DATA_TYPE: "activation_result",
      code: "AlreadyActivated",
      message:
        `Endpoint '${c.id}' does not need activation (Globus Connect Server v5)`,
      resource,
      request_id: requestId(),
      endpoint: c.id,
      activated: true,
      auto_activation_supported: true,
      expires_in: -1,
      expire_time: null,
      length: 0,
      DATA: [],
    });
  }

  #taskList(q: URLSearchParams, owner: TaskOwner): EmulatorResponse {
    const limit = intParam(q, "limit", 10, 1, 1000);
    const offset = intParam(q, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const filter: TaskFilter = {};
    // Repeated filter parameters (a list, as the SDKs send it) must all
    // match, as the clauses of one do.
    for (const part of q.getAll("filter").join("/").split("/")) {
      if (!part) continue;
      const i = part.indexOf(":");
      if (i < 0) {
        throw bad(
          `Invalid filter '${part}'`,
          "ClientError.BadRequest.InvalidFilter",
        );
      }
      const key = part.slice(0, i);
      const value = part.slice(i + 1);
      const list = value.split(",").map((s) => s.trim()).filter(Boolean);
      if (key === "status") filter.status = list.map((s) => s.toUpperCase());
      else if (key === "type") filter.type = list.map((s) => s.toUpperCase());
      else if (key === "task_id") filter.task_id = list.map(canonicalId);
      else if (key === "label") filter.label = value;
      else if (key === "request_time" || key === "completion_time") {
        filter[key] = timeRange(key, value);
      }
      // other keys are accepted and ignored
    }
    const { data, total } = this.tasks.list(
      owner.id,
      filter,
      offset,
      limit,
      taskOrder(q.get("orderby")),
    );
    return jsonResponse(200, {
      DATA_TYPE: "task_list",
      length: data.length,
      limit,
      offset,
      total,
      DATA: data,
    });
  }

  #updateTask(
    found: ReturnType<TaskEngine["get"]>,
    req: EmulatorRequest,
    resource: string,
  ): EmulatorResponse {
    if (!(found instanceof Task)) {
      throw new TransferError(
        409,
        "Conflict",
        "Seeded tasks cannot be updated",
      );
    }
    const body = (jsonBody(req) ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(body)) {
      if (!["DATA_TYPE", "label", "deadline"].includes(k)) {
        throw bad(`Field '${k}' cannot be updated`);
      }
    }
    if (body.label !== undefined) found.label = strValue(body.label, "label");
    if (body.deadline !== undefined) {
      const d = Date.parse(String(body.deadline));
      if (Number.isNaN(d)) {
        throw bad(`Invalid deadline '${String(body.deadline)}'`);
      }
      found.deadline = d;
      this.tasks.deadlineChanged(found);
    }
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Updated",
      message: "Updated task",
      request_id: requestId(),
      resource,
    });
  }
}
