/**
 * The token file's inter-process lock: a directory `<file>.lock` holding one
 * owner file, safe with processes killed at any moment, on one host or on
 * several hosts sharing the directory (NFS home directories).
 *
 * Protocol (every step is one atomic file system call):
 * - **Take**: a waiter prepares a staging directory holding its owner file
 *   (`{pid, host, created, nonce, kernel_lock}`), rewritten just before each
 *   attempt so its time is the time the lock is taken, then renames the
 *   staging directory to `<file>.lock`. The rename succeeds only if no lock
 *   directory exists or the one there is empty, so a taken lock always holds
 *   exactly its owner's file, and holding the lock means "my owner file is in
 *   `<file>.lock`".
 * - **Release**: unlink `<file>.lock/<my nonce>`, then `rmdir` the lock
 *   directory (which only removes it if it is empty).
 * - **Break** a lock whose owner is gone (or older than `staleMs`): unlink
 *   that owner's file by its unique name, then `rmdir`. If the lock was
 *   released and taken again meanwhile, the unlink finds nothing and the
 *   `rmdir` meets the new owner's file: a breaker can never remove a newer
 *   holder's lock, whatever the interleaving (no check-then-act window).
 * - **Is the owner gone?** Only asked of owners on this host (same host
 *   name): an owner that holds its file under a kernel lock (Deno) is gone
 *   when the kernel lock is free; otherwise when its pid does not exist. An
 *   owner on another host, or one that cannot be asked (Deno without
 *   `--allow-run` about a Node owner), is taken over only once its lock is
 *   older than `staleMs`, measured between file times of the same file
 *   system (no clock skew between hosts).
 * - **Sweep** (while holding the lock): staging directories of waiters on
 *   this host that are gone, or untouched for `2 × staleMs` (live waiters
 *   touch theirs at every attempt), and the scratch files of earlier
 *   holders (only a holder writes one, and we hold the lock now).
 *
 * @module
 */
import type { Clock } from "../core/clock.ts";
import {
  hostName,
  isDeno,
  nodeFs,
  permitted,
  pid as ownPid,
  writeStderr,
} from "../core/runtime.ts";
import { pathFns } from "../core/_path.ts";
import {
  createOwnerFile,
  kernelLocks,
  type OwnerFile,
  pidAlive,
  probeKernelLock,
} from "./kernel_lock.ts";
import {
  createProblemHint,
  errCode,
  fsProblemHint,
  randomId,
} from "./_fs_problem.ts";

/** Lets the program end while `timer` is pending (Deno and Node). */
function unrefTimer(timer: ReturnType<typeof setInterval>): void {
  const deno = (globalThis as { Deno?: { unrefTimer?: (id: number) => void } })
    .Deno;
  if (typeof timer === "number") deno?.unrefTimer?.(timer);
  else (timer as { unref?: () => void }).unref?.();
}

/** What a lock owner file says. */
export interface LockOwnerInfo {
  /** The owner's process id (on its host). */
  pid: number;
  /** The owner's host name (`""` when it could not read it). */
  host: string;
  /** When the lock was taken (ms since the epoch, the owner's clock). */
  created: number;
  /** Unique per lock taken; also the owner file's name. */
  nonce: string;
  /** Whether the owner holds its file under a kernel lock. */
  kernel_lock: boolean;
}

/** Options for {@linkcode FileLock}. */
export interface FileLockOptions {
  /** How long to wait for a live holder before giving up (ms, `clock`). */
  timeoutMs: number;
  /** A lock older than this (ms) is taken over even if its owner seems alive. */
  staleMs: number;
  /** The clock for the waits between attempts and for the timeout. */
  clock: Clock;
  /**
   * File names (in the lock's directory) starting with this are scratch
   * files that only a lock holder writes: removed when the lock is taken.
   */
  scratchPrefix?: string | undefined;
  /** Makes the error thrown for a message (and its cause). */
  error(message: string, cause?: unknown): Error;
}

