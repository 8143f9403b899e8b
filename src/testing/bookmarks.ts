/**
 * The emulator's bookmarks, per identity. They belong to the emulator's
 * Auth state (its identities), so they are kept per {@linkcode AuthStore}
 * and saved with it in the state file (src/testing/state_file.ts).
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import type { AuthStore } from "./auth_store.ts";
import { perAuthStore } from "./per_auth_store.ts";
import { bad, TransferError } from "./transfer_service_core.ts";

/** A stored bookmark. */
export interface StoredBookmark {
  /** The bookmark id. */
  id: string;
  /** The owner's identity id. */
  owner: string;
  /** The name. */
  name: string;
  /** The collection id. */
  endpoint_id: string;
  /** The path. */
  path: string;
  /** Pinned or not. */
  pinned: boolean;
}

/** Bookmarks by id. */
export class BookmarkStore {
  /** Bookmarks by id, in creation order. */
  readonly byId: Map<string, StoredBookmark> = new Map();

  /**
   * Adds a bookmark.
   *
   * @param b Everything but the id.
   * @returns The stored bookmark.
   */
  add(b: Omit<StoredBookmark, "id">): StoredBookmark {
    const rec = { id: randomUUID(), ...b };
    this.byId.set(rec.id, rec);
    return rec;
  }

  /**
   * An identity's bookmarks.
   *
   * @param owner The identity id.
   * @returns Its bookmarks, oldest first.
   */
  of(owner: string): StoredBookmark[] {
    return [...this.byId.values()].filter((b) => b.owner === owner);
  }

  /**
   * A name for a new or renamed bookmark of `owner`: a non-empty string of
   * at most 128 characters that no other of its bookmarks has (409
   * `Conflict`).
   *
   * @param owner The identity id.
   * @param v The name sent.
   * @param field How the 400 messages name the field (`'name'`, or
   *   `data.attributes.name` in a JSON:API document).
   * @param except The id of the bookmark being renamed.
   * @returns The name.
   */
  checkName(owner: string, v: unknown, field: string, except?: string): string {
    if (typeof v !== "string" || v.trim() === "") {
      throw bad(`${field} is required and must be a non-empty string`);
    }
    if (v.length > 128) throw bad(`${field} must be at most 128 characters`);
    if (this.of(owner).some((b) => b.name === v && b.id !== except)) {
      throw new TransferError(
        409,
        "Conflict",
        `A bookmark named '${v}' already exists`,
      );
    }
    return v;
  }

  /**
   * Replaces the contents (from a state file).
   *
   * @param list The saved bookmarks.
   */
  load(list: readonly StoredBookmark[]): void {
    this.byId.clear();
    for (const b of list) this.byId.set(b.id, { ...b });
  }

  /**
   * The contents, for a state file.
   *
   * @returns The bookmarks.
   */
  toJSON(): StoredBookmark[] {
    return [...this.byId.values()];
  }
}

/**
 * The bookmarks of an emulator (the one whose Auth state is `auth`).
 *
 * @param auth The emulator's Auth state.
 * @returns Its bookmark store (made on first use).
 */
export const bookmarkStoreFor: (auth: AuthStore) => BookmarkStore =
  perAuthStore(
    () => new BookmarkStore(),
  );

/**
 * The bookmarks of an emulator's `/v2/bookmarks` routes, kept apart from
 * the `/v0.10/` ones: whether the real service shows one set through both
 * APIs is not documented (see docs/decisions.md).
 *
 * @param auth The emulator's Auth state.
 * @returns Its v2 bookmark store (made on first use).
 */
export const v2BookmarkStoreFor: (auth: AuthStore) => BookmarkStore =
  perAuthStore(
    () => new BookmarkStore(),
  );
