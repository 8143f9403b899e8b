/**
 * Persisting the emulator's Auth state (issued tokens and consents, and the
 * Transfer bookmarks, pause rules, tunnels and sharing of its identities)
 * across restarts, so a token cache written against one emulator run still
 * works against the next (`deno task demo` run twice).
 *
 * @module
 */
import { chmod, readFile, rename, writeFile } from "node:fs/promises";
import process from "node:process";
import {
  type AuthStore,
  type ConsentRecord,
  DEFAULT_CONFIDENTIAL_CLIENT_ID,
  type TokenRecord,
} from "./auth_store.ts";
import {
  bookmarkStoreFor,
  type StoredBookmark,
  v2BookmarkStoreFor,
} from "./bookmarks.ts";
import { type PauseRuleRecord, pauseRuleStoreFor } from "./pause_rules.ts";
import {
  restoreSharingFor,
  type SharingSnapshot,
  sharingSnapshotFor,
} from "./transfer_sharing.ts";
import { type TunnelRecord, tunnelStoreFor } from "./tunnels.ts";

interface StateFile {
  version: 1;
  tokens: (Omit<TokenRecord, "expiresAt"> & { expiresAt: number | null })[];
  consents: Record<string, ConsentRecord[]>;
  /** Transfer bookmarks (absent in files written before they existed). */
  bookmarks?: StoredBookmark[];
  /** `/v2/bookmarks` bookmarks (absent in older files). */
  v2_bookmarks?: StoredBookmark[];
  /** Pause rules (absent in files written before they were saved). */
  pause_rules?: PauseRuleRecord[];
  /** `/v2/` tunnels and their events (absent in older files). */
  tunnels?: TunnelRecord[];
  /** Guest collections, their access rules and roles, and changed endpoint fields. */
  sharing?: SharingSnapshot | undefined;
  /**
   * The built-in confidential client's secret (absent in older files): a
   * script or cron job configured with it keeps working after a restart.
   */
  confidential_client_secret?: string | undefined;
}

/**
 * The built-in confidential client's secret a state file keeps, if any
 * (read before the client is registered, so a restart keeps it).
 *
 * @param path The state file.
 * @returns The secret, or `undefined` (no file, an older file, not valid).
 */
export async function savedConfidentialSecret(
  path: string,
): Promise<string | undefined> {
  try {
    const state = JSON.parse(await readFile(path, "utf8")) as StateFile;
    const secret = state?.confidential_client_secret;
    return typeof secret === "string" && secret !== "" ? secret : undefined;
  } catch {
    return undefined; // loadAuthState says what is wrong with the file
  }
}

/**
 * Loads the tokens, consents, bookmarks, pause rules, tunnels and sharing
 * saved by {@linkcode saveAuthState}; a missing file is not an error.
 *
 * @param store The store to fill.
 * @param path The state file.
 * @throws {Error} When the file exists but is not a state file.
 */
export async function loadAuthState(
  store: AuthStore,
  path: string,
): Promise<void> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as { code?: string }).code === "ENOENT") return;
    throw e;
  }
  let state: StateFile;
  try {
    state = JSON.parse(text);
    if (state.version !== 1 || !Array.isArray(state.tokens)) throw new Error();
  } catch {
    throw new Error(
      `The emulator state file ${path} is not valid; delete it to start over`,
    );
  }
  for (const t of state.tokens) {
    store.tokens.set(t.token, { ...t, expiresAt: t.expiresAt ?? Infinity });
  }
  for (const [id, list] of Object.entries(state.consents ?? {})) {
    store.restoreConsents(id, list);
  }
  if (Array.isArray(state.bookmarks)) {
    bookmarkStoreFor(store).load(state.bookmarks);
  }
  if (Array.isArray(state.v2_bookmarks)) {
    v2BookmarkStoreFor(store).load(state.v2_bookmarks);
  }
  if (Array.isArray(state.pause_rules)) {
    pauseRuleStoreFor(store).load(state.pause_rules);
  }
  if (Array.isArray(state.tunnels)) {
    tunnelStoreFor(store).load(state.tunnels);
  }
  if (state.sharing && typeof state.sharing === "object") {
    restoreSharingFor(store, state.sharing);
  }
}

/**
 * Writes the live (unrevoked, unexpired) tokens, the consents, bookmarks,
 * pause rules, tunnels and sharing to `path` atomically, readable by the
 * owner only.
 *
 * @param store The store.
 * @param path The state file.
 */
export async function saveAuthState(
  store: AuthStore,
  path: string,
): Promise<void> {
  const now = store.nowS();
  const state: StateFile = {
    version: 1,
    tokens: [...store.tokens.values()]
      .filter((t) => !t.revoked && t.expiresAt > now)
      .map((t) => ({
        ...t,
        expiresAt: Number.isFinite(t.expiresAt) ? t.expiresAt : null,
      })),
    consents: Object.fromEntries(store.consents),
    bookmarks: bookmarkStoreFor(store).toJSON(),
    v2_bookmarks: v2BookmarkStoreFor(store).toJSON(),
    pause_rules: pauseRuleStoreFor(store).toJSON(),
    tunnels: tunnelStoreFor(store).toJSON(),
    sharing: sharingSnapshotFor(store),
    confidential_client_secret:
      store.clients.get(DEFAULT_CONFIDENTIAL_CLIENT_ID)?.secret ?? undefined,
  };
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}
