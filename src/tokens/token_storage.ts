/**
 * The token cache base class and the record it stores per resource server,
 * shaped like the Globus Python SDK's `TokenStorage` / `TokenStorageData`.
 *
 * @module
 */
import { refuseRedactedRecords } from "../core/_redacted_input.ts";
import { hideFromInspect, revealFields } from "../core/redact.ts";
import { slipHints } from "../notebook/_slip_hints.ts";
import { attachDisplay } from "../notebook/tables.ts";
import { renderTokenTable } from "../notebook/_token_table.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { describeNonObject } from "../core/_options.ts";

/**
 * The token data stored for one resource server: the Python SDK's
 * `TokenStorageData`, with the wire names it writes to `tokens.json`.
 */
export interface StoredTokenData {
  /** The resource server, e.g. `transfer.api.globus.org`. */
  resource_server: string;
  /** The user's primary identity id (the id_token's `sub`), or `null` when unknown. */
  identity_id: string | null;
  /** The granted scopes, space-separated. */
  scope: string;
  /** The access token. */
  access_token: string;
  /** The refresh token, or `null` when none was issued. */
  refresh_token: string | null;
  /** When the access token expires, in seconds since the epoch. */
  expires_at_seconds: number;
  /** Usually `"Bearer"`; `null` when unknown. */
  token_type: string | null;
  /** Fields this package does not know (kept as they are when rewritten). */
  extra?: Record<string, unknown>;
}

/** The per-resource-server token entry of a token response. */
export interface TokenResponseLikeEntry {
  /** The access token. */
  access_token: string;
  /** The granted scopes, space-separated. */
  scope: string;
  /** Usually `"Bearer"`. */
  token_type?: string | null;
  /** Expiry in seconds since the epoch. */
  expires_at_seconds: number;
  /** The refresh token, if one was issued. */
  refresh_token?: string | null;
  /** The resource server. */
  resource_server: string;
}

/**
 * What {@linkcode TokenStorage.storeTokenResponse} needs from a token
 * response (an `OAuthTokenResponse` fits).
 */
export interface TokenResponseLike {
  /** Token entries by resource server. */
  readonly byResourceServer: Readonly<Record<string, TokenResponseLikeEntry>>;
  /** The raw response body; its `id_token` (if any) gives the identity id. */
  readonly data?: unknown;
  /**
   * The identity id, when the caller already decoded the id_token (an
   * app's `idTokenDecoder`); used instead of reading `data.id_token`.
   */
  readonly identityId?: string | null;
}

/**
 * Checks what `storeTokenResponse()` was given: a token response, with
 * `byResourceServer`. A raw token body, its stored records, or nothing
 * failed with "Cannot convert undefined or null to object".
 */
function checkTokenResponse(response: unknown): void {
  const by = response !== null && typeof response === "object"
    ? (response as { byResourceServer?: unknown }).byResourceServer
    : undefined;
  if (by !== null && typeof by === "object") return;
  const raw = response !== null && typeof response === "object" &&
    ("access_token" in response || "by_resource_server" in response);
  throw kernelStack(
    new TypeError(
      `Cannot store the tokens as storeTokenResponse() takes a token response (an OAuthTokenResponse, from a login or refresh, with byResourceServer): current value is ${
        describeNonObject(response)
      }${
        raw
          ? "; for a token response body (with access_token), pass new OAuthTokenResponse(body)"
          : "; for records by resource server, call storeTokenDataByResourceServer(records)"
      }`,
    ),
  );
}

/** The public methods every {@linkcode TokenStorage} binds to itself. */
const BOUND_METHODS = [
  "storeTokenResponse",
  "storeTokenDataByResourceServer",
  "getTokenData",
  "getTokenDataByResourceServer",
  "removeTokenData",
] as const;

/**
 * The Python SDK 3 storage adapters' (`SimpleJSONFileAdapter`,
 * `SQLiteAdapter`) methods that have another name here: a port of
 * `adapter.store(response)` read `undefined` ("is not a function").
 */
