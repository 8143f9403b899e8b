/**
 * `IdentityMap`: looks up Globus identities by id or username in batches,
 * with a cache, as the Python SDK's `globus_sdk.IdentityMap`.
 *
 * @module
 */
import type { AuthClient, Identity } from "./auth_client.ts";
import { checkOptions } from "../core/_options.ts";
import { JUPYTER_DISPLAY, type MimeBundle } from "../notebook/display.ts";
import { renderTable } from "../notebook/tables.ts";
import { IDENTITY_COLUMNS } from "./_display.ts";
import { kernelStack } from "../core/_kernel_stack.ts";
import { missHints } from "../notebook/_slip_hints.ts";

/** Options for {@linkcode IdentityMap}. */
export interface IdentityMapOptions {
  /**
   * The most ids (or usernames) asked for in one request (Python's
   * `id_batch_size`).
   * @default {100}
   */
  idBatchSize?: number | undefined;
  /**
   * A cache to use, and to share between maps (Python's `cache`): keys are
   * ids and usernames; a `null` value means "known to have no identity" and
   * is returned without a request.
   */
  cache?: Map<string, Identity | null> | undefined;
}

const UUID_RE =
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Whether a key is an identity id (a UUID) rather than a username. */
function isId(key: string): boolean {
  return UUID_RE.test(
    key.replace(/^\{(.*)\}$/, "$1").replace(/^urn:uuid:/i, ""),
  );
}

/** The methods of `Map` that the map uses on its cache. */
const CACHE_METHODS = ["get", "set", "has", "delete"] as const;

/**
 * Checks the `cache` option: a `Map`, or an object with the `Map` methods
 * the map calls. Python's `cache={}` (a plain object) was accepted and failed
 * at the first lookup with "this[#cache].has is not a function".
 *
 * @param cache The option as given.
 * @returns The cache, or `undefined` when left out.
 * @throws {TypeError} Naming the fix, `cache: new Map()`.
 */
function checkCache(
  cache: unknown,
): Map<string, Identity | null> | undefined {
  if (cache === undefined) return undefined;
  const missing = cache !== null && typeof cache === "object"
    ? CACHE_METHODS.filter((m) =>
      typeof (cache as Record<string, unknown>)[m] !== "function"
    )
    : [...CACHE_METHODS];
  if (missing.length === 0) return cache as Map<string, Identity | null>;
  const what = cache === null
    ? "null"
    : Array.isArray(cache)
    ? "an array"
    : typeof cache === "object"
    ? `an object without ${missing.map((m) => `${m}()`).join(", ")}`
    : `a ${typeof cache}`;
  throw kernelStack(
    new TypeError(
      `Cannot create the IdentityMap as 'cache' must be a Map (or have get, set, has and delete methods), not ${what}: write { cache: new Map() } (Python's cache={} is a Map here), and share that Map between maps to share the cache`,
    ),
  );
}

/**
 * Maps identity ids and usernames to identity documents, looking them up
 * with {@linkcode AuthClient.getIdentities} in batches: add the ids and
 * usernames you will need, then read them; the first read fetches a batch
 * holding the key and up to `idBatchSize - 1` other unresolved keys of the
 * same kind (ids and usernames are looked up separately). Each found identity
 * is cached under both its id and its username.
 *
 * Python's `idmap[key]` is `await idmap.lookup(key)` (which throws a
 * `RangeError` where Python raises `KeyError`), `idmap.get(key, default)` is
 * `await idmap.get(key, default)`, and `del idmap[key]` is
 * `idmap.delete(key)`.
 *
 * @example Name the owners of some tasks
 * ```ts ignore
 * import { AuthClient, IdentityMap } from "@globus-deno/sdk";
 * const idmap = new IdentityMap(new AuthClient({ app }), ownerIds);
 * for (const id of ownerIds) {
 *   console.log(id, (await idmap.get(id))?.username ?? "unknown");
 * }
 * ```
 */
