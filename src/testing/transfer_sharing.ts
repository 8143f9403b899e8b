/**
 * The Transfer emulator's sharing and collection management: guest
 * collections (`POST shared_endpoint`), which are real collections rooted at
 * a folder of their host; their access rules (`endpoint/{id}/access…`),
 * which really grant and take away access; roles (`endpoint/{id}/role…`),
 * which decide who may manage the rules; guest collection lists, servers,
 * `PUT`/`DELETE endpoint/{id}` and the subscription routes.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import type { AuthStore, TokenRecord } from "./auth_store.ts";
import { type Collection, endpointDocument } from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  isoSeconds,
  jsonBody,
  jsonResponse,
  requestId,
  UUID_RE,
} from "./http.ts";
import { assertConfined, homeOf, PathError, resolvePath } from "./paths.ts";
import type { TaskOwner } from "./tasks.ts";

/** The emulator's one subscription (every built-in collection has it). */
export const EMULATOR_SUBSCRIPTION_ID = "964be8f5-5f9b-11e4-b64e-12313940394d";

/** An access rule as stored (the wire document's fields). */
export interface AccessRuleRecord {
  /** The rule id. */
  id: string;
  /** `identity`, `group`, `all_authenticated_users` or `anonymous`. */
  principal_type: string;
  /** The identity or group id, or `""`. */
  principal: string;
  /** The folder, ending in `/`. */
  path: string;
  /** `r` or `rw`. */
  permissions: "r" | "rw";
  /** The role the rule was made through. */
  role_id: string | null;
  /** That role's name. */
  role_type: string | null;
  /** When it was made. */
  create_time: string;
  /** When it stops granting access. */
  expiration_date: string | null;
  /** Where a notification went. */
  notify_email: string | null;
  /** The notification's message. */
  notify_message: string | null;
}

/** A role as stored. */
export interface RoleRecord {
  /** The role id. */
  id: string;
  /** `identity` or `group`. */
  principal_type: string;
  /** The identity or group id. */
  principal: string;
  /** The role. */
  role: string;
}

/** What is kept of a guest collection to make it again after a restart. */
export interface GuestRecord {
  /** The collection id. */
  id: string;
  /** The host collection id. */
  hostId: string;
  /** The host folder (virtual, ending in `/`). */
  hostPath: string;
  /** The name. */
  displayName: string;
  /** The description. */
  description: string | null;
  /** Keywords. */
  keywords: string | null;
  /** The creator. */
  ownerId: string;
  /** The creator's username. */
  ownerString: string;
  /** Fields set with `PUT endpoint/{id}`. */
  fields: Record<string, unknown>;
}

/** The sharing state, as saved in the emulator's state file. */
export interface SharingSnapshot {
  /** Guest collections. */
  guests: GuestRecord[];
  /** Access rules by collection id. */
  rules: Record<string, AccessRuleRecord[]>;
  /** Roles by collection id. */
  roles: Record<string, RoleRecord[]>;
  /** Endpoint fields set on built-in collections, by id. */
  fields?: Record<string, Record<string, unknown>>;
}

const ROLES = [
  "administrator",
  "access_manager",
  "activity_manager",
  "activity_monitor",
];
const PRINCIPAL_TYPES = [
  "identity",
  "group",
  "all_authenticated_users",
  "anonymous",
];
/** Fields `PUT endpoint/{id}` may change. */
const UPDATABLE = new Set([
  "acl_max_expiration_period_mins",
  "display_name",
  "organization",
  "department",
  "keywords",
  "description",
  "contact_email",
  "contact_info",
  "info_link",
  "owner_string",
  "default_directory",
  "force_encryption",
  "disable_verify",
  "public",
  "user_message",
  "user_message_link",
  "myproxy_server",
  "oauth_server",
]);

/** The sharing state of each running emulator (by its Auth store), for the state file. */
const live = new WeakMap<AuthStore, TransferSharing>();
/** State read from a state file before the Transfer service exists. */
const pending = new WeakMap<AuthStore, SharingSnapshot>();