const ADAPTER_METHODS: ReadonlyMap<string, string> = new Map([
  ["store", "storeTokenResponse(response)"],
  ["on_refresh", "storeTokenResponse (onRefresh: storage.storeTokenResponse)"],
  ["get_by_resource_server", "getTokenDataByResourceServer()"],
  ["read_as_dict", "getTokenDataByResourceServer()"],
  [
    "remove_tokens_for_resource_server",
    "removeTokenData(resourceServer)",
  ],
]);

function adapterMiss(key: string, receiver: object): string | undefined {
  const name = ADAPTER_METHODS.get(key);
  if (name === undefined) return undefined;
  const cls = (receiver as { constructor?: { name?: string } }).constructor
    ?.name || "TokenStorage";
  return `${cls} has no ${key}: Python's storage adapter method ${key}() is storage.${name} here`;
}

/**
 * A store of {@linkcode StoredTokenData} records, one per resource server,
 * partitioned by namespace: the Python SDK's `TokenStorage`.
 *
 * It is both the type every storage has (an object with these methods is
 * one) and a base class for a storage of your own, as in Python: extend it
 * and write the three abstract methods, {@linkcode
 * TokenStorage.storeTokenDataByResourceServer}, {@linkcode
 * TokenStorage.getTokenDataByResourceServer} and {@linkcode
 * TokenStorage.removeTokenData}; {@linkcode TokenStorage.getTokenData} and
 * {@linkcode TokenStorage.storeTokenResponse} are built on them. Methods
 * are bound, so `onRefresh: storage.storeTokenResponse` works as Python's
 * `on_refresh=storage.store_token_response` does.
 *
 * A subclass's store is read and written in separate steps, as in Python:
 * two processes storing at once can each miss the other's write. The
 * built-in storages ({@linkcode BaseTokenStorage}'s subclasses) write under
 * a lock and have `withLock`, so processes sharing them refresh once.
 *
 * @example A storage of your own (Python: `class MyStorage(TokenStorage)`)
 * ```ts
 * import { type StoredTokenData, TokenStorage, UserApp } from "@globus-deno/sdk";
 *
 * // Keeps each namespace as one JSON string, as a key-value store would.
 * class KeyValueTokenStorage extends TokenStorage {
 *   readonly kv = new Map<string, string>();
 *
 *   async storeTokenDataByResourceServer(
 *     byResourceServer: Record<string, StoredTokenData>,
 *   ): Promise<void> {
 *     const all = await this.getTokenDataByResourceServer();
 *     this.kv.set(this.namespace, JSON.stringify({ ...all, ...byResourceServer }));
 *   }
 *
 *   async getTokenDataByResourceServer(): Promise<Record<string, StoredTokenData>> {
 *     return JSON.parse(this.kv.get(this.namespace) ?? "{}");
 *   }
 *
 *   async removeTokenData(resourceServer: string): Promise<boolean> {
 *     const all = await this.getTokenDataByResourceServer();
 *     if (!(resourceServer in all)) return false;
 *     delete all[resourceServer];
 *     this.kv.set(this.namespace, JSON.stringify(all));
 *     return true;
 *   }
 * }
 *
 * const storage = new KeyValueTokenStorage("my-namespace");
 * await storage.storeTokenResponse({
 *   byResourceServer: {
 *     "transfer.api.globus.org": {
 *       resource_server: "transfer.api.globus.org",
 *       scope: "urn:globus:auth:scope:transfer.api.globus.org:all",
 *       access_token: "example-access-token",
 *       refresh_token: "example-refresh-token",
 *       expires_at_seconds: 2_000_000_000,
 *       token_type: "Bearer",
 *     },
 *   },
 * });
 * console.log((await storage.getTokenData("transfer.api.globus.org"))?.scope);
 * // An app keeps its tokens there:
 * const app = new UserApp({
 *   appName: "my-app",
 *   clientId: "61338d24-54d5-408f-a10d-66c06b59f6d2",
 *   config: { tokenStorage: storage },
 * });
 * await app.close();
 * ```
 */
