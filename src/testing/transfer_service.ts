/**
 * The Globus Transfer emulator (`/v0.10/…`): endpoint search and documents,
 * filesystem operations, task submission, listing and control.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import {
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  stat,
} from "node:fs/promises";
import { join } from "node:path";
import type { AuthStore, TokenRecord } from "./auth_store.ts";
import { type Collection, endpointDocument } from "./collections.ts";
import { fnmatch } from "./fnmatch.ts";
import {
  bearerToken,
  type EmulatorRequest,
  type EmulatorResponse,
  jsonBody,
  jsonResponse,
  lsTime,
  requestId,
} from "./http.ts";
import {
  assertConfined,
  type CollectionPath,
  homeOf,
  isReadOnly,
  PathError,
  resolvePath,
} from "./paths.ts";
import { dataAccessScope, TRANSFER_RS, TRANSFER_SCOPE } from "./scopes.ts";
import {
  collectionPolicyError,
  type PolicyLookup,
} from "./session_policies.ts";
import { TransferAdminRoutes } from "./transfer_admin.ts";
import { TransferSharing } from "./transfer_sharing.ts";
import {
  type FilterRule,
  Task,
  type TaskEngine,
  type TaskFilter,
  type TaskOwner,
  type TimeRange,
  type TransferItem,
} from "./tasks.ts";

/** A Transfer API error, answered with `{code, message, request_id, resource}`. */
export class TransferError extends Error {
  /**
   * Creates an instance.
   *
   * @param status HTTP status.
   * @param code Transfer error code.
   * @param message Message.
   * @param extra Extra body fields.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const bad = (message: string, code = "ClientError.BadRequest"): TransferError =>
  new TransferError(400, code, message);

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

function boolValue(v: unknown, name: string, def: boolean): boolean {
  if (v === undefined || v === null) return def;
  if (typeof v === "boolean") return v;
  throw bad(`'${name}' must be a boolean`);
}

function strValue(v: unknown, name: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  throw bad(`'${name}' must be a string`);
}

type Item = Record<string, unknown>;

/**
 * The answer to a route the emulator does not know: a 404 as the real
 * service gives for an unknown route, but with its own code and a message
 * that says "not emulated", so no test takes it for a real "not found".
 */
function notEmulated(method: string, resource: string): TransferError {
  return new TransferError(
    404,
    "ClientError.NotFound.NotEmulated",
    `Not emulated: the Globus emulator does not implement ${method} ${resource} (the real Transfer service may; see docs/decisions.md)`,
  );
}

/** The Transfer emulator service. */
export class TransferService {
  readonly #homes = new Set<string>();
  #adminRoutes: TransferAdminRoutes | undefined;
  /** Bookmarks, pauses, the endpoint manager and tunnels (transfer_admin.ts). */
  get admin(): TransferAdminRoutes {
    return this.#adminRoutes ??= new TransferAdminRoutes(this);
  }
  /** Guest collections, access rules and roles (`transfer_sharing.ts`). */
  readonly sharing: TransferSharing;
  /**
   * Finds Auth policies, for collections with an `authentication_policy_id`
   * (session_policies.ts); none by default.
   */
  policyLookup: PolicyLookup = () => undefined;
  /**
   * Creates an instance.
   *
   * @param auth The Auth state (tokens, identities).
   * @param collections Served collections by id.
   * @param tasks The task engine.
   */
  constructor(
    readonly auth: AuthStore,
    readonly collections: Map<string, Collection>,
    readonly tasks: TaskEngine,
  ) {
    this.sharing = new TransferSharing(
      auth,
      collections,
      (c, token) => this.#requireConsent(c, token),
    );
  }

