/**
 * The Transfer emulator's guest collections: create, update, delete,
 * subscription and verification.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { stat } from "node:fs/promises";
import type { TokenRecord } from "./auth_store.ts";
import type { Collection } from "./collections.ts";
import {
  type EmulatorRequest,
  type EmulatorResponse,
  isoSeconds,
  jsonResponse,
  requestId,
  UUID_RE,
} from "./http.ts";
import { assertConfined, homeOf, resolvePath } from "./paths.ts";
import type { TaskOwner } from "./tasks.ts";
import {
  bad,
  body,
  EMULATOR_SUBSCRIPTION_ID,
  fail,
  type GuestRecord,
  label,
  optString,
  TransferSharingCore,
  UPDATABLE,
} from "./transfer_sharing_core.ts";

/** Guest collections. Part of {@linkcode TransferSharing}. */
export class TransferGuestCollections extends TransferSharingCore {
  protected async createGuest(
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
    const host = this.collection(hostId);
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
    const g = this.addGuest({
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
  protected addGuest(rec: GuestRecord): Collection {
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
      host: {
        id: host.id,
        path: rec.hostPath,
        displayName: host.displayName,
        ownerString: host.ownerString,
      },
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

  protected update(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.collection(id);
    this.requireRole(c, owner, ["administrator"], "update it");
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

  protected delete(
    id: string,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.collection(id);
    this.requireRole(c, owner, ["administrator"], "delete it");
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

  protected setSubscription(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.collection(id);
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
    this.requireRole(
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

  protected setVerified(
    id: string,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const c = this.collection(id);
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
}
