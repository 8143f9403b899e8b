/**
 * The emulator's `/v2/` tunnels and their events. Like bookmarks
 * (bookmarks.ts) they are kept per {@linkcode AuthStore}, so the state file
 * (src/testing/state_file.ts) saves them and a restarted emulator has them
 * again; the routes are in transfer_tunnels.ts. The two stream access points
 * are fixed (`EMULATOR_STREAM_ACCESS_POINTS`) and need no saving.
 *
 * @module
 */
import type { AuthStore } from "./auth_store.ts";
import { perAuthStore } from "./per_auth_store.ts";

/** A stored tunnel. */
export interface TunnelRecord {
  /** The tunnel id. */
  id: string;
  /** The owner's identity id. */
  owner: string;
  /** The initiator stream access point. */
  initiator: string;
  /** The listener stream access point. */
  listener: string;
  /** The tunnel's attributes, as answered. */
  attributes: Record<string, unknown>;
  /** Its events, oldest first. */
  events: { id: number; attributes: Record<string, unknown> }[];
}

/** Tunnels by id, and the next event id. */
export class TunnelStore {
  /** Tunnels by id, in creation order. */
  readonly byId: Map<string, TunnelRecord> = new Map();
  #nextEvent = 1;

  /**
   * A new event id (event ids are unique across an emulator's tunnels).
   *
   * @returns The id.
   */
  nextEventId(): number {
    return this.#nextEvent++;
  }

  /**
   * Replaces the contents (from a state file); new event ids follow the
   * highest saved one.
   *
   * @param list The saved tunnels.
   */
  load(list: readonly TunnelRecord[]): void {
    this.byId.clear();
    this.#nextEvent = 1;
    for (const t of list) {
      this.byId.set(t.id, {
        ...t,
        attributes: { ...t.attributes },
        events: t.events.map((e) => ({ ...e })),
      });
      for (const e of t.events) {
        this.#nextEvent = Math.max(this.#nextEvent, e.id + 1);
      }
    }
  }

  /**
   * The contents, for a state file.
   *
   * @returns The tunnels.
   */
  toJSON(): TunnelRecord[] {
    return [...this.byId.values()];
  }
}

/**
 * The tunnels of an emulator (the one whose Auth state is `auth`).
 *
 * @param auth The emulator's Auth state.
 * @returns Its tunnel store (made on first use).
 */
export const tunnelStoreFor: (auth: AuthStore) => TunnelStore = perAuthStore(
  () => new TunnelStore(),
);
