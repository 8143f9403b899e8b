/**
 * The Transfer emulator's sharing and collection management: guest
 * collections (`POST shared_endpoint`), which are real collections rooted at
 * a folder of their host; their access rules (`endpoint/{id}/access…`),
 * which really grant and take away access; roles (`endpoint/{id}/role…`),
 * which decide who may manage the rules; guest collection lists, servers,
 * `PUT`/`DELETE endpoint/{id}` and the subscription routes.
 *
 * It is put together from one file per area: transfer_sharing_core.ts
 * (records, checks), transfer_guests.ts, transfer_access.ts (access rules
 * and roles); this file routes the requests and saves and restores the
 * state.
 *
 * @module
 */
import type { AuthStore, TokenRecord } from "./auth_store.ts";
import { type Collection, endpointDocument } from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  jsonResponse,
  requestId,
} from "./http.ts";
import type { TaskOwner } from "./tasks.ts";
import {
  bad,
  fail,
  type GuestRecord,
  label,
  type RoleRecord,
  ROLES,
  type SharingSnapshot,
} from "./transfer_sharing_core.ts";
import { TransferAccessRules } from "./transfer_access.ts";

export {
  type AccessRuleRecord,
  EMULATOR_SUBSCRIPTION_ID,
  type GuestRecord,
  type RoleRecord,
  type SharingSnapshot,
} from "./transfer_sharing_core.ts";

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

/** The sharing routes and checks of the Transfer emulator. */
export class TransferSharing extends TransferAccessRules {
  /**
   * Creates an instance.
   *
   * @param auth The Auth state (identities, clock).
   * @param collections The served collections (guest collections are added here).
   * @param requireConsent Throws when a token lacks a collection's data_access consent.
   */

  constructor(
    auth: AuthStore,
    collections: Map<string, Collection>,
    requireConsent: (c: Collection, token: TokenRecord) => void,
  ) {
    super(auth, collections, requireConsent);
    live.set(auth, this);
    const saved = pending.get(auth);
    if (saved) {
      pending.delete(auth);
      this.restore(saved);
    }
  }

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
      return await this.createGuest(req, token, owner, resource);
    }
    const mm = r.match(/^endpoint\/([^/]+)(?:\/(.+))?$/);
    if (!mm) return undefined;
    const id = mm[1] ?? "";
    const sub = mm[2];
    if (sub === undefined) {
      if (m === "PUT") return this.update(id, req, owner, resource);
      if (m === "DELETE") return this.delete(id, owner, resource);
      return undefined;
    }
    if (sub === "access_list" && m === "GET") {
      const c = this.collection(id);
      this.guestOnly(c, "Access rules");
      this.requireRole(
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
      return this.addRule(id, req, owner, resource);
    }
    let am = sub.match(/^access\/([^/]+)$/);
    if (am) {
      const c = this.collection(id);
      this.guestOnly(c, "Access rules");
      const ruleId = am[1] ?? "";
      if (m === "GET") {
        this.requireRole(
          c,
          owner,
          ["administrator", "access_manager"],
          "read its access rules",
        );
        return jsonResponse(200, {
          DATA_TYPE: "access",
          ...this.rule(c, ruleId),
        });
      }
      if (m === "PUT") return this.updateRule(c, ruleId, req, owner, resource);
      if (m === "DELETE") {
        this.requireRole(
          c,
          owner,
          ["administrator", "access_manager"],
          "delete its access rules",
        );
        this.rule(c, ruleId);
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
      const c = this.collection(id);
      this.requireRole(c, owner, ROLES, "list its roles");
      return jsonResponse(200, {
        DATA_TYPE: "role_list",
        DATA: this.#roles(c).map((x) => ({ DATA_TYPE: "role", ...x })),
      });
    }
    if (sub === "role" && m === "POST") {
      return this.addRole(id, req, owner);
    }
    am = sub.match(/^role\/([^/]+)$/);
    if (am) {
      const c = this.collection(id);
      const roleId = am[1] ?? "";
      if (m === "GET") {
        this.requireRole(c, owner, ROLES, "read its roles");
        const role = this.#roles(c).find((x) => x.id === roleId);
        if (!role) throw this.noRole(c, roleId);
        return jsonResponse(200, { DATA_TYPE: "role", ...role });
      }
      if (m === "DELETE") return this.deleteRole(c, roleId, owner, resource);
      return undefined;
    }
    if (sub === "my_shared_endpoint_list" && m === "GET") {
      const host = this.collection(id);
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
      const host = this.collection(id);
      this.requireRole(
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
      const c = this.collection(id);
      const doc = endpointDocument(c, owner.id);
      return jsonResponse(200, {
        DATA_TYPE: "endpoint_server_list",
        endpoint: doc.canonical_name,
        DATA: doc.DATA,
      });
    }
    am = sub.match(/^server\/([^/]+)$/);
    if (am && m === "GET") {
      const c = this.collection(id);
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
      return this.setSubscription(id, req, owner, resource);
    }
    if (sub === "subscription_admin_verified" && m === "PUT") {
      return this.setVerified(id, req, owner, resource);
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
      this.addGuest(g);
      this.rules.set(g.id, s.rules?.[g.id] ?? []);
      this.roles.set(g.id, s.roles?.[g.id] ?? []);
    }
  }
}