/** A lock that is held. */
export interface HeldLock {
  /** The owner file's name. */
  readonly nonce: string;
  /** Releases the lock (never throws). */
  release(): Promise<void>;
}

let hostOverride: string | undefined;

/**
 * For tests and the stress harness only: makes this process's locks claim
 * another host name, so writers in one process tree act as on different
 * hosts sharing a directory. `undefined` restores the real host name.
 *
 * @param name The host name to claim.
 */
export function _setLockHostnameForTesting(name: string | undefined): void {
  hostOverride = name;
}

let cachedHost: string | undefined;

/**
 * The host name locks are tagged with, or `""` when it cannot be read
 * (Deno without `--allow-sys=hostname`).
 *
 * @returns The host name.
 */
export function lockHostname(): string {
  if (hostOverride !== undefined) return hostOverride;
  if (cachedHost === undefined) {
    if (!permitted({ name: "sys", kind: "hostname" })) return "";
    try {
      cachedHost = hostName();
    } catch {
      cachedHost = "";
    }
  }
  return cachedHost;
}

/**
 * A short tag for a host name, used in file names (`"0"` for unknown).
 *
 * @param host The host name.
 * @returns 12 hex digits of its FNV-1a hash.
 */
export function hostTag(host: string): string {
  if (!host) return "0";
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(host)) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, "0").slice(0, 12);
}

/** Why a lock file call failed, or the generic permissions-and-space hint. */
function problem(code: string | undefined): string {
  return fsProblemHint(code) ||
    " (check the directory's permissions and free space)";
}

const ignore = () => undefined;

/** `<tag>-<pid>-<k|p>-<nonce>` after the staging prefix. */
const STAGING_RE = /^([0-9a-f]+)-(\d+)-([kp])-([0-9a-f]{16})$/;

/**
 * How long (ms, the lock's clock) a wait for a holder that cannot be asked
 * goes on before a notice on standard error says why (at most `timeoutMs`).
 */
const UNKNOWN_HOLDER_NOTICE_MS = 1000;

/** Rename errors meaning "a lock is there". */
const TAKEN = new Set(["EEXIST", "ENOTEMPTY", "ENOTDIR", "EISDIR", "EPERM"]);

const UNKNOWN_OWNER: LockOwnerInfo = {
  pid: -1,
  host: "",
  created: 0,
  nonce: "",
  kernel_lock: false,
};

/** Parses an owner file's text (an unknown owner when it is not one). */
export function parseOwner(text: string): LockOwnerInfo {
  try {
    const v = JSON.parse(text);
    if (
      v && typeof v === "object" && typeof v.pid === "number" &&
      typeof v.host === "string" && typeof v.created === "number" &&
      typeof v.nonce === "string"
    ) {
      return {
        pid: v.pid,
        host: v.host,
        created: v.created,
        nonce: v.nonce,
        kernel_lock: v.kernel_lock === true,
      };
    }
  } catch {
    // not an owner file
  }
  return UNKNOWN_OWNER;
}

interface Staging {
  dir: string;
  nonce: string;
  owner: OwnerFile;
}

type Seen =
  | { kind: "again" }
  | {
    kind: "held";
    info: LockOwnerInfo;
    /** Whether its owner could not be asked (only age can free it). */
    unknown: boolean;
  };

/**
 * The lock at `<target>.lock` for a file `target` (see the module docs for
 * the protocol).
 */
export class FileLock {
  /** The lock directory. */
  readonly path: string;
  readonly #dir: string;
  readonly #stagingBase: string;
  readonly #opts: FileLockOptions;
  #sweeps = 0;

  /**
   * @param target The file the lock protects.
   * @param options Timeouts, clock and error maker.
   */
  constructor(target: string, options: FileLockOptions) {
    this.path = target + ".lock";
    const { basename, dirname } = pathFns();
    this.#dir = dirname(target);
    this.#stagingBase = `.${basename(target)}.lock-`;
    this.#opts = options;
  }

