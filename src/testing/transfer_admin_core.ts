/**
 * The base of the emulator's {@linkcode TransferAdminRoutes}: collection
 * administrator permissions and pause rules (which really pause matching
 * tasks through the task engine's `pauseReason` hook; the rules are kept in
 * pause_rules.ts, with the emulator's Auth state, for the state file).
 *
 * @module
 */
import type { Collection } from "./collections.ts";
import { pathSegmentText } from "./http.ts";
import {
  PAUSE_FLAGS,
  type PauseRuleRecord,
  pauseRuleStoreFor,
} from "./pause_rules.ts";
import { Task, type TaskOwner, type TaskPause } from "./tasks.ts";
import { TransferError, type TransferService } from "./transfer_service.ts";
import { bad, taskNotFound } from "./transfer_service_core.ts";

export { PAUSE_FLAGS, type PauseRuleRecord };

/** What an administrator level may do. */
export type Level = "monitor" | "manager" | "administrator";

const LEVEL_ROLES: Record<Level, string[]> = {
  monitor: ["administrator", "activity_manager", "activity_monitor"],
  manager: ["administrator", "activity_manager"],
  administrator: ["administrator"],
};

export { bad };
export const denied = (message: string): TransferError =>
  new TransferError(403, "PermissionDenied", message);

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Permissions and pause rules. Part of {@linkcode TransferAdminRoutes}. */
export class TransferAdminCore {
  /** The pause rules by id (kept with the Auth state, for the state file). */
  protected readonly rules: Map<string, PauseRuleRecord>;

  /**
   * Creates the routes and hooks pause rules into the task engine.
   *
   * @param service The Transfer service (Auth state, collections, tasks).
   */
  constructor(readonly service: TransferService) {
    this.rules = pauseRuleStoreFor(service.auth).byId;
    service.tasks.pauseReason = (t) => this.#pauseOf(t);
  }

  protected get now(): number {
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

  protected can(c: Collection, identityId: string, level: Level): boolean {
    const roles = this.#roles(c, identityId);
    if (LEVEL_ROLES[level].some((r) => roles.includes(r))) return true;
    // A host's administrators manage the collections it hosts.
    const host = (c as { host?: { id: string } | null }).host;
    const hc = host ? this.service.collections.get(host.id) : undefined;
    return hc !== undefined && hc !== c && this.can(hc, identityId, level);
  }

  protected collection(id: string): Collection {
    const c = this.service.collections.get(id);
    if (!c) {
      throw new TransferError(
        404,
        "EndpointNotFound",
        `No such endpoint '${pathSegmentText(id)}'`,
      );
    }
    return c;
  }

  protected requireCollection(
    id: string,
    who: TaskOwner,
    level: Level,
  ): Collection {
    const c = this.collection(id);
    if (!this.can(c, who.id, level)) {
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
  protected taskCollections(t: Task): Collection[] {
    if (t.transfer) return [t.transfer.source, t.transfer.destination];
    return t.del ? [t.del.endpoint] : [];
  }

  protected taskVisible(t: Task, who: TaskOwner, level: Level): boolean {
    return this.taskCollections(t).some((c) => this.can(c, who.id, level));
  }

  protected adminTask(id: string, who: TaskOwner, level: Level): Task {
    const t = this.service.tasks.get(id);
    if (!(t instanceof Task)) {
      throw taskNotFound(id);
    }
    if (!this.taskVisible(t, who, level)) {
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
  protected ruleCovers(rule: PauseRuleRecord, c: Collection): boolean {
    if (rule.endpoint_id === c.id) return true;
    const host = (c as { host?: { id: string } | null }).host;
    return host?.id === rule.endpoint_id;
  }

  #ruleActive(rule: PauseRuleRecord): boolean {
    if (rule.start_time === null) return true;
    const at = Date.parse(rule.start_time);
    return Number.isNaN(at) || at <= this.now;
  }

  /** The rules that pause task `t` now. */
  #rulesFor(t: Task): PauseRuleRecord[] {
    const out: PauseRuleRecord[] = [];
    for (const rule of this.rules.values()) {
      if (!this.#ruleActive(rule)) continue;
      if (rule.identity_id !== null && rule.identity_id !== t.owner.id) {
        continue;
      }
      const hit = t.transfer
        ? (rule.flags.pause_task_transfer_read &&
          this.ruleCovers(rule, t.transfer.source)) ||
          (rule.flags.pause_task_transfer_write &&
            this.ruleCovers(rule, t.transfer.destination))
        : t.del !== null && rule.flags.pause_task_delete &&
          this.ruleCovers(rule, t.del.endpoint);
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

  protected ruleDoc(
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
      editable: c ? this.can(c, viewer, "manager") : false,
      ...rule.flags,
    };
  }

  protected pauseInfo(
    t: Task,
    admin: boolean,
    viewer: string,
  ): Record<string, unknown> {
    const side = t.adminPause?.side;
    return {
      DATA_TYPE: admin ? "pause_info" : "pause_info_limited",
      pause_rules: this.#rulesFor(t).map((r) =>
        this.ruleDoc(r, !admin, viewer)
      ),
      source_pause_message: side === "source"
        ? t.adminPause?.message ?? null
        : null,
      destination_pause_message: side === "destination"
        ? t.adminPause?.message ?? null
        : null,
    };
  }

  protected ruleFields(
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

  protected rule(id: string): PauseRuleRecord {
    const rule = this.rules.get(id);
    if (!rule) {
      throw new TransferError(
        404,
        "PauseRuleNotFound",
        `Pause rule ${id} not found`,
      );
    }
    return rule;
  }
}
