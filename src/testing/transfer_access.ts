/**
 * The Transfer emulator's access rules and roles of guest collections.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { Collection } from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  isoSeconds,
  jsonResponse,
  requestId,
  UUID_RE,
} from "./http.ts";
import { type PathError, resolvePath } from "./paths.ts";
import type { TaskOwner } from "./tasks.ts";
import {
  type AccessRuleRecord,
  bad,
  body,
  fail,
  label,
  optString,
  PRINCIPAL_TYPES,
  type RoleRecord,
  ROLES,
} from "./transfer_sharing_core.ts";
import { TransferGuestCollections } from "./transfer_guests.ts";

/** Access rules and roles. Part of {@linkcode TransferSharing}. */
export class TransferAccessRules extends TransferGuestCollections {
  protected noRole(c: Collection, roleId: string): PathError {
    return fail(404, "RoleNotFound", `No role '${roleId}' on ${label(c)}`);
  }

  protected rule(c: Collection, ruleId: string): AccessRuleRecord {
    const rule = (this.rules.get(c.id) ?? []).find((x) => x.id === ruleId);
    if (!rule) {
      throw fail(
        404,
        "AccessRuleNotFound",
        `No access rule '${ruleId}' on ${label(c)}`,
      );
    }
    return rule;
  }

