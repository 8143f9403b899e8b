/**
 * A token storage backed by a SQLite database laid out as the Globus Python
 * SDK's `SQLiteTokenStorage` lays it out, so a database written by one is
 * read by the other.
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { TokenStorageError } from "../core/errors.ts";
import { lstatFile, nodeFs, runtimeDescription } from "../core/runtime.ts";
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
import { pythonJsonDumps, TOKEN_FILE_SDK_VERSION } from "./json_storage.ts";
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
  createProblemHint,
  errCode,
  fsProblemHint,
  isNoRoom,
  lostWriteHint,
  pathExists,
} from "./_fs_problem.ts";
import { kernelStack } from "../core/_kernel_stack.ts";

/** Options for {@linkcode SQLiteTokenStorage}. */
export interface SQLiteTokenStorageOptions {
  /**
   * The namespace the records live under (other namespaces in the same
   * database are kept as they are).
   * @default {"DEFAULT"}
   */
  namespace?: string | undefined;
  /**
   * How long to wait for another writer, in ms: another process of this
   * package (its lock file), or any SQLite writer such as the Python SDK
   * (SQLite's own lock).
   * @default {10000}
   */
  lockTimeoutMs?: number | undefined;
  /**
   * A lock file untouched for this long (ms) is taken over even if its
   * holder seems alive; a live holder rewrites it every third of this (as
   * with {@linkcode JSONTokenStorage}).
   * @default {30000}
   */
  staleLockMs?: number | undefined;
  /**
   * The clock used for the waits between lock attempts.
   * @default {systemClock}
   */
  clock?: Clock | undefined;
}

/** The part of `node:sqlite`'s `StatementSync` used here. */
interface Statement {
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): unknown;
}

/** The part of `node:sqlite`'s `DatabaseSync` used here. */
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}

interface SqliteModule {
  DatabaseSync: new (path: string) => Database;
}

/** The database's tables, as the Python SDK's `SQLiteTokenStorage` makes them. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS token_storage (
    namespace VARCHAR NOT NULL,
    resource_server VARCHAR NOT NULL,
    token_data_json VARCHAR NOT NULL,
    PRIMARY KEY (namespace, resource_server)
);
CREATE TABLE IF NOT EXISTS sdk_storage_adapter_internal (
    attribute VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    PRIMARY KEY (attribute)
);`;

/**
 * The schema version the Python SDK's `SQLiteTokenStorage` writes (1 was its
 * older `SQLiteAdapter`, whose `token_storage` table is the same).
 */
const SCHEMA_VERSION = "2";

const RECOVER =
  "It was left untouched: move it aside or delete it, then log in again.";

let sqlite: Promise<SqliteModule> | undefined;

/** `node:sqlite`, loaded on first use (Deno 2.2+, Node 22.13+). */
function loadSqlite(): Promise<SqliteModule> {
  return sqlite ??= (
    // @ts-ignore: Node 20's type definitions (the npm build's) have no node:sqlite
    import("node:sqlite") as Promise<SqliteModule>
  ).catch(
    (e) => {
      sqlite = undefined;
      throw e;
    },
  );
}

/** An open database and the file it was opened on. */
interface Opened {
  db: Database;
  /** `dev:ino` of the file, to notice it being replaced or deleted. */
  id: string;
  /** Whether the file had its owner's write bit when last checked. */
  writable: boolean;
}

