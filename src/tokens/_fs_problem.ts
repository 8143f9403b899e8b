/**
 * What a failed file-system call means for the token file, in words: the
 * hint appended to a `TokenStorageError` after the error code.
 *
 * @module
 */

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