  /**
   * Handles one request below the Transfer base.
   *
   * @param req The request.
   * @returns The response.
   */
  async handle(req: EmulatorRequest): Promise<EmulatorResponse> {
    const resource = "/" + req.path;
    try {
      return await this.#route(req, resource);
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

  #authenticate(
    req: EmulatorRequest,
  ): { token: TokenRecord; owner: TaskOwner } {
    const t = bearerToken(req);
    if (t === null) {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        "No Authorization header",
      );
    }
    const rec = this.auth.tokens.get(t);
    if (!rec || rec.kind !== "access") {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        "Token is not valid",
      );
    }
    if (rec.revoked) {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        "Token has been revoked",
      );
    }
    if (rec.expiresAt <= this.auth.nowS()) {
      throw new TransferError(401, "AuthenticationFailed", "Token is expired");
    }
    if (rec.resourceServer !== TRANSFER_RS) {
      throw new TransferError(
        401,
        "AuthenticationFailed",
        `Token is for resource server '${rec.resourceServer}', not '${TRANSFER_RS}'`,
      );
    }
    const who = this.auth.identities.get(rec.identityId);
    return {
      token: rec,
      owner: { id: rec.identityId, username: who?.username ?? rec.identityId },
    };
  }

  async #route(
    req: EmulatorRequest,
    resource: string,
  ): Promise<EmulatorResponse> {
    const m = req.method;
    const p = req.path.replace(/\/+$/, "");
    if (p.startsWith("v2/")) {
      const { owner } = this.#authenticate(req);
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
    const { token, owner } = this.#authenticate(req);
    const r = p.slice("v0.10/".length);
    const q = req.url.searchParams;
    let mm: RegExpMatchArray | null;
    const shared = await this.sharing.handle(req, r, token, owner, resource);
    if (shared) return shared;
    if (r === "endpoint_search" && m === "GET") {
      return this.#endpointSearch(q, owner);
    }
    if ((mm = r.match(/^endpoint\/([^/]+)$/)) && m === "GET") {
      const c = this.#collection(mm[1] ?? "");
      return jsonResponse(200, endpointDocument(c, owner.id));
    }
    if (
      (mm = r.match(/^operation\/endpoint\/([^/]+)\/(ls|mkdir|rename|stat)$/))
    ) {
      const c = this.#collection(mm[1] ?? "");
      this.#requireConsent(c, token);
      const op = mm[2];
      if (op === "ls" && m === "GET") {
        return await this.#ls(c, q, owner, resource);
      }
      if (op === "stat" && m === "GET") return await this.#stat(c, q, owner);
      if (op === "mkdir" && m === "POST") {
        return await this.#mkdir(c, req, owner, resource);
      }
      if (op === "rename" && m === "POST") {
        return await this.#rename(c, req, owner, resource);
      }
    }
    if (r === "submission_id" && m === "GET") {
      return jsonResponse(200, { value: randomUUID() });
    }
    if (r === "transfer" && m === "POST") {
      return this.#submitTransfer(req, token, owner, resource);
    }
    if (r === "delete" && m === "POST") {
      return this.#submitDelete(req, token, owner, resource);
    }
    if (r === "task_list" && m === "GET") return this.#taskList(q, owner);
    if (
      (mm = r.match(
        /^task\/([^/]+)(?:\/(cancel|event_list|successful_transfers|skipped_errors))?$/,
      ))
    ) {
      const id = mm[1] ?? "";
      const sub = mm[2];
      const found = this.#task(id, owner);
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
        const f = q.get("filter");
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

  #collection(id: string): Collection {
    const c = this.collections.get(id);
    if (!c) {
      throw new TransferError(
        404,
        "EndpointNotFound",
        `No such endpoint '${id}'`,
      );
    }
    return c;
  }

  #requireConsent(c: Collection, token: TokenRecord): void {
    if (c.requiresDataAccessConsent && !token.consents.includes(c.id)) {
      const scope = `${TRANSFER_SCOPE}[*${dataAccessScope(c.id)}]`;
      throw new TransferError(
        403,
        "ConsentRequired",
        `Missing required data_access consent for collection ${c.id} (${c.displayName})`,
        {
          required_scopes: [scope],
          authorization_parameters: {
            session_message:
              `The collection '${c.displayName}' requires a data_access consent.`,
            required_scopes: [scope],
          },
        },
      );
    }
    // Then the collection's authentication policy (session_policies.ts).
    const policy = collectionPolicyError(
      c,
      token,
      this.auth,
      this.collections,
      this.policyLookup,
    );
    if (policy) {
      throw new TransferError(
        403,
        "AuthPolicyFailed",
        policy.message,
        policy.extra,
      );
    }
  }

  #task(id: string, owner: TaskOwner) {
    const t = this.tasks.get(id);
    if (!t) {
      throw new TransferError(404, "TaskNotFound", `Task ${id} not found`);
    }
    const ownerId = t instanceof Task ? t.owner.id : t.range.owner.id;
    if (ownerId !== owner.id) {
      throw new TransferError(
        403,
        "PermissionDenied",
        `You do not own task ${id}`,
      );
    }
    return t;
  }

  // --------------------------------------------------------------- endpoints

  #endpointSearch(q: URLSearchParams, owner: TaskOwner): EmulatorResponse {
    const limit = intParam(q, "limit", 25, 1, 100);
    const offset = intParam(q, "offset", 0, 0, 999);
    if (offset + limit > 1000) {
      throw bad("offset + limit must be at most 1000");
    }
    const scope = q.get("filter_scope") ?? "all";
    const text = (q.get("filter_fulltext") ?? "").trim().toLowerCase();
    const ownerFilter = q.get("filter_owner_id");
    const types = q.get("filter_entity_type")?.split(",").map((s) => s.trim());
    const nonFunctional = q.get("filter_non_functional");
    let list = [...this.collections.values()];
    switch (scope) {
      case "all":
        break;
      case "my-endpoints":
      case "administered-by-me":
        list = list.filter((c) => c.ownerId === owner.id);
        break;
      case "recently-used":
      case "in-use": {
        const used = this.tasks.collectionsUsedBy(owner.id, scope === "in-use");
        list = list.filter((c) => used.has(c.id));
        break;
      }
      case "shared-by-me":
      case "shared-with-me":
      case "hosted-by":
        list = list.filter(
          this.sharing.scopeFilter(
            scope,
            owner.id,
            q.get("filter_host_endpoint"),
          ),
        );
        break;
      case "my-gcp-endpoints":
        list = [];
        break;
      default:
        throw bad(`Invalid filter_scope '${scope}'`);
    }
    list = list.filter((c) => this.sharing.visible(c, owner.id));
    const hostFilter = q.get("filter_host_endpoint");
    if (hostFilter) list = list.filter((c) => c.host?.id === hostFilter);
    if (ownerFilter) list = list.filter((c) => c.ownerId === ownerFilter);
    if (types) list = list.filter((c) => types.includes(c.entityType));
    if (nonFunctional === "1" || nonFunctional === "true") list = [];
    if (text) {
      const words = text.split(/\s+/);
      list = list.filter((c) => {
        const hay = [
          c.displayName,
          c.description ?? "",
          c.keywords ?? "",
          c.ownerString,
          c.id,
        ]
          .join(" ").toLowerCase();
        return words.every((w) => hay.includes(w));
      });
    }
    const capped = Math.min(list.length, 1000);
    const page = list.slice(offset, Math.min(offset + limit, capped));
    return jsonResponse(200, {
      DATA_TYPE: "endpoint_list",
      limit,
      offset,
      has_next_page: offset + limit < capped,
      DATA: page.map((c) => {
        const doc = endpointDocument(c, owner.id);
        delete doc.DATA;
        return text ? { ...doc, _rank: 1.0 } : doc;
      }),
    });
  }

  // -------------------------------------------------------------- operations

  async #resolve(
    c: Collection,
    owner: TaskOwner,
    path: string,
  ): Promise<CollectionPath> {
    const home = homeOf(owner.username);
    const key = `${c.id}:${home}`;
    if (!c.host && !this.#homes.has(key)) {
      await mkdir(join(c.dir, ...home.split("/").filter(Boolean)), {
        recursive: true,
      });
      this.#homes.add(key);
    }
    const r = resolvePath(c, home, path);
    await assertConfined(c, r.real);
    return r;
  }

  #notFound(c: Collection, path: string, what = "Path"): TransferError {
    return new TransferError(
      404,
      "NotFound",
      `${what} not found, Error (list)\nEndpoint: ${c.displayName} (${c.id})\nMessage: No such file or directory\n---\nDetails: Error: '${path}' not found`,
    );
  }

  async #fileItem(real: string, name: string): Promise<Item> {
    const l = await lstat(real);
    let s = l;
    let type = l.isDirectory() ? "dir" : "file";
    let linkTarget: string | null = null;
    if (l.isSymbolicLink()) {
      try {
        linkTarget = await readlink(real);
        s = await stat(real);
        type = s.isDirectory() ? "dir" : "file";
      } catch {
        type = "invalid_symlink";
      }
    }
    return {
      DATA_TYPE: "file",
      group: "tutorial",
      last_modified: lsTime(s.mtimeMs),
      link_group: linkTarget === null ? null : "tutorial",
      link_last_modified: linkTarget === null ? null : lsTime(l.mtimeMs),
      link_size: linkTarget === null ? null : l.size,
      link_target: linkTarget,
      link_user: linkTarget === null ? null : "demo",
      name,
      permissions: (s.mode & 0o7777).toString(8).padStart(4, "0"),
      size: s.size,
      type,
      user: "demo",
    };
  }

  async #ls(
    c: Collection,
    q: URLSearchParams,
    owner: TaskOwner,
    _resource: string,
  ): Promise<EmulatorResponse> {
    const input = q.get("path") ?? "/~/";
    const r = await this.#resolve(c, owner, input);
    this.sharing.checkAccess(c, owner, r.virtual, "r", input);
    let st;
    try {
      st = await stat(r.real);
    } catch {
      throw new TransferError(
        404,
        "ClientError.NotFound",
        `Directory '${input}' not found on endpoint ${c.displayName} (${c.id})`,
      );
    }
    if (!st.isDirectory()) {
      throw new TransferError(
        502,
        "ExternalError.DirListingFailed.NotDirectory",
        `Path '${input}' is not a directory`,
      );
    }
    const showHidden = !["0", "false", "False"].includes(
      q.get("show_hidden") ?? "1",
    );
    const limit = intParam(q, "limit", 100000, 0, 100000);
    const offset = intParam(q, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const names = (await readdir(r.real)).filter((n) =>
      showHidden || !n.startsWith(".")
    );
    let items: Item[] = [];
    for (const n of names) {
      try {
        items.push(await this.#fileItem(join(r.real, n), n));
      } catch {
        // vanished meanwhile
      }
    }
    const filter = q.get("filter");
    if (filter) items = items.filter(lsFilter(filter));
    items.sort(lsOrder(q.get("orderby") ?? "name ASC"));
    const page = items.slice(offset, offset + limit);
    const display = input.endsWith("/") ? input : input + "/";
    return jsonResponse(200, {
      DATA_TYPE: "file_list",
      path: display,
      absolute_path: r.virtual === "/" ? "/" : r.virtual + "/",
      endpoint: c.id,
      length: page.length,
      total: items.length,
      rename_supported: true,
      symlink_supported: true,
      DATA: page,
    });
  }

  async #stat(
    c: Collection,
    q: URLSearchParams,
    owner: TaskOwner,
  ): Promise<EmulatorResponse> {
    const input = q.get("path");
    if (!input) throw bad("'path' is required");
    const r = await this.#resolve(c, owner, input);
    this.sharing.checkAccess(c, owner, r.virtual, "r", input);
    try {
      const name = r.virtual === "/" ? "/" : r.virtual.split("/").pop() ?? "";
      return jsonResponse(200, await this.#fileItem(r.real, name));
    } catch {
      throw this.#notFound(c, input);
    }
  }

  #denyWrite(c: Collection, r: CollectionPath, path: string): void {
    if (r.virtual === "/" || isReadOnly(c, r.virtual)) {
      throw new TransferError(
        403,
        "EndpointPermissionDenied",
        `Denied by endpoint, Error\nEndpoint: ${c.displayName} (${c.id})\nFile: ${path}\nMessage: Path not allowed (read-only)`,
      );
    }
  }

  async #mkdir(
    c: Collection,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): Promise<EmulatorResponse> {
    const body = jsonBody(req) as Record<string, unknown> | undefined;
    const path = strValue(body?.path, "path");
    if (!path) throw bad("'path' is required");
    const r = await this.#resolve(c, owner, path);
    this.sharing.checkAccess(c, owner, r.virtual, "rw", path);
    this.#denyWrite(c, r, path);
    try {
      await mkdir(r.real);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "EEXIST") {
        throw new TransferError(
          502,
          "ExternalError.MkdirFailed.Exists",
          `Path already exists, Error (mkdir)\nEndpoint: ${c.displayName} (${c.id})\nFile: ${path}`,
        );
      }
      if (code === "ENOENT") {
        throw new TransferError(
          502,
          "ExternalError.MkdirFailed.NotFound",
          `Parent directory not found, Error (mkdir)\nEndpoint: ${c.displayName} (${c.id})\nFile: ${path}`,
        );
      }
      throw e;
    }
    return jsonResponse(202, {
      DATA_TYPE: "mkdir_result",
      code: "DirectoryCreated",
      message: "The directory was created successfully",
      request_id: requestId(),
      resource,
    });
  }

  async #rename(
    c: Collection,
    req: EmulatorRequest,
    owner: TaskOwner,
    resource: string,
  ): Promise<EmulatorResponse> {
    const body = jsonBody(req) as Record<string, unknown> | undefined;
    const oldPath = strValue(body?.old_path, "old_path");
    const newPath = strValue(body?.new_path, "new_path");
    if (!oldPath || !newPath) {
      throw bad("'old_path' and 'new_path' are required");
    }
    const from = await this.#resolve(c, owner, oldPath);
    const to = await this.#resolve(c, owner, newPath);
    this.sharing.checkAccess(c, owner, from.virtual, "rw", oldPath);
    this.sharing.checkAccess(c, owner, to.virtual, "rw", newPath);
    this.#denyWrite(c, from, oldPath);
    this.#denyWrite(c, to, newPath);
    try {
      await lstat(from.real);
    } catch {
      throw this.#notFound(c, oldPath);
    }
    try {
      await lstat(to.real);
      throw new TransferError(
        502,
        "ExternalError.RenameFailed.Exists",
        `Destination already exists, Error (rename)\nEndpoint: ${c.displayName} (${c.id})\nFile: ${newPath}`,
      );
    } catch (e) {
      if (e instanceof TransferError) throw e;
    }
    try {
      await rename(from.real, to.real);
    } catch {
      throw new TransferError(
        502,
        "ExternalError.RenameFailed",
        `Rename failed, Error (rename)\nEndpoint: ${c.displayName} (${c.id})\nFile: ${oldPath}`,
      );
    }
    return jsonResponse(200, {
      DATA_TYPE: "result",
      code: "FileRenamed",
      message: "File or directory renamed successfully",
      request_id: requestId(),
      resource,
    });
  }

  // ------------------------------------------------------------- submission

  #submitResult(
    kind: "transfer" | "delete",
    taskId: string,
    submissionId: string,
    resource: string,
    duplicate: boolean,
  ): EmulatorResponse {
    return jsonResponse(duplicate ? 200 : 202, {
      DATA_TYPE: `${kind}_result`,
      code: duplicate ? "Duplicate" : "Accepted",
      message: duplicate
        ? `A ${kind} with submission_id ${submissionId} was already submitted`
        : `The ${kind} has been accepted and a task has been created and queued for execution`,
      request_id: requestId(),
      resource,
      submission_id: submissionId,
      task_id: taskId,
      task_link: {
        DATA_TYPE: "link",
        href: `/v0.10/task/${taskId}?format=json`,
        rel: "related",
        resource: "task",
        title: "related task",
      },
    });
  }

  /** The parts of a transfer or delete submission both share. */
  #common(req: EmulatorRequest, kind: "transfer" | "delete") {
    const json = jsonBody(req);
    if (!json || typeof json !== "object" || Array.isArray(json)) {
      throw bad("The request body must be a JSON object");
    }
    const body = json as Record<string, unknown>;
    const dt = body.DATA_TYPE;
    if (dt !== undefined && dt !== kind) {
      throw bad(`DATA_TYPE must be '${kind}', not '${String(dt)}'`);
    }
    const submissionId = strValue(body.submission_id, "submission_id") ??
      randomUUID();
    const label = strValue(body.label, "label");
    const deadlineRaw = strValue(body.deadline, "deadline");
    let deadline = this.auth.clock.now() + 86400000;
    if (deadlineRaw !== null) {
      const d = Date.parse(deadlineRaw);
      if (Number.isNaN(d)) throw bad(`Invalid deadline '${deadlineRaw}'`);
      deadline = d;
    }
    const data = body.DATA;
    if (data !== undefined && !Array.isArray(data)) {
      throw bad("'DATA' must be a list");
    }
    return {
      b: body,
      submissionId,
      label,
      deadline,
      data: (data ?? []) as unknown[],
    };
  }

  #submitTransfer(
    req: EmulatorRequest,
    token: TokenRecord,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const { b, submissionId, label, deadline, data } = this.#common(
      req,
      "transfer",
    );
    const existing = this.tasks.bySubmission(submissionId);
    if (existing) {
      return this.#submitResult(
        "transfer",
        existing,
        submissionId,
        resource,
        true,
      );
    }
    const source = this.#collection(
      strValue(b.source_endpoint, "source_endpoint") ?? "",
    );
    const destination = this.#collection(
      strValue(b.destination_endpoint, "destination_endpoint") ?? "",
    );
    this.#requireConsent(source, token);
    this.#requireConsent(destination, token);
    if (data.length === 0) {
      throw bad(
        "A transfer requires at least one item",
        "ClientError.BadRequest.NoTransferItems",
      );
    }
    const home = homeOf(owner.username);
    const items: TransferItem[] = data.map((raw, i) => {
      if (!raw || typeof raw !== "object") {
        throw bad(`DATA[${i}] must be an object`);
      }
      const it = raw as Record<string, unknown>;
      if (it.DATA_TYPE !== undefined && it.DATA_TYPE !== "transfer_item") {
        throw bad(`DATA[${i}].DATA_TYPE must be 'transfer_item'`);
      }
      const s = strValue(it.source_path, "source_path");
      const d = strValue(it.destination_path, "destination_path");
      if (!s || !d) {
        throw bad(`DATA[${i}] needs source_path and destination_path`);
      }
      const sv = resolvePath(source, home, s).virtual;
      const dv = resolvePath(destination, home, d).virtual;
      this.sharing.checkAccess(source, owner, sv, "r", s);
      this.sharing.checkAccess(destination, owner, dv, "rw", d);
      return {
        source_path: s,
        destination_path: d,
        recursive: boolValue(it.recursive, "recursive", false),
        external_checksum: strValue(it.external_checksum, "external_checksum"),
        checksum_algorithm: strValue(
          it.checksum_algorithm,
          "checksum_algorithm",
        ),
      };
    });
    let syncLevel: number | null = null;
    const sl = b.sync_level;
    if (sl !== undefined && sl !== null) {
      const names: Record<string, number> = {
        exists: 0,
        size: 1,
        mtime: 2,
        checksum: 3,
      };
      syncLevel = typeof sl === "string" ? names[sl] ?? Number(sl) : Number(sl);
      if (!Number.isInteger(syncLevel) || syncLevel < 0 || syncLevel > 3) {
        throw bad(`Invalid sync_level '${String(sl)}'`);
      }
    }
    let filterRules: FilterRule[] | null = null;
    if (b.filter_rules !== undefined && b.filter_rules !== null) {
      if (!Array.isArray(b.filter_rules)) {
        throw bad("'filter_rules' must be a list");
      }
      filterRules = b.filter_rules.map((raw, i) => {
        const r = (raw ?? {}) as Record<string, unknown>;
        const method = r.method ?? "exclude";
        const type = r.type ?? null;
        const name = strValue(r.name, "name");
        if (method !== "include" && method !== "exclude") {
          throw bad(`filter_rules[${i}].method must be 'include' or 'exclude'`);
        }
        if (type !== null && type !== "file" && type !== "dir") {
          throw bad(`filter_rules[${i}].type must be 'file' or 'dir'`);
        }
        if (!name) throw bad(`filter_rules[${i}].name is required`);
        return { method, type, name };
      });
    }
    const task = this.tasks.submitTransfer(
      {
        source,
        destination,
        items,
        label,
        syncLevel,
        verifyChecksum: boolValue(b.verify_checksum, "verify_checksum", false),
        preserveTimestamp: boolValue(
          b.preserve_timestamp,
          "preserve_timestamp",
          false,
        ),
        encryptData: boolValue(b.encrypt_data, "encrypt_data", false),
        skipSourceErrors: boolValue(
          b.skip_source_errors,
          "skip_source_errors",
          false,
        ),
        failOnQuotaErrors: boolValue(
          b.fail_on_quota_errors,
          "fail_on_quota_errors",
          false,
        ),
        deleteDestinationExtra: boolValue(
          b.delete_destination_extra,
          "delete_destination_extra",
          false,
        ),
        filterRules,
        deadline,
        sourceLocalUser: strValue(b.source_local_user, "source_local_user"),
        destinationLocalUser: strValue(
          b.destination_local_user,
          "destination_local_user",
        ),
      },
      owner,
      submissionId,
    );
    return this.#submitResult(
      "transfer",
      task.id,
      submissionId,
      resource,
      false,
    );
  }

  #submitDelete(
    req: EmulatorRequest,
    token: TokenRecord,
    owner: TaskOwner,
    resource: string,
  ): EmulatorResponse {
    const { b, submissionId, label, deadline, data } = this.#common(
      req,
      "delete",
    );
    const existing = this.tasks.bySubmission(submissionId);
    if (existing) {
      return this.#submitResult(
        "delete",
        existing,
        submissionId,
        resource,
        true,
      );
    }
    const endpoint = this.#collection(strValue(b.endpoint, "endpoint") ?? "");
    this.#requireConsent(endpoint, token);
    if (data.length === 0) {
      throw bad(
        "A delete requires at least one item",
        "ClientError.BadRequest.NoTransferItems",
      );
    }
    const home = homeOf(owner.username);
    const paths = data.map((raw, i) => {
      const it = (raw ?? {}) as Record<string, unknown>;
      if (it.DATA_TYPE !== undefined && it.DATA_TYPE !== "delete_item") {
        throw bad(`DATA[${i}].DATA_TYPE must be 'delete_item'`);
      }
      const p = strValue(it.path, "path");
      if (!p) throw bad(`DATA[${i}].path is required`);
      const pv = resolvePath(endpoint, home, p).virtual;
      this.sharing.checkAccess(endpoint, owner, pv, "rw", p);
      return p;
    });
    const task = this.tasks.submitDelete(
      {
        endpoint,
        paths,
        recursive: boolValue(b.recursive, "recursive", false),
        ignoreMissing: boolValue(b.ignore_missing, "ignore_missing", false),
        interpretGlobs: boolValue(b.interpret_globs, "interpret_globs", false),
        label,
        deadline,
        localUser: strValue(b.local_user, "local_user"),
      },
      owner,
      submissionId,
    );
    return this.#submitResult("delete", task.id, submissionId, resource, false);
  }

  // ------------------------------------------------------------------ tasks

  #taskList(q: URLSearchParams, owner: TaskOwner): EmulatorResponse {
    const limit = intParam(q, "limit", 10, 1, 1000);
    const offset = intParam(q, "offset", 0, 0, Number.MAX_SAFE_INTEGER);
    const filter: TaskFilter = {};
    for (const part of (q.get("filter") ?? "").split("/")) {
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
      else if (key === "task_id") filter.task_id = list;
      else if (key === "label") filter.label = value;
      else if (key === "request_time" || key === "completion_time") {
        filter[key] = timeRange(key, value);
      }
      // other keys are accepted and ignored
    }
    const { data, total } = this.tasks.list(owner.id, filter, offset, limit);
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

