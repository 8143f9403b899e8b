/**
 * DELETE tasks of the emulator's task engine: submission, glob expansion
 * and the removal of each path.
 *
 * @module
 */
import { lstat, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { AbortedError } from "./file_ops.ts";
import { fnmatch } from "./fnmatch.ts";
import {
  assertConfined,
  type CollectionPath,
  homeOf,
  isReadOnly,
  PathError,
  resolvePath,
} from "./paths.ts";
import { type DeleteSpec, Task, TaskFailure, type TaskOwner } from "./task.ts";
import { TaskTransfers } from "./task_transfer.ts";

const GLOB_CHARS = /[*?[]/;

function isMissing(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** DELETE tasks. Part of {@linkcode TaskEngine}; use that class. */
export class TaskDeletes extends TaskTransfers {
  /**
   * Creates and starts a delete task.
   *
   * @param spec The delete.
   * @param owner The owner.
   * @param submissionId The submission id.
   * @returns The task.
   */
  submitDelete(spec: DeleteSpec, owner: TaskOwner, submissionId: string): Task {
    const t = new Task(
      "DELETE",
      owner,
      submissionId,
      this.o.clock.now(),
      null,
      spec,
    );
    this.start(t, () => this.#runDelete(t, spec));
    return t;
  }

  /**
   * With `interpret_globs`, a path whose last component holds `*`, `?` or
   * `[…]` becomes the matching names of its folder, in name order (as in a
   * shell, a leading `.` must be matched explicitly); a pattern matching
   * nothing stays as it is, so it fails as missing unless `ignore_missing`.
   */
  async #expandGlobs(spec: DeleteSpec, home: string): Promise<string[]> {
    if (!spec.interpretGlobs) return spec.paths;
    const out: string[] = [];
    for (const p of spec.paths) {
      const trimmed = p.replace(/\/+$/, "");
      const slash = trimmed.lastIndexOf("/");
      const pattern = trimmed.slice(slash + 1);
      if (!GLOB_CHARS.test(pattern)) {
        out.push(p);
        continue;
      }
      const parent = trimmed.slice(0, slash + 1) || "/";
      let names: string[] = [];
      try {
        const dir = resolvePath(spec.endpoint, home, parent);
        await assertConfined(spec.endpoint, dir.real);
        names = (await readdir(dir.real)).filter((n) =>
          (!n.startsWith(".") || pattern.startsWith(".")) && fnmatch(n, pattern)
        ).sort();
      } catch (e) {
        if (!(e instanceof PathError) && !isMissing(e)) throw e;
      }
      if (names.length === 0) out.push(p);
      for (const n of names) out.push(`${parent.replace(/\/?$/, "/")}${n}`);
    }
    return out;
  }

  async #runDelete(t: Task, spec: DeleteSpec): Promise<void> {
    const home = homeOf(t.owner.username);
    for (const p of await this.#expandGlobs(spec, home)) {
      const paused = this.gate(t);
      if (paused) await paused;
      this.checkDeadline(t);
      let target: CollectionPath;
      try {
        target = resolvePath(spec.endpoint, home, p);
        await assertConfined(spec.endpoint, target.real);
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
      this.checkAccess(t, "delete", spec.endpoint, target, "rw");
      this.subtask(t);
      let st;
      try {
        st = await lstat(target.real);
      } catch {
        if (spec.ignoreMissing) {
          this.subtaskDone(t);
          continue;
        }
        this.add(t, "files");
        throw new TaskFailure(
          "FILE_NOT_FOUND",
          "file not found",
          `Error: '${p}' not found\n550-GlobusError: v=1 c=PATH_NOT_FOUND`,
        );
      }
      if (target.virtual === "/" || isReadOnly(spec.endpoint, target.virtual)) {
        throw new TaskFailure(
          "PERMISSION_DENIED",
          "permission denied",
          `Error (delete)\nEndpoint: ${spec.endpoint.displayName} (${spec.endpoint.id})\nFile: ${target.virtual}\nMessage: Path not allowed`,
        );
      }
      if (st.isDirectory()) {
        if (!spec.recursive) {
          throw new TaskFailure(
            "NOT_A_FILE",
            "is a directory",
            `'${p}' is a directory; set recursive to delete it`,
          );
        }
        await this.#countTree(t, target.real);
      } else {
        // A link is removed, never what it leads to.
        this.add(t, st.isSymbolicLink() ? "symlinks" : "files");
      }
      await rm(target.real, { recursive: true, force: true });
      this.subtaskDone(t);
    }
  }

  async #countTree(t: Task, dir: string): Promise<void> {
    if (t.abort.signal.aborted) throw new AbortedError();
    this.add(t, "directories");
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.isDirectory()) await this.#countTree(t, join(dir, e.name));
      else this.add(t, e.isSymbolicLink() ? "symlinks" : "files");
    }
  }
}
