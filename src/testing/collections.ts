/**
 * The emulator's collections: the two tutorial collections under their real
 * ids, a mapped collection that needs a data_access consent, their endpoint
 * documents, and the folders that back them.
 *
 * @module
 */
import { lstat, mkdir, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import { assertConfined, PathError, pathSegments } from "./paths.ts";
import { canonicalId } from "./_canonical_ids.ts";

/** "Globus Tutorial Collection 1" (the real id). */
export const TUTORIAL_COLLECTION_1 = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";
/** "Globus Tutorial Collection 2" (the real id). */
export const TUTORIAL_COLLECTION_2 = "31ce9ba0-176d-45a5-add3-f37d233ba47d";
/** The emulator's mapped collection, which requires a data_access consent. */
export const MAPPED_COLLECTION = "8f3a7c21-6d4e-4b9a-9c1f-2e5d7a8b6c03";

/** The ids of the collections every emulator serves. */
export interface EmulatorCollectionIds {
  /** "Globus Tutorial Collection 1". */
  readonly tutorial1: string;
  /** "Globus Tutorial Collection 2". */
  readonly tutorial2: string;
  /** The mapped collection that needs a data_access consent. */
  readonly mapped: string;
}

/** The ids of the collections every emulator serves. */
export const EMULATOR_COLLECTIONS: EmulatorCollectionIds = Object.freeze({
  tutorial1: TUTORIAL_COLLECTION_1,
  tutorial2: TUTORIAL_COLLECTION_2,
  mapped: MAPPED_COLLECTION,
});

/** A collection to serve. */
export interface CollectionSpec {
  /**
   * The collection id: a UUID, as Globus collection ids are (make one with
   * `crypto.randomUUID()`). It cannot be the id of a built-in collection
   * ({@linkcode EMULATOR_COLLECTIONS}) or of another spec.
   */
  id: string;
  /** The display name (Transfer's `display_name`). */
  displayName: string;
  /**
   * The Transfer `entity_type`.
   * @default "GCSv5_guest_collection"
   */
  entityType?: string | undefined;
  /** A description. */
  description?: string | undefined;
  /**
   * Whether Transfer calls need a data_access consent for this collection.
   * @default false
   */
  requiresDataAccessConsent?: boolean | undefined;
  /**
   * The owner identity id; the demo user when omitted (so it shows in
   * `my-endpoints`).
   */
  ownerId?: string | undefined;
  /** Path prefixes (e.g. `/share/`) that are read-only. */
  readOnlyPaths?: string[] | undefined;
  /**
   * Files to create on start when missing (existing files are kept): an
   * object of path → content, e.g. `{ "/data/a.txt": "text" }`. A path
   * starts with `/` (the collection's root); `/~/` is the home of the
   * collection's owner (the demo user unless `ownerId` names another user
   * of the emulator), `/home/demo/` for the demo user, where that user's
   * `/~/` requests find it, as Transfer reads `/~/` for the user asking.
   * A relative path, a path ending in `/` (a folder: folders are made as
   * needed) or one whose `..` leads above the root is refused.
   */
  files?: Record<string, string> | undefined;
  /** Keywords (comma-separated), searched by `filter_fulltext`. */
  keywords?: string | undefined;
}

/** A collection as the emulator serves it. */
export interface Collection {
  /** The collection id. */
  id: string;
  /** The display name. */
  displayName: string;
  /** The Transfer `entity_type`. */
  entityType: string;
  /** The description, or `null`. */
  description: string | null;
  /** Whether a data_access consent is needed. */
  requiresDataAccessConsent: boolean;
  /** The owner identity id. */
  ownerId: string;
  /** The owner's username. */
  ownerString: string;
  /** Read-only path prefixes. */
  readOnlyPaths: string[];
  /** The folder that holds the collection's `/`. */
  dir: string;
  /** Keywords, or `null`. */
  keywords: string | null;
  /**
   * For a guest collection (`POST shared_endpoint`): its host collection and
   * the host folder (a virtual path ending in `/`) its `/` is.
   */
  host?: {
    id: string;
    path: string;
    displayName: string;
    /** The host's owner (its legacy `owner#id` name starts with it). */
    ownerString?: string;
  };
  /** Endpoint document fields set with `PUT endpoint/{id}` and the subscription routes. */
  fields?: Record<string, unknown>;
  /** The roles an identity holds here (guest collections), for `my_effective_roles`. */
  rolesOf?: (identityId: string) => string[];
}

/** The tutorial sample files' contents. */
export const GODATA_FILES: Readonly<Record<string, string>> = Object.freeze({
  "/share/godata/file1.txt": "abc\n",
  "/share/godata/file2.txt": "def\n",
  "/share/godata/file3.txt": "ghi\n",
});

/**
 * The same files where the Python SDK's newer examples (and the Globus
 * CLI's) find them on the tutorial collections, `/home/share/godata/`;
 * older ones, and GLOBUS_API.md, say `/share/godata/`. Both are served.
 */
export const HOME_SHARE_GODATA_FILES: Readonly<Record<string, string>> = Object
  .freeze(
    Object.fromEntries(
      Object.entries(GODATA_FILES).map(([p, c]) => [`/home${p}`, c]),
    ),
  );

/**
 * Globus's tutorial collections are GCSv5 mapped collections (not high
 * assurance), as the Globus CLI's output and the Globus JavaScript SDK's
 * recorded `ConsentRequired` error for them show, with no host collection;
 * so are the emulator's. Unlike Globus's, they ask for no data_access
 * consent (the emulator's own mapped collection shows that flow), but they
 * accept one.
 */
export const TUTORIAL_ENTITY_TYPE = "GCSv5_mapped_collection";

/**
 * The collections served by default.
 *
 * @returns Specs for the two tutorial collections and the mapped collection.
 */
export function defaultCollectionSpecs(): CollectionSpec[] {
  return [
    {
      id: TUTORIAL_COLLECTION_1,
      displayName: "Globus Tutorial Collection 1",
      entityType: TUTORIAL_ENTITY_TYPE,
      description:
        "A Globus tutorial collection with sample files in /share/godata/.",
      readOnlyPaths: ["/share/", "/home/share/"],
      files: { ...GODATA_FILES, ...HOME_SHARE_GODATA_FILES },
      keywords: "tutorial,globus,emulator",
    },
    {
      id: TUTORIAL_COLLECTION_2,
      displayName: "Globus Tutorial Collection 2",
      entityType: TUTORIAL_ENTITY_TYPE,
      description:
        "A Globus tutorial collection with sample files in /share/godata/.",
      readOnlyPaths: ["/share/", "/home/share/"],
      files: { ...GODATA_FILES, ...HOME_SHARE_GODATA_FILES },
      keywords: "tutorial,globus,emulator",
    },
    {
      id: MAPPED_COLLECTION,
      displayName: "Globus Emulator Mapped Collection",
      entityType: "GCSv5_mapped_collection",
      description:
        "A mapped collection; Transfer calls on it need a data_access consent.",
      requiresDataAccessConsent: true,
      files: { ...GODATA_FILES },
      keywords: "mapped,emulator",
    },
  ];
}

/**
 * Resolves a spec into a served collection.
 *
 * @param spec The spec.
 * @param root The emulator's root folder.
 * @param owner The default owner (id and username).
 * @returns The collection.
 */
export function makeCollection(
  spec: CollectionSpec,
  root: string,
  owner: { id: string; username: string },
): Collection {
  return {
    // Globus answers with ids in lowercase, whatever case they were given in.
    id: canonicalId(spec.id),
    displayName: spec.displayName,
    entityType: spec.entityType ?? "GCSv5_guest_collection",
    description: spec.description ?? null,
    requiresDataAccessConsent: spec.requiresDataAccessConsent ?? false,
    ownerId: spec.ownerId !== undefined ? canonicalId(spec.ownerId) : owner.id,
    ownerString: spec.ownerId
      ? `${canonicalId(spec.ownerId)}@globusid.org`
      : owner.username,
    readOnlyPaths: spec.readOnlyPaths ?? [],
    dir: join(root, spec.id),
    keywords: spec.keywords ?? null,
  };
}

/**
 * Whether a seeded file's path is in its owner's home (`/~/x`, `~/x`).
 *
 * @param path The path as given.
 * @returns `true` for a path in the home.
 */
export function isHomePath(path: string): boolean {
  return /^\/?~(?:\/|$)/.test(path.trim());
}

/**
 * Creates the collection's folder and its initial files (existing files are
 * kept, and a symbolic link is never written through).
 *
 * @param c The collection.
 * @param files Files to create when missing, by path (see
 *   {@linkcode CollectionSpec.files}).
 * @param home Where `/~/` is: the owner's home, or `undefined` when the
 *   owner is not a user of the emulator (a `/~/` path is then refused).
 * @throws {TypeError} For a path outside the collection, or in the home of
 *   an owner who has none.
 * @throws {Error} When a symbolic link in the collection's folder leads
 *   outside it.
 */
export async function seedCollection(
  c: Collection,
  files: Record<string, string> | undefined,
  home?: string,
): Promise<void> {
  await mkdir(c.dir, { recursive: true });
  for (const [p, content] of Object.entries(files ?? {})) {
    if (home === undefined && isHomePath(p)) {
      throw new TypeError(
        `Cannot create the file '${p}' of collection ${c.id}: '/~/' is its owner's home, but its owner (${c.ownerId}) is not a user of this emulator; give a path from the collection's root instead (e.g. '/${
          p.trim().replace(/^\/?~\/*/, "")
        }'), or add the owner to the 'users' option`,
      );
    }
    const parts = pathSegments(p, home ?? "/");
    // Checked again on the folder's own terms: on Windows, `\\` in a name
    // is a separator too.
    const real = join(c.dir, ...(parts ?? [".."]));
    const rel = relative(c.dir, real);
    if (
      !parts?.length || rel === "" || rel.split(/[\\/]/)[0] === ".." ||
      isAbsolute(rel)
    ) {
      throw new TypeError(
        `Cannot create the file '${p}' of collection ${c.id}: the path must name a file inside the collection, e.g. '/${
          p.split(/[\\/]/).filter((x) => x && x !== ".." && x !== "~").pop() ??
            "file.txt"
        }'`,
      );
    }
    try {
      await assertConfined(c, real);
    } catch (e) {
      if (!(e instanceof PathError)) throw e;
      throw new Error(
        `Cannot create the file '${p}' of collection ${c.id}: a symbolic link in ${c.dir} leads outside the collection's folder; remove the link`,
      );
    }
    try {
      // lstat: a link (even a dangling one) counts as there, not followed.
      await lstat(real);
    } catch {
      await mkdir(join(real, ".."), { recursive: true });
      await writeFile(real, content);
    }
  }
}

/**
 * A guest collection's host's legacy `owner#id` name (the host owner's,
 * not the guest's), or `null` for a collection that is no guest.
 *
 * @param c The collection.
 * @returns The name.
 */
export function hostLegacyName(c: Collection): string | null {
  if (!c.host) return null;
  return `${(c.host.ownerString ?? c.ownerString).split("@")[0]}#${c.host.id}`;
}

/**
 * The Transfer endpoint document of a collection (`GET endpoint/{id}`).
 *
 * @param c The collection.
 * @param viewerId The identity asking (for `my_effective_roles`).
 * @returns The document.
 */
export function endpointDocument(
  c: Collection,
  viewerId: string,
): Record<string, unknown> {
  const gcsv5 = c.entityType.startsWith("GCSv5");
  const local = c.ownerString.split("@")[0] ?? "demo";
  const roles = c.rolesOf
    ? c.rolesOf(viewerId)
    : c.ownerId === viewerId
    ? ["administrator", "activity_manager", "activity_monitor"]
    : [];
  const guest = c.host
    ? {
      acl_available: true,
      acl_editable: roles.includes("administrator") ||
        roles.includes("access_manager"),
      default_directory: "/",
      host_endpoint: hostLegacyName(c),
      host_endpoint_display_name: c.host.displayName,
      host_endpoint_id: c.host.id,
      host_path: c.host.path,
      mapped_collection_display_name: c.host.displayName,
      mapped_collection_id: c.host.id,
      public: false,
      sharing_target_endpoint: c.host.id,
      sharing_target_root_path: c.host.path,
    }
    : {};
  return {
    DATA_TYPE: "endpoint",
    DATA: [{
      DATA_TYPE: "server",
      hostname: "127.0.0.1",
      id: 1,
      incoming_data_port_end: null,
      incoming_data_port_start: null,
      is_connected: true,
      is_paused: false,
      outgoing_data_port_end: null,
      outgoing_data_port_start: null,
      port: 443,
      scheme: "gsiftp",
      subject: null,
      uri: "gsiftp://127.0.0.1:443",
    }],
    // Access rules are a guest collection's (the guest fields below set it
    // for those); Globus's mapped collections answer false.
    acl_available: !c.requiresDataAccessConsent &&
      !/mapped_collection$/.test(c.entityType),
    acl_editable: c.ownerId === viewerId,
    activated: false,
    authentication_assurance_timeout: null,
    authentication_policy_id: null,
    authentication_timeout_mins: null,
    canonical_name: `${local}#${c.id}`,
    contact_email: "support@globus-emulator.org",
    contact_info: null,
    default_directory: "/~/",
    department: null,
    description: c.description,
    disable_anonymous_writes: false,
    disable_verify: false,
    display_name: c.displayName,
    entity_type: c.entityType,
    expire_time: null,
    expires_in: -1,
    force_encryption: false,
    force_verify: false,
    french_english_bilingual: false,
    gcp_connected: null,
    gcp_paused: null,
    gcs_manager_url: gcsv5 ? "https://127.0.0.1" : null,
    gcs_version: gcsv5 ? "5.4.80" : null,
    globus_connect_setup_key: null,
    high_assurance: false,
    host_endpoint: null,
    host_endpoint_display_name: null,
    host_endpoint_id: null,
    host_path: null,
    https_server: gcsv5 ? "https://127.0.0.1" : null,
    id: c.id,
    in_use: false,
    info_link: null,
    is_globus_connect: false,
    is_go_storage: false,
    keywords: c.keywords,
    last_accessed_time: null,
    local_user_info_available: true,
    location: "Automatic",
    mapped_collection_display_name: null,
    mapped_collection_id: null,
    max_concurrency: 4,
    max_parallelism: 8,
    mfa_required: false,
    my_effective_roles: roles,
    myproxy_dn: null,
    myproxy_server: null,
    name: c.id,
    network_use: "normal",
    non_functional: false,
    non_functional_endpoint_display_name: null,
    non_functional_endpoint_id: null,
    oauth_server: null,
    organization: "Globus Emulator",
    owner_id: c.ownerId,
    owner_string: c.ownerString,
    preferred_concurrency: 2,
    preferred_parallelism: 4,
    public: true,
    requester_pays: false,
    s3_owner_activated: false,
    s3_url: null,
    shareable: true,
    sharing_target_endpoint: null,
    sharing_target_root_path: null,
    storage_type: null,
    subscription_id: "964be8f5-5f9b-11e4-b64e-12313940394d",
    tlsftp_server: null,
    user_message: null,
    user_message_link: null,
    username: local,
    ...guest,
    ...c.fields,
  };
}
