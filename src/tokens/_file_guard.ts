/**
 * Internal: what a file-backed token storage does around every change. This
 * process's changes to one path queue up first; then the inter-process lock
 * (`<file>.lock`, its module loaded on the first change) is taken, in the
 * file's directory (made, mode 0700, when missing).
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import {
  homeDir,
  isDeno,
  nodeFs,
  nodePermissionFlag,
  requestPermission,
} from "../core/runtime.ts";
import { isPermissionError } from "../core/retry.ts";
import { pathFns } from "../core/_path.ts";
import type { FileLock } from "./file_lock.ts";
import { checkWriteFault, errCode, isNoRoom, randomId } from "./_fs_problem.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Extra room a refresh's write must find beyond the current file's size. */
export const ROOM_MARGIN_BYTES = 16 * 1024;

/** A file's owner. */
export interface Owner {
  /** User id. */
  uid: number;
  /** Group id. */
  gid: number;
}

/**
 * Checks that this process may write the file at `path`, by opening it for
 * writing (and closing it at once, writing nothing): the system's own
 * answer, for root too (Deno's `access()` judges by the mode bits, and
 * refused root a file of another user). Not through a symbolic link, and
 * never waiting on a FIFO.
 *
 * @param path The file (a regular file).
 * @throws {Error} The open's error (`EACCES`, `EPERM`, `EROFS`, `ENOENT`, …).
 */
export async function openForWriting(path: string): Promise<void> {
  const { constants, open } = await nodeFs();
  const fh = await open(
    path,
    constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0) |
      (constants.O_NONBLOCK ?? 0),
  );
  await fh.close();
}

/**
 * Whom a file this process just created in a token folder should belong
 * to, when that is not this process's user: only as root (uid 0), which
 * alone may give a file away, and only when the token file there (or,
 * when there is none yet, its folder) belongs to another user. A root run
 * with a user's `HOME` (`sudo -E`, a root cron job) left the user's token
 * file, folder and lock owned by root, and the user locked out of them.
 *
 * @param path The token file.
 * @param created The new file's owner (this process's user and group).
 * @param isNew Whether the new file is the token file itself (just made
 *   at `path`): then only the folder tells.
 * @returns The owner to give the new file, or `undefined` to keep it.
 */
export async function ownerToKeep(
  path: string,
  created: Owner,
  isNew = false,
): Promise<Owner | undefined> {
  if (created.uid !== 0) return undefined;
  const { lstat } = await nodeFs();
  const folder = pathFns().dirname(path);
  for (const p of isNew ? [folder] : [path, folder]) {
    let st;
    try {
      st = await lstat(p);
    } catch (e) {
      if (errCode(e) === "ENOENT") continue;
      return undefined;
    }
    return st.uid === created.uid && st.gid === created.gid
      ? undefined
      : { uid: st.uid, gid: st.gid };
  }
  return undefined;
}

/**
 * Checks the path given to a file-backed token storage, naming what was
 * given instead (an object, a path after its options, …) without echoing
 * anything but a string.
 *
 * @param what `"file"` or `"database"`, for the message.
 * @param path The value given.
 * @throws {TypeError} When it is not a non-empty string.
 */
export function checkStoragePath(
  what: "file" | "database",
  path: unknown,
): asserts path is string {
  if (typeof path === "string" && path !== "") return;
  const given = typeof path === "string" || path === undefined || path === null
    ? JSON.stringify(path) ?? "undefined"
    : `${
      Array.isArray(path)
        ? "an array"
        : typeof path === "object"
        ? "an object"
        : `a ${typeof path}`
    }${
      typeof path === "object" ? ": the path comes first, then the options" : ""
    }`;
  throw kernelStack(
    new TypeError(
      `Cannot use a token ${what}: 'path' must be a non-empty string: current value is ${given}`,
    ),
  );
}

/** Settings of a {@linkcode FileGuard}. */
export interface FileGuardOptions {
  /** How long to wait for another process's lock (ms). */
  timeoutMs: number;
  /** A lock older than this (ms) is taken over. */
  staleMs: number;
  /** The clock for the waits between lock attempts. */
  clock: Clock;
  /** Scratch files of lock holders (removed when the lock is taken). */
  scratchPrefix?: string | undefined;
  /** Makes the error thrown for a message (and its cause). */
  error(message: string, cause?: unknown): Error;
}

/** Same-process changes to one path wait for each other here first. */
const localQueues = new Map<string, Promise<unknown>>();

