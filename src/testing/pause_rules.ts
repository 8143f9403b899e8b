/**
 * The emulator's pause rules. Like bookmarks (bookmarks.ts) they are kept
 * per {@linkcode AuthStore}, so the state file (src/testing/state_file.ts)
 * saves them and a restarted emulator has them again; the endpoint-manager
 * routes (transfer_endpoint_manager.ts) and the task engine's pause hook
 * (transfer_admin_core.ts) use the same store.
 *
 * @module
 */
import type { AuthStore } from "./auth_store.ts";
import { perAuthStore } from "./per_auth_store.ts";

/** The pause flags of a rule, each `true` unless the rule says otherwise. */
export const PAUSE_FLAGS = [
  "pause_ls",
  "pause_mkdir",
  "pause_rename",
  "pause_symlink",
  "pause_task_delete",
  "pause_task_transfer_read",
  "pause_task_transfer_write",
] as const;

/** A stored pause rule. */
export interface PauseRuleRecord {
  /** The rule id. */
  id: string;
  /** The collection (or host endpoint) it pauses. */
  endpoint_id: string;
  /** Whose tasks it pauses, or `null` for everyone's. */
  identity_id: string | null;
  /** The message shown with the paused tasks. */
  message: string;
  /** When it takes effect (ISO 8601), or `null` for now. */
  start_time: string | null;
  /** Who made or last changed it. */
  modified_by_id: string;
  /** What it pauses. */
  flags: Record<(typeof PAUSE_FLAGS)[number], boolean>;
}

/** Pause rules by id. */
export class PauseRuleStore {
  /** Rules by id, in creation order. */
  readonly byId: Map<string, PauseRuleRecord> = new Map();

  /**
   * Replaces the contents (from a state file).
   *
   * @param list The saved rules.
   */
  load(list: readonly PauseRuleRecord[]): void {
    this.byId.clear();
    for (const r of list) this.byId.set(r.id, { ...r, flags: { ...r.flags } });
  }

  /**
   * The contents, for a state file.
   *
   * @returns The rules.
   */
  toJSON(): PauseRuleRecord[] {
    return [...this.byId.values()];
  }
}

/**
 * The pause rules of an emulator (the one whose Auth state is `auth`).
 *
 * @param auth The emulator's Auth state.
 * @returns Its pause rule store (made on first use).
 */
export const pauseRuleStoreFor: (auth: AuthStore) => PauseRuleStore =
  perAuthStore(
    () => new PauseRuleStore(),
  );
