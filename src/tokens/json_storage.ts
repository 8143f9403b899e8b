/**
 * A token storage backed by a JSON file in the Globus Python SDK's format,
 * so a token file written by one is read by the other.
 *
 * Beyond the Python SDK it replaces the file atomically (temp file, fsync,
 * rename), keeps it at mode 0600 in a 0700 directory, holds an inter-process
 * lock across every read-modify-write, and never overwrites a file it cannot
 * read.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { TokenStorageError } from "../core/errors.ts";
import {
  lstatFile,
  lstatFileSync,
  nodeFs,
  pid,
  readTextFileSync,
  VERSION,
} from "../core/runtime.ts";
import { pathFns } from "../core/_path.ts";
import {
  checkStoragePath,
  FileGuard,
  notWritableMessage,
  openForWriting,
  ownerToKeep,
  readProblem,
  ROOM_MARGIN_BYTES,
} from "./_file_guard.ts";
import {
  BaseTokenStorage,
  hideTokensFromInspect,
  identityFromResponse,
  type LockedTokenStorage,
  mergeTokenResponse,
  type ModifyResult,
  ownValue,
  parseStoredTokenData,
  setOwn,
  type StoredTokenData,
  tokenDataToJson,
  withoutRecord,
} from "./token_storage.ts";
import {
  checkWriteFault,
  createProblemHint,
  errCode,
  isNoRoom,
  lostWriteHint,
  pathExists,
  randomId,
} from "./_fs_problem.ts";
import { jsonErrorOffset } from "./_json_syntax.ts";

/** The format version this package writes (the Python SDK's current one). */
export const TOKEN_FILE_FORMAT_VERSION = "2.0";

/** What this package writes as `"globus-sdk.version"` in token files. */
export const TOKEN_FILE_SDK_VERSION: string = `globus-deno-${VERSION}`;

/** Options for {@linkcode JSONTokenStorage}. */
export interface JSONTokenStorageOptions {
  /**
   * The namespace the records live under (other namespaces in the same file
   * are kept as they are).
   * @default {"DEFAULT"}
   */
  namespace?: string | undefined;
  /**
   * How long to wait for another process's lock before giving up, in ms. A
   * lock whose holder cannot be asked whether it is alive (on another host,
   * or a Node holder seen from Deno without `--allow-run`) is waited for
   * until it is stale (`staleLockMs`), whichever is longer.
   * @default {10000}
   */
  lockTimeoutMs?: number | undefined;
  /**
   * A lock untouched for this long (ms) is taken over even if its holder
   * seems alive. A live holder rewrites its lock every third of this while
   * it holds it, so only one that stopped (killed on another host, frozen)
   * ages past it. A lock whose holder process is gone is taken over at once
   * when the holder is on this host (same host name: in Deno this needs
   * `--allow-sys=hostname`, and, for a Node holder, `--allow-run`).
   * @default {30000}
   */
  staleLockMs?: number | undefined;
  /**
   * The clock used for the waits between lock attempts.
   * @default {systemClock}
   */
  clock?: Clock | undefined;
}

interface FileDoc {
  /** Namespace → raw namespace object. */
  data: Record<string, unknown>;
}

/** Reads of a file that is not JSON before it is called corrupt. */
const READ_ATTEMPTS = 4;

/**
 * How recently a file may have changed for its parsed copy not to be kept:
 * its times may not tell two writes in one tick apart.
 */
const RACY_MS = 2000;

const RECOVER =
  "It was left untouched: move it aside or delete it, then log in again.";

/**
 * Where a JSON syntax error is, from the parser's `at position N` (V8),
 * for a person fixing a hand edit — never the text there, which may hold
 * tokens.
 *
 * @returns e.g. `: a syntax error at line 12, column 3 (…)`, or `""`.
 */