/** Serializes the changes to one token file, in and across processes. */
export class FileGuard {
  readonly #path: string;
  readonly #options: FileGuardOptions;
  #lock: Promise<FileLock> | undefined;

  /**
   * @param path The file's absolute path.
   * @param options Lock settings and the error maker.
   */
  constructor(path: string, options: FileGuardOptions) {
    this.#path = path;
    this.#options = options;
  }

  /**
   * Runs `body` after this process's earlier changes to the file, holding
   * the inter-process lock.
   *
   * @param body The change.
   * @returns What `body` returns.
   */
  run<T>(body: () => Promise<T>): Promise<T> {
    return this.#queued(() => this.#locked(body));
  }

  /**
   * Makes the file's directory (mode 0700) when it is missing.
   *
   * @throws {Error} From `options.error`, when it cannot be made.
   */
  async ensureDir(): Promise<void> {
    const { dirname } = pathFns();
    const dir = dirname(this.#path);
    const { mkdir } = await nodeFs();
    let first: string | undefined;
    try {
      first = await mkdir(dir, { recursive: true, mode: 0o700 });
    } catch (e) {
      if (isPermissionError(e)) {
        // Deno asks for write permission even when the folder exists.
        const grant = permissionGrant(dir);
        throw this.#options.error(
          `Cannot save tokens in ${this.#path}: ${
            permissionFix("write", dir, grant)
          }, or use another token storage (e.g. tokenStorage: "memory").`,
          e,
        );
      }
      const code = errCode(e);
      throw this.#options.error(
        `Cannot create the token directory ${dir}: ${code ?? String(e)}${
          code === "EACCES" || code === "EPERM" || code === "EROFS"
            ? ` (this user may not create it: check the permissions of the folders above it with ls -ld, set HOME to a folder of this user's, or use another token storage (e.g. tokenStorage: "memory"))`
            : code === "EEXIST" || code === "ENOTDIR"
            ? ` (it, or a folder above it, is a file, not a folder: check the path of the token file ${this.#path}, or choose another path for the token storage)`
            : ""
        }`,
        e,
      );
    }
    if (first) await this.#keepFolderOwner(first, dir);
  }

  /**
   * Folders root just made in another user's folder (a login or refresh
   * run with that user's `HOME`) are given to that user, who could not use
   * them otherwise (mode 0700). Best effort: the folders work for this
   * process either way.
   */
  async #keepFolderOwner(first: string, dir: string): Promise<void> {
    const { dirname } = pathFns();
    const { chown, lstat } = await nodeFs();
    try {
      const made = await lstat(first);
      if (made.uid !== 0) return;
      const above = await lstat(dirname(first));
      if (above.uid === made.uid && above.gid === made.gid) return;
      const keep = { uid: above.uid, gid: above.gid };
      for (let p = dir;; p = dirname(p)) {
        await chown(p, keep.uid, keep.gid);
        if (p === first || dirname(p) === p) break;
      }
    } catch {
      // not ours to fix
    }
  }

  /**
   * The lock root just took in another user's token folder is given to
   * that user (the folder and its owner file), so that user can take it
   * over if this process dies holding it: a root-owned 0700 lock could not
   * even be read by the user, whose every write then failed until root
   * removed it. Best effort.
   */
  async #keepLockOwner(nonce: string): Promise<void> {
    const { join } = pathFns();
    const { chown, lstat } = await nodeFs();
    const lockDir = `${this.#path}.lock`;
    const ownerFile = join(lockDir, nonce);
    try {
      const keep = await ownerToKeep(this.#path, await lstat(ownerFile));
      if (!keep) return;
      await chown(ownerFile, keep.uid, keep.gid);
      await chown(lockDir, keep.uid, keep.gid);
    } catch {
      // not ours to fix
    }
  }

  /**
   * Checks that this user may create files in the file's directory (the
   * file is replaced by a renamed temporary file, beside its lock), making
   * the directory when missing: a file created there and removed at once.
   * Deno's permissions say nothing of the operating system's (a folder of
   * another owner, `HOME` pointing nowhere), so without it a login went
   * ahead and its tokens were lost.
   *
   * With `room`, the file is that many bytes long (written and synced, then
   * removed): a disk with no room for the new tokens refuses a refresh
   * before it is made. A refresh whose tokens found no room was lost, and
   * with rotating refresh tokens it had used up the saved one.
   *
   * @param what What cannot be saved, for the message (`"tokens"`).
   * @param room Bytes the probe must find room for (0: only create it).
   * @throws {Error} From `options.error`, naming the folder and the fix.
   */
  async probeDir(what: string, room = 0): Promise<void> {
    await this.ensureDir();
    const { dirname, basename, join } = pathFns();
    const dir = dirname(this.#path);
    // A scratch name: a probe left by a crash is swept by a lock holder.
    const prefix = this.#options.scratchPrefix ?? `.${basename(this.#path)}.`;
    const probe = join(dir, `${prefix}probe-${randomId()}`);
    const { open, unlink } = await nodeFs();
    let fh;
    try {
      fh = await open(probe, "wx", 0o600);
    } catch (e) {
      const code = errCode(e);
      if (isNoRoom(code)) throw this.#noRoom(what, code, room, e);
      throw this.#options.error(
        `Cannot save ${what} in ${this.#path}: this user may not create files in ${dir} (${
          code ?? String(e)
        }). Check its owner and permissions with ls -ld '${dir}', or use another token storage (e.g. tokenStorage: "memory").`,
        e,
      );
    }
    try {
      if (room > 0) {
        checkWriteFault(probe, room);
        // Random bytes: a compressing file system stores zeros in no room.
        const chunk = new Uint8Array(Math.min(room, 65536));
        crypto.getRandomValues(chunk);
        // Node writes what fits and says how much (a short write, no
        // error): the rest is written again, and a full disk refuses it.
        for (let left = room; left > 0;) {
          const n = Math.min(left, chunk.length);
          const { bytesWritten } = await fh.write(chunk, 0, n);
          if (bytesWritten <= 0) {
            throw Object.assign(new Error("no space left on device, write"), {
              code: "ENOSPC",
            });
          }
          left -= bytesWritten;
        }
        // A file system that allocates late reports a full disk here.
        // Node 24's permission model refuses fsync: the write stands.
        await fh.sync().catch((e: unknown) => {
          if (errCode(e) !== "ERR_ACCESS_DENIED") throw e;
        });
      }
    } catch (e) {
      const code = errCode(e);
      throw isNoRoom(code)
        ? this.#noRoom(what, code, room, e)
        : this.#options.error(
          `Cannot save ${what} in ${this.#path}: a test write in ${dir} failed (${
            code ?? String(e)
          }), so nothing was asked of Globus Auth.`,
          e,
        );
    } finally {
      await fh.close().catch(() => undefined);
      await unlink(probe).catch(() => undefined);
    }
  }

  /** The error for a probe that found no room for the new tokens. */
  #noRoom(
    what: string,
    code: string | undefined,
    room: number,
    cause: unknown,
  ): Error {
    const dir = pathFns().dirname(this.#path);
    const why = code === "EDQUOT"
      ? `the disk quota for ${dir} is used up`
      : code === "EFBIG"
      ? "the file size limit (ulimit -f) is too low"
      : `the disk holding ${this.#path} is full`;
    const fix = code === "EDQUOT"
      ? "free some space or ask for a larger quota"
      : code === "EFBIG"
      ? "raise the limit (ulimit -f)"
      : `free some space on it (df -h '${dir}')`;
    return this.#options.error(
      `Cannot save ${what} in ${this.#path}: ${why} (${code}: no room for ${room} bytes there), so no refresh or login was made and nothing was asked of Globus Auth; the saved tokens still work once there is room: ${fix}, then try again.`,
      cause,
    );
  }

  /**
   * Checks that Deno lets this process read and write the file's directory
   * (the file, its lock and its temporary files live there), asking for
   * what is not decided yet: in a terminal Deno shows its prompt now. For
   * a step whose result must be saved (a login), before it starts.
   *
   * @param what What cannot be saved, for the message (`"tokens"`).
   * @throws {Error} From `options.error`, naming the flags to add.
   */
  checkPermissions(what: string): void {
    const dir = pathFns().dirname(this.#path);
    const missing = (["read", "write"] as const).filter((name) =>
      !requestPermission({ name, path: dir })
    );
    if (missing.length === 0) return;
    const grant = permissionGrant(dir);
    throw this.#options.error(
      `Cannot save ${what} in ${this.#path}: ${
        permissionFix(missing.join(" and "), dir, grant)
      }, or use another token storage (e.g. tokenStorage: "memory").`,
    );
  }

  #queued<T>(run: () => Promise<T>): Promise<T> {
    const path = this.#path;
    const prev = localQueues.get(path) ?? Promise.resolve();
    const p = prev.then(run, run);
    const tail = p.catch(() => undefined);
    localQueues.set(path, tail);
    void tail.then(() => {
      if (localQueues.get(path) === tail) localQueues.delete(path);
    });
    return p;
  }