/**
 * Stores tokens in a SQLite database, in the Globus Python SDK's layout: a
 * `token_storage` table of `(namespace, resource_server, token_data_json)`
 * rows, where `token_data_json` is the record as the Python SDK serializes
 * it, and an `sdk_storage_adapter_internal` table of version attributes. A
 * database written by the Python SDK's `SQLiteTokenStorage` (or its older
 * `SQLiteAdapter`) is read here, and the other way round.
 *
 * Uses the runtime's `node:sqlite` (Deno 2.2 or later, Node 22.13 or later):
 * without it, the first read or write throws a
 * {@linkcode TokenStorageError} that says so. The module is loaded on
 * first use, so importing this package never needs it.
 *
 * Safety, beyond the Python SDK:
 * - each change is a read-modify-write in one SQLite transaction, under the
 *   same `<file>.lock` lock {@linkcode JSONTokenStorage} takes, so this
 *   package's processes make one token refresh between them, and no writer
 *   (the Python SDK included) loses an update;
 * - the database is created with mode 0600 (SQLite gives its journal the
 *   same mode), its directory (made if missing) 0700;
 * - a file that is not a SQLite database, or a database without a
 *   `token_storage` table, raises {@linkcode TokenStorageError} and is never
 *   changed;
 * - a database that is a symbolic link is refused (not followed), as is a
 *   read-only one (no owner write bit, or one this user may not write);
 * - a database root creates in another user's folder belongs to the
 *   folder's owner, as do the folders and the lock root makes there (SQLite
 *   gives its journal the database's owner), so a root run with a user's
 *   `HOME` does not lock the user out;
 * - a database deleted or replaced while open is noticed on the next read:
 *   deleting it logs the app out, as with a token file.
 *
 * Needs `--allow-read` and `--allow-write` for the database's directory.
 * Each statement runs synchronously (SQLite's API); they are short.
 *
 * @example Keep tokens in a SQLite database
 * ```ts
 * import { SQLiteTokenStorage } from "@globus-deno/sdk";
 * const dir = await Deno.makeTempDir();
 * const storage = new SQLiteTokenStorage(`${dir}/tokens.db`);
 * await storage.storeTokenDataByResourceServer({
 *   "transfer.api.globus.org": {
 *     resource_server: "transfer.api.globus.org",
 *     identity_id: null,
 *     scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
 *     access_token: "example-access-token",
 *     refresh_token: null,
 *     expires_at_seconds: 2_000_000_000,
 *     token_type: "Bearer",
 *   },
 * });
 * console.log(Object.keys(await storage.getTokenDataByResourceServer()));
 * // [ "transfer.api.globus.org" ]
 * await storage.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export class SQLiteTokenStorage extends BaseTokenStorage {
  /** The database's absolute path. */
  readonly path: string;
  /**
   * {@linkcode SQLiteTokenStorage.path} under the Python SDK's name
   * (`FileTokenStorage.filepath`, one word, so read the same here).
   *
   * @returns The database's absolute path.
   */
  get filepath(): string {
    return this.path;
  }
  readonly #guard: FileGuard;
  readonly #busyMs: number;
  #opened: Opened | undefined;

  /**
   * Uses the database at `path` (nothing is opened, read or written yet).
   *
   * @param path The database file (created on the first write).
   * @param options The namespace and lock settings.
   * @throws {TypeError} When `path` or the namespace is empty, or `path` is
   *   `":memory:"` (use {@linkcode MemoryTokenStorage}).
   */
  constructor(path: string, options: SQLiteTokenStorageOptions = {}) {
    checkOptions("SQLiteTokenStorage", options, [
      "namespace",
      "lockTimeoutMs",
      "staleLockMs",
      "clock",
    ], {
      positional: "namespace",
      example:
        'new SQLiteTokenStorage("/path/to/tokens.db", { namespace: "DEFAULT" })',
    });
    super(options.namespace ?? "DEFAULT");
    checkStoragePath("database", path);
    if (path === ":memory:") {
      throw kernelStack(
        new TypeError(
          `Cannot use a token database at ':memory:' (it would be lost with the process): use MemoryTokenStorage (tokenStorage: "memory") to keep tokens in memory`,
        ),
      );
    }
    this.path = pathFns().resolve(path);
    this.#busyMs = options.lockTimeoutMs ?? 10_000;
    this.#guard = new FileGuard(this.path, {
      timeoutMs: this.#busyMs,
      staleMs: options.staleLockMs ?? 30_000,
      clock: options.clock ?? systemClock,
      error: (message, cause) => this.#error(message, cause),
    });
  }

  /**
   * Reads the namespace's records.
   *
   * @returns Resource server → record.
   * @throws {TokenStorageError} When the database is unreadable, a link, or
   *   not a token database.
   */
  protected async read(): Promise<Record<string, StoredTokenData>> {
    const opened = await this.#open(false);
    return opened ? this.#records(opened.db) : {};
  }

  /**
   * Locked read-modify-write of the namespace, in one transaction.
   *
   * @param fn The change.
   * @returns `fn`'s result.
   * @throws {TokenStorageError} When the database cannot be read or written.
   */
  protected modify<T>(
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): Promise<T> {
    return this.#guard.run(async () =>
      this.#transaction(await this.#writable(), fn)
    );
  }

  /**
   * Runs `fn` while holding the database's lock file (the one other
   * processes of this package take to write it), after this process's other
   * writers. `fn` rereads and writes through its argument; each of its
   * writes is a transaction of its own.
   *
   * @param fn The critical section.
   * @returns `fn`'s result.
   * @throws {TokenStorageError} When the lock cannot be taken, or the
   *   database cannot be read or written.
   */
  override withLock<T>(
    fn: (locked: LockedTokenStorage) => Promise<T>,
  ): Promise<T> {
    return this.#guard.run(async () => {
      await this.#open(true);
      return await fn({
        getTokenData: async (rs) =>
          ownValue(this.#records((await this.#open(true))!.db), rs) ?? null,
        storeTokenResponse: async (response) => {
          const sub = identityFromResponse(response);
          this.#transaction(await this.#writable(), (current) => ({
            next: mergeTokenResponse(current, response, sub),
            result: undefined,
          }));
        },
        removeTokenData: async (rs) =>
          this.#transaction(
            await this.#writable(),
            (current) => withoutRecord(current, rs),
          ),
      });
    });
  }

  /**
   * Whether the token database exists yet (Python's `file_exists()`): `false`
   * before the first write. Like the rest of the storage, it does not
   * follow a symbolic link (a link counts as existing, and is refused on
   * use).
   *
   * @returns `true` when something is at {@linkcode SQLiteTokenStorage.path}.
   * @throws {TokenStorageError} When the path cannot be checked (e.g. no
   *   read permission for its folder).
   */
  fileExists(): Promise<boolean> {
    return pathExists(
      this.path,
      lstatFile,
      (problem, e) =>
        this.#error(
          `Cannot check whether the token database ${this.path} exists: ${problem}`,
          e,
        ),
    );
  }

  /**
   * The namespaces that hold tokens in the database, this storage's and
   * others' (Python's `storage.iter_namespaces()`): `for await (const ns of
   * storage.iterNamespaces())`. Reads only: no lock, nothing created.
   *
   * @returns The namespaces, sorted; none when there is no database yet.
   * @throws {TokenStorageError} When the database is unreadable or not a
   *   token database.
   */
  async *iterNamespaces(): AsyncGenerator<string, void, undefined> {
    const opened = await this.#open(false);
    if (!opened) return;
    let rows: Record<string, unknown>[];
    try {
      rows = opened.db.prepare(
        "SELECT DISTINCT namespace FROM token_storage ORDER BY namespace",
      ).all();
    } catch (e) {
      throw this.#sqliteError("read", e);
    }
    for (const row of rows) yield String(row.namespace);
  }

  /**
   * Checks that new tokens could be saved: on Deno, read and write
   * permission for the database's directory (in a terminal Deno asks now);
   * that the database, if there is one, is not read-only (for this user);
   * and that this user may create files in the directory, with room for a
   * write (made if missing; a file of the database's size plus 16 KiB is
   * written there, synced and removed). Apps call it before a login, and
   * renewing authorizers before a refresh, so nobody logs in or refreshes
   * for tokens that cannot be kept.
   *
   * @throws {TokenStorageError} Naming what is missing and the fix.
   */
  override async checkWritable(): Promise<void> {
    this.#guard.checkPermissions("tokens");
    let size = 0;
    try {
      const st = await lstatFile(this.path);
      if ((st.mode & 0o200) === 0) throw this.#readOnly();
      size = st.size;
    } catch (e) {
      // missing (created on the first write), or refused on use
      if (e instanceof TokenStorageError) throw e;
    }
    await this.#checkUserMayWrite();
    // SQLite writes a journal beside the database (at most its pages).
    await this.#guard.probeDir("tokens", size + ROOM_MARGIN_BYTES);
  }

  #readOnly(): TokenStorageError {
    return this.#error(
      `Token database ${this.path} is read-only, so new tokens cannot be saved. Make it writable (chmod 600 '${this.path}'), or use another token storage (e.g. tokenStorage: "memory").`,
    );
  }

  /**
   * Refuses a database this user may not write (another user's, e.g. one
   * root left): SQLite opens it read-only, and only the write failed, after
   * a refresh was made.
   */
  async #checkUserMayWrite(): Promise<void> {
    try {
      await openForWriting(this.path);
    } catch (e) {
      const said = notWritableMessage("Token database", this.path, e);
      if (said) throw this.#error(said, e);
      // missing (created on the first write), or refused on use
    }
  }

  /** Closes the database (a later read or write opens it again). */
  override close(): Promise<void> {
    const opened = this.#opened;
    this.#opened = undefined;
    opened?.db.close();
    return Promise.resolve();
  }

  #error(message: string, cause?: unknown): TokenStorageError {
    return new TokenStorageError(
      this.path,
      message,
      cause === undefined ? undefined : { cause },
    );
  }

  #corrupt(why: string): TokenStorageError {
    return this.#error(
      `Token database ${this.path} is not a valid token database: ${why}. ${RECOVER}`,
    );
  }

  /** `node:sqlite`, or a {@linkcode TokenStorageError} saying it is missing. */
  async #module(): Promise<SqliteModule> {
    try {
      return await loadSqlite();
    } catch (e) {
      throw this.#error(
        `Cannot use token database ${this.path}: SQLiteTokenStorage needs the runtime's node:sqlite module (Deno 2.2 or later, Node 22.13 or later), and ${runtimeDescription()} has none. Use JSONTokenStorage (tokenStorage: "json") instead.`,
        e,
      );
    }
  }

  /**
   * The open database; `undefined` when there is none and `create` is false.
   * Reopens one that was deleted or replaced since it was opened.
   */
  async #open(create: boolean): Promise<Opened | undefined> {
    let id: string | undefined;
    let writable = true;
    try {
      const st = await lstatFile(this.path);
      if (st.isSymbolicLink()) {
        throw this.#error(
          `Token database ${this.path} is a symbolic link, and token files are not read or written through links (tokens could end up somewhere unexpected). Point the token storage at the real file, or replace the link with a regular file.`,
        );
      }
      if (!st.isFile()) {
        throw this.#error(
          `Token database ${this.path} is not a regular file. Move it aside, or choose another path for the token storage.`,
        );
      }
      id = `${st.dev}:${st.ino}`;
      writable = (st.mode & 0o200) !== 0;
    } catch (e) {
      if (e instanceof TokenStorageError) throw e;
      if (errCode(e) !== "ENOENT") {
        throw this.#error(readProblem("token database", this.path, e), e);
      }
    }
    if (this.#opened && this.#opened.id === id) {
      this.#opened.writable = writable;
      return this.#opened;
    }
    await this.close();
    // Loaded even when there is no database yet: a runtime without
    // node:sqlite is refused at the first read, before a login whose
    // tokens could not be stored.
    const mod = await this.#module();
    if (id === undefined && !create) return undefined;
    if (id === undefined) id = await this.#create();
    let db: Database;
    try {
      db = new mod.DatabaseSync(this.path);
    } catch (e) {
      throw this.#sqliteError("open", e);
    }
    try {
      db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(this.#busyMs))}`);
      this.#checkSchema(db);
    } catch (e) {
      db.close();
      throw e instanceof TokenStorageError ? e : this.#sqliteError("read", e);
    }
    this.#opened = { db, id, writable };
    return this.#opened;
  }

  /**
   * The open database, to write: a database without its owner's write bit
   * is refused, as a read-only token file is.
   */
  async #writable(): Promise<Database> {
    const { db, writable } = (await this.#open(true))!;
    if (!writable) {
      throw this.#readOnly();
    }
    await this.#checkUserMayWrite();
    // A database others may read (Python's sqlite3 makes one 0644 under
    // umask 022) is made 0600 before tokens go in, as the JSON file is
    // rewritten 0600: tokens were written into a world-readable file.
    const st = await lstatFile(this.path).catch(() => undefined);
    if (st && (st.mode & 0o077) !== 0) {
      const { chmod } = await nodeFs();
      await chmod(this.path, st.mode & 0o700).catch(() => undefined);
    }
    return db;
  }

  /** Creates the empty database file (mode 0600); returns its `dev:ino`. */
  async #create(): Promise<string> {
    await this.#guard.ensureDir();
    const { open } = await nodeFs();
    try {
      const fh = await open(this.path, "wx", 0o600);
      try {
        // Root making the database in another user's folder gives it to
        // that user (best effort), who could not use a root-owned one.
        const keep = await ownerToKeep(this.path, await fh.stat(), true);
        if (keep) await fh.chown(keep.uid, keep.gid).catch(() => undefined);
      } finally {
        await fh.close();
      }
    } catch (e) {
      if (errCode(e) !== "EEXIST") {
        throw this.#error(
          `Cannot create token database ${this.path}: ${
            errCode(e) ?? String(e)
          }${await createProblemHint(
            errCode(e),
            pathFns().dirname(this.path),
          )}`,
          e,
        );
      }
    }
    const st = await lstatFile(this.path);
    return `${st.dev}:${st.ino}`;
  }

  /**
   * Checks for the `token_storage` table; makes the tables in a database
   * that has none at all (a new one).
   */
  #checkSchema(db: Database): void {
    let tables: Set<unknown>;
    try {
      tables = new Set(
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all().map((row) => row.name),
      );
    } catch (e) {
      if (/not a database|file is encrypted/i.test(String(e))) {
        throw this.#corrupt("it is not a SQLite database");
      }
      throw e;
    }
    if (tables.has("token_storage")) {
      try {
        db.prepare(
          "SELECT namespace, resource_server, token_data_json FROM token_storage LIMIT 0",
        ).all();
      } catch {
        throw this.#corrupt(
          "its token_storage table lacks the namespace, resource_server or token_data_json column",
        );
      }
      return;
    }
    if (tables.size > 0) {
      throw this.#corrupt(
        "it is a SQLite database without a token_storage table",
      );
    }
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(SCHEMA);
      const put = db.prepare(
        "INSERT OR IGNORE INTO sdk_storage_adapter_internal(attribute, value) VALUES (?, ?)",
      );
      put.run("globus-sdk.version", TOKEN_FILE_SDK_VERSION);
      put.run("globus-sdk.database_schema_version", SCHEMA_VERSION);
      db.exec("COMMIT");
    } catch (e) {
      rollback(db);
      throw this.#sqliteError("write", e);
    }
  }

  /** The namespace's records as stored now. */
  #records(db: Database): Record<string, StoredTokenData> {
    let rows: Record<string, unknown>[];
    try {
      rows = db.prepare(
        "SELECT resource_server, token_data_json FROM token_storage WHERE namespace = ?",
      ).all(this.namespace);
    } catch (e) {
      throw this.#sqliteError("read", e);
    }
    const out: Record<string, StoredTokenData> = {};
    for (const row of rows) {
      const rs = String(row.resource_server);
      let value: unknown;
      try {
        value = JSON.parse(String(row.token_data_json));
      } catch {
        // The parser's message may quote the row (tokens): not included.
        throw this.#corrupt(
          `the entry for '${rs}' in namespace '${this.namespace}' is not JSON`,
        );
      }
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
   * Reads the namespace, applies `fn` and writes the rows that changed, in
   * one transaction (`BEGIN IMMEDIATE`: other SQLite writers wait).
   */
  #transaction<T>(
    db: Database,
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): T {
    try {
      db.exec("BEGIN IMMEDIATE");
    } catch (e) {
      throw this.#sqliteError("write", e);
    }
    try {
      const current = this.#records(db);
      const { next, result } = fn({ ...current });
      if (next) {
        const remove = db.prepare(
          "DELETE FROM token_storage WHERE namespace = ? AND resource_server = ?",
        );
        for (const rs of Object.keys(current)) {
          if (!Object.hasOwn(next, rs)) remove.run(this.namespace, rs);
        }
        const put = db.prepare(
          "REPLACE INTO token_storage(namespace, resource_server, token_data_json) VALUES (?, ?, ?)",
        );
        for (const [rs, data] of Object.entries(next)) {
          const json = pythonJsonDumps(tokenDataToJson(data));
          const before = ownValue(current, rs);
          if (before && pythonJsonDumps(tokenDataToJson(before)) === json) {
            continue;
          }
          put.run(this.namespace, rs, json);
        }
      }
      db.exec("COMMIT");
      return result;
    } catch (e) {
      rollback(db);
      if (e instanceof TokenStorageError) throw e;
      throw this.#sqliteError("write", e);
    }
  }

  /** A SQLite error as a {@linkcode TokenStorageError} with what to do. */
  #sqliteError(
    action: "open" | "read" | "write",
    e: unknown,
  ): TokenStorageError {
    const text = String((e as { message?: unknown })?.message ?? e);
    const code = errCode(e);
    let hint = isNoRoom(code) ? lostWriteHint(code) : fsProblemHint(code);
    if (/database is locked|database is busy/i.test(text)) {
      hint =
        ` (another program held the database's lock for over ${this.#busyMs} ms: close it, or raise lockTimeoutMs)`;
    } else if (/readonly database|read-only/i.test(text)) {
      hint =
        ` (the database is read-only, so new tokens cannot be saved: make it writable (chmod 600 '${this.path}'), or use another token storage (e.g. tokenStorage: "memory"))`;
    } else if (/not a database|malformed/i.test(text)) {
      return this.#corrupt("it is not a SQLite database, or it is damaged");
    } else if (/disk is full|SQLITE_FULL/i.test(text)) {
      hint = action === "write"
        ? lostWriteHint("ENOSPC")
        : fsProblemHint("ENOSPC");
    }
    return this.#error(
      `Cannot ${action} token database ${this.path}: ${text}${hint}`,
      e,
    );
  }
}

function rollback(db: Database): void {
  try {
    db.exec("ROLLBACK");
  } catch {
    // no transaction open
  }
}
