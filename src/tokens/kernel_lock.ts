/**
 * The runtime adapter for the token file's lock: the lock owner file (held
 * under an advisory kernel lock where the runtime has one), probing another
 * owner file's kernel lock, and asking whether a process is alive. Like
 * src/core/runtime.ts, this is where `Deno.*` is touched, so the lock
 * protocol in file_lock.ts runs unchanged on Deno and on Node.
 *
 * - Deno (not Windows): `Deno.FsFile.tryLock()` (an advisory `flock`, needs
 *   no permission beyond reading and writing the file). The kernel drops it
 *   when its process dies, so a crashed Deno process is recognised without
 *   asking about its pid (`--allow-run`).
 * - Node has no file locks in core: owner files are plain files, and a
 *   crashed owner is recognised by its pid (`process.kill(pid, 0)`).
 *
 * @module
 */
import { isDeno, killProcess, nodeFs, permitted } from "../core/runtime.ts";
import { errCode } from "./_fs_problem.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/**
 * Whether owner files are held under a kernel lock that other processes can
 * probe (Deno on Linux and macOS; not on Windows, where such locks are
 * mandatory and would hide the file's content from readers).
 */
export const kernelLocks: boolean = isDeno &&
  g.Deno?.build?.os !== "windows" &&
  typeof g.Deno?.FsFile?.prototype?.tryLock === "function";

/** A lock owner file, open for as long as its lock is held. */
export interface OwnerFile {
  /** Whether this process holds the file's kernel lock. */
  readonly kernelLocked: boolean;
  /**
   * Replaces the whole content (the file is tiny), never leaving it empty
   * or cut short in between.
   */
  write(text: string): Promise<void>;
  /** The file's modification time, in the file system's clock (ms). */
  mtimeMs(): Promise<number>;
  /** Closes the file (dropping its kernel lock). Never throws. */
  close(): Promise<void>;
}

/**
 * Creates `path` exclusively (mode 0600) and, where the runtime has kernel
 * locks, takes its exclusive kernel lock.
 *
 * @param path The owner file to create (must not exist).
 * @returns The open file.
 * @throws {Error} The file system's error (e.g. `EEXIST`, `ENOENT`, `EACCES`).
 */
export async function createOwnerFile(path: string): Promise<OwnerFile> {
  const encoder = new TextEncoder();
  if (kernelLocks) {
    const f = await g.Deno.open(path, {
      read: true,
      write: true,
      createNew: true,
      mode: 0o600,
    });
    let locked = false;
    try {
      locked = await f.tryLock(true);
    } catch {
      locked = false;
    }
    return {
      kernelLocked: locked,
      async write(text: string) {
        // Written over from the start, then cut to its length: a reader
        // (another process judging the lock) never finds it empty, as it
        // did between a truncate and the write (the heartbeat rewrites the
        // same text).
        const bytes = encoder.encode(text);
        await f.seek(0, g.Deno.SeekMode.Start);
        let off = 0;
        while (off < bytes.length) off += await f.write(bytes.subarray(off));
        await f.truncate(bytes.length);
      },
      async mtimeMs() {
        return (await f.stat()).mtime?.getTime() ?? Date.now();
      },
      close() {
        try {
          f.close();
        } catch {
          // already closed
        }
        return Promise.resolve();
      },
    };
  }
  const fh = await (await nodeFs()).open(path, "wx", 0o600);
  return {
    kernelLocked: false,
    async write(text: string) {
      // Over the old text, then cut (never empty to a reader).
      const bytes = encoder.encode(text);
      let off = 0;
      while (off < bytes.length) {
        off += (await fh.write(bytes, off, bytes.length - off, off))
          .bytesWritten;
      }
      await fh.truncate(bytes.length);
    },
    async mtimeMs() {
      return (await fh.stat()).mtimeMs;
    },
    async close() {
      await fh.close().catch(() => undefined);
    },
  };
}

/**
 * Whether another process holds the kernel lock of an owner file:
 * `"held"`, `"free"` (no process holds it: its owner is gone), `"gone"` (the
 * file no longer exists) or `"unknown"` (no kernel locks here).
 *
 * @param path The owner file.
 * @returns What the kernel says.
 */
export async function probeKernelLock(
  path: string,
): Promise<"held" | "free" | "gone" | "unknown"> {
  if (!kernelLocks) return "unknown";
  let f;
  try {
    f = await g.Deno.open(path, { read: true });
  } catch (e) {
    return errCode(e) === "ENOENT" ? "gone" : "unknown";
  }
  try {
    return (await f.tryLock(true)) ? "free" : "held";
  } catch {
    return "unknown";
  } finally {
    try {
      f.close();
    } catch {
      // already closed
    }
  }
}

/**
 * Whether a process on this host exists: `true`, `false` (definitely not),
 * or `undefined` when it cannot be asked without a prompt (Deno without
 * `--allow-run`).
 *
 * @param pid The process id.
 * @returns The answer.
 */
export function pidAlive(pid: number): boolean | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (!permitted({ name: "run" })) return undefined;
  try {
    killProcess(pid, 0);
    return true;
  } catch (e) {
    const code = errCode(e);
    if (code === "ESRCH") return false;
    if (code === "EPERM") return true;
    return undefined;
  }
}
