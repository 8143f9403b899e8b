/**
 * A token storage that keeps tokens in memory only (lost when the process
 * ends).
 *
 * @module
 */
import { checkOptions } from "../core/_options.ts";
import { revealFields } from "../core/redact.ts";
import {
  BaseTokenStorage,
  hideTokensFromInspect,
  identityFromResponse,
  type LockedTokenStorage,
  mergeTokenResponse,
  type ModifyResult,
  setOwn,
  type StoredTokenData,
  withoutRecord,
} from "./token_storage.ts";

/** Options for {@linkcode MemoryTokenStorage}. */
export interface MemoryTokenStorageOptions {
  /**
   * The namespace the records live under.
   * @default {"DEFAULT"}
   */
  namespace?: string | undefined;
}

function copy(d: StoredTokenData): StoredTokenData {
  return hideTokensFromInspect({
    ...revealFields(d),
    ...(d.extra ? { extra: { ...d.extra } } : {}),
  });
}

/**
 * Keeps token data in process memory, per namespace. Useful for tests and
 * for scripts that must not write tokens to disk.
 *
 * @example Store and read back a token
 * ```ts
 * import { MemoryTokenStorage } from "@globus-deno/sdk";
 * const storage = new MemoryTokenStorage();
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
 * console.log(await storage.getTokenData("transfer.api.globus.org"));
 * ```
 */
export class MemoryTokenStorage extends BaseTokenStorage {
  readonly #byNamespace = new Map<string, Map<string, StoredTokenData>>();
  #chain: Promise<unknown> = Promise.resolve();

  /**
   * Creates an empty storage.
   *
   * @param options The namespace.
   */
  constructor(options: MemoryTokenStorageOptions = {}) {
    // `new MemoryTokenStorage("x")` (a namespace) and `{ name_space }`
    // were ignored: the tokens went to "DEFAULT" without a word.
    checkOptions("MemoryTokenStorage", options, ["namespace"], {
      positional: "namespace",
      example: 'new MemoryTokenStorage({ namespace: "DEFAULT" })',
    });
    super(options.namespace ?? "DEFAULT");
  }

  /**
   * Reads the namespace's records.
   *
   * @returns Copies of the records.
   */
  protected read(): Promise<Record<string, StoredTokenData>> {
    const ns = this.#byNamespace.get(this.namespace);
    const out: Record<string, StoredTokenData> = {};
    for (const [rs, d] of ns ?? []) setOwn(out, rs, copy(d));
    return Promise.resolve(out);
  }

  /**
   * Applies `fn` to the namespace, one change at a time.
   *
   * @param fn The change.
   * @returns `fn`'s result.
   */
  protected modify<T>(
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): Promise<T> {
    return this.#queue(() => this.#apply(fn));
  }

  /**
   * Runs `fn` with no other change to this storage in between (a
   * process-local lock: memory is not shared with other processes).
   *
   * @param fn The critical section; it reads and writes through its argument.
   * @returns `fn`'s result.
   */
  override withLock<T>(
    fn: (locked: LockedTokenStorage) => Promise<T>,
  ): Promise<T> {
    return this.#queue(() =>
      fn({
        getTokenData: (rs) => this.getTokenData(rs),
        storeTokenResponse: async (response) => {
          const sub = identityFromResponse(response);
          await this.#apply((current) => ({
            next: mergeTokenResponse(current, response, sub),
            result: undefined,
          }));
        },
        removeTokenData: (rs) =>
          this.#apply((current) => withoutRecord(current, rs)),
      })
    );
  }

  async #apply<T>(
    fn: (current: Record<string, StoredTokenData>) => ModifyResult<T>,
  ): Promise<T> {
    const { next, result } = fn(await this.read());
    if (next) {
      this.#byNamespace.set(
        this.namespace,
        new Map(Object.entries(next).map(([rs, d]) => [rs, copy(d)])),
      );
    }
    return result;
  }

  #queue<T>(run: () => Promise<T>): Promise<T> {
    const p = this.#chain.then(run, run);
    this.#chain = p.catch(() => undefined);
    return p;
  }
}
