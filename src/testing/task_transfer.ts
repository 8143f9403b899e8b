/**
 * TRANSFER tasks of the emulator's task engine: submission, the scan of the
 * source, filter rules, sync levels and the copy of each file.
 *
 * @module
 */
import { constants, lstatSync, readlinkSync, statSync } from "node:fs";
import {
  access,
  lstat,
  mkdir,
  readdir,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
} from "node:fs/promises";
import { dirname, join } from "node:path";
import {
  abortableSleep,
  ContentMismatchError,
  copyFileTo,
  hashName,
  sameContent,
  yieldIfBusy,
} from "./file_ops.ts";
import { fnmatch } from "./fnmatch.ts";
import { isoSeconds } from "./http.ts";
import {
  assertConfined,
  type CollectionPath,
  homeOf,
  isReadOnly,
  PathError,
  resolvePath,
} from "./paths.ts";
import {
  type FilterRule,
  Task,
  TaskFailure,
  type TaskOwner,
  type TransferItem,
  type TransferSpec,
} from "./task.ts";
import { EXPIRED, TaskRunner } from "./task_runner.ts";

/**
 * A path of a transfer task: resolved, and as the task lists it in
 * successful_transfers and skipped_errors (`sent`): the item's path as it
 * was submitted (`/~/k/`), joined with the file's path below it for a
 * recursive item (`/~/k/sub/file1.txt`), never expanded to the home folder.
 */
interface TaskPath extends CollectionPath {
  /** The path in the form it was submitted in. */
  sent: string;
}

/** The entry `name` of a folder given as a submitted path. */
function sentChild(sent: string, name: string): string {
  // An empty path is the home folder, as `~` is.
  const base = sent.trim() === "" ? "~" : sent.replace(/\/+$/, "");
  return `${base}/${name}`;
}

/** How many files of one folder a task copies at once. */
const FILE_CONCURRENCY = 4;

/**
 * A file-system error of a copy as Globus reports it, in the collection's
 * terms: never the emulator's host path (a raw `EEXIST … mkdir '/tmp/…'`
 * was the task's UNKNOWN error).
 */
function copyFailure(
  e: unknown,
  what: "read" | "write",
  path: CollectionPath,
): unknown {
  const code = (e as { code?: unknown })?.code;
  const at = `'${path.virtual}'`;
  switch (code) {
    case "EACCES":
    case "EPERM":
      return new TaskFailure(
        "PERMISSION_DENIED",
        "permission denied",
        `Permission denied: cannot ${what} ${at}`,
      );
    case "ENOENT":
      return new TaskFailure(
        "FILE_NOT_FOUND",
        "file not found",
        `Error: ${at} not found`,
      );
    case "EISDIR":
      return new TaskFailure(
        "ENDPOINT_ERROR",
        "endpoint error",
        `${at} is a directory: a file's destination must not be an existing directory`,
      );
    case "EEXIST":
    case "ENOTDIR":
      return new TaskFailure(
        "ENDPOINT_ERROR",
        "endpoint error",
        `${at} (or a folder above it) is a file, where a directory is needed`,
      );
    case "ENAMETOOLONG":
      return new TaskFailure(
        "ENDPOINT_ERROR",
        "endpoint error",
        `${at}: the path is too long`,
      );
    default:
      return e;
  }
}

/** `assertConfined` for a path met inside a recursive transfer. */
async function confined(
  c: Parameters<typeof assertConfined>[0],
  p: CollectionPath,
): Promise<void> {
  try {
    await assertConfined(c, p.real);
  } catch (e) {
    if (!(e instanceof PathError)) throw e;
    throw new TaskFailure(
      "PERMISSION_DENIED",
      "permission denied",
      `'${p.virtual}' leads outside the collection (a symbolic link): nothing is written through it`,
    );
  }
}