export abstract class TokenStorage {
  /** The namespace the records live under (`"DEFAULT"` unless chosen). */
  readonly namespace: string;

  /**
   * Sets the namespace, and binds the storage's methods to it.
   *
   * @param namespace The namespace (default `"DEFAULT"`).
   * @throws {TypeError} When it is not a non-empty string.
   */
  constructor(namespace: string = "DEFAULT") {
    if (typeof namespace !== "string" || namespace === "") {
      throw kernelStack(
        new TypeError(
          `Cannot use token storage namespace: it must be a non-empty string: current value is ${
            JSON.stringify(namespace)
          }`,
        ),
      );
    }
    this.namespace = namespace;
    slipHints(this, TokenStorage, adapterMiss); // before the binding below
    // Bound, so a method passed on its own works, as a Python bound method
    // does: `onRefresh: storage.storeTokenResponse` (Python's
    // `on_refresh=token_storage.store_token_response`). Non-enumerable, so
    // printing a storage shows what it did before. The prototype chain is
    // the subclass's already, so its own methods are the ones bound.
    for (const name of BOUND_METHODS) {
      const method = this[name] as unknown;
      if (typeof method !== "function") continue;
      Object.defineProperty(this, name, {
        value: method.bind(this),
        writable: true,
        configurable: true,
        enumerable: false,
      });
    }
  }

  /**
   * Stores records as they are (replacing those of the same resource
   * servers, and keeping the others). Python's
   * `store_token_data_by_resource_server`.
   *
   * @param byResourceServer Resource server → record.
   * @throws {TokenStorageError} When the store cannot be written.
   */
  abstract storeTokenDataByResourceServer(
    byResourceServer: Record<string, StoredTokenData>,
  ): Promise<void>;

  /**
   * Every record in the namespace. Python's
   * `get_token_data_by_resource_server`.
   *
   * @returns Resource server → record.
   */
  abstract getTokenDataByResourceServer(): Promise<
    Record<string, StoredTokenData>
  >;

  /**
   * Removes the record of one resource server. Python's
   * `remove_token_data`.
   *
   * @param resourceServer The resource server.
   * @returns `true` when a record was removed.
   */
  abstract removeTokenData(resourceServer: string): Promise<boolean>;

  /**
   * The record of one resource server (by default, read from
   * {@linkcode TokenStorage.getTokenDataByResourceServer}).
   *
   * @param resourceServer e.g. `transfer.api.globus.org`.
   * @returns The record, or `null`.
   */
  async getTokenData(resourceServer: string): Promise<StoredTokenData | null> {
    const all = await this.getTokenDataByResourceServer();
    return Object.hasOwn(all, resourceServer) ? all[resourceServer]! : null;
  }

  /**
   * Stores every token of a token response. The identity id comes from the
   * response's `id_token` (`sub`); a response without one (a refresh) keeps
   * the identity id already stored. Tokens of another identity are dropped
   * from the namespace, so it never mixes two users' tokens.
   *
   * By default it reads the namespace, removes the other identity's records
   * with {@linkcode TokenStorage.removeTokenData}, and writes the new ones
   * with {@linkcode TokenStorage.storeTokenDataByResourceServer}.
   *
   * @param response The token response.
   * @throws {TokenStorageError} When the store cannot be written.
   */
  async storeTokenResponse(response: TokenResponseLike): Promise<void> {
    checkTokenResponse(response);
    refuseRedactedRecords(response.byResourceServer);
    const sub = identityFromResponse(response);
    const current = await this.getTokenDataByResourceServer();
    const next = mergeTokenResponse(current, response, sub);
    for (const rs of Object.keys(current)) {
      if (!Object.hasOwn(next, rs)) await this.removeTokenData(rs);
    }
    const changed: Record<string, StoredTokenData> = {};
    for (const rs of Object.keys(response.byResourceServer)) {
      setOwn(changed, rs, ownValue(next, rs)!);
    }
    await this.storeTokenDataByResourceServer(changed);
  }