  /**
   * Takes the lock, waiting for a live holder (up to `timeoutMs`) and
   * taking over one whose owner is gone or that is older than `staleMs`.
   *
   * @returns The held lock.
   * @throws {Error} From `options.error`: when the lock cannot be created, or on timeout.
   */
  async acquire(): Promise<HeldLock> {
    const { clock, timeoutMs, error } = this.#opts;
    const { join } = pathFns();
    const { lstat, rename, rmdir } = await nodeFs();
    const host = lockHostname();
    const tag = hostTag(host);
    const start = clock.now();
    let delay = 2;
    let quick = 0;
    let staging: Staging | undefined = await this.#newStaging(tag);
    let noticed = false;
    try {
      for (;;) {
        staging ??= await this.#newStaging(tag);
        const info: LockOwnerInfo = {
          pid: ownPid(),
          host,
          created: Date.now(),
          nonce: staging.nonce,
          kernel_lock: staging.owner.kernelLocked,
        };
        let now: number;
        try {
          await staging.owner.write(JSON.stringify(info));
          now = await staging.owner.mtimeMs();
        } catch (e) {
          throw error(
            `Cannot write the lock file for ${this.path}: ${
              errCode(e) ?? String(e)
            }${problem(errCode(e))}`,
            e,
          );
        }
        let code: string | undefined;
        try {
          await rename(staging.dir, this.path);
        } catch (e) {
          code = errCode(e) ?? String(e);
        }
        if (code === undefined) {
          const mine = join(this.path, staging.nonce);
          const ok = await lstat(mine).then(() => true, () => false);
          if (ok) {
            const names = await this.#sweepScratch();
            const held = this.#held(
              staging.owner,
              staging.nonce,
              JSON.stringify(info),
              () => this.#sweepStaging(names, host, tag, now),
            );
            staging = undefined;
            return held;
          }
          // A sweeper emptied our staging directory just before the rename:
          // what we moved is an empty (untaken) lock directory.
          await rmdir(this.path).catch(ignore);
          await staging.owner.close();
          staging = undefined;
          continue;
        }
        if (code === "ENOENT") {
          // Our staging directory was swept (we looked gone): start again.
          await this.#discard(staging);
          staging = undefined;
          if (++quick > 20) throw this.#cannot(code);
          continue;
        }
        if (!TAKEN.has(code)) throw this.#cannot(code);
        const seen = await this.#inspect(host, now);
        const waited = clock.now() - start;
        // A holder that cannot be asked (another host's, or a Node one in
        // Deno without --allow-run) may have crashed: its lock becomes
        // stale by age, so wait for that rather than fail first.
        const limit = seen.kind === "held" && seen.unknown
          ? Math.max(timeoutMs, this.#opts.staleMs + 1000)
          : timeoutMs;
        if (
          seen.kind === "held" && seen.unknown && !noticed &&
          waited >= Math.min(UNKNOWN_HOLDER_NOTICE_MS, timeoutMs)
        ) {
          // A wait of up to staleMs with no output looks like a hang.
          noticed = true;
          writeStderr(this.#unknownHolderNotice(seen.info, host) + "\n");
        }
        if (seen.kind === "held" && waited > limit) {
          const h = seen.info;
          throw error(
            `Timed out after ${limit} ms waiting for the lock ${this.path} (${
              !(h.pid > 0) && !h.host
                ? "it names no process or machine: a lock left broken, or a file of another program"
                : `held by process ${h.pid > 0 ? h.pid : "?"} on ${
                  h.host || "an unknown host"
                }`
            }). If no other program is using the token file, delete the lock directory ${this.path}.`,
          );
        }
        if (seen.kind === "again" && ++quick <= 20) continue;
        if (seen.kind === "again" && waited > limit * 2 + 1000) {
          throw error(
            `Timed out after ${
              Math.round(waited)
            } ms taking the lock ${this.path}: it keeps changing or cannot be removed. Delete it if no other program is using the token file.`,
          );
        }
        quick = 0;
        await clock.sleep(delay + Math.random() * delay);
        delay = Math.min(delay * 2, 50);
      }
    } finally {
      if (staging) await this.#discard(staging);
    }
  }

  /**
   * What to tell a person kept waiting by a lock whose holder cannot be
   * asked whether it is still running: why, until when, and the fix.
   */
  #unknownHolderNotice(h: LockOwnerInfo, host: string): string {
    const stale = Math.round(this.#opts.staleMs / 1000);
    if (!(h.pid > 0) && !h.host) {
      // Not another program's lock: a lock left broken, or something else
      // at its path. It read "taken by process ?, … that process runs on a
      // machine that did not name itself".
      return `globus-deno: waiting for the token file's lock ${this.path}: it names no process or machine (a lock left broken, or a file of another program at that path), so it is taken over once it is ${stale} s old. If no other program uses the token file, deleting ${this.path} ends the wait.`;
    }
    const who = `process ${h.pid > 0 ? h.pid : "?"}${
      h.host && h.host !== host ? ` on host ${h.host}` : ""
    }`;
    // A holder that wrote no host name ran without it (Deno without
    // --allow-sys=hostname), most likely on this very machine: it read "runs
    // on a machine that did not name itself sharing the folder".
    const why = !host
      ? "without the host name (Deno: --allow-sys=hostname) this process cannot tell whether that process is on this machine and still running"
      : !h.host
      ? "that process wrote no host name (it ran without --allow-sys=hostname), and this process cannot tell whether it ran on this machine"
      : h.host !== host
      ? "that process runs on another machine sharing the folder, so its lock cannot be checked from here"
      : "this process cannot check a Node process's pid without --allow-run";
    const fix = !host
      ? " Run with --allow-sys=hostname to take over a stopped program's lock at once."
      : !h.host
      ? " Run every program that uses the token file with --allow-sys=hostname, and a stopped one's lock is taken over at once."
      : h.host === host && isDeno
      ? " Run with --allow-run to take over a stopped Node program's lock at once."
      : "";
    return `globus-deno: waiting for the token file's lock ${this.path}, taken by ${who}, which may have been stopped while writing (Ctrl-C, a crash): ${why}, so the lock is taken over once it is ${stale} s old.${fix} If no other program uses the token file, deleting ${this.path} ends the wait.`;
  }

  #cannot(code: string): Error {
    return this.#opts.error(
      `Cannot create the lock ${this.path}: ${code}${problem(code)}`,
    );
  }

  async #newStaging(tag: string): Promise<Staging> {
    const { basename, join } = pathFns();
    const { mkdir, rmdir } = await nodeFs();
    const nonce = randomId();
    const kind = kernelLocks ? "k" : "p";
    const dir = join(
      this.#dir,
      `${this.#stagingBase}${tag}-${ownPid()}-${kind}-${nonce}`,
    );
    try {
      for (let attempt = 0;; attempt++) {
        await mkdir(dir, { mode: 0o700 });
        try {
          return {
            dir,
            nonce,
            owner: await createOwnerFile(join(dir, nonce)),
          };
        } catch (e) {
          await rmdir(dir).catch(ignore);
          // Swept by a writer that took us for a crashed one: again.
          if (errCode(e) !== "ENOENT" || attempt >= 5) throw e;
        }
      }
    } catch (e) {
      const code = errCode(e);
      throw this.#opts.error(
        `Cannot create the lock file for ${
          join(this.#dir, basename(this.path))
        }: ${code ?? String(e)}${
          code === "ENOENT"
            ? await createProblemHint(code, this.#dir)
            : problem(code)
        }`,
        e,
      );
    }
  }

  async #discard(s: Staging): Promise<void> {
    const { join } = pathFns();
    const { rmdir, unlink } = await nodeFs();
    await unlink(join(s.dir, s.nonce)).catch(ignore);
    await rmdir(s.dir).catch(ignore);
    await s.owner.close();
  }

  #held(
    owner: OwnerFile,
    nonce: string,
    text: string,
    after: () => Promise<void>,
  ): HeldLock {
    const path = this.path;
    let released = false;
    // A live holder keeps its lock however long it holds it (a refresh
    // retried after 503s with Retry-After: 40 s): its owner file is
    // rewritten every third of staleMs, so its age, by the file system's
    // clock, stays under staleMs. It was taken over at 30 s, and the slow
    // holder then presented a refresh token the new holder had used. A
    // holder that died stops, and is taken over (at once on this host, by
    // age on another).
    const beat = setInterval(() => {
      owner.write(text).catch(ignore);
    }, Math.max(1, Math.floor(this.#opts.staleMs / 3)));
    unrefTimer(beat);
    return {
      nonce,
      async release() {
        if (released) return;
        released = true;
        clearInterval(beat);
        const { join } = pathFns();
        const { rmdir, unlink } = await nodeFs();
        // Only our own owner file: if our lock was taken over (stale), this
        // finds nothing and the rmdir meets the new owner's file.
        await unlink(join(path, nonce)).catch(ignore);
        await rmdir(path).catch(ignore);
        await owner.close();
        await after().catch(ignore);
      },
    };
  }

  /** Looks at the lock that is in the way; breaks it if its owner is gone. */
  async #inspect(host: string, now: number): Promise<Seen> {
    const { join } = pathFns();
    const { lstat, readdir, readFile, rmdir, unlink } = await nodeFs();
    let names: string[];
    try {
      names = await readdir(this.path);
    } catch (e) {
      const code = errCode(e);
      if (code === "ENOENT") return { kind: "again" };
      if (code === "ENOTDIR") return await this.#legacy(now);
      throw this.#opts.error(
        `Cannot read the lock ${this.path}: ${code ?? String(e)}${
          code === "EACCES" || code === "EPERM"
            ? ` (another user left it, e.g. a run under sudo: check its owner with ls -ld '${this.path}'; when no program of that user is saving tokens, remove it with that user's rights, e.g. sudo rm -r '${this.path}')`
            : ""
        }`,
        e,
      );
    }
    if (names.length === 0) {
      // Being released or broken: remove it if still empty.
      await rmdir(this.path).catch(ignore);
      return { kind: "again" };
    }
    let holder: LockOwnerInfo | undefined;
    let unknown = false;
    for (const name of names) {
      const p = join(this.path, name);
      let mtime: number;
      let info: LockOwnerInfo;
      try {
        mtime = (await lstat(p)).mtimeMs;
        info = parseOwner(await readFile(p, { encoding: "utf-8" }));
      } catch (e) {
        if (errCode(e) === "ENOENT") return { kind: "again" };
        mtime = now;
        info = UNKNOWN_OWNER;
      }
      const state = await ownerState(info, p, host);
      if (state === "gone") return { kind: "again" };
      if (state === "dead" || now - mtime > this.#opts.staleMs) {
        await unlink(p).catch(ignore);
        await rmdir(this.path).catch(ignore);
        return { kind: "again" };
      }
      if (!holder) {
        holder = info;
        unknown = state === "unknown";
      }
    }
    return { kind: "held", info: holder ?? UNKNOWN_OWNER, unknown };
  }

  /** A lock *file* left by an earlier version of this package. */
  async #legacy(now: number): Promise<Seen> {
    const { lstat, readFile, unlink } = await nodeFs();
    try {
      const st = await lstat(this.path);
      if (st.isDirectory()) return { kind: "again" };
      if (now - st.mtimeMs > this.#opts.staleMs) {
        // unlink() never removes a lock directory, only this old file.
        await unlink(this.path).catch(ignore);
        return { kind: "again" };
      }
      const info = parseOwner(await readFile(this.path, { encoding: "utf-8" }));
      return { kind: "held", info, unknown: true };
    } catch {
      return { kind: "again" };
    }
  }

  /**
   * Removes earlier holders' scratch files (we hold the lock, so none is in
   * use) and returns the staging entries seen, for {@linkcode #sweepStaging}.
   */
  async #sweepScratch(): Promise<string[]> {
    const { join } = pathFns();
    const { readdir, unlink } = await nodeFs();
    let names: string[];
    try {
      names = await readdir(this.#dir);
    } catch {
      return [];
    }
    const scratch = this.#opts.scratchPrefix;
    const staging: string[] = [];
    for (const name of names) {
      if (scratch && name.startsWith(scratch)) {
        await unlink(join(this.#dir, name)).catch(ignore);
      } else if (name.startsWith(this.#stagingBase)) staging.push(name);
    }
    return staging;
  }

  /**
   * Removes staging entries of waiters that are gone (after the lock is
   * released, so it costs the other writers nothing). Entries of this host
   * are probed in random order until the first live one (with many live
   * waiters that is one or two probes, and a gone one is found within a few
   * writes; with none left, all are probed). Every 16th time, entries that
   * cannot be probed (other hosts', or a Node waiter's in Deno without
   * `--allow-run`) are removed if untouched for `2 × staleMs`.
   */
  async #sweepStaging(
    names: string[],
    host: string,
    tag: string,
    now: number,
  ): Promise<void> {
    const { join } = pathFns();
    const { lstat, rmdir, unlink } = await nodeFs();
    const byAge = this.#sweeps++ % 16 === 0;
    for (let i = names.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [names[i], names[j]] = [names[j] as string, names[i] as string];
    }
    for (const name of names) {
      const p = join(this.#dir, name);
      const m = STAGING_RE.exec(name.slice(this.#stagingBase.length));
      const owner = m ? join(p, m[4] as string) : p;
      let gone = false;
      if (m && host && m[1] === tag) {
        const pid = Number(m[2]);
        if (m[3] === "k" && kernelLocks) {
          const k = await probeKernelLock(owner);
          if (k === "held") break; // a live waiter: most others are too
          gone = k === "free" || k === "gone";
        } else if (pid === ownPid()) {
          continue; // another waiter in this process
        } else {
          const alive = pidAlive(pid);
          if (alive) break;
          gone = alive === false;
        }
      }
      if (!gone && byAge) {
        gone = await lstat(owner).then(
          (st) => now - st.mtimeMs > 2 * this.#opts.staleMs,
          () => m !== null, // no owner file: see below
        );
      }
      if (!gone) continue;
      if (m) {
        // Also a staging directory without its owner file: its waiter died
        // between making it and creating the file, or is doing so just now
        // (then rmdir fails on the file, or the waiter starts again).
        await unlink(owner).catch(ignore);
        await rmdir(p).catch(ignore);
      } else {
        await unlink(p).catch(() => rmdir(p)).catch(ignore);
      }
    }
  }
}

/**
 * Whether a lock owner is alive: asked only of owners on this host.
 *
 * @param info What its owner file says.
 * @param ownerPath The owner file.
 * @param host This host's name (`""`: unknown, so nobody is "on this host").
 * @returns `"alive"`, `"dead"`, `"gone"` (file removed meanwhile) or `"unknown"`.
 */
async function ownerState(
  info: LockOwnerInfo,
  ownerPath: string,
  host: string,
): Promise<"alive" | "dead" | "gone" | "unknown"> {
  if (!host || info.host !== host || info.pid <= 0) return "unknown";
  if (info.kernel_lock && kernelLocks) {
    const k = await probeKernelLock(ownerPath);
    if (k === "held") return "alive";
    if (k === "free") return "dead";
    if (k === "gone") return "gone";
  }
  if (info.pid === ownPid()) return "alive";
  const alive = pidAlive(info.pid);
  return alive === undefined ? "unknown" : alive ? "alive" : "dead";
}
