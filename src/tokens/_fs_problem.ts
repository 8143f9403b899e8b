/**
 * What a failed file-system call means for the token file, in words: the
 * hint appended to a `TokenStorageError` after the error code; and the
 * small helpers the token file and its lock share.
 *
 * @module
 */
import { nodeFs } from "../core/runtime.ts";

/**
 * The error code of a failed file-system call (`ENOENT`, `EACCES`, …).
 *
 * @param e What the call threw.
 * @returns Its `code`, if it has one.
 */
export function errCode(e: unknown): string | undefined {
  return e && typeof e === "object" && "code" in e
    ? String((e as { code: unknown }).code)
    : undefined;
}

/**
 * Whether something is at `path` (not following a symbolic link: a link
 * counts), for the storages' `fileExists()`.
 *
 * @param path The path.
 * @param lstat The runtime's `lstat`.
 * @param fail Makes the error for a path that cannot be checked, from the
 *   error code (or the error's text) and the error.
 * @returns `false` when nothing is there (or a parent is not a folder).
 */
export async function pathExists(
  path: string,
  lstat: (path: string) => Promise<unknown>,
  fail: (code: string, cause: unknown) => Error,
): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (e) {
    const code = errCode(e);
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw fail(code ?? String(e), e);
  }
}

/**
 * A random 16-hex-digit suffix for a temporary file name.
 *
 * @returns The suffix.
 */
export function randomId(): string {
  const b = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Codes of a write that failed for want of room. */
const NO_ROOM = new Set(["ENOSPC", "EDQUOT", "EFBIG"]);

/**
 * Whether an error code means a write found no room (a full disk, a used-up
 * quota, a file size limit).
 *
 * @param code The error code, if any.
 * @returns `true` for `ENOSPC`, `EDQUOT` and `EFBIG`.
 */
export function isNoRoom(code: string | undefined): boolean {
  return code !== undefined && NO_ROOM.has(code);
}

/**
 * The hint for a token file (or database) write that found no room, once
 * new tokens may have been obtained: they are lost, and with rotating
 * refresh tokens the saved refresh token may already be used.
 *
 * @param code The error code (`ENOSPC`, `EDQUOT` or `EFBIG`).
 * @returns e.g. ` (the disk is full: …)`.
 */
export function lostWriteHint(code: string | undefined): string {
  const why = code === "EDQUOT"
    ? "the disk quota is used up: free some space or ask for a larger quota"
    : code === "EFBIG"
    ? "the file size limit was reached: raise it (ulimit -f) or remove large 'extra' data"
    : "the disk is full: free some space on it";
  return ` (${why}. The change was not saved, and the previous token file was left as it was. If new tokens were just obtained (a login or a refresh), they could not be saved: with rotating refresh tokens the saved refresh token may already be used, so the next run may need a login)`;
}

/**
 * For tests only: decides whether a write of a token file, its temporary
 * file or a room probe fails, from the file and the byte count, as a full
 * disk would (`"ENOSPC"`); `undefined` writes.
 */
export type WriteFault = (path: string, bytes: number) => string | undefined;

let writeFault: WriteFault | undefined;

/**
 * For tests only: makes the token storages' file writes fail as `fault`
 * says (a full disk, deterministically); `undefined` restores real writes.
 *
 * @param fault The fault, or `undefined`.
 */
export function _setWriteFaultForTesting(fault: WriteFault | undefined): void {
  writeFault = fault;
}

/**
 * Throws the error a test's {@linkcode _setWriteFaultForTesting} asks for
 * a write of `bytes` bytes to `path` (nothing otherwise).
 *
 * @param path The file about to be written.
 * @param bytes How many bytes.
 * @throws {Error} With the fault's `code`.
 */
export function checkWriteFault(path: string, bytes: number): void {
  const code = writeFault?.(path, bytes);
  if (code === undefined) return;
  throw Object.assign(new Error(`${code}: injected, write '${path}'`), {
    code,
  });
}

/**
 * The hint for a file-system error code, naming the cause and the fix.
 *
 * @param code The error code (`ENOSPC`, `EACCES`, …), if any.
 * @returns e.g. ` (the disk is full: free some space, …)`, or `""`.
 */
export function fsProblemHint(code: string | undefined): string {
  switch (code) {
    case "ENOSPC":
      return " (the disk is full: free some space on it, then try again; the previous token file was left as it was)";
    case "EDQUOT":
      return " (the disk quota is used up: free some space or ask for a larger quota, then try again; the previous token file was left as it was)";
    case "EFBIG":
      return " (the file size limit was reached: raise it (ulimit -f) or remove large 'extra' data; the previous token file was left as it was)";
    case "EACCES":
    case "EPERM":
      return " (no write permission: check the directory's permissions, or use another token storage)";
    case "EROFS":
      return " (the file system is read-only: use a writable directory, or another token storage)";
    default:
      return "";
  }
}

/**
 * The hint for a failed creation of a file (or folder) in `dir`: for
 * `ENOENT` in a folder that exists, the file system cannot hold files of
 * the user's (a virtual one such as `/proc` or `/sys`, which answers
 * "no such file" to a creation); said as a permission or free-space problem,
 * it sent the user to check what was fine. Other codes get
 * {@linkcode fsProblemHint}'s hint.
 *
 * @param code The error code, if any.
 * @param dir The folder the file was to be created in.
 * @returns The hint, or `""`.
 */
export async function createProblemHint(
  code: string | undefined,
  dir: string,
): Promise<string> {
  if (code !== "ENOENT") return fsProblemHint(code);
  let isDir: boolean | undefined;
  try {
    // Following links: /proc/self is one.
    isDir = (await (await nodeFs()).stat(dir)).isDirectory();
  } catch (e) {
    const c = errCode(e);
    // Unknown when the folder cannot be checked (no permission to read).
    if (c === "ENOENT" || c === "ENOTDIR") isDir = false;
  }
  if (isDir === true) {
    return ` (the folder ${dir} exists, but no file can be created in it: it is on a virtual file system, such as /proc or /sys, that holds only the system's own entries. Choose a token file path in an ordinary folder, e.g. under your home folder)`;
  }
  if (isDir === false) {
    return ` (the folder ${dir} does not exist: it was removed while the token storage used it, or the path is wrong. Create it, or choose another path for the token file)`;
  }
  return "";
}