  /** Optional. Releases resources, if the storage holds any. */
  close?(): Promise<void>;

  /**
   * Optional. Throws when new tokens could not be stored here (a read-only
   * file, a missing permission, a folder this user cannot write), without
   * storing any tokens. Apps call it
   * before a login, so that nobody logs in for tokens that cannot be kept.
   *
   * @throws {TokenStorageError} Naming what is missing and the fix.
   */
  checkWritable?(): Promise<void>;

  /**
   * Optional. Runs `fn` while holding the storage's exclusive lock — for a
   * token file, the lock every process writing it takes — so a
   * check-then-write that spans a network request (a token refresh:
   * reread, refresh only if still needed, store) is not interleaved with
   * other writers. Renewing authorizers use it so that processes sharing a
   * token file make one refresh between them.
   *
   * `fn` reads and writes through its argument: calling the storage's own
   * write methods inside `fn` would wait for the lock `fn` holds.
   *
   * @param fn The critical section.
   * @returns `fn`'s result.
   * @throws {TokenStorageError} When the lock cannot be taken (before `fn`
   *   runs), or what `fn` throws.
   */
  withLock?<T>(fn: (locked: LockedTokenStorage) => Promise<T>): Promise<T>;
}

/** What {@linkcode TokenStorage.withLock} hands its critical section. */
export interface LockedTokenStorage {
  /**
   * The record of one resource server, read now (not from a cache).
   *
   * @param resourceServer e.g. `transfer.api.globus.org`.
   * @returns The record, or `null`.
   */
  getTokenData(resourceServer: string): Promise<StoredTokenData | null>;
  /**
   * Stores a token response, as {@linkcode TokenStorage.storeTokenResponse}
   * does, while the lock stays held.
   *
   * @param response The token response.
   */
  storeTokenResponse(response: TokenResponseLike): Promise<void>;
  /**
   * Removes the record of one resource server while the lock stays held
   * (the built-in storages have it; an app drops a refresh token Globus
   * Auth rejected with it only if the storage still holds that token).
   *
   * @param resourceServer The resource server.
   * @returns `true` when a record was removed.
   */
  removeTokenData?(resourceServer: string): Promise<boolean>;
}

/** The result of one step of {@linkcode BaseTokenStorage.modify}. */
export interface ModifyResult<T> {
  /** The new records of the namespace, or `undefined` to leave them as they were. */
  next?: Record<string, StoredTokenData>;
  /** What `modify` resolves to. */
  result: T;
}

/**
 * Shared logic of the built-in storages: subclasses provide an atomic
 * read-modify-write of one namespace ({@linkcode BaseTokenStorage.modify})
 * and a read.
 *
 * @example A storage that keeps tokens in a plain object
 * ```ts
 * import { BaseTokenStorage, type ModifyResult, type StoredTokenData } from "@globus-deno/sdk";
 *
 * class ObjectTokenStorage extends BaseTokenStorage {
 *   readonly data: Record<string, Record<string, StoredTokenData>> = {};
 *
 *   protected read(): Promise<Record<string, StoredTokenData>> {
 *     return Promise.resolve(structuredClone(this.data[this.namespace] ?? {}));
 *   }
 *
 *   protected modify<T>(
 *     fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
 *   ): Promise<T> {
 *     // Synchronous, so no other writer can run in between.
 *     const { next, result } = fn(structuredClone(this.data[this.namespace] ?? {}));
 *     if (next) this.data[this.namespace] = next;
 *     return Promise.resolve(result);
 *   }
 * }
 *
 * const storage = new ObjectTokenStorage();
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
 * console.log(Object.keys(storage.data.DEFAULT ?? {})); // [ "transfer.api.globus.org" ]
 * console.log(await storage.removeTokenData("transfer.api.globus.org")); // true
 * ```
 */
export abstract class BaseTokenStorage extends TokenStorage {
  /**
   * Sets the namespace.
   *
   * @param namespace The namespace (default `"DEFAULT"`).
   * @throws {TypeError} When it is empty.
   */
  constructor(namespace: string = "DEFAULT") {
    super(namespace);
  }