function syntaxAt(text: string, e: unknown): string {
  const m = /at position (\d+)/.exec(e instanceof Error ? e.message : "");
  const hint =
    " (after a hand edit, look there for a trailing comma, a missing quote or comma, or a comment)";
  // V8 gives no position for an unquoted or single-quoted value.
  const at = m ? Number(m[1]) : jsonErrorOffset(text);
  if (at === undefined || at >= text.trimEnd().length) {
    return at !== undefined ||
        /end of (JSON )?input|unterminated/i.test(String(e))
      ? `: it ends before the JSON does${hint}`
      : "";
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = before.length - before.lastIndexOf("\n");
  return `: a syntax error at line ${line}, column ${column}${hint}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Stores tokens in a JSON file, format 2.0 of the Globus Python SDK:
 * `{"data": {namespace: {resource_server: {…}}}, "format_version": "2.0",
 * "globus-sdk.version": "…"}`. Files in format 1.0 (`{"by_rs": …}`) are read
 * as the `DEFAULT` namespace (and rewritten as 2.0 on the next change).
 *
 * Safety, beyond the Python SDK:
 * - each change is a locked read-modify-write (`<file>.lock`, see the
 *   README "The token cache": a lock whose process on this host is gone is taken
 *   over at once, one older than `staleLockMs` in any case), so concurrent
 *   processes, killed ones and ones on other hosts sharing the directory
 *   never lose an update;
 * - the file is replaced atomically (temp file + fsync + rename): a reader, or
 *   a writer killed at any moment, sees the old or the new content, never a
 *   torn file;
 * - the file is created with mode 0600, its directory (made if missing) 0700;
 * - a file that cannot be parsed, or has an unknown `format_version`, raises
 *   {@linkcode TokenStorageError} and is never overwritten;
 * - a read-only token file (no owner write bit, or a file this user may
 *   not write, such as another user's) is never replaced;
 * - a token file root replaces in another user's folder keeps its owner
 *   (and a new one, the folder's owner), as do the folders and the lock
 *   root makes there: a root run with a user's `HOME` (`sudo -E`, a root
 *   cron job) does not lock the user out;
 * - a token file that is a symbolic link is refused (not followed), so tokens
 *   are never written somewhere unexpected.
 *
 * Needs `--allow-read` and `--allow-write` for the file's directory, and
 * `--allow-sys=hostname` to take over a crashed process's lock at once.
 *
 * @example Keep tokens in a file
 * ```ts
 * import { JSONTokenStorage } from "@globus-deno/sdk";
 * const dir = await Deno.makeTempDir();
 * const storage = new JSONTokenStorage(`${dir}/tokens.json`);
 * console.log(await storage.getTokenDataByResourceServer()); // {}
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class JSONTokenStorage extends BaseTokenStorage {
  /** The token file's absolute path. */
  readonly path: string;
  /**
   * {@linkcode JSONTokenStorage.path} under the Python SDK's name
   * (`FileTokenStorage.filepath`, one word, so read the same here).
   *
   * @returns The token file's absolute path.
   */
  get filepath(): string {
    return this.path;
  }
  /**
   * This process's queue and the inter-process lock, loaded on the first
   * write: reading needs no lock (see `#load`).
   */
  readonly #guard: FileGuard;
  readonly #clock: Clock;
  #cache: { key: string; doc: FileDoc } | undefined;

  /**
   * Uses the token file at `path` (nothing is read or written yet).
   *
   * @param path The token file (created on the first write).
   * @param options The namespace and lock settings.
   * @throws {TypeError} When `path` or the namespace is empty.
   */
  constructor(path: string, options: JSONTokenStorageOptions = {}) {
    checkOptions("JSONTokenStorage", options, [
      "namespace",
      "lockTimeoutMs",
      "staleLockMs",
      "clock",
    ], {
      positional: "namespace",
      example:
        'new JSONTokenStorage("/path/to/tokens.json", { namespace: "DEFAULT" })',
    });
    super(options.namespace ?? "DEFAULT");
    checkStoragePath("file", path);
    this.path = pathFns().resolve(path);
    this.#clock = options.clock ?? systemClock;
    this.#guard = new FileGuard(this.path, {
      timeoutMs: options.lockTimeoutMs ?? 10_000,
      staleMs: options.staleLockMs ?? 30_000,
      clock: this.#clock,
      scratchPrefix: this.#tempPrefix(),
      error: (message, cause) => this.#error(message, cause),
    });
  }

  /**
   * Reads the namespace's records (cheap when the file has not changed).
   *
   * @returns Resource server → record.
   * @throws {TokenStorageError} When the file is unreadable, a link, or not a token file.
   */
  protected async read(): Promise<Record<string, StoredTokenData>> {
    const doc = await this.#load(true);
    return this.#namespaceRecords(doc);
  }

  /**
   * Locked read-modify-write of the namespace.
   *
   * @param fn The change.
   * @returns `fn`'s result.
   * @throws {TokenStorageError} When the file cannot be read or written safely.
   */
  protected modify<T>(
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): Promise<T> {
    return this.#guard.run(() => this.#modifyHeld(fn));
  }

  /**
   * Whether the token file exists yet (Python's `file_exists()`): `false`
   * before the first write. Like the rest of the storage, it does not
   * follow a symbolic link (a link counts as existing, and is refused on
   * use).
   *
   * @returns `true` when something is at {@linkcode JSONTokenStorage.path}.
   * @throws {TokenStorageError} When the path cannot be checked (e.g. no
   *   read permission for its folder).
   */
  fileExists(): Promise<boolean> {
    return pathExists(
      this.path,
      lstatFile,
      (problem, e) =>
        this.#error(
          `Cannot check whether the token file ${this.path} exists: ${problem}`,
          e,
        ),
    );
  }

  /**
   * Checks that new tokens could be saved: on Deno, read and write
   * permission for the file's directory (in a terminal Deno asks now); that
   * the file, if there is one, is not read-only (for this user); and that
   * this user may create files in the directory, with room for the new
   * file (made if missing; a file of the current file's size plus 16 KiB is
   * written there, synced and removed). Apps call it before a login, and
   * renewing authorizers before a refresh, so nobody logs in or refreshes
   * for tokens that cannot be kept.
   *
   * @throws {TokenStorageError} Naming what is missing and the fix.
   */
  override async checkWritable(): Promise<void> {
    this.#guard.checkPermissions("tokens");
    await this.#checkWritable();
    await this.#guard.probeDir("tokens", await this.#room());
  }

  /** Bytes the next write needs: the file's size plus a margin. */
  async #room(): Promise<number> {
    try {
      return (await lstatFile(this.path)).size + ROOM_MARGIN_BYTES;
    } catch {
      return ROOM_MARGIN_BYTES;
    }
  }

  /**
   * Runs `fn` while holding the token file's lock (the one other processes
   * take to write it), after this process's other writers to the file.
   * `fn` rereads and writes through its argument. A lock held longer than
   * `staleLockMs` may be taken over by another process, so keep `fn` short
   * (a token refresh is).
   *
   * @param fn The critical section.
   * @returns `fn`'s result.
   * @throws {TokenStorageError} When the lock cannot be taken, or the file
   *   cannot be read or written safely.
   */
  override withLock<T>(
    fn: (locked: LockedTokenStorage) => Promise<T>,
  ): Promise<T> {
    return this.#guard.run(() =>
      fn({
        getTokenData: async (rs) =>
          ownValue(this.#namespaceRecords(await this.#load(false)), rs) ??
            null,
        storeTokenResponse: (response) => {
          const sub = identityFromResponse(response);
          return this.#modifyHeld((current) => ({
            next: mergeTokenResponse(current, response, sub),
            result: undefined,
          }));
        },
        removeTokenData: (rs) =>
          this.#modifyHeld((current) => withoutRecord(current, rs)),
      })
    );
  }

  /** Read-modify-write of the namespace; the caller holds the lock. */
  async #modifyHeld<T>(
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): Promise<T> {
    const doc = await this.#load(false);
    const { next, result } = fn(this.#namespaceRecords(doc));
    if (next) {
      const data: Record<string, unknown> = { ...doc.data };
      const ns: Record<string, unknown> = {};
      for (const [rs, d] of Object.entries(next)) {
        setOwn(ns, rs, tokenDataToJson(d));
      }
      setOwn(data, this.namespace, ns);
      await this.#checkWritable();
      await this.#writeAtomically(
        pythonJsonDumps({
          data,
          format_version: TOKEN_FILE_FORMAT_VERSION,
          "globus-sdk.version": TOKEN_FILE_SDK_VERSION,
        }),
      );
      this.#cache = undefined;
    }
    return result;
  }

  #error(message: string, cause?: unknown): TokenStorageError {
    return new TokenStorageError(
      this.path,
      message,
      cause === undefined ? undefined : { cause },
    );
  }

  #corrupt(why: string, unreadable = false): TokenStorageError {
    return this.#error(
      `Token file ${this.path} is not a valid token file: ${why}. ${
        unreadable
          ? "If another program (the Python SDK) was writing it just then, try again. "
          : ""
      }${RECOVER}`,
    );
  }

  #namespaceRecords(doc: FileDoc): Record<string, StoredTokenData> {
    const raw = ownValue(doc.data, this.namespace);
    if (raw === undefined) return {};
    if (!isPlainObject(raw)) {
      throw this.#corrupt(`namespace '${this.namespace}' is not an object`);
    }
    const out: Record<string, StoredTokenData> = {};
    for (const [rs, value] of Object.entries(raw)) {
      const parsed = parseStoredTokenData(value);
      if (typeof parsed === "string") {
        throw this.#corrupt(
          `the entry for '${rs}' in namespace '${this.namespace}' is invalid (${parsed})`,
        );
      }
      setOwn(out, rs, hideTokensFromInspect(parsed));
    }
    return out;
  }

  /**
   * The file's document, read synchronously (a few kilobytes, and no
   * blocking thread pool started for them on a cold start: see
   * `lstatFileSync` in core/runtime.ts); cached while the file is unchanged
   * when `useCache`. Text that is not JSON (empty, cut short) is read again
   * a few times first: another program may be rewriting the file in place
   * (the Python SDK does, without the lock).
   */
  async #load(useCache: boolean): Promise<FileDoc> {
    for (let attempt = 1;; attempt++) {
      const doc = this.#loadOnce(useCache, attempt === READ_ATTEMPTS);
      if (doc) return doc;
      await this.#clock.sleep(20 * attempt);
    }
  }

  /** One read: `undefined` for text that is not JSON, unless `last`. */
  #loadOnce(useCache: boolean, last: boolean): FileDoc | undefined {
    let st;
    try {
      st = lstatFileSync(this.path);
    } catch (e) {
      if (errCode(e) === "ENOENT") return { data: {} };
      throw this.#error(readProblem("token file", this.path, e), e);
    }
    if (st.isSymbolicLink()) {
      throw this.#error(
        `Token file ${this.path} is a symbolic link, and token files are not read or written through links (tokens could end up somewhere unexpected). Point the token storage at the real file, or replace the link with a regular file.`,
      );
    }
    if (!st.isFile()) {
      throw this.#error(
        `Token file ${this.path} is not a regular file. Move it aside, or choose another path for the token storage.`,
      );
    }
    const key = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    if (useCache && this.#cache?.key === key) return this.#cache.doc;
    let text: string;
    try {
      text = readTextFileSync(this.path);
    } catch (e) {
      throw this.#error(readProblem("token file", this.path, e), e);
    }
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch (e) {
      if (!last) return undefined;
      // The parser's message may quote the file (tokens): only where.
      throw this.#corrupt(
        text.trim() === ""
          ? "it is empty"
          : `it is not JSON${syntaxAt(text, e)}`,
        true,
      );
    }
    const doc = this.#parse(root);
    // A file changed within the last seconds is read again next time:
    // times are kept to the millisecond (Deno) or coarser, so a rewrite of
    // the same size in the same tick would look unchanged.
    this.#cache = Date.now() - Math.max(st.mtimeMs, st.ctimeMs) > RACY_MS
      ? { key, doc }
      : undefined;
    return doc;
  }

  #parse(root: unknown): FileDoc {
    if (!isPlainObject(root)) throw this.#corrupt("its root is not an object");
    const version = root["format_version"];
    if (version === "1.0") {
      const byRs = root["by_rs"];
      if (!isPlainObject(byRs)) {
        throw this.#corrupt("format 1.0 data without a 'by_rs' object");
      }
      return { data: { DEFAULT: byRs } };
    }
    if (version === "2.0") {
      const data = root["data"];
      if (!isPlainObject(data)) {
        throw this.#corrupt("format 2.0 data without a 'data' object");
      }
      return { data: { ...data } };
    }
    if (version === undefined) {
      throw this.#corrupt("it has no 'format_version'");
    }
    throw this.#corrupt(
      `its format_version ${
        JSON.stringify(version)
      } is unknown (a newer SDK may have written it; this one reads 1.0 and 2.0)`,
    );
  }

  /**
   * Refuses a file that is read-only: without its owner's write bit (root
   * may write any file, but a file made read-only stays so), or one this
   * user may not write (another user's: the rename of the replace needs
   * only the folder's permission, so such a file was replaced silently).
   */
  async #checkWritable(): Promise<void> {
    try {
      const st = await lstatFile(this.path);
      if ((st.mode & 0o200) === 0) {
        throw this.#error(
          `Token file ${this.path} is read-only, so new tokens cannot be saved. Make it writable (chmod 600 '${this.path}'), or use another token storage (e.g. tokenStorage: "memory").`,
        );
      }
      try {
        if (st.isFile()) await openForWriting(this.path);
      } catch (e) {
        const said = notWritableMessage("Token file", this.path, e);
        if (said) throw this.#error(said, e);
        throw e;
      }
    } catch (e) {
      if (e instanceof TokenStorageError) throw e;
      if (errCode(e) !== "ENOENT") {
        throw this.#error(
          `Cannot check token file ${this.path}: ${errCode(e) ?? String(e)}`,
          e,
        );
      }
    }
  }

  /** Temp files of the atomic replace (removed by the next lock holder). */
  #tempPrefix(): string {
    return `.${pathFns().basename(this.path)}.tmp-`;
  }

  async #writeAtomically(text: string): Promise<void> {
    const { dirname, join } = pathFns();
    const { open, rename, unlink } = await nodeFs();
    const dir = dirname(this.path);
    const temp = join(
      dir,
      `${this.#tempPrefix()}${pid()}-${randomId()}`,
    );
    try {
      const fh = await open(temp, "wx", 0o600);
      try {
        // Root replacing another user's file gives the new one its owner
        // (the Python SDK writes in place, which keeps it): a root-owned
        // 0600 file locked the user out of their own tokens.
        const keep = await ownerToKeep(this.path, await fh.stat());
        // Best effort: the tokens are saved either way.
        if (keep) await fh.chown(keep.uid, keep.gid).catch(() => undefined);
        const bytes = new TextEncoder().encode(text);
        checkWriteFault(temp, bytes.length);
        await fh.writeFile(bytes);
        // Exactly 0600 whatever the umask. Node's permission model
        // (node --permission) refuses fchmod to every program; the file was
        // created 0600 less the umask, never more open than that.
        await fh.chmod(0o600).catch((e: unknown) => {
          if (errCode(e) !== "ERR_ACCESS_DENIED") throw e;
        });
        // Node 24's permission model refuses fsync too: the write stands.
        await fh.sync().catch((e: unknown) => {
          if (errCode(e) !== "ERR_ACCESS_DENIED") throw e;
        });
      } finally {
        await fh.close();
      }
      await rename(temp, this.path);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      const code = errCode(e);
      const hint = isNoRoom(code)
        ? lostWriteHint(code)
        : await createProblemHint(code, dir);
      throw this.#error(
        `Cannot write token file ${this.path}: ${code ?? String(e)}${hint}`,
        e,
      );
    }
    try {
      const dh = await open(dir, "r");
      try {
        await dh.sync();
      } finally {
        await dh.close();
      }
    } catch {
      // Directory fsync is best effort (not supported everywhere).
    }
  }
}

/**
 * Serializes JSON the way Python's `json.dump` does by default
 * (`", "` and `": "` separators, non-ASCII escaped), so a file written here
 * is byte-for-byte what the Python SDK would write.
 *
 * @param value JSON data.
 * @returns The text.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") {
    return JSON.stringify(value).replace(
      /[\u0080-\uffff]/g,
      (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
    );
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? String(value) : "null";
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) {
    return "[" + value.map((v) => pythonJsonDumps(v)).join(", ") + "]";
  }
  if (typeof value === "object") {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v === undefined) continue;
      parts.push(`${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`);
    }
    return "{" + parts.join(", ") + "}";
  }
  return "null";
}