async function pool<T, R>(
  items: T[],
  n: number,
  fn: (item: T) => Promise<R>,
): Promise<{ results: (R | undefined)[]; error: unknown }> {
  const results: (R | undefined)[] = new Array(items.length);
  let next = 0;
  let error: unknown = undefined;
  const worker = async (): Promise<void> => {
    while (error === undefined && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (e) {
        error ??= e;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, worker),
  );
  return { results, error };
}

/** TRANSFER tasks. Part of {@linkcode TaskEngine}; use that class. */
export class TaskTransfers extends TaskRunner {
  /**
   * Creates and starts a transfer task.
   *
   * @param spec The transfer.
   * @param owner The owner.
   * @param submissionId The submission id.
   * @returns The task.
   */
  submitTransfer(
    spec: TransferSpec,
    owner: TaskOwner,
    submissionId: string,
  ): Task {
    const t = new Task(
      "TRANSFER",
      owner,
      submissionId,
      this.o.clock.now(),
      spec,
      null,
    );
    this.start(t, () => this.#runTransfer(t, spec));
    return t;
  }

  async #runTransfer(t: Task, spec: TransferSpec): Promise<void> {
    const srcHome = homeOf(t.owner.username);
    // The folders this task copies into, left out of the scans of its
    // sources: a folder copied into its own subfolder copied itself again
    // and again (807 levels, until the path was too long). Globus lists a
    // source before it copies.
    const destinations = new Set<string>();
    for (const item of spec.items) {
      if (spec.source.id !== spec.destination.id || !item.recursive) continue;
      try {
        destinations.add(
          resolvePath(spec.destination, srcHome, item.destination_path).real,
        );
      } catch {
        // refused below, with the item
      }
    }
    for (const item of spec.items) {
      this.checkDeadline(t);
      let src: TaskPath;
      let dst: TaskPath;
      try {
        src = {
          ...resolvePath(spec.source, srcHome, item.source_path),
          sent: item.source_path,
        };
        dst = {
          ...resolvePath(spec.destination, srcHome, item.destination_path),
          sent: item.destination_path,
        };
        await assertConfined(spec.source, src.real);
        await assertConfined(spec.destination, dst.real);
      } catch (e) {
        if (e instanceof PathError) {
          throw new TaskFailure(
            "PERMISSION_DENIED",
            "permission denied",
            e.message,
          );
        }
        throw e;
      }
      this.checkAccess(t, "transfer", spec.source, src, "r");
      this.checkAccess(t, "transfer", spec.destination, dst, "rw");
      let st;
      for (let attempt = 0; st === undefined; attempt++) {
        try {
          st = await lstat(src.real);
          // A symbolic link given as an item is followed, as Globus follows
          // it (its target is in the collection: checked above).
          if (st.isSymbolicLink()) st = await stat(src.real);
        } catch {
          const details =
            `Error: '${item.source_path}' not found\n550-GlobusError: v=1 c=PATH_NOT_FOUND`;
          if (spec.skipSourceErrors) {
            this.#sourceError(
              t,
              spec,
              item,
              "FILE_NOT_FOUND",
              "file not found",
              details,
              false,
            );
            break;
          }
          // Not fatal on Globus: the task stays ACTIVE, counts a fault and
          // tries again (the file may appear) until its deadline.
          await this.retryLater(
            t,
            "FILE_NOT_FOUND",
            "file not found",
            details,
            attempt,
          );
        }
      }
      if (st === undefined) continue;
      t.recovered();
      if (st.isDirectory()) {
        if (!item.recursive) {
          this.#sourceError(
            t,
            spec,
            item,
            "NOT_A_FILE",
            "not a file",
            `'${item.source_path}' is a directory; set recursive to transfer it`,
            true,
          );
          continue;
        }
        await this.#copyDir(t, spec, src, dst, destinations, undefined, item);
      } else {
        const done = await this.#copyOne(
          t,
          spec,
          src,
          dst,
          st.size,
          st.mtimeMs,
          item,
        );
        if (done) t.successful.push(done);
      }
    }
  }

  #sourceError(
    t: Task,
    spec: TransferSpec,
    item: {
      source_path: string;
      destination_path: string;
      checksum_algorithm: string | null;
      external_checksum: string | null;
    },
    code: string,
    description: string,
    details: string,
    isDir: boolean,
  ): void {
    if (!spec.skipSourceErrors) {
      throw new TaskFailure(code, description, details);
    }
    this.add(t, "subtasks_skipped_errors");
    this.add(t, "subtasks_total");
    this.event(t, code, description, details, true);
    t.skipped.push({
      DATA_TYPE: "skipped_error",
      checksum_algorithm: item.checksum_algorithm,
      destination_path: item.destination_path,
      error_code: code,
      error_details: details,
      error_time: isoSeconds(this.o.clock.now()),
      external_checksum: item.external_checksum,
      is_delete_destination_extra: false,
      is_directory: isDir,
      is_symlink: false,
      source_path: item.source_path,
    });
  }

  /** {@linkcode #sourceError} of a file, link or folder met inside a folder. */
  #metSourceError(
    t: Task,
    spec: TransferSpec,
    src: TaskPath,
    dst: TaskPath,
    code: string,
    description: string,
    details: string,
    isDir = false,
  ): void {
    this.#sourceError(
      t,
      spec,
      {
        source_path: src.sent,
        destination_path: dst.sent,
        checksum_algorithm: null,
        external_checksum: null,
      },
      code,
      description,
      details,
      isDir,
    );
  }

  /**
   * A source this user may not read, given as an item or met in a folder:
   * a skipped error with skipSourceErrors, else the task's failure.
   */
  #unreadable(
    t: Task,
    spec: TransferSpec,
    item: TransferItem | null,
    src: TaskPath,
    dst: TaskPath,
    failure: TaskFailure,
    isDir: boolean,
  ): void {
    const { code, description, details } = failure;
    if (item) {
      this.#sourceError(t, spec, item, code, description, details, isDir);
    } else {
      this.#metSourceError(
        t,
        spec,
        src,
        dst,
        code,
        description,
        details,
        isDir,
      );
    }
  }

  #denyWrite(spec: TransferSpec, dst: CollectionPath): void {
    if (isReadOnly(spec.destination, dst.virtual)) {
      throw new TaskFailure(
        "PERMISSION_DENIED",
        "permission denied",
        `Error (transfer)\nEndpoint: ${spec.destination.displayName} (${spec.destination.id})\nFile: ${dst.virtual}\nMessage: Path not allowed (read-only)`,
      );
    }
  }

  #included(
    rules: FilterRule[] | null,
    name: string,
    type: "file" | "dir",
  ): boolean {
    if (!rules) return true;
    for (const r of rules) {
      if (r.type !== null && r.type !== type) continue;
      if (fnmatch(name, r.name)) return r.method === "include";
    }
    return true;
  }

  async #copyDir(
    t: Task,
    spec: TransferSpec,
    src: TaskPath,
    dst: TaskPath,
    destinations: ReadonlySet<string>,
    followed: ReadonlySet<string> = new Set(),
    item: TransferItem | null = null,
  ): Promise<void> {
    this.checkDeadline(t);
    // With recursive_symlinks "copy", the real folders being copied: a
    // link back to one of them is a loop, not one more level.
    let chain = followed;
    if (spec.recursiveSymlinks === "copy") {
      chain = new Set(followed).add(await realpath(src.real));
    }
    this.checkAccess(t, "transfer", spec.source, src, "r");
    this.checkAccess(t, "transfer", spec.destination, dst, "rw");
    // Listed before anything is made at the destination: a folder this
    // user may not read is, with skipSourceErrors, a skipped error that
    // leaves no empty folder behind.
    let entries;
    try {
      entries = await readdir(src.real, { withFileTypes: true });
    } catch (e) {
      const failure = copyFailure(e, "read", src);
      if (!(failure instanceof TaskFailure)) throw failure;
      this.#unreadable(t, spec, item, src, dst, failure, true);
      return;
    }
    this.add(t, "directories");
    this.subtask(t);
    this.#denyWrite(spec, dst);
    await confined(spec.destination, dst);
    await mkdir(dst.real, { recursive: true }).catch((e) => {
      throw copyFailure(e, "write", dst);
    });
    this.subtaskDone(t);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const kept = new Set<string>();
    const child = (p: TaskPath, name: string): TaskPath => ({
      virtual: p.virtual === "/" ? `/${name}` : `${p.virtual}/${name}`,
      real: join(p.real, name),
      sent: sentChild(p.sent, name),
    });
    const files: string[] = [];
    const dirs: string[] = [];
    const links: string[] = [];
    for (const e of entries) {
      if (destinations.has(join(src.real, e.name))) continue;
      let isDir = e.isDirectory();
      if (e.isSymbolicLink()) {
        if (spec.recursiveSymlinks === "ignore") {
          this.add(t, "symlinks");
          continue;
        }
        if (spec.recursiveSymlinks === "keep") {
          if (!this.#included(spec.filterRules, e.name, "file")) continue;
          kept.add(e.name);
          links.push(e.name);
          continue;
        }
        const followedTo = await this.#followLink(
          t,
          spec,
          child(src, e.name),
          child(dst, e.name),
          chain,
        );
        if (followedTo === null) continue;
        isDir = followedTo === "dir";
      }
      const type = isDir ? "dir" : "file";
      if (!this.#included(spec.filterRules, e.name, type)) continue;
      kept.add(e.name);
      (type === "dir" ? dirs : files).push(e.name);
    }
    for (const name of links) {
      await this.#keepLink(t, spec, child(src, name), child(dst, name));
    }
    // A folder's files are counted (and are pending subtasks) once it is
    // listed, as Globus counts what it found before it copies: counted as
    // each copy began, 8 files read "4/4 files" (99 %), then "4/8" (50 %).
    this.add(t, "files", files.length);
    this.add(t, "subtasks_total", files.length);
    this.add(t, "subtasks_pending", files.length);
    // Files of a folder are copied FILE_CONCURRENCY at a time (disk I/O of
    // one overlaps the hashing of another); results are recorded in name order.
    const { results, error } = await pool(
      files,
      FILE_CONCURRENCY,
      async (name) => {
        const s = child(src, name);
        // A blocking stat: a thread round trip costs more than the call.
        const st = statSync(s.real);
        const done = await this.#copyOne(
          t,
          spec,
          s,
          child(dst, name),
          st.size,
          st.mtimeMs,
          null,
        );
        // Small files copy with blocking calls: let requests in.
        await yieldIfBusy();
        return done;
      },
    );
    for (const r of results) if (r) t.successful.push(r);
    if (error !== undefined) throw error;
    for (const name of dirs) {
      await this.#copyDir(
        t,
        spec,
        child(src, name),
        child(dst, name),
        destinations,
        chain,
      );
    }
    if (spec.deleteDestinationExtra) {
      for (const e of await readdir(dst.real, { withFileTypes: true })) {
        if (kept.has(e.name)) continue;
        await rm(join(dst.real, e.name), { recursive: true, force: true });
      }
    }
  }

  /**
   * With recursive_symlinks "copy", what a symbolic link leads to: `"file"`
   * or `"dir"`, copied as if it were there; `null` when it cannot be
   * followed (missing, outside the collection, or a loop), a source error.
   */
  async #followLink(
    t: Task,
    spec: TransferSpec,
    src: TaskPath,
    dst: TaskPath,
    chain: ReadonlySet<string>,
  ): Promise<"file" | "dir" | null> {
    const fail = (code: string, description: string, details: string) => {
      this.#metSourceError(t, spec, src, dst, code, description, details);
      return null;
    };
    let target;
    try {
      target = await realpath(src.real);
      await assertConfined(spec.source, target);
    } catch (e) {
      if (e instanceof PathError) {
        return fail(
          "PERMISSION_DENIED",
          "permission denied",
          `'${src.virtual}' is a symbolic link that leads outside the collection`,
        );
      }
      return fail(
        "FILE_NOT_FOUND",
        "file not found",
        `Error: '${src.virtual}' is a symbolic link to a missing file`,
      );
    }
    const st = await stat(target);
    if (!st.isDirectory()) return "file";
    if (chain.has(target)) {
      return fail(
        "ENDPOINT_ERROR",
        "endpoint error",
        `'${src.virtual}' is a symbolic link to a folder above it (a loop)`,
      );
    }
    return "dir";
  }

  /**
   * With recursive_symlinks "keep", makes the link again at the destination
   * with the same target, as it reads (not changed to fit its new place).
   */
  async #keepLink(
    t: Task,
    spec: TransferSpec,
    src: CollectionPath,
    dst: CollectionPath,
  ): Promise<void> {
    this.add(t, "symlinks");
    this.subtask(t);
    this.checkDeadline(t);
    this.checkAccess(t, "transfer", spec.source, src, "r");
    this.checkAccess(t, "transfer", spec.destination, dst, "rw");
    const target = await readlink(src.real).catch((e) => {
      throw copyFailure(e, "read", src);
    });
    this.#denyWrite(spec, dst);
    const existing = lstatSync(dst.real, { throwIfNoEntry: false });
    if (existing?.isSymbolicLink() && readlinkSync(dst.real) === target) {
      this.subtaskDone(t);
      return;
    }
    if (existing?.isDirectory()) {
      throw new TaskFailure(
        "ENDPOINT_ERROR",
        "endpoint error",
        `'${dst.virtual}' is a directory: a symbolic link's destination must not be an existing directory`,
      );
    }
    // The name itself is replaced (a link there is removed, not followed).
    if (existing) await rm(dst.real, { force: true });
    await symlink(target, dst.real).catch((e) => {
      throw copyFailure(e, "write", dst);
    });
    this.subtaskDone(t);
  }

  async #copyOne(
    t: Task,
    spec: TransferSpec,
    src: TaskPath,
    dst: TaskPath,
    size: number,
    mtimeMs: number,
    item: TransferItem | null,
  ): Promise<[string, string] | null> {
    const signal = t.abort.signal;
    // A folder's files were counted when it was listed (#copyDir).
    if (item !== null) {
      this.add(t, "files");
      this.subtask(t);
    }
    await abortableSleep(this.o.taskDelayMs, signal);
    const paused = this.gate(t);
    if (paused) await paused;
    this.checkDeadline(t);
    // The access rules as they are now (one may have gone while it waited).
    this.checkAccess(t, "transfer", spec.source, src, "r");
    this.checkAccess(t, "transfer", spec.destination, dst, "rw");
    // One lstat on the way (a copy of 4096 small files paid ~180 µs a file
    // for a realpath walk and an access check). A folder's files are
    // confined by their folder's check in #copyDir, unless the name itself
    // is a symbolic link in the destination.
    // Blocking, and no exception for a missing file: a thread round trip
    // and a thrown error cost more than the call.
    let dstSt = lstatSync(dst.real, { throwIfNoEntry: false }) ?? null;
    if (dstSt?.isSymbolicLink()) {
      await confined(spec.destination, dst);
      dstSt = await stat(dst.real).catch(() => null);
    }
    if (dstSt !== null) {
      const srcSt = await stat(src.real);
      if (srcSt.dev === dstSt.dev && srcSt.ino === dstSt.ino) {
        // Opened for writing, the destination was emptied before it was
        // read: the task SUCCEEDED with the file at 0 bytes.
        throw new TaskFailure(
          "ENDPOINT_ERROR",
          "endpoint error",
          `'${src.virtual}' and '${dst.virtual}' are the same file`,
        );
      }
    }
    // sync level
    if (spec.syncLevel !== null) {
      if (dstSt?.isFile()) {
        let same = true;
        if (spec.syncLevel >= 1 && dstSt.size !== size) same = false;
        if (
          same && spec.syncLevel >= 2 &&
          Math.floor(dstSt.mtimeMs / 1000) < Math.floor(mtimeMs / 1000)
        ) same = false;
        if (same && spec.syncLevel >= 3) {
          same = await sameContent(src.real, dst.real, signal);
          this.add(t, "bytes_checksummed", size + dstSt.size);
        }
        if (same) {
          this.add(t, "files_skipped");
          this.subtaskDone(t);
          return null;
        }
      }
    }
    this.#denyWrite(spec, dst);
    // #copyDir made the folder of its files already; a single item may not.
    if (item !== null) {
      await mkdir(dirname(dst.real), { recursive: true }).catch((e) => {
        throw copyFailure(e, "write", dst);
      });
    }
    const ext = item?.external_checksum ?? null;
    const extAlg = ext ? hashName(item?.checksum_algorithm ?? "md5") : null;
    // One pass: each chunk is read, hashed for external_checksum, written,
    // and read back for verify_checksum.
    let before = 0;
    let digest: string | null;
    try {
      digest = await copyFileTo(src.real, dst.real, {
        signal,
        bytesPerSecond: this.o.throttleBytesPerSecond,
        hashAlgorithm: extAlg,
        verify: spec.verifyChecksum,
        sizeHint: size,
        onBytes: (n) => {
          before += n;
          this.add(t, "bytes_transferred", n);
          // A file still copying at the deadline stops there (Globus
          // cancels the job at its deadline, not after the file).
          this.checkDeadline(t);
        },
      });
    } catch (e) {
      if (e instanceof TaskFailure && e.code === EXPIRED) throw e;
      if (e instanceof ContentMismatchError) {
        throw new TaskFailure(
          "VERIFY_CHECKSUM",
          "checksum verification failed",
          `Checksums of ${src.virtual} and ${dst.virtual} differ`,
        );
      }
      // Which side failed: the destination when the source is readable.
      const readable = await access(src.real, constants.R_OK).then(
        () => true,
        () => false,
      );
      const failure = copyFailure(
        e,
        readable ? "write" : "read",
        readable ? dst : src,
      );
      if (!readable && failure instanceof TaskFailure) {
        // A file this user may not read (an item, or met in a folder): a
        // skipped error with skipSourceErrors, as a missing source is (the
        // copy opens the source first: nothing was written).
        this.#unreadable(t, spec, item, src, dst, failure, false);
        // Counted once, as a skipped error (#sourceError counts it).
        this.add(t, "subtasks_pending", -1);
        this.add(t, "subtasks_total", -1);
        return null;
      }
      throw failure;
    }
    this.add(t, "bytes_transferred", size - before);
    if (ext && digest !== null && digest.toLowerCase() !== ext.toLowerCase()) {
      throw new TaskFailure(
        "CHECKSUM_MISMATCH",
        "checksum mismatch",
        `The source checksum of ${src.virtual} does not match external_checksum`,
      );
    }
    if (spec.verifyChecksum) this.add(t, "bytes_checksummed", size);
    if (spec.preserveTimestamp) {
      await utimes(dst.real, mtimeMs / 1000, mtimeMs / 1000);
    }
    this.add(t, "files_transferred");
    this.subtaskDone(t);
    // As submitted, as skipped_errors lists them (Globus keeps `/~/`).
    return [src.sent, dst.sent];
  }
}