  /**
   * Reads the namespace's records.
   *
   * @returns Resource server → record (a fresh copy the caller may change).
   */
  protected abstract read(): Promise<Record<string, StoredTokenData>>;

  /**
   * Atomically reads the namespace, applies `fn`, and writes the records it
   * returns (if any), with no other writer in between.
   *
   * @param fn Gets the current records (a copy) and returns the new ones.
   * @returns `fn`'s result.
   */
  protected abstract modify<T>(
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): Promise<T>;

  /** {@inheritDoc TokenStorage.storeTokenResponse} */
  override async storeTokenResponse(
    response: TokenResponseLike,
  ): Promise<void> {
    checkTokenResponse(response);
    refuseRedactedRecords(response.byResourceServer);
    const sub = identityFromResponse(response);
    await this.modify((current) => ({
      next: mergeTokenResponse(current, response, sub),
      result: undefined,
    }));
  }

  /** {@inheritDoc TokenStorage.storeTokenDataByResourceServer} */
  override async storeTokenDataByResourceServer(
    byResourceServer: Record<string, StoredTokenData>,
  ): Promise<void> {
    refuseRedactedRecords(byResourceServer);
    await this.modify((current) => ({
      next: { ...current, ...cloneRecords(byResourceServer) },
      result: undefined,
    }));
  }

  /** {@inheritDoc TokenStorage.getTokenData} */
  override async getTokenData(
    resourceServer: string,
  ): Promise<StoredTokenData | null> {
    return ownValue(await this.read(), resourceServer) ?? null;
  }

  /** {@inheritDoc TokenStorage.getTokenDataByResourceServer} */
  override async getTokenDataByResourceServer(): Promise<
    Record<string, StoredTokenData>
  > {
    return tokenRecordsTable(await this.read());
  }

  /** {@inheritDoc TokenStorage.removeTokenData} */
  override async removeTokenData(resourceServer: string): Promise<boolean> {
    return await this.modify((current) =>
      withoutRecord(current, resourceServer)
    );
  }
}

/**
 * The step of {@linkcode TokenStorage.removeTokenData}: the records without
 * `resourceServer`'s (unchanged when it has none).
 *
 * @param current The stored records.
 * @param resourceServer The resource server.
 * @returns The new records, and whether one was removed.
 */
export function withoutRecord(
  current: Record<string, StoredTokenData>,
  resourceServer: string,
): ModifyResult<boolean> {
  if (!Object.hasOwn(current, resourceServer)) return { result: false };
  const next = { ...current };
  delete next[resourceServer];
  return { next, result: true };
}

function cloneRecords(
  records: Record<string, StoredTokenData>,
): Record<string, StoredTokenData> {
  const out: Record<string, StoredTokenData> = {};
  for (const [rs, d] of Object.entries(records)) {
    // revealFields, not a spread: a record read from a storage keeps its
    // tokens in non-enumerable fields.
    setOwn(
      out,
      rs,
      checkRecord(rs, {
        ...revealFields(d),
        ...(d.extra ? { extra: { ...d.extra } } : {}),
      }),
    );
  }
  return out;
}

/**
 * The value of `map`'s own property `key`: a resource server or namespace
 * named like an object's built-in (`constructor`, `toString`) reads
 * nothing, not the built-in.
 *
 * @param map The records (or namespaces).
 * @param key The key.
 * @returns The value, or `undefined`.
 */
export function ownValue<T>(
  map: Readonly<Record<string, T>>,
  key: string,
): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/**
 * Sets `map[key]` as an own property, also for `__proto__` (an assignment
 * would set the object's prototype, and the record would be lost).
 *
 * @param map The records (or namespaces).
 * @param key The key.
 * @param value The value.
 */
