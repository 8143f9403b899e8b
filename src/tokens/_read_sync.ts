/**
 * Internal: the token file's reads, made synchronously.
 *
 * A token file is a few kilobytes. The first asynchronous file call of a
 * process starts the runtime's pool of blocking threads (libuv's on Node,
 * tokio's on Deno), so the cached-token start of a script paid for that
 * pool on its way to the first request: `lstat` + `readFile` took 1–6 ms
 * in a cold Node process and 1–13 ms in a cold Deno one, against ~0.6 ms
 * read synchronously (the Python SDK reads it synchronously too). Writes
 * stay asynchronous (lock, temporary file, fsync, rename).
 *
 * @module
 */
import { type FileStat, isDeno, nodeBuiltin } from "../core/runtime.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/**
 * `lstat`, synchronously: `Deno.lstatSync` on Deno, Node's `lstatSync`
 * elsewhere. Errors carry the same `code` (`ENOENT`, `ENOTDIR`, …) as
 * `lstatFile`'s.
 *
 * @param path The path.
 * @returns What it is.
 */
export function lstatFileSync(path: string): FileStat {
  if (!isDeno) return nodeBuiltin("node:fs").lstatSync(path);
  const s = g.Deno.lstatSync(path);
  return {
    isFile: () => s.isFile,
    isSymbolicLink: () => s.isSymlink,
    dev: s.dev ?? 0,
    ino: s.ino ?? 0,
    size: s.size,
    mtimeMs: s.mtime?.getTime() ?? 0,
    ctimeMs: s.ctime?.getTime() ?? 0,
    mode: s.mode ?? 0,
  };
}

/**
 * A UTF-8 file's text, read synchronously.
 *
 * @param path The path.
 * @returns The text.
 */
export function readTextFileSync(path: string): string {
  if (isDeno) return g.Deno.readTextFileSync(path);
  return nodeBuiltin("node:fs").readFileSync(path, { encoding: "utf-8" });
}
