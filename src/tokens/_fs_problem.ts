/**
 * What a failed file-system call means for the token file, in words: the
 * hint appended to a `TokenStorageError` after the error code; and the
 * small helpers the token file and its lock share.
 *
 * @module
 */

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