export function setOwn<T>(
  map: Record<string, T>,
  key: string,
  value: T,
): void {
  Object.defineProperty(map, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/**
 * `record`, when it is a record a storage can keep; otherwise a TypeError
 * saying what is wrong, before anything is written (a token file written
 * without an access token was refused when read back).
 */
function checkRecord(rs: string, record: StoredTokenData): StoredTokenData {
  let problem = parseStoredTokenData(record);
  // The Python SDK refuses a namespace with a fraction of a second in it
  // (its int validator): `Date.now() / 1000 + 3600` is an easy slip.
  if (
    typeof problem !== "string" && !Number.isInteger(record.expires_at_seconds)
  ) {
    problem =
      `'expires_at_seconds' is ${record.expires_at_seconds}, not a whole number of seconds (the Python SDK cannot read the file then): round it, e.g. Math.floor(Date.now() / 1000) + 3600`;
  }
  if (typeof problem === "string") {
    throw kernelStack(
      new TypeError(
        `Cannot store the tokens for '${rs}': ${problem}. Nothing was stored. A token response is stored whole with storeTokenResponse(response), where response is an OAuthTokenResponse (e.g. new OAuthTokenResponse(body) of the token endpoint's JSON body)`,
      ),
    );
  }
  return record;
}

/**
 * The new records of a namespace after storing a token response.
 *
 * The identity id is `sub` (from the id_token) when given; otherwise the one
 * already stored for that resource server, or for any other. When `sub`
 * differs from a stored identity, that identity's records are dropped.
 *
 * @param current The stored records.
 * @param response The token response.
 * @param sub The identity id from the response's id_token, if any.
 * @returns The records to write.
 */
export function mergeTokenResponse(
  current: Record<string, StoredTokenData>,
  response: TokenResponseLike,
  sub: string | null,
): Record<string, StoredTokenData> {
  let next: Record<string, StoredTokenData> = { ...current };
  if (sub !== null) {
    next = {};
    for (const [rs, d] of Object.entries(current)) {
      if (d.identity_id === null || d.identity_id === sub) setOwn(next, rs, d);
    }
  }
  const anyKnown = Object.values(next).find((d) => d.identity_id !== null)
    ?.identity_id ?? null;
  for (const [rs, t] of Object.entries(response.byResourceServer)) {
    const previous = ownValue(next, rs);
    const identity = sub ?? previous?.identity_id ?? anyKnown;
    setOwn(
      next,
      rs,
      checkRecord(rs, {
        resource_server: t.resource_server ?? rs,
        identity_id: identity,
        scope: t.scope,
        access_token: t.access_token,
        refresh_token: t.refresh_token ?? null,
        expires_at_seconds: Math.floor(t.expires_at_seconds),
        token_type: t.token_type ?? null,
      }),
    );
  }
  return next;
}

/**
 * The `sub` claim of a token response's `id_token`, decoded without
 * verification (the login flow verifies id_tokens; here it only names the
 * identity the tokens belong to).
 *
 * @param response A token response.
 * @returns The identity id, or `null` when there is no readable id_token.
 */
export function identityFromResponse(
  response: TokenResponseLike,
): string | null {
  if (response.identityId !== undefined) return response.identityId;
  const data = response.data;
  if (!data || typeof data !== "object" || Array.isArray(data)) return null;
  const idToken = (data as Record<string, unknown>)["id_token"];
  if (typeof idToken !== "string") return null;
  return decodeJwtSub(idToken);
}

/**
 * Reads the `sub` claim of a JWT without verifying it.
 *
 * @param jwt A compact JWT.
 * @returns `sub`, or `null` when the token is unreadable or has none.
 */
export function decodeJwtSub(jwt: string): string | null {
  const part = jwt.split(".")[1];
  if (!part) return null;
  try {
    const b64 = part.replaceAll("-", "+").replaceAll("_", "/");
    const padded = b64 + "=".repeat((4 - b64.length % 4) % 4);
    const bin = atob(padded);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes));
    const sub = claims?.sub;
    return typeof sub === "string" && sub !== "" ? sub : null;
  } catch {
    return null;
  }
}

/**
 * Checks that `value` is a valid stored record and returns it in canonical
 * form (unknown fields moved into `extra`).
 *
 * @param value A record read from storage.
 * @returns The record, or a string saying what is wrong with it.
 */