/**
 * The sharing state to save with an emulator's state file.
 *
 * @param auth The emulator's Auth store.
 * @returns The snapshot, or `undefined` when there is none.
 */
export function sharingSnapshotFor(
  auth: AuthStore,
): SharingSnapshot | undefined {
  return live.get(auth)?.snapshot() ?? pending.get(auth);
}

/**
 * Restores sharing state read from a state file (now, or when the
 * emulator's Transfer service starts).
 *
 * @param auth The emulator's Auth store.
 * @param snapshot The saved state.
 */
export function restoreSharingFor(
  auth: AuthStore,
  snapshot: SharingSnapshot,
): void {
  const s = live.get(auth);
  if (s) s.restore(snapshot);
  else pending.set(auth, snapshot);
}

const fail = (status: number, code: string, message: string): PathError =>
  new PathError(status, code, message);
const bad = (message: string): PathError =>
  fail(400, "ClientError.BadRequest", message);

function body(req: EmulatorRequest): Record<string, unknown> {
  const b = jsonBody(req);
  if (!b || typeof b !== "object" || Array.isArray(b)) {
    throw bad("The request body must be a JSON object");
  }
  return b as Record<string, unknown>;
}

function optString(b: Record<string, unknown>, key: string): string | null {
  const v = b[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw bad(`'${key}' must be a string`);
  return v;
}

function label(c: Collection): string {
  return `'${c.displayName}' (${c.id})`;
}

/** The sharing routes and checks of the Transfer emulator. */
export class TransferSharing {
  /** Access rules by collection id. */
  readonly rules: Map<string, AccessRuleRecord[]> = new Map();
  /** Roles of guest collections by collection id. */
  readonly roles: Map<string, RoleRecord[]> = new Map();

  /**
   * Creates an instance.
   *
   * @param auth The Auth state (identities, clock).
   * @param collections The served collections (guest collections are added here).
   * @param requireConsent Throws when a token lacks a collection's data_access consent.
   */
  constructor(
    readonly auth: AuthStore,
    readonly collections: Map<string, Collection>,
    readonly requireConsent: (c: Collection, token: TokenRecord) => void,
  ) {
    live.set(auth, this);
    const saved = pending.get(auth);
    if (saved) {
      pending.delete(auth);
      this.restore(saved);
    }
  }

  // ------------------------------------------------------------- checks

  /**
   * The roles an identity holds on a collection: a guest collection's
   * role assignments, or (built-in collections) the owner's.
   *
   * @param c The collection.
   * @param identityId The identity.
   * @returns Role names.
   */
  effectiveRoles(c: Collection, identityId: string): string[] {
    if (!c.host) {
      return c.ownerId === identityId
        ? ["administrator", "activity_manager", "activity_monitor"]
        : [];
    }
    const out = new Set<string>();
    for (const r of this.roles.get(c.id) ?? []) {
      if (r.principal_type === "identity" && r.principal === identityId) {
        out.add(r.role);
      }
    }
    return ROLES.filter((r) => out.has(r));
  }

  #live(rule: AccessRuleRecord): boolean {
    if (rule.expiration_date === null) return true;
    const t = Date.parse(rule.expiration_date);
    return Number.isNaN(t) || t > this.auth.clock.now();
  }

  #matches(rule: AccessRuleRecord, identityId: string): boolean {
    if (!this.#live(rule)) return false;
    switch (rule.principal_type) {
      case "identity":
        return rule.principal === identityId;
      case "all_authenticated_users":
      case "anonymous":
        return true;
      default:
        return false; // the emulator has no groups
    }
  }

  /**
   * Refuses an operation on a guest collection path that no access rule
   * grants (403 `PermissionDenied`); other collections are not checked.
   *
   * @param c The collection.
   * @param owner Who asks.
   * @param virtual The resolved path (`/a/b`).
   * @param need `r` to read, `rw` to write.
   * @param shown The path as the caller wrote it, for the message.
   * @throws {PathError} When no rule grants it.
   */
  checkAccess(
    c: Collection,
    owner: TaskOwner,
    virtual: string,
    need: "r" | "rw",
    shown: string = virtual,
  ): void {
    if (!c.host) return;
    const dir = virtual.endsWith("/") ? virtual : virtual + "/";
    const ok = (this.rules.get(c.id) ?? []).some((r) =>
      this.#matches(r, owner.id) && dir.startsWith(r.path) &&
      (need === "r" || r.permissions === "rw")
    );
    if (!ok) {
      throw fail(
        403,
        "PermissionDenied",
        `No access rule on ${label(c)} lets ${owner.username} ${
          need === "r" ? "read" : "write"
        } '${shown}'`,
      );
    }
  }

  /**
   * Whether a collection shows in an endpoint search: a guest collection
   * only for those with a role or an access rule on it (or when public).
   *
   * @param c The collection.
   * @param identityId Who searches.
   * @returns `true` to list it.
   */
  visible(c: Collection, identityId: string): boolean {
    if (!c.host) return true;
    if (c.fields?.public === true) return true;
    return this.effectiveRoles(c, identityId).length > 0 ||
      (this.rules.get(c.id) ?? []).some((r) => this.#matches(r, identityId));
  }

  /**
   * The filter of the sharing search scopes.
   *
   * @param scope `shared-by-me`, `shared-with-me` or `hosted-by`.
   * @param identityId Who searches.
   * @param host `filter_host_endpoint`.
   * @returns A predicate.
   * @throws {PathError} For `hosted-by` without `filter_host_endpoint`.
   */
  scopeFilter(
    scope: string,
    identityId: string,
    host: string | null,
  ): (c: Collection) => boolean {
    if (scope === "hosted-by") {
      if (!host) {
        throw bad(
          "filter_scope 'hosted-by' requires filter_host_endpoint (the host collection's id)",
        );
      }
      return (c) => c.host?.id === host;
    }
    const manages = (c: Collection) =>
      this.effectiveRoles(c, identityId).some((r) =>
        r === "administrator" || r === "access_manager"
      );
    if (scope === "shared-by-me") return (c) => !!c.host && manages(c);
    return (c) =>
      !!c.host && !manages(c) &&
      (this.rules.get(c.id) ?? []).some((r) =>
        r.principal_type === "identity" && this.#matches(r, identityId)
      );
  }

  #collection(id: string): Collection {
    const c = this.collections.get(id);
    if (!c) throw fail(404, "EndpointNotFound", `No such endpoint '${id}'`);
    return c;
  }

  #requireRole(
    c: Collection,
    owner: TaskOwner,
    roles: string[],
    what: string,
  ): void {
    const have = this.effectiveRoles(c, owner.id);
    if (!roles.some((r) => have.includes(r))) {
      throw fail(
        403,
        "PermissionDenied",
        `You (${owner.username}) need the ${roles.join(" or ")} role on ${
          label(c)
        } to ${what}`,
      );
    }
  }

  #guestOnly(c: Collection, what: string): void {
    if (!c.host) {
      throw bad(
        `${what} are managed by the emulator only on guest collections, and ${
          label(c)
        } is a ${c.entityType}: make a guest collection on the mapped collection with POST shared_endpoint (createSharedEndpoint) and manage its ${what.toLowerCase()}`,
      );
    }
  }

  // ------------------------------------------------------------- routes

  /**
   * Answers a sharing or collection-management route, or `undefined` when
   * the route is not one of them.
   *
   * @param req The request.
   * @param r The path below `v0.10/`, without a trailing slash.
   * @param token The caller's token.
   * @param owner The caller.
   * @param resource The resource path, for answers.
   * @returns The response, or `undefined`.
   */
  async handle(
    req: EmulatorRequest,
    r: string,
    token: TokenRecord,
    owner: TaskOwner,
    resource: string,
  ): Promise<EmulatorResponse | undefined> {
    const m = req.method;
    const q = req.url.searchParams;
    if (r === "shared_endpoint" && m === "POST") {
      return await this.#createGuest(req, token, owner, resource);
    }
    const mm = r.match(/^endpoint\/([^/]+)(?:\/(.+))?$/);
    if (!mm) return undefined;
    const id = mm[1] ?? "";
    const sub = mm[2];
    if (sub === undefined) {
      if (m === "PUT") return this.#update(id, req, owner, resource);
      if (m === "DELETE") return this.#delete(id, owner, resource);
      return undefined;
    }
    if (sub === "access_list" && m === "GET") {
      const c = this.#collection(id);
      this.#guestOnly(c, "Access rules");
      this.#requireRole(
        c,
        owner,
        ["administrator", "access_manager"],
        "list its access rules",
      );
      const list = this.rules.get(c.id) ?? [];
      return jsonResponse(200, {
        DATA_TYPE: "access_list",
        endpoint: c.id,
        length: list.length,
        DATA: list.map((x) => ({ DATA_TYPE: "access", ...x })),
      });
    }
    if (sub === "access" && m === "POST") {
      return this.#addRule(id, req, owner, resource);
    }
    let am = sub.match(/^access\/([^/]+)$/);
    if (am) {
      const c = this.#collection(id);
      this.#guestOnly(c, "Access rules");
      const ruleId = am[1] ?? "";
      if (m === "GET") {
        this.#requireRole(
          c,
          owner,
          ["administrator", "access_manager"],
          "read its access rules",
        );
        return jsonResponse(200, {
          DATA_TYPE: "access",
          ...this.#rule(c, ruleId),
        });
      }
      if (m === "PUT") return this.#updateRule(c, ruleId, req, owner, resource);
      if (m === "DELETE") {
        this.#requireRole(
          c,
          owner,
          ["administrator", "access_manager"],
          "delete its access rules",
        );
        this.#rule(c, ruleId);
        this.rules.set(
          c.id,
          (this.rules.get(c.id) ?? []).filter((x) => x.id !== ruleId),
        );
        return jsonResponse(200, {
          DATA_TYPE: "result",
          code: "Deleted",
          message: `Access rule '${ruleId}' deleted successfully`,
          request_id: requestId(),
          resource,
        });
      }
      return undefined;
    }
    if (sub === "role_list" && m === "GET") {
      const c = this.#collection(id);
      this.#requireRole(c, owner, ROLES, "list its roles");
      return jsonResponse(200, {
        DATA_TYPE: "role_list",
        DATA: this.#roles(c).map((x) => ({ DATA_TYPE: "role", ...x })),
      });
    }
    if (sub === "role" && m === "POST") {
      return this.#addRole(id, req, owner);
    }
    am = sub.match(/^role\/([^/]+)$/);
    if (am) {
      const c = this.#collection(id);
      const roleId = am[1] ?? "";
      if (m === "GET") {
        this.#requireRole(c, owner, ROLES, "read its roles");
        const role = this.#roles(c).find((x) => x.id === roleId);
        if (!role) throw this.#noRole(c, roleId);
        return jsonResponse(200, { DATA_TYPE: "role", ...role });
      }
      if (m === "DELETE") return this.#deleteRole(c, roleId, owner, resource);
      return undefined;
    }
    if (sub === "my_shared_endpoint_list" && m === "GET") {
      const host = this.#collection(id);
      const list = this.#guestsOf(host).filter((g) =>
        this.effectiveRoles(g, owner.id).some((x) =>
          x === "administrator" || x === "access_manager"
        )
      );
      return jsonResponse(200, {
        DATA_TYPE: "endpoint_list",
        DATA: list.map((g) => this.#doc(g, owner.id)),
      });
    }
    if (sub === "shared_endpoint_list" && m === "GET") {
      const host = this.#collection(id);
      this.#requireRole(
        host,
        owner,
        ["administrator"],
        "list all of its guest collections",
      );
      const all = this.#guestsOf(host);
      const raw = q.get("max_results");
      const size = raw === null || raw === "" ? 1000 : Number(raw);
      if (!Number.isInteger(size) || size < 1 || size > 1000) {
        throw bad(
          `Invalid 'max_results' value '${raw}': must be an integer from 1 to 1000`,
        );
      }
      const token = q.get("next_token");
      let start = 0;
      if (token) {
        const n = Number(atob(token.replace(/[^A-Za-z0-9+/=]/g, "")));
        if (!Number.isInteger(n) || n < 0) {
          throw bad(`Invalid 'next_token' value '${token}'`);
        }
        start = n;
      }
      const page = all.slice(start, start + size);
      const next = start + page.length;
      return jsonResponse(200, {
        shared_endpoints: page.map((g) => this.#doc(g, owner.id)),
        next_token: next < all.length ? btoa(String(next)) : null,
      });
    }
    if (sub === "server_list" && m === "GET") {
      const c = this.#collection(id);
      const doc = endpointDocument(c, owner.id);
      return jsonResponse(200, {
        DATA_TYPE: "endpoint_server_list",
        endpoint: doc.canonical_name,
        DATA: doc.DATA,
      });
    }
    am = sub.match(/^server\/([^/]+)$/);
    if (am && m === "GET") {
      const c = this.#collection(id);
      const servers = endpointDocument(c, owner.id).DATA as {
        id: number;
      }[];
      const server = servers.find((s) => String(s.id) === am?.[1]);
      if (!server) {
        throw fail(
          404,
          "ServerNotFound",
          `No server '${am[1]}' on endpoint ${label(c)}`,
        );
      }
      return jsonResponse(200, server);
    }
    if (sub === "subscription" && m === "PUT") {
      return this.#setSubscription(id, req, owner, resource);
    }
    if (sub === "subscription_admin_verified" && m === "PUT") {
      return this.#setVerified(id, req, owner, resource);
    }
    return undefined;
  }

  #doc(c: Collection, viewerId: string): Record<string, unknown> {
    const doc = endpointDocument(c, viewerId);
    delete doc.DATA;
    return doc;
  }

  #guestsOf(host: Collection): Collection[] {
    return [...this.collections.values()].filter((c) => c.host?.id === host.id);
  }

  #roles(c: Collection): RoleRecord[] {
    if (c.host) return this.roles.get(c.id) ?? [];
    // a built-in collection: its owner is its administrator
    return [{
      id: `owner-${c.id}`,
      principal_type: "identity",
      principal: c.ownerId,
      role: "administrator",
    }];
  }

  #noRole(c: Collection, roleId: string): PathError {
    return fail(404, "RoleNotFound", `No role '${roleId}' on ${label(c)}`);
  }

  #rule(c: Collection, ruleId: string): AccessRuleRecord {
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

  // ----------------------------------------------------- guest collections

  async #createGuest(
    req: EmulatorRequest,
    token: TokenRecord,
    owner: TaskOwner,
    resource: string,
  ): Promise<EmulatorResponse> {
    const b = body(req);
    if (
      b.DATA_TYPE !== undefined && b.DATA_TYPE !== "shared_endpoint"
    ) {
      throw bad(`DATA_TYPE must be 'shared_endpoint', not '${b.DATA_TYPE}'`);
    }
    const hostId = optString(b, "host_endpoint") ??
      optString(b, "host_endpoint_id");
    if (!hostId) {
      throw bad(
        "'host_endpoint' is required: the id of the mapped collection to share a folder of",
      );
    }
    const host = this.#collection(hostId);
    if (!/mapped_collection$/.test(host.entityType)) {
      throw bad(
        `Guest collections can only be made on a mapped collection, and ${
          label(host)
        } is a ${host.entityType}`,
      );
    }
    this.requireConsent(host, token);
    const hostPath = optString(b, "host_path");
    if (!hostPath) {
      throw bad("'host_path' is required: the folder of the host to share");
    }
    const displayName = optString(b, "display_name");
    if (!displayName || displayName.trim() === "") {
      throw bad("'display_name' is required: the guest collection's name");
    }
    for (const k of Object.keys(b)) {
      if (
        !["DATA_TYPE", "host_endpoint", "host_endpoint_id", "host_path"]
          .includes(k) && !UPDATABLE.has(k)
      ) {
        throw bad(`Field '${k}' cannot be set on a guest collection`);
      }
    }
    const resolved = resolvePath(host, homeOf(owner.username), hostPath);
    await assertConfined(host, resolved.real);
    let st;
    try {
      st = await stat(resolved.real);
    } catch {
      st = undefined;
    }
    if (!st?.isDirectory()) {
      throw bad(
        `host_path '${hostPath}' is not a folder on ${
          label(host)
        }: make it first (operationMkdir) and share that`,
      );
    }
    const path = resolved.virtual === "/" ? "/" : resolved.virtual + "/";
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(b)) {
      if (
        UPDATABLE.has(k) &&
        !["display_name", "description", "keywords"].includes(k)
      ) {
        fields[k] = v;
      }
    }
    const g = this.#addGuest({
      id: randomUUID(),
      hostId: host.id,
      hostPath: path,
      displayName,
      description: optString(b, "description"),
      keywords: optString(b, "keywords"),
      ownerId: owner.id,
      ownerString: owner.username,
      fields,
    });
    const now = isoSeconds(this.auth.clock.now());
    this.roles.set(g.id, [{
      id: randomUUID(),
      principal_type: "identity",
      principal: owner.id,
      role: "administrator",
    }]);
    this.rules.set(g.id, [{
      id: randomUUID(),
      principal_type: "identity",
      principal: owner.id,
      path: "/",
      permissions: "rw",
      role_id: null,
      role_type: null,
      create_time: now,
      expiration_date: null,
      notify_email: null,
      notify_message: null,
    }]);
    return jsonResponse(201, {
      DATA_TYPE: "endpoint_create_result",
      code: "Created",
      globus_connect_setup_key: null,
      id: g.id,
      message: "Shared endpoint created successfully",
      request_id: requestId(),
      resource,
    });
  }

  /**
   * Makes (or makes again, from the state file) a guest collection.
   *
   * @param rec What is kept of it.
   * @returns The collection, now served.
   * @throws {Error} When its host is not served.
   */
  #addGuest(rec: GuestRecord): Collection {
    const host = this.collections.get(rec.hostId);
    if (!host) throw new Error(`host ${rec.hostId} of ${rec.id} is not served`);
    const dir = resolvePath(host, "/", rec.hostPath);
    const hostDir = dir.virtual === "/" ? "/" : dir.virtual + "/";
    const readOnlyPaths: string[] = [];
    for (const p of host.readOnlyPaths) {
      const pp = p.endsWith("/") ? p : p + "/";
      if (hostDir.startsWith(pp)) readOnlyPaths.push("/");
      else if (pp.startsWith(hostDir)) {
        readOnlyPaths.push(pp.slice(hostDir.length - 1));
      }
    }
    const g: Collection = {
      id: rec.id,
      displayName: rec.displayName,
      entityType: host.entityType.replace(
        /mapped_collection$/,
        "guest_collection",
      ),
      description: rec.description,
      requiresDataAccessConsent: false,
      ownerId: rec.ownerId,
      ownerString: rec.ownerString,
      readOnlyPaths,
      dir: dir.real,
      keywords: rec.keywords,
      host: { id: host.id, path: rec.hostPath, displayName: host.displayName },
      fields: { ...rec.fields },
      rolesOf: (identityId) => {
        const c = this.collections.get(rec.id);
        return c ? this.effectiveRoles(c, identityId) : [];
      },
    };
    Object.defineProperty(g.fields, "subscription_id", {
      get: () => host.fields?.subscription_id ?? EMULATOR_SUBSCRIPTION_ID,
      enumerable: true,
      configurable: true,
    });
    this.collections.set(g.id, g);
    return g;
  }

  #update(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.#collection(id);
    this.#requireRole(c, owner, ["administrator"], "update it");
    const b = body(req);
    for (const [k, v] of Object.entries(b)) {
      if (k === "DATA_TYPE") {
        if (v !== "endpoint" && v !== "shared_endpoint") {
          throw bad(`DATA_TYPE must be 'endpoint', not '${v}'`);
        }
        continue;
      }
      if (!UPDATABLE.has(k)) {
        throw bad(
          `Field '${k}' cannot be updated; the fields that can: ${
            [...UPDATABLE].join(", ")
          }`,
        );
      }
    }
    if ("display_name" in b) {
      const name = optString(b, "display_name");
      if (!name || name.trim() === "") {
        throw bad("'display_name' cannot be empty");
      }
      c.displayName = name;
    }
    if ("description" in b) c.description = optString(b, "description");
    if ("keywords" in b) c.keywords = optString(b, "keywords");
    c.fields ??= {};
    for (const [k, v] of Object.entries(b)) {
      if (
        k !== "DATA_TYPE" &&
        !["display_name", "description", "keywords"].includes(k)
      ) {
        c.fields[k] = v;
      }
    }
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Updated",
      message: "Endpoint updated successfully",
      request_id: requestId(),
      resource,
    });
  }

  #delete(id: string, owner: TaskOwner, resource: string): EmulatorResponse {
    const c = this.#collection(id);
    this.#requireRole(c, owner, ["administrator"], "delete it");
    if (!c.host) {
      throw bad(
        `The emulator's built-in collection ${
          label(c)
        } cannot be deleted; delete guest collections made with createSharedEndpoint`,
      );
    }
    this.collections.delete(c.id);
    this.rules.delete(c.id);
    this.roles.delete(c.id);
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Deleted",
      message: "Endpoint deleted successfully",
      request_id: requestId(),
      resource,
    });
  }

  #setSubscription(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.#collection(id);
    const b = body(req);
    if (!("subscription_id" in b)) {
      throw bad("'subscription_id' is required (an id, \"DEFAULT\" or null)");
    }
    const value = b.subscription_id;
    if (value !== null && typeof value !== "string") {
      throw bad("'subscription_id' must be a string or null");
    }
    if (c.host) {
      throw bad(
        `Guest collections inherit the subscription of their mapped collection: set it on ${c.host.id}`,
      );
    }
    this.#requireRole(
      c,
      owner,
      ["administrator"],
      "set its subscription",
    );
    let sub: string | null = null;
    if (value === "DEFAULT") sub = EMULATOR_SUBSCRIPTION_ID;
    else if (value !== null) {
      if (!UUID_RE.test(value)) {
        throw bad(`'${value}' is not a subscription id`);
      }
      if (value !== EMULATOR_SUBSCRIPTION_ID) {
        throw fail(
          403,
          "PermissionDenied",
          `You are not a manager of subscription ${value}; the emulator's subscription is ${EMULATOR_SUBSCRIPTION_ID}`,
        );
      }
      sub = value;
    }
    c.fields ??= {};
    c.fields.subscription_id = sub;
    if (sub === null) c.fields.subscription_admin_verified = false;
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Updated",
      message: "Endpoint updated successfully",
      request_id: requestId(),
      resource,
    });
  }

  #setVerified(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.#collection(id);
    const b = body(req);
    const v = b.subscription_admin_verified;
    if (typeof v !== "boolean") {
      throw fail(
        400,
        "BadRequest",
        "'subscription_admin_verified' must be true or false",
      );
    }
    if (!this.effectiveRoles(c, owner.id).includes("administrator")) {
      throw fail(
        403,
        "PermissionDenied",
        "User does not have an admin role on the collection's subscription to set subscription_admin_verified",
      );
    }
    const sub = c.fields && "subscription_id" in c.fields
      ? c.fields.subscription_id
      : EMULATOR_SUBSCRIPTION_ID;
    if (c.host || sub === null) {
      throw fail(
        400,
        "BadRequest",
        "The collection must be associated with a subscription to set subscription_admin_verified",
      );
    }
    c.fields ??= {};
    c.fields.subscription_admin_verified = v;
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "Updated",
      message: "Endpoint updated successfully",
      request_id: requestId(),
      resource,
    });
  }

  // --------------------------------------------------------- access rules

  #ruleRole(c: Collection, owner: TaskOwner): RoleRecord | null {
    const mine = (this.roles.get(c.id) ?? []).filter((r) =>
      r.principal_type === "identity" && r.principal === owner.id
    );
    return mine.find((r) => r.role === "administrator") ??
      mine.find((r) => r.role === "access_manager") ?? null;
  }

  #addRule(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.#collection(id);
    this.#guestOnly(c, "Access rules");
    this.#requireRole(
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

  #updateRule(
    c: Collection,
    ruleId: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    this.#requireRole(
      c,
      owner,
      ["administrator", "access_manager"],
      "change its access rules",
    );
    const rule = this.#rule(c, ruleId);
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

  #addRole(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
  ): EmulatorResponse {
    const c = this.#collection(id);
    this.#guestOnly(c, "Roles");
    this.#requireRole(c, owner, ["administrator"], "give roles");
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

  #deleteRole(
    c: Collection,
    roleId: string,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    this.#guestOnly(c, "Roles");
    this.#requireRole(c, owner, ["administrator"], "take roles away");
    const list = this.roles.get(c.id) ?? [];
    const role = list.find((x) => x.id === roleId);
    if (!role) throw this.#noRole(c, roleId);
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

  // ---------------------------------------------------------- persistence

  /**
   * The state to save.
   *
   * @returns Guest collections, rules, roles and changed endpoint fields.
   */
  snapshot(): SharingSnapshot {
    const guests: GuestRecord[] = [];
    const fields: Record<string, Record<string, unknown>> = {};
    for (const c of this.collections.values()) {
      if (c.host) {
        const { subscription_id: _, ...rest } = c.fields ?? {};
        guests.push({
          id: c.id,
          hostId: c.host.id,
          hostPath: c.host.path,
          displayName: c.displayName,
          description: c.description,
          keywords: c.keywords,
          ownerId: c.ownerId,
          ownerString: c.ownerString,
          fields: rest,
        });
      } else if (c.fields && Object.keys(c.fields).length > 0) {
        fields[c.id] = {
          ...c.fields,
          display_name: c.displayName,
          description: c.description,
          keywords: c.keywords,
        };
      }
    }
    return {
      guests,
      rules: Object.fromEntries(this.rules),
      roles: Object.fromEntries(this.roles),
      fields,
    };
  }

  /**
   * Restores saved state (guest collections whose host is not served are
   * skipped).
   *
   * @param s The saved state.
   */
  restore(s: SharingSnapshot): void {
    for (const [id, f] of Object.entries(s.fields ?? {})) {
      const c = this.collections.get(id);
      if (!c || c.host) continue;
      const { display_name, description, keywords, ...rest } = f;
      if (typeof display_name === "string") c.displayName = display_name;
      if (typeof description === "string" || description === null) {
        c.description = description;
      }
      if (typeof keywords === "string" || keywords === null) {
        c.keywords = keywords;
      }
      c.fields = { ...c.fields, ...rest };
    }
    for (const g of s.guests ?? []) {
      if (!this.collections.has(g.hostId) || this.collections.has(g.id)) {
        continue;
      }
      this.#addGuest(g);
      this.rules.set(g.id, s.rules?.[g.id] ?? []);
      this.roles.set(g.id, s.roles?.[g.id] ?? []);
    }
  }
}
