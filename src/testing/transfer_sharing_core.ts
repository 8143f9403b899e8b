/**
 * The base of the Transfer emulator's {@linkcode TransferSharing}: the
 * stored records of guest collections, access rules and roles, and the
 * checks (effective roles, access, visibility) the service and the sharing
 * routes use.
 *
 * @module
 */
import type { AuthStore, TokenRecord } from "./auth_store.ts";
import type { Collection } from "./collections.ts";
import { type EmulatorRequest, jsonBody, pathSegmentText } from "./http.ts";
import { PathError } from "./paths.ts";
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

export const ROLES = [
  "administrator",
  "access_manager",
  "activity_manager",
  "activity_monitor",
];
export const PRINCIPAL_TYPES = [
  "identity",
  "group",
  "all_authenticated_users",
  "anonymous",
];
/** Fields `PUT endpoint/{id}` may change. */
export const UPDATABLE = new Set([
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

export const fail = (
  status: number,
  code: string,
  message: string,
): PathError => new PathError(status, code, message);
export const bad = (message: string): PathError =>
  fail(400, "ClientError.BadRequest", message);

export function body(req: EmulatorRequest): Record<string, unknown> {
  const b = jsonBody(req);
  if (!b || typeof b !== "object" || Array.isArray(b)) {
    throw bad("The request body must be a JSON object");
  }
  return b as Record<string, unknown>;
}

export function optString(
  b: Record<string, unknown>,
  key: string,
): string | null {
  const v = b[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== "string") throw bad(`'${key}' must be a string`);
  return v;
}

export function label(c: Collection): string {
  return `'${c.displayName}' (${c.id})`;
}

/** The sharing state and checks. Part of {@linkcode TransferSharing}. */
export class TransferSharingCore {
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
  ) {}

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
   * Why no access rule grants an operation on a guest collection path, or
   * `null` when one does (other collections are not checked). The task
   * engine asks this again as a task reaches each path, so a task queued
   * before its rule was deleted (or expired) is refused.
   *
   * @param c The collection.
   * @param owner Who asks.
   * @param virtual The resolved path (`/a/b`).
   * @param need `r` to read, `rw` to write.
   * @param shown The path as the caller wrote it, for the message.
   * @returns The refusal's message, or `null`.
   */
  accessDenial(
    c: Collection,
    owner: TaskOwner,
    virtual: string,
    need: "r" | "rw",
    shown: string = virtual,
  ): string | null {
    if (!c.host) return null;
    const dir = virtual.endsWith("/") ? virtual : virtual + "/";
    const ok = (this.rules.get(c.id) ?? []).some((r) =>
      this.#matches(r, owner.id) && dir.startsWith(r.path) &&
      (need === "r" || r.permissions === "rw")
    );
    return ok
      ? null
      : `No access rule on ${label(c)} lets ${owner.username} ${
        need === "r" ? "read" : "write"
      } '${shown}'`;
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
    const why = this.accessDenial(c, owner, virtual, need, shown);
    if (why !== null) throw fail(403, "PermissionDenied", why);
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
    return c.fields?.public === true || this.permitted(c, identityId);
  }

  /**
   * Whether an identity has permissions on a collection (search scope
   * `hide-no-permissions`): any host collection, or a guest collection on
   * which it holds a role or an access rule applies to it.
   *
   * @param c The collection.
   * @param identityId Who asks.
   * @returns `true` when it has.
   */
  permitted(c: Collection, identityId: string): boolean {
    if (!c.host) return true;
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

  protected collection(id: string): Collection {
    const c = this.collections.get(id);
    if (!c) {
      throw fail(
        404,
        "EndpointNotFound",
        `No such endpoint '${pathSegmentText(id)}'`,
      );
    }
    return c;
  }

  protected requireRole(
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

  protected guestOnly(c: Collection, what: string): void {
    if (!c.host) {
      throw bad(
        `${label(c)} ${
          /guest/i.test(c.entityType)
            ? `is a ${c.entityType} given to the emulator with no host collection (a 'collections' option's entityType)`
            : `is a ${c.entityType}`
        }, and the emulator keeps ${what.toLowerCase()} only on the guest collections made in it. Make one on ${
          /mapped/i.test(c.entityType)
            ? "this mapped collection"
            : "the emulator's mapped collection"
        } with POST shared_endpoint (createSharedEndpoint), then manage the guest collection's ${what.toLowerCase()}`,
      );
    }
  }
}