export function parseStoredTokenData(
  value: unknown,
): StoredTokenData | string {
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    return "token data is not an object";
  }
  const v = value as Record<string, unknown>;
  for (const k of ["resource_server", "scope", "access_token"]) {
    if (typeof v[k] !== "string") return `'${k}' is not a string`;
  }
  for (const k of ["identity_id", "refresh_token", "token_type"]) {
    if (v[k] !== undefined && v[k] !== null && typeof v[k] !== "string") {
      return `'${k}' is not a string or null`;
    }
  }
  if (
    typeof v["expires_at_seconds"] !== "number" ||
    !Number.isFinite(v["expires_at_seconds"])
  ) {
    return "'expires_at_seconds' is not a number";
  }
  const extra: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (!KNOWN.has(k)) extra[k] = x;
  }
  const out: StoredTokenData = {
    resource_server: v["resource_server"] as string,
    identity_id: (v["identity_id"] as string | null | undefined) ?? null,
    scope: v["scope"] as string,
    access_token: v["access_token"] as string,
    refresh_token: (v["refresh_token"] as string | null | undefined) ?? null,
    expires_at_seconds: v["expires_at_seconds"] as number,
    token_type: (v["token_type"] as string | null | undefined) ?? null,
  };
  if (Object.keys(extra).length > 0) out.extra = extra;
  return out;
}

const KNOWN_FIELDS = [
  "resource_server",
  "identity_id",
  "scope",
  "access_token",
  "refresh_token",
  "expires_at_seconds",
  "token_type",
] as const;
const KNOWN: ReadonlySet<string> = new Set(KNOWN_FIELDS);

/**
 * A record as the Python SDK writes it (`TokenStorageData.to_dict()`):
 * the known fields in its order, `null` fields left out, and any `extra`
 * fields kept at the top level so they survive a rewrite.
 *
 * @param data The record.
 * @returns Plain JSON data.
 */
export function tokenDataToJson(
  data: StoredTokenData,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of KNOWN_FIELDS) {
    const v = data[k];
    if (v !== null && v !== undefined) out[k] = v;
  }
  for (const [k, v] of Object.entries(data.extra ?? {})) {
    if (!(k in out)) out[k] = v;
  }
  return out;
}

/**
 * Makes a record print without its tokens: inspect (`console.log`) shows
 * `[REDACTED]`, and `access_token` / `refresh_token` become non-enumerable,
 * so `console.table` and `Object.keys` skip them. Reading them by name and
 * `JSON.stringify` still give the real values.
 *
 * @param data The record.
 * @returns The same record.
 */
export function hideTokensFromInspect(data: StoredTokenData): StoredTokenData {
  // Not deep: `extra` is copied and written with its fields enumerable.
  hideFromInspect(data, "StoredTokenData", false);
  return withTokenTable(data, () => [[data.resource_server, data]]);
}

/**
 * Gives records a notebook table (what the Deno kernel shows when they end
 * a cell): one row per resource server with its scope, token type, expiry,
 * and `[REDACTED]` or `none` for the tokens, as a token response's table.
 * The display hook is not enumerable: the records' keys, copies and JSON
 * are unchanged.
 *
 * @param target The record, or the records by resource server.
 * @param rows Its rows.
 * @returns The same object.
 */
function withTokenTable<T extends object>(
  target: T,
  rows: () => [string, StoredTokenData][],
): T {
  return attachDisplay(target, () => {
    const all = rows();
    return renderTokenTable(
      all,
      `StoredTokenData: ${all.length} resource server${
        all.length === 1 ? "" : "s"
      }`,
    );
  });
}

/**
 * Gives a storage's records by resource server their notebook table.
 *
 * @param records The records.
 * @returns The same object.
 */
export function tokenRecordsTable(
  records: Record<string, StoredTokenData>,
): Record<string, StoredTokenData> {
  return withTokenTable(records, () => Object.entries(records));
}