  /**
   * The inter-process lock, loaded with its module on the first change: a
   * process that only reads cached tokens never loads it.
   */
  #fileLock(): Promise<FileLock> {
    return this.#lock ??= import("./file_lock.ts").then(({ FileLock }) =>
      new FileLock(this.#path, this.#options)
    );
  }

  async #locked<T>(body: () => Promise<T>): Promise<T> {
    await this.ensureDir();
    const lock = await (await this.#fileLock()).acquire();
    await this.#keepLockOwner(lock.nonce);
    try {
      return await body();
    } finally {
      await lock.release();
    }
  }
}

/**
 * Who refused, and the flags that grant access: Deno's, or those of Node's
 * permission model (`node --permission`), which refuses with
 * `ERR_ACCESS_DENIED` and is granted with `--allow-fs-read`/`-write`. Node
 * ignores a grant of a folder that does not exist yet (`~/.globus` before
 * the first login); `<folder>/*` covers the folder and what is in it, made
 * or not, on Node 20–24. Quoted, so that a shell does not expand the `*`.
 *
 * @param kinds `"read"`, `"write"` or `"read and write"`.
 * @param subject The folder, or `"it"`.
 * @param grant The folder to grant.
 */
function permissionFix(kinds: string, subject: string, grant: string): string {
  return isDeno
    ? `Deno has no ${kinds} permission for ${subject}. Run with --allow-read=${grant} --allow-write=${grant}`
    : `Node's permission model (${nodePermissionFlag()}) gives no ${kinds} access to ${subject}. Run node with --allow-fs-read='${grant}/*' --allow-fs-write='${grant}/*'`;
}