// ---------------------------------------------------------------- ls helpers

function compare(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a ?? "");
  const y = String(b ?? "");
  return x < y ? -1 : x > y ? 1 : 0;
}

function lsOrder(orderby: string): (a: Item, b: Item) => number {
  const keys = orderby.split(",").map((s) => s.trim()).filter(Boolean).map(
    (s) => {
      const [field = "name", dir = "ASC"] = s.split(/\s+/);
      return { field, desc: dir.toUpperCase() === "DESC" };
    },
  );
  return (a, b) => {
    for (const k of keys) {
      const c = compare(a[k.field], b[k.field]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  };
}

function lsFilter(filter: string): (item: Item) => boolean {
  const tests = filter.split("/").filter(Boolean).map((part) => {
    const i = part.indexOf(":");
    if (i < 0) {
      throw bad(
        `Invalid filter '${part}'`,
        "ClientError.BadRequest.InvalidFilter",
      );
    }
    const field = part.slice(0, i);
    const expr = part.slice(i + 1);
    return (item: Item): boolean => {
      const v = item[field];
      if (field === "size") {
        const m = expr.match(/^(>=|<=|!=|>|<|=)?(\d+)$/);
        if (!m) return false;
        const n = Number(m[2]);
        const s = Number(v);
        switch (m[1]) {
          case ">":
            return s > n;
          case "<":
            return s < n;
          case ">=":
            return s >= n;
          case "<=":
            return s <= n;
          case "!=":
            return s !== n;
          default:
            return s === n;
        }
      }
      const sv = String(v ?? "");
      if (expr.startsWith("!~")) {
        return !fnmatch(sv.toLowerCase(), expr.slice(2).toLowerCase());
      }
      if (expr.startsWith("~")) {
        return fnmatch(sv.toLowerCase(), expr.slice(1).toLowerCase());
      }
      if (expr.startsWith("!=")) return sv !== expr.slice(2);
      if (expr.startsWith("=")) return sv === expr.slice(1);
      if (field === "last_modified") {
        const m = expr.match(/^(>=|<=|>|<)(.*)$/);
        if (m) {
          const c = compare(sv, m[2]);
          return m[1] === ">"
            ? c > 0
            : m[1] === "<"
            ? c < 0
            : m[1] === ">="
            ? c >= 0
            : c <= 0;
        }
        const [from, to] = expr.split(",");
        return (!from || sv >= from) && (!to || sv <= to);
      }
      return expr.split(",").includes(sv);
    };
  });
  return (item) => tests.every((t) => t(item));
}
