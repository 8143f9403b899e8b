/**
 * Internal: what a file-backed token storage does around every change. This
 * process's changes to one path queue up first; then the inter-process lock
 * (`<file>.lock`, its module loaded on the first change) is taken, in the
 * file's directory (made, mode 0700, when missing).
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import { homeDir, isDeno, nodeFs, requestPermission } from "../core/runtime.ts";
import { isPermissionError } from "../core/retry.ts";
import { pathFns } from "../core/_path.ts";
import type { FileLock } from "./file_lock.ts";
import { errCode, randomId } from "./_fs_problem.ts";

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
  throw new TypeError(
    `Cannot use a token ${what}: 'path' must be a non-empty string: current value is ${given}`,
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
    const dir = pathFns().dirname(this.#path);
    const { mkdir } = await nodeFs();
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
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
            : ""
        }`,
        e,
      );
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
   * @param what What cannot be saved, for the message (`"tokens"`).
   * @throws {Error} From `options.error`, naming the folder and the fix.
   */
  async probeDir(what: string): Promise<void> {
    await this.ensureDir();
    const { dirname, basename, join } = pathFns();
    const dir = dirname(this.#path);
    // A scratch name: a probe left by a crash is swept by a lock holder.
    const prefix = this.#options.scratchPrefix ?? `.${basename(this.#path)}.`;
    const probe = join(dir, `${prefix}probe-${randomId()}`);
    const { open, unlink } = await nodeFs();
    try {
      await (await open(probe, "wx", 0o600)).close();
    } catch (e) {
      const code = errCode(e);
      throw this.#options.error(
        `Cannot save ${what} in ${this.#path}: this user may not create files in ${dir} (${
          code ?? String(e)
        }). Check its owner and permissions with ls -ld '${dir}', or use another token storage (e.g. tokenStorage: "memory").`,
        e,
      );
    }
    await unlink(probe).catch(() => undefined);
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
    : `Node's permission model (--permission) gives no ${kinds} access to ${subject}. Run node with --allow-fs-read='${grant}/*' --allow-fs-write='${grant}/*'`;
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
    return `${head}: ${code} (this user may not read it: check its owner and permissions with ls -l; a token file is written with mode 0600 for the user who logged in, so run as that user, or use another token storage).`;
  }
  return `${head}: ${code ?? String(e)}`;
}