/**
 * The folder to name in `--allow-read=`/`--allow-write=` for a token file in
 * `dir`: `~/.globus` for the default token files (it covers every app's),
 * else `dir` itself.
 */
function permissionGrant(dir: string): string {
  const { join } = pathFns();
  const home = homeDir();
  const globus = home ? join(home, ".globus") : undefined;
  // `join(globus, "x")` minus the "x": the folder with its separator.
  return globus && dir.startsWith(join(globus, "x").slice(0, -1))
    ? globus
    : dir;
}

/**
 * Why a token file (or database) could not be read, and the fix: the
 * permission flags to add when Deno refused, the file's permissions when
 * the system did, else the error code.
 *
 * @param kind `"token file"` or `"token database"`.
 * @param path The file.
 * @param e What the read threw.
 * @returns The message.
 */
export function readProblem(kind: string, path: string, e: unknown): string {
  const head = `Cannot read ${kind} ${path}`;
  if (isPermissionError(e)) {
    const grant = permissionGrant(pathFns().dirname(path));
    return `${head}: ${
      permissionFix("read", "it", grant)
    } (a login or a refresh writes it too), or use another token storage (e.g. tokenStorage: "memory").`;
  }
  const code = errCode(e);
  if (code === "EACCES" || code === "EPERM") {
    return `${head}: ${code} (this user may not read it: check its owner and permissions with ls -l '${path}'. A token file has mode 0600, so only its owner reads it: if another user wrote it (e.g. root, through sudo -E or a root cron job with this user's HOME), give it back (sudo chown "$(id -un)" '${path}') or run as its owner, or use another token storage).`;
  }
  if (code === "ENOTDIR") {
    return `${head}: ENOTDIR (a folder on its path is a file, not a folder: check the path (${
      pathFns().dirname(path)
    } must be a folder, or a folder this program can make), or choose another path for the token storage).`;
  }
  return `${head}: ${code ?? String(e)}`;
}

/**
 * What to say when `openForWriting(path)` failed for a file this user may
 * not write: another user's file, or a read-only file system; `undefined`
 * for any other error.
 *
 * @param what `"Token file"` or `"Token database"`.
 * @param path The file.
 * @param e The error.
 * @returns The message, or `undefined`.
 */
export function notWritableMessage(
  what: string,
  path: string,
  e: unknown,
): string | undefined {
  const code = errCode(e);
  if (code === "EACCES" || code === "EPERM") {
    return `${what} ${path} is read-only for this user (${code}: another user owns it, or its permissions do not let this user write it), so new tokens cannot be saved. Check its owner with ls -l '${path}': give it back to this user (sudo chown "$(id -un)" '${path}') or run as its owner, or use another token storage (e.g. tokenStorage: "memory").`;
  }
  if (code === "EROFS") {
    return `${what} ${path} is on a read-only file system, so new tokens cannot be saved: use a writable directory, or another token storage (e.g. tokenStorage: "memory").`;
  }
  return undefined;
}