export class IdentityMap {
  /** The ids added but not looked up yet. */
  readonly unresolvedIds: Set<string> = new Set();
  /** The usernames added but not looked up yet. */
  readonly unresolvedUsernames: Set<string> = new Set();
  /** The most keys asked for in one request. */
  readonly idBatchSize: number;
  readonly #client: AuthClient;
  readonly #cache: Map<string, Identity | null>;
  /** Lookups in flight, by each key of their batch. */
  readonly #pending: Map<string, Promise<void>> = new Map();

  /**
   * Creates a map.
   *
   * @param authClient The client whose `getIdentities` does the lookups.
   * @param options `idBatchSize` and a shared `cache`, with no ids to add
   *   yet (Python's `IdentityMap(ac, cache=cache)`).
   */
  constructor(authClient: AuthClient, options?: IdentityMapOptions);
  /**
   * Creates a map.
   *
   * @param authClient The client whose `getIdentities` does the lookups.
   * @param identityIds Ids and usernames to add now (see {@linkcode add}).
   * @param options `idBatchSize` and a shared `cache`.
   */
  constructor(
    authClient: AuthClient,
    identityIds?: Iterable<string>,
    options?: IdentityMapOptions,
  );
  /**
   * Creates a map.
   *
   * @param authClient The client whose `getIdentities` does the lookups.
   * @param idsOrOptions Ids and usernames to add now (see {@linkcode add}),
   *   or, with none, the options.
   * @param maybeOptions `idBatchSize` and a shared `cache`.
   * @throws {RangeError} For an `idBatchSize` that is not a positive integer.
   * @throws {TypeError} For a `cache` that is not a `Map` (or an object
   *   with its `get`, `set`, `has` and `delete` methods).
   */
  constructor(
    authClient: AuthClient,
    idsOrOptions: Iterable<string> | IdentityMapOptions = [],
    maybeOptions?: IdentityMapOptions,
  ) {
    // Python's keyword-only IdentityMap(ac, cache=cache) ported as
    // new IdentityMap(ac, { cache }) said only "identityIds is not
    // iterable": options in the ids' place are the options.
    const optionsFirst = idsOrOptions !== null &&
      typeof idsOrOptions === "object" &&
      !(Symbol.iterator in idsOrOptions) && maybeOptions === undefined;
    const identityIds = optionsFirst ? [] : idsOrOptions as Iterable<string>;
    const options: IdentityMapOptions = optionsFirst
      ? idsOrOptions as IdentityMapOptions
      : maybeOptions ?? {};
    // Python's id_batch_size= was dropped without a word (the batch stayed
    // 100), where every other class refuses an unknown option.
    checkOptions("new IdentityMap()", options, ["idBatchSize", "cache"], {
      example: "new IdentityMap(authClient, ids, { idBatchSize: 50 })",
    });
    const size = options.idBatchSize ?? 100;
    if (!Number.isInteger(size) || size < 1) {
      throw kernelStack(
        new RangeError(
          `Cannot create the IdentityMap as 'idBatchSize' must be a positive integer: current value is ${
            String(size)
          }`,
        ),
      );
    }
    this.idBatchSize = size;
    this.#client = authClient;
    this.#cache = checkCache(options.cache) ?? new Map();
    for (const key of identityIds) this.add(key);
  }

