/**
 * The few path functions the token file needs, without loading `node:path`
 * at import time. On Node and on Windows they are `node:path`'s own (loaded
 * on first use); on Deno elsewhere they are a port of Node's POSIX
 * functions (`node:path` would cost Deno ~6 ms, and the working directory
 * ~10 ms more through Node's `process`). tests/core/path_test.ts compares
 * them with `node:path.posix` on generated paths.
 *
 * @module
 */
import { isDeno, nodeBuiltin, platform } from "./runtime.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** The functions of `node:path` used here. */
interface PathFns {
  resolve(...paths: string[]): string;
  join(...paths: string[]): string;
  dirname(path: string): string;
  basename(path: string): string;
}

/** Resolves `.` and `..` in a path without a leading slash (Node's). */
function normalizeString(path: string, allowAboveRoot: boolean): string {
  let res = "";
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = path.charCodeAt(i);
    else if (code === 47) break;
    else code = 47;
    if (code === 47) {
      if (lastSlash === i - 1 || dots === 1) {
        // NOOP
      } else if (dots === 2) {
        if (
          res.length < 2 || lastSegmentLength !== 2 ||
          res.charCodeAt(res.length - 1) !== 46 ||
          res.charCodeAt(res.length - 2) !== 46
        ) {
          if (res.length > 2) {
            const lastSlashIndex = res.lastIndexOf("/");
            if (lastSlashIndex === -1) {
              res = "";
              lastSegmentLength = 0;
            } else {
              res = res.slice(0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - res.lastIndexOf("/");
            }
            lastSlash = i;
            dots = 0;
            continue;
          } else if (res.length !== 0) {
            res = "";
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          res += res.length > 0 ? "/.." : "..";
          lastSegmentLength = 2;
        }
      } else {
        if (res.length > 0) res += "/" + path.slice(lastSlash + 1, i);
        else res = path.slice(lastSlash + 1, i);
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === 46 && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res;
}

function posixNormalize(path: string): string {
  if (path.length === 0) return ".";
  const isAbsolute = path.charCodeAt(0) === 47;
  const trailingSeparator = path.charCodeAt(path.length - 1) === 47;
  path = normalizeString(path, !isAbsolute);
  if (path.length === 0) {
    if (isAbsolute) return "/";
    return trailingSeparator ? "./" : ".";
  }
  if (trailingSeparator) path += "/";
  return isAbsolute ? `/${path}` : path;
}

/**
 * Node's `path.posix` functions; `cwd` is asked only for a relative path.
 *
 * @param cwd The working directory.
 * @returns The functions.
 */
export function posixPath(cwd: () => string): PathFns {
  return {
    resolve(...paths: string[]): string {
      let resolvedPath = "";
      let resolvedAbsolute = false;
      for (let i = paths.length - 1; i >= -1 && !resolvedAbsolute; i--) {
        const path = i >= 0 ? paths[i] as string : cwd();
        if (path.length === 0) continue;
        resolvedPath = `${path}/${resolvedPath}`;
        resolvedAbsolute = path.charCodeAt(0) === 47;
      }
      resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute);
      if (resolvedAbsolute) return `/${resolvedPath}`;
      return resolvedPath.length > 0 ? resolvedPath : ".";
    },
    join(...paths: string[]): string {
      let joined: string | undefined;
      for (const arg of paths) {
        if (arg.length > 0) {
          joined = joined === undefined ? arg : `${joined}/${arg}`;
        }
      }
      return joined === undefined ? "." : posixNormalize(joined);
    },
    dirname(path: string): string {
      if (path.length === 0) return ".";
      const hasRoot = path.charCodeAt(0) === 47;
      let end = -1;
      let matchedSlash = true;
      for (let i = path.length - 1; i >= 1; --i) {
        if (path.charCodeAt(i) === 47) {
          if (!matchedSlash) {
            end = i;
            break;
          }
        } else {
          matchedSlash = false;
        }
      }
      if (end === -1) return hasRoot ? "/" : ".";
      if (hasRoot && end === 1) return "//";
      return path.slice(0, end);
    },
    basename(path: string): string {
      let start = 0;
      let end = -1;
      let matchedSlash = true;
      for (let i = path.length - 1; i >= 0; --i) {
        if (path.charCodeAt(i) === 47) {
          if (!matchedSlash) {
            start = i + 1;
            break;
          }
        } else if (end === -1) {
          matchedSlash = false;
          end = i + 1;
        }
      }
      if (end === -1) return "";
      return path.slice(start, end);
    },
  };
}

let fns: PathFns | undefined;

/**
 * `node:path`'s `resolve`, `join`, `dirname` and `basename` for this
 * runtime (see the module docs).
 *
 * @returns The functions.
 */
export function pathFns(): PathFns {
  if (!fns) {
    fns = isDeno && platform() !== "win32"
      ? posixPath(() => g.Deno.cwd())
      : nodeBuiltin("node:path");
  }
  return fns;
}
