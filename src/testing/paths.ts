/**
 * Collection paths: `~` expansion, normalisation and confinement to the
 * collection's folder (no `..` or symlink escape).
 *
 * @module
 */
import { realpath } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import type { Collection } from "./collections.ts";

/** A path that cannot be used (escapes the collection, malformed …). */
export class PathError extends Error {
  /**
   * Creates an instance.
   *
   * @param status The HTTP status to answer with.
   * @param code The Transfer error code.
   * @param message What is wrong.
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "PathError";
  }
}

/** A resolved collection path. */
export interface CollectionPath {
  /** The absolute path inside the collection, e.g. `/home/demo/x` (no trailing slash except for `/`). */
  virtual: string;
  /** The file-system path. */
  real: string;
}

/**
 * The home folder (inside every collection) of a user.
 *
 * @param username The identity's username.
 * @returns E.g. `/home/demo` for `demo@globus-emulator.org`.
 */
export function homeOf(username: string): string {
  const local = (username.split("@")[0] ?? "user").toLowerCase().replace(
    /[^a-z0-9._-]/g,
    "_",
  );
  return `/home/${local || "user"}`;
}

/**
 * Resolves a user-supplied path.
 *
 * @param c The collection.
 * @param home The user's home (from {@linkcode homeOf}).
 * @param input The path as sent (`/~/x`, `~/x`, `x`, `/share/godata/`).
 * @returns The resolved path.
 * @throws {PathError} When the path escapes the collection's root.
 */
export function resolvePath(
  c: Collection,
  home: string,
  input: string,
): CollectionPath {
  if (input.includes("\0")) {
    throw new PathError(400, "ClientError.BadRequest", "Invalid path");
  }
  // A guest collection has no home folders: `~` is its root.
  if (c.host) home = "/";
  const parts = pathSegments(input, home);
  if (parts === undefined) {
    throw new PathError(
      400,
      "ClientError.BadRequest.InvalidPath",
      `Path '${input}' is outside the collection`,
    );
  }
  return { virtual: "/" + parts.join("/"), real: join(c.dir, ...parts) };
}

/**
 * The folders and name of a path below a collection's `/`, as Transfer
 * reads a path it is sent: `/~/x`, `~/x`, `~` and a relative `x` are in
 * `home`; `.` and `..` are resolved.
 *
 * @param input The path (`/~/x`, `~/x`, `x`, `/share/godata/`).
 * @param home The user's home (from {@linkcode homeOf}), or `/`.
 * @returns The segments (none for `/`), or `undefined` when `..` climbs
 *   above the collection's `/`.
 */
export function pathSegments(
  input: string,
  home: string,
): string[] | undefined {
  let p = input.trim();
  if (p === "" || p === "~") p = home;
  else if (p.startsWith("/~/") || p === "/~") p = home + p.slice(2);
  else if (p.startsWith("~/")) p = home + p.slice(1);
  else if (!p.startsWith("/")) p = `${home}/${p}`;
  const parts: string[] = [];
  for (const seg of p.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(seg);
  }
  return parts;
}

/**
 * Whether a path is under one of the collection's read-only prefixes.
 *
 * @param c The collection.
 * @param virtual A resolved virtual path.
 * @returns `true` when writes are denied.
 */
export function isReadOnly(c: Collection, virtual: string): boolean {
  const v = virtual.endsWith("/") ? virtual : virtual + "/";
  return c.readOnlyPaths.some((p) =>
    v.startsWith(p.endsWith("/") ? p : p + "/")
  );
}

/**
 * Checks, through symlinks, that a path stays inside the collection's folder
 * (the deepest existing ancestor is resolved).
 *
 * @param c The collection.
 * @param real A file-system path from {@linkcode resolvePath}.
 * @throws {PathError} When a symlink leads outside.
 */
export async function assertConfined(
  c: Collection,
  real: string,
): Promise<void> {
  const root = await realpath(c.dir);
  let p = real;
  for (;;) {
    try {
      const r = await realpath(p);
      if (r !== root && !r.startsWith(root + sep)) {
        throw new PathError(
          403,
          "EndpointPermissionDenied",
          "Path leads outside the collection",
        );
      }
      return;
    } catch (e) {
      if (e instanceof PathError) throw e;
      const parent = dirname(p);
      if (parent === p) return;
      p = parent;
    }
  }
}
