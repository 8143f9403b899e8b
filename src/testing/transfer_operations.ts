/**
 * The Transfer emulator's endpoint search and filesystem operations
 * (`operation/endpoint/{id}/ls|stat|mkdir|rename`), with `ls` ordering and
 * filters.
 *
 * @module
 */
import {
  lstat,
  mkdir,
  readdir,
  readlink,
  rename,
  stat,
} from "node:fs/promises";
import { join } from "node:path";
import { type Collection, endpointDocument } from "./collections.ts";
import { fnmatch } from "./fnmatch.ts";
import {
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
  resolvePath,
} from "./paths.ts";
import type { TaskOwner } from "./tasks.ts";
import {
  bad,
  intParam,
  type Item,
  strValue,
  TransferError,
  TransferServiceCore,
} from "./transfer_service_core.ts";

/** Endpoint search and file operations. Part of {@linkcode TransferService}. */
export class TransferOperations extends TransferServiceCore {
  readonly #homes = new Set<string>();

  protected endpointSearch(
    q: URLSearchParams,
    owner: TaskOwner,
  ): EmulatorResponse {
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
      case "hide-no-permissions":
        // "all" without the guest collections the caller holds no role or
        // access rule on (a public one included).
        list = list.filter((c) => this.sharing.permitted(c, owner.id));
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

  protected async ls(
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
    // Repeated filter parameters (a list, as the SDKs send it): an entry
    // must match each.
    for (const filter of q.getAll("filter")) {
      if (filter) items = items.filter(lsFilter(filter));
    }
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

  protected async stat(
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

  protected async mkdir(
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

  protected async rename(
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