  #ruleRole(c: Collection, owner: TaskOwner): RoleRecord | null {
    const mine = (this.roles.get(c.id) ?? []).filter((r) =>
      r.principal_type === "identity" && r.principal === owner.id
    );
    return mine.find((r) => r.role === "administrator") ??
      mine.find((r) => r.role === "access_manager") ?? null;
  }

  protected addRule(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.collection(id);
    this.guestOnly(c, "Access rules");
    this.requireRole(
      c,
      owner,
      ["administrator", "access_manager"],
      "add access rules",
    );
    const b = body(req);
    if (b.DATA_TYPE !== undefined && b.DATA_TYPE !== "access") {
      throw bad(`DATA_TYPE must be 'access', not '${b.DATA_TYPE}'`);
    }
    const type = optString(b, "principal_type");
    if (!type || !PRINCIPAL_TYPES.includes(type)) {
      throw bad(
        `'principal_type' must be one of ${PRINCIPAL_TYPES.join(", ")}`,
      );
    }
    let principal = optString(b, "principal") ?? "";
    if (type === "identity" || type === "group") {
      if (!UUID_RE.test(principal)) {
        throw bad(
          `'principal' must be the ${type} id (a UUID) for principal_type '${type}': current value is '${principal}'`,
        );
      }
      principal = principal.toLowerCase();
    } else if (principal !== "") {
      throw bad(`'principal' must be "" for principal_type '${type}'`);
    }
    const permissions = optString(b, "permissions");
    if (permissions !== "r" && permissions !== "rw") {
      throw bad("'permissions' must be 'r' or 'rw'");
    }
    if (type === "anonymous" && permissions === "rw") {
      throw bad("Anonymous access rules can only grant 'r'");
    }
    const rawPath = optString(b, "path");
    if (!rawPath || !rawPath.startsWith("/") || !rawPath.endsWith("/")) {
      throw fail(
        400,
        "ClientError.BadRequest.InvalidPath",
        `'path' must be an absolute folder path ending in '/' (e.g. "/shared/"): current value is '${rawPath}'`,
      );
    }
    const path = resolvePath(c, "/", rawPath).virtual;
    const folder = path === "/" ? "/" : path + "/";
    const expiration = this.#expiration(b);
    const list = this.rules.get(c.id) ?? [];
    if (
      list.some((x) =>
        x.principal_type === type && x.principal === principal &&
        x.path === folder
      )
    ) {
      throw fail(
        409,
        "Exists",
        `An access rule for ${type} '${principal}' on '${folder}' already exists`,
      );
    }
    const role = this.#ruleRole(c, owner);
    const rule: AccessRuleRecord = {
      id: randomUUID(),
      principal_type: type,
      principal,
      path: folder,
      permissions,
      role_id: role?.id ?? null,
      role_type: role?.role ?? null,
      create_time: isoSeconds(this.auth.clock.now()),
      expiration_date: expiration ?? null,
      notify_email: optString(b, "notify_email"),
      notify_message: optString(b, "notify_message"),
    };
    this.rules.set(c.id, [...list, rule]);
    return jsonResponse(201, {
      DATA_TYPE: "access_create_result",
      code: "Created",
      resource,
      request_id: requestId(),
      access_id: rule.id,
      message: "Access rule created successfully.",
    });
  }

  #expiration(b: Record<string, unknown>): string | null | undefined {
    if (!("expiration_date" in b)) return undefined;
    const v = optString(b, "expiration_date");
    if (v === null) return null;
    const t = Date.parse(v);
    if (Number.isNaN(t)) {
      throw bad(`'expiration_date' is not a date: '${v}'`);
    }
    return isoSeconds(t);
  }

  protected updateRule(
    c: Collection,
    ruleId: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    this.requireRole(
      c,
      owner,
      ["administrator", "access_manager"],
      "change its access rules",
    );
    const rule = this.rule(c, ruleId);
    const b = body(req);
    for (const [k, v] of Object.entries(b)) {
      if (["DATA_TYPE", "permissions", "expiration_date"].includes(k)) continue;
      if (v === (rule as unknown as Record<string, unknown>)[k]) continue;
      throw bad(
        `Field '${k}' of an access rule cannot be changed (only 'permissions' and 'expiration_date'); delete the rule and add another`,
      );
    }
    if ("permissions" in b) {
      const p = b.permissions;
      if (p !== "r" && p !== "rw") {
        throw bad("'permissions' must be 'r' or 'rw'");
      }
      if (rule.principal_type === "anonymous" && p === "rw") {
        throw bad("Anonymous access rules can only grant 'r'");
      }
      rule.permissions = p;
    }
    const exp = this.#expiration(b);
    if (exp !== undefined) rule.expiration_date = exp;
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Updated",
      message: `Access rule '${ruleId}' updated successfully`,
      request_id: requestId(),
      resource,
    });
  }

  // ---------------------------------------------------------------- roles

  protected addRole(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
  ): EmulatorResponse {
    const c = this.collection(id);
    this.guestOnly(c, "Roles");
    this.requireRole(c, owner, ["administrator"], "give roles");
    const b = body(req);
    if (b.DATA_TYPE !== undefined && b.DATA_TYPE !== "role") {
      throw bad(`DATA_TYPE must be 'role', not '${b.DATA_TYPE}'`);
    }
    const type = optString(b, "principal_type");
    if (type !== "identity" && type !== "group") {
      throw bad("'principal_type' must be 'identity' or 'group'");
    }
    const principal = (optString(b, "principal") ?? "").toLowerCase();
    if (!UUID_RE.test(principal)) {
      throw bad(`'principal' must be the ${type} id (a UUID)`);
    }
    const role = optString(b, "role");
    if (!role || !ROLES.includes(role)) {
      throw bad(`'role' must be one of ${ROLES.join(", ")}`);
    }
    const list = this.roles.get(c.id) ?? [];
    if (
      list.some((x) =>
        x.principal_type === type && x.principal === principal &&
        x.role === role
      )
    ) {
      throw fail(
        409,
        "Exists",
        `${type} '${principal}' already has the ${role} role on ${label(c)}`,
      );
    }
    const rec: RoleRecord = {
      id: randomUUID(),
      principal_type: type,
      principal,
      role,
    };
    this.roles.set(c.id, [...list, rec]);
    return jsonResponse(201, { DATA_TYPE: "role", ...rec });
  }

  protected deleteRole(
    c: Collection,
    roleId: string,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    this.guestOnly(c, "Roles");
    this.requireRole(c, owner, ["administrator"], "take roles away");
    const list = this.roles.get(c.id) ?? [];
    const role = list.find((x) => x.id === roleId);
    if (!role) throw this.noRole(c, roleId);
    if (
      role.role === "administrator" &&
      list.filter((x) => x.role === "administrator").length === 1
    ) {
      throw fail(
        409,
        "Conflict",
        `Role '${roleId}' is the last administrator role on ${
          label(c)
        }; give the role to someone else first`,
      );
    }
    this.roles.set(c.id, list.filter((x) => x.id !== roleId));
    // rules made through a role go with it
    this.rules.set(
      c.id,
      (this.rules.get(c.id) ?? []).filter((x) => x.role_id !== roleId),
    );
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Deleted",
      message: `Role '${roleId}' deleted successfully`,
      request_id: requestId(),
      resource,
    });
  }
}