  /**
   * Adds an id or a username to look up with the next batch.
   *
   * @param identityId An identity id or a username.
   * @returns `false` when it is already cached or waiting, else `true`.
   */
  add(identityId: string): boolean {
    if (this.#cache.has(identityId)) return false;
    const target = isId(identityId)
      ? this.unresolvedIds
      : this.unresolvedUsernames;
    if (target.has(identityId)) return false;
    target.add(identityId);
    return true;
  }

  /**
   * The identity for an id or username, looked up (with a batch of other
   * waiting keys of the same kind) when not cached yet (Python's
   * `idmap[key]`).
   *
   * @param key An identity id or a username.
   * @returns The identity (`null` when the cache says so).
   * @throws {RangeError} When Globus Auth knows no such identity.
   * @throws {AuthAPIError} When the lookup fails.
   */
  async lookup(key: string): Promise<Identity | null> {
    if (!this.#cache.has(key)) {
      await (this.#pending.get(key) ?? this.#fetchBatchIncluding(key));
    }
    if (!this.#cache.has(key)) {
      throw kernelStack(
        new RangeError(`No identity found for ${JSON.stringify(key)}`),
      );
    }
    return this.#cache.get(key)!;
  }

  /**
   * The identity for an id or username, or `defaultValue` when Globus Auth
   * knows none (Python's `idmap.get(key, default)`).
   *
   * @param key An identity id or a username.
   * @param defaultValue What to return for an unknown key.
   * @returns The identity, `null` when the cache says so, or the default.
   * @throws {AuthAPIError} When the lookup fails.
   */
  async get<D = undefined>(
    key: string,
    defaultValue?: D,
  ): Promise<Identity | null | D> {
    try {
      return await this.lookup(key);
    } catch (err) {
      if (err instanceof RangeError) return defaultValue as D;
      throw err;
    }
  }

  /**
   * Forgets a cached key (Python's `del idmap[key]`): the next read of it
   * looks it up again. The identity stays cached under its other key.
   *
   * @param key An identity id or a username.
   * @returns Whether it was cached.
   */
  delete(key: string): boolean {
    return this.#cache.delete(key);
  }

  /**
   * The rich rendering the Deno kernel asks for: a table of the identities
   * looked up so far, and how many keys wait for a lookup.
   *
   * @returns `{"text/html": …, "text/plain": …}`.
   */
  [JUPYTER_DISPLAY](): MimeBundle {
    const found = new Set<Identity>();
    // A Map-like cache need not have values(): then nothing is listed.
    const values = typeof this.#cache.values === "function"
      ? this.#cache.values()
      : [];
    for (const identity of values) {
      if (identity) found.add(identity);
    }
    const waiting = this.unresolvedIds.size + this.unresolvedUsernames.size;
    const { html, text } = renderTable([...found], {
      caption: `IdentityMap: ${found.size} identit${
        found.size === 1 ? "y" : "ies"
      } looked up, ${waiting} key${waiting === 1 ? "" : "s"} waiting`,
      columns: IDENTITY_COLUMNS,
    });
    return { "text/html": html, "text/plain": text };
  }

  #createBatch(key: string): string[] {
    const waiting = isId(key) ? this.unresolvedIds : this.unresolvedUsernames;
    waiting.delete(key);
    const batch = [key];
    for (const value of [...waiting]) {
      if (batch.length >= this.idBatchSize) break;
      waiting.delete(value);
      // a shared cache may have learnt it meanwhile
      if (!this.#cache.has(value) && !this.#pending.has(value)) {
        batch.push(value);
      }
    }
    return batch;
  }

  #fetchBatchIncluding(key: string): Promise<void> {
    const batch = this.#createBatch(key);
    // started on a later tick, so the batch is marked pending first
    const done = Promise.resolve().then(async () => {
      try {
        const res = await this.#client.getIdentities(
          isId(key) ? { ids: batch } : { usernames: batch },
        );
        for (const identity of res.identities) {
          this.#cache.set(identity.id, identity);
          this.#cache.set(identity.username, identity);
        }
      } finally {
        for (const k of batch) this.#pending.delete(k);
      }
    });
    for (const k of batch) this.#pending.set(k, done);
    return done;
  }
}

// Python's `idmap[key]["username"]`, ported as is, read `undefined` and
// failed further on with "Cannot read properties of undefined (reading
// 'username')", and `idmap[key] = identity` made a field nothing reads: a
// key that is an id or a username, read or set on the map, names the
// methods. Any other miss reads `undefined` as before.
missHints(IdentityMap, (key) => {
  if (!isId(key) && !key.includes("@")) return undefined;
  return `IdentityMap has no ${JSON.stringify(key)}: Python's idmap[key] ` +
    `is await idmap.lookup(key) (a RangeError for an unknown identity, ` +
    `Python's KeyError), idmap.get(key, default) is await ` +
    `idmap.get(key, default), and del idmap[key] is idmap.delete(key)`;
});
